"""Links between the spec's Markdown files: a body linking to another object's body.

``[the action plan](../block-2/mit-2.md)`` is how editors and Git hosts link two
Markdown files, and it is how a spec links one page, assignment or discussion to
another: in the desired HTML the link refers to the target by its address
(``canvas-npq-object:assignment.mit-2``, see ``model.objectlinks``), which the writer
turns into the target's Canvas address at apply. Unlike a page's slug, the reference
survives the target's retitle.

The checks (shared by validate and plan, since both load the spec): a link to a
Markdown file that is no object's body, and a link by slug (``/pages/<slug>``,
``$CANVAS_COURSE_REFERENCE$/pages/…``, ``$WIKI_REFERENCE$/pages/…``) that names no page
of the spec, each with the Markdown file and line and what to link to instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import PurePosixPath
from typing import Any

from canvas_npq.model import Address, Kind
from canvas_npq.model.objectlinks import object_ref
from canvas_npq.spec.errors import Problem
from canvas_npq.spec.files import local_target, resolve_link
from canvas_npq.spec.model import AssignmentSpec, CourseSpec, DiscussionSpec, UnitSpec
from canvas_npq.spec.paths import PathError

MARKDOWN_SUFFIXES = (".md", ".markdown")
_HREF = re.compile(r"""((?:href)=")([^"]*)(")""")
_MD_LINK = re.compile(r"""\]\(\s*<?([^)\s>]+)>?(?:\s+["'][^"']*["'])?\s*\)""")
_HTML_LINK = re.compile(r"""\bhref\s*=\s*["']([^"']+)["']""")
_SLUG_LINK = re.compile(
    r"^(?:\$CANVAS_COURSE_REFERENCE\$|\$WIKI_REFERENCE\$|/courses/\d+)/(?:pages|wiki)/([^/?#]+)"
)


def is_markdown(path: str) -> bool:
    return path.lower().endswith(MARKDOWN_SUFFIXES)


def bodies_by_path(spec: CourseSpec) -> dict[str, str]:
    """Each body file of the spec → the address of the object it is the body of."""
    found: dict[str, str] = {}

    def add(kind: Kind, key: str, path: str) -> None:
        if path:
            found.setdefault(path, str(Address(kind, key)))

    for page in spec.pages:
        add(Kind.PAGE, page.id, page.body)
    for block in spec.blocks:
        for item in block.items:
            if isinstance(item, UnitSpec):
                add(Kind.PAGE, item.id, item.body)
            elif isinstance(item, AssignmentSpec):
                add(Kind.ASSIGNMENT, item.id, item.description)
            elif isinstance(item, DiscussionSpec):
                add(Kind.DISCUSSION, item.id, item.body)
    for assignment in spec.assignments:
        add(Kind.ASSIGNMENT, assignment.id, assignment.description)
    for discussion in spec.discussions:
        add(Kind.DISCUSSION, discussion.id, discussion.body)
    return found


def page_titles(spec: CourseSpec) -> dict[str, str]:
    """Each page's spec id → its title."""
    titles = {page.id: page.title for page in spec.pages}
    for block in spec.blocks:
        for item in block.items:
            if isinstance(item, UnitSpec):
                titles[item.id] = item.title
    return titles


def _split(target: str) -> tuple[str, str]:
    path, hash_, fragment = target.partition("#")
    return path, f"#{fragment}" if hash_ else ""


def link_objects(html: str, body_path: str, bodies: Mapping[str, str]) -> str:
    """Rendered HTML with each link to another object's body file as a reference."""
    if not bodies or (".md" not in html.lower() and ".markdown" not in html.lower()):
        return html

    def swap(match: re.Match[str]) -> str:
        path = local_target(match.group(2))
        if path is None or not is_markdown(path):
            return match.group(0)
        try:
            address = bodies.get(resolve_link(body_path, path))
        except PathError:
            return match.group(0)
        if address is None:
            return match.group(0)
        fragment = _split(match.group(2))[1]
        return f"{match.group(1)}{object_ref(address, fragment)}{match.group(3)}"

    return _HREF.sub(swap, html)


def _targets(markdown: str) -> Iterator[tuple[int, int, str]]:
    """``(line, column, target)`` of every link in a Markdown text, outside code fences."""
    in_fence = False
    for number, line in enumerate(markdown.splitlines(), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        for pattern in (_MD_LINK, _HTML_LINK):
            for match in pattern.finditer(line):
                yield number, match.start(1) + 1, match.group(1)


def check_object_links(ctx: Any, spec: CourseSpec) -> None:
    """Links to Markdown files that are no object's body, and links by slug to no page."""
    from canvas_npq.sandbox.slugs import to_url  # Canvas's slug rule, shared with the preview

    bodies = bodies_by_path(spec)
    titles = page_titles(spec)
    slugs = {to_url(title): page_id for page_id, title in titles.items()}
    slugs.update({page_id: page_id for page_id in titles})
    by_page = {address: path for path, address in bodies.items()}
    for path, text in ctx.documents:
        if not is_markdown(path):
            continue
        for line, column, target in _targets(text):
            local = local_target(target)
            if local is not None and is_markdown(local):
                try:
                    resolved = resolve_link(path, local)
                except PathError:
                    continue  # reported with the file links
                missing = not ctx.root.joinpath(*PurePosixPath(resolved).parts).is_file()
                if resolved not in bodies and not missing:  # a missing file: see files.py
                    ctx.problems.add(
                        path,
                        line,
                        column,
                        f"link to {resolved!r}, which is the body of no page, assignment "
                        "or discussion of the spec",
                        "Link to the Markdown file named as a page's, unit's, assignment's "
                        "or discussion's body, or list the file under files: to upload it",
                    )
                continue
            match = _SLUG_LINK.match(target.strip())
            if match is None:
                continue
            slug = match.group(1)
            page = slugs.get(slug)
            if page is None:
                ctx.problems.add(
                    path,
                    line,
                    column,
                    f"link to page {slug!r}, which matches no page of the spec",
                    "Link to the page's Markdown file instead (a relative path to it): "
                    "such a link survives the page's retitle",
                )
            else:
                body = by_page.get(str(Address(Kind.PAGE, page)))
                relative = _relative(path, body) if body else None
                hint = (
                    f"Link to the page's Markdown file instead ({relative}): a link by "
                    "slug leads nowhere once the page is retitled"
                )
                ctx.warnings.append(
                    Problem(path, line, column, f"link to page {slug!r} by its slug", hint)
                )


def _relative(source: str, target: str) -> str:
    """``target`` as a path relative to the folder of ``source`` (both from the root)."""
    base = PurePosixPath(source).parent.parts
    parts = PurePosixPath(target).parts
    common = 0
    while common < min(len(base), len(parts) - 1) and base[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + list(parts[common:]))
