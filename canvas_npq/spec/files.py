"""Course files in the spec: reading them, and the Markdown links that point at them.

A link in a Markdown body whose target is a relative path (not a web address, not an
anchor) is a link to a file of the spec folder. It must stay inside the folder, name a
file that exists, and that file must be listed under ``files:`` in course.yaml (which
says where in Canvas it goes); each problem names the Markdown file and line. In the
desired HTML such a link refers to the file by its spec id (see ``model.files``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from canvas_npq.model.files import file_ref
from canvas_npq.spec.paths import PathError, _lexical, _missing_hint, resolve_spec_file

FILE_SIZE_LIMIT = 100 * 1024 * 1024
# [text](target "title") and <a href="target">: the target up to space, quote or ')'.
_MD_LINK = re.compile(r"""\]\(\s*<?([^)\s>]+)>?(?:\s+["'][^"']*["'])?\s*\)""")
_HTML_LINK = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_HREF = re.compile(r"""((?:href|src)=")([^"]*)(")""")


@dataclass(frozen=True)
class LocalFile:
    """A file of the spec folder as read: its path (posix, from the root), size, hash."""

    path: str
    size: int
    sha256: str


def read_local_file(root: Path, raw: str) -> LocalFile:
    """Check and read a file named in the spec (inside the folder, a real file)."""
    display, resolved = resolve_spec_file(root, raw, "Keep files inside the spec folder")
    size = resolved.stat().st_size
    if size > FILE_SIZE_LIMIT:
        raise PathError(f"file {display!r} is larger than {FILE_SIZE_LIMIT:,} bytes")
    data = resolved.read_bytes()
    return LocalFile(display, len(data), hashlib.sha256(data).hexdigest())


def local_target(target: str) -> str | None:
    """The path part of a link target that names a local file, else None.

    A relative path whose name has an extension (``../handouts/plan.docx``); not a web
    address, an anchor, a site path, or a Canvas placeholder (``$CANVAS_…$/pages/x``)."""
    target = target.strip()
    if not target or target.startswith(("#", "/", "?", "$")) or _SCHEME.match(target):
        return None
    path = unquote(re.split(r"[?#]", target, maxsplit=1)[0])
    name = path.rsplit("/", 1)[-1]
    if "$" in path or "." not in name.strip("."):
        return None
    return path


def local_links(markdown: str) -> Iterator[tuple[int, int, str]]:
    """``(line, column, path)`` of every link to a local file, 1-based."""
    in_fence = False
    for number, line in enumerate(markdown.splitlines(), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        for pattern in (_MD_LINK, _HTML_LINK):
            for match in pattern.finditer(line):
                path = local_target(match.group(1))
                if path is not None:
                    yield number, match.start(1) + 1, path


def resolve_link(body_path: str, target: str) -> str:
    """The link's file as a path from the spec root; PathError if it leaves the folder."""
    base = PurePosixPath(body_path).parent
    joined = (base / target).as_posix()
    try:
        return _lexical(joined).as_posix()
    except PathError:
        raise PathError(
            f"link to {target!r} leaves the spec folder",
            "Link only to files inside the spec folder",
        ) from None


def link_files(html: str, body_path: str, files_by_path: Mapping[str, str]) -> str:
    """Rendered HTML with each link to a listed file as a reference to its spec id."""
    if not files_by_path:
        return html

    def swap(match: re.Match[str]) -> str:
        path = local_target(match.group(2))
        if path is None:
            return match.group(0)
        try:
            key = files_by_path.get(resolve_link(body_path, path))
        except PathError:
            return match.group(0)
        return f"{match.group(1)}{file_ref(key)}{match.group(3)}" if key else match.group(0)

    return _HREF.sub(swap, html)


def check_file_links(ctx, files) -> None:
    """Every link from a Markdown body to a local file: inside the folder, existing,
    and listed under ``files:``; problems name the Markdown file and line."""
    listed = {f.path for f in files}
    for path, text in ctx.documents:
        if not path.lower().endswith((".md", ".markdown")):
            continue
        for line, column, target in local_links(text):
            try:
                resolved = resolve_link(path, target)
            except PathError as error:
                ctx.problems.add(path, line, column, error.message, error.hint)
                continue
            full = ctx.root.joinpath(*PurePosixPath(resolved).parts)
            if not full.is_file():
                hint = _missing_hint(ctx.root, PurePosixPath(resolved))
                ctx.problems.add(path, line, column, f"linked file {resolved!r} not found", hint)
            elif resolved not in listed and not _markdown_body_link(resolved):
                ctx.problems.add(
                    path,
                    line,
                    column,
                    f"linked file {resolved!r} is not listed under files: in course.yaml",
                    f"Add it to files: (- id: ..., path: {resolved}, folder: ...) so it is "
                    "uploaded to the course",
                )


def _markdown_body_link(path: str) -> bool:
    """A link to a Markdown file is a link to an object (checked in ``spec.objectlinks``)."""
    return path.lower().endswith((".md", ".markdown"))
