"""Course files in the spec: reading them, and the Markdown links that point at them.

A link in a Markdown body whose target is a relative path (not a web address, not an
anchor) is a link to a file of the spec folder. It must stay inside the folder, name a
file that exists, and that file must be listed under ``files:`` in course.yaml (which
says where in Canvas it goes); each problem names the Markdown file and line. In the
desired HTML such a link refers to the file by its spec id (see ``model.files``).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from canvas_npq.model.files import file_ref
from canvas_npq.spec.markdown import HTML_SUFFIXES, render_tokens
from canvas_npq.spec.paths import PathError, _lexical, _missing_hint, resolve_spec_file

FILE_SIZE_LIMIT = 100 * 1024 * 1024
# [text](target "title") and <a href="target">: the target up to space, quote or ')'.
_HTML_LINK = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_HREF = re.compile(r"""((?:href|src)=")([^"]*)(")""")
# file: addresses point at the author's own computer; in Markdown link syntax the
# renderer leaves them as text, in raw HTML they pass through.
_FILE_URL = re.compile(r"""(?:\]\(\s*<?|^\s{0,3}\[[^\]]+\]:\s*<?)(file:[^)\s>]*)""", re.I)


@dataclass(frozen=True)
class LocalFile:
    """A file of the spec folder as read: its path (posix, from the root), size, hash."""

    path: str
    size: int
    sha256: str


def read_local_file(root: Path, raw: str) -> LocalFile:
    """Check and read a file named in the spec (inside the folder, a real file)."""
    display, resolved = resolve_spec_file(root, raw, "Keep files inside the spec folder")
    try:
        size = resolved.stat().st_size
        if size > FILE_SIZE_LIMIT:
            raise PathError(f"file {display!r} is larger than {FILE_SIZE_LIMIT:,} bytes")
        data = resolved.read_bytes()
    except OSError as error:
        raise PathError(
            f"file {display!r} cannot be read ({error.strerror or type(error).__name__})",
            "Check its permissions",
        ) from None
    return LocalFile(display, len(data), hashlib.sha256(data).hexdigest())


def local_target(target: str) -> str | None:
    """The path part of a link target that is a path relative to the body, else None.

    Not a web address or any other scheme, an anchor, a site path, or a Canvas
    placeholder (``$CANVAS_…$/pages/x``). Percent-encoding is undone
    (``..%2F..%2Fetc`` is ``../../etc``)."""
    target = target.strip()
    if not target or target.startswith(("#", "/", "?", "$", "\\")) or _SCHEME.match(target):
        return None
    path = unquote(re.split(r"[?#]", target, maxsplit=1)[0])
    if not path or "$" in path:
        return None
    return path


def _has_extension(path: str) -> bool:
    name = path.rstrip("/").rsplit("/", 1)[-1]
    return "." in name.strip(".")


def link_targets(markdown: str) -> Iterator[tuple[int, int, str]]:
    """``(line, column, target)`` of every address a Markdown body points at, 1-based:
    inline links and images, reference-style ones (as resolved), angle-bracketed ones,
    autolinks, and ``href``/``src`` in raw HTML. Read from the parsed document, so each
    way of writing a link is seen as the renderer sees it."""
    return iter(_link_targets(markdown))


# The spec is checked once per cohort (and on its own) before a plan: each body's
# links are found once.
@functools.lru_cache(maxsize=4096)
def _link_targets(markdown: str) -> tuple[tuple[int, int, str], ...]:
    return tuple(_find_link_targets(markdown))


def _find_link_targets(markdown: str) -> Iterator[tuple[int, int, str]]:
    lines = markdown.splitlines()
    for token in render_tokens(markdown):
        first = token.map[0] if token.map else 0
        if token.type == "html_block":
            yield from _html_targets(token.content, first, lines)
        line = first
        for child in token.children or ():
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "link_open":
                yield _located(str(child.attrGet("href") or ""), line, lines)
            elif child.type == "image":
                yield _located(str(child.attrGet("src") or ""), line, lines)
            elif child.type == "html_inline":
                yield from _html_targets(child.content, line, lines)
    for number, text in enumerate(lines, start=1):  # the renderer drops these as unsafe
        for match in _FILE_URL.finditer(text):
            yield number, match.start(1) + 1, match.group(1)


def _html_targets(html: str, first: int, lines: list[str]) -> Iterator[tuple[int, int, str]]:
    for match in _HTML_LINK.finditer(html):
        yield _located(match.group(1), first + html.count("\n", 0, match.start()), lines)


def _located(target: str, index: int, lines: list[str]) -> tuple[int, int, str]:
    """The target with its line (1-based) and, where the line shows it, its column."""
    text = lines[index] if 0 <= index < len(lines) else ""
    for form in (target, unquote(target)):
        column = text.find(form)
        if column >= 0:
            return index + 1, column + 1, target
    return index + 1, 1, target


def local_links(markdown: str) -> Iterator[tuple[int, int, str]]:
    """``(line, column, path)`` of every link to a path relative to the body, 1-based."""
    for line, column, target in link_targets(markdown):
        path = local_target(target)
        if path is not None:
            yield line, column, path


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
    """Every address a body points at that is on this computer: a relative path must
    stay inside the spec folder, and one that names a file (it has an extension, or
    exists) must name an existing file listed under ``files:``; a folder or a
    ``file:`` address is refused. Problems name the body file and line."""
    listed = {f.path for f in files}
    for path, text in ctx.documents:
        lower = path.lower()
        if lower.endswith((".md", ".markdown")):
            targets = link_targets(text)
        elif lower.endswith(HTML_SUFFIXES):
            targets = _html_targets(text, 0, text.splitlines())
        else:
            continue
        for line, column, target in targets:
            problem = _link_problem(ctx.root, path, target, listed)
            if problem is not None:
                ctx.problems.add(path, line, column, *problem)


def _link_problem(
    root: Path, body: str, target: str, listed: set[str]
) -> tuple[str, str | None] | None:
    if target.strip().lower().startswith("file:"):
        return (
            f"link to {target!r}: a file: address points at a file on your own computer",
            "Put the file in the spec folder, list it under files:, and link to it "
            "relatively, e.g. ../handouts/plan.docx",
        )
    relative = local_target(target)
    if relative is None:
        return None
    try:
        resolved = resolve_link(body, relative)
    except PathError as error:
        return error.message, error.hint
    if _markdown_body_link(resolved):
        return None  # a link to another object's body (``spec.objectlinks``)
    full = root.joinpath(*PurePosixPath(resolved).parts)
    if full.is_dir():
        return (
            f"link to {relative!r} names a folder, not a file",
            "Link to a file of the folder, listed under files:",
        )
    if not _has_extension(relative) and not full.exists():
        return None  # a relative web address (a page's slug), not a file
    if not full.is_file():
        return f"linked file {resolved!r} not found", _missing_hint(root, PurePosixPath(resolved))
    if resolved not in listed:
        return (
            f"linked file {resolved!r} is not listed under files: in course.yaml",
            f"Add it to files: (- id: ..., path: {resolved}, folder: ...) so it is "
            "uploaded to the course",
        )
    return None


def _markdown_body_link(path: str) -> bool:
    """A link to a Markdown file is a link to an object (checked in ``spec.objectlinks``)."""
    return path.lower().endswith((".md", ".markdown"))
