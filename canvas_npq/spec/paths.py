"""Markdown paths in a spec: relative, inside the spec folder, real UTF-8 files."""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path, PurePosixPath

from canvas_npq.spec.yamlnodes import MARKDOWN_SIZE_LIMIT, read_utf8

_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")


class PathError(ValueError):
    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def _lexical(raw: str) -> PurePosixPath:
    """``raw`` with ``.`` and ``..`` folded away, refusing to climb above the root."""
    if "\\" in raw:
        raise PathError(f"path {raw!r} contains '\\'", "Separate folders with '/'")
    if raw.startswith("/") or _WINDOWS_DRIVE.match(raw) or raw.startswith("~"):
        raise PathError(
            f"absolute path {raw!r} is not allowed", "Paths are relative to the spec folder"
        )
    parts: list[str] = []
    for part in PurePosixPath(raw).parts:
        if part == "..":
            if not parts:
                raise PathError(
                    f"path {raw!r} leaves the spec folder", "Keep Markdown inside the spec folder"
                )
            parts.pop()
        elif part != ".":
            parts.append(part)
    if not parts:
        raise PathError(f"path {raw!r} does not name a file")
    return PurePosixPath(*parts)


def _missing_hint(root: Path, relative: PurePosixPath) -> str | None:
    folder = root.joinpath(*relative.parent.parts)
    try:
        names = [entry.name for entry in folder.iterdir()] if folder.is_dir() else []
    except OSError:
        return None
    close = difflib.get_close_matches(relative.name, names, n=1)
    if close:
        return f"Did you mean {(relative.parent / close[0]).as_posix()!r}?"
    return None


def _unreadable_folder(root: Path, relative: PurePosixPath) -> str | None:
    """The first folder on the way to ``relative`` that exists but cannot be opened, so
    an unreadable folder is not reported as so many missing files."""
    folder = root
    for part in relative.parent.parts:
        folder = folder / part
        try:
            os.listdir(folder)
        except FileNotFoundError:
            return None
        except NotADirectoryError:
            return None
        except PermissionError:
            return folder.relative_to(root).as_posix()
    return None


def resolve_spec_file(root: Path, raw: str, keep_inside_hint: str) -> tuple[str, Path]:
    """The display path and resolved location of an existing file inside the spec folder.

    Raises :class:`PathError` for a path that is absolute, leaves the folder (also
    through a symlink), does not exist or is not a file.
    """
    relative = _lexical(raw.strip())
    display = relative.as_posix()
    full = root.joinpath(*relative.parts)
    if not os.path.lexists(full):
        unreadable = _unreadable_folder(root, relative)
        if unreadable is not None:
            raise PathError(
                f"file {display!r} cannot be read: the folder {unreadable!r} cannot be opened "
                "(permission denied)",
                "Check the folder's permissions",
            )
        raise PathError(f"file {display!r} not found", _missing_hint(root, relative))
    try:
        resolved = full.resolve(strict=True)
        inside = resolved.is_relative_to(root.resolve(strict=True))
    except (OSError, RuntimeError):
        raise PathError(f"path {display!r} cannot be resolved (a broken symlink?)") from None
    if not inside:
        raise PathError(
            f"path {display!r} resolves outside the spec folder (through a symlink)",
            keep_inside_hint,
        )
    if not resolved.is_file():
        raise PathError(f"path {display!r} is not a file")
    return display, resolved


def read_markdown(root: Path, raw: str) -> tuple[str, str]:
    """The normalized relative path and the text of a Markdown file named in the spec.

    Raises :class:`PathError` for a path that is absolute, leaves the folder (also
    through a symlink), does not exist or is not a file, and :class:`SpecError` (with
    the Markdown file's own location) for one that is too large or not UTF-8.
    """
    display, resolved = resolve_spec_file(root, raw, "Keep Markdown inside the spec folder")
    return display, read_utf8(resolved, display, MARKDOWN_SIZE_LIMIT)
