"""Links from course text to the course's pages, assignments and discussions, by spec id.

A Markdown link to another body file of the spec (``[the plan](../block-2/mit-2.md)``)
becomes, in the desired HTML, ``href="canvas-npq-object:page.mit-2"`` (a fragment
kept: ``…:page.mit-2#step-3``). The writer turns that into the object's Canvas
address when it sends the text: a page's slug as it is at that moment
(``/courses/:id/pages/<slug>``; slugs follow titles), an assignment or discussion by
id. The reader turns Canvas's addresses of managed objects back into references
(dropping what Canvas adds on read: its host, ``data-api-endpoint`` and
``data-api-returntype``), so a body compares equal as long as it links to that object.

A page whose title changes gets a new slug in Canvas, and the links already sent lead
nowhere (unless the course has ``permanent_page_links``). ``build_plan`` therefore
marks, in the live bodies, every link to a page it retitles as ``…?retitled``: those
bodies show as changed, and the executor writes them after the retitle, with the new slug.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import unquote

from canvas_npq.model.fields import FIELDS, FieldType
from canvas_npq.model.resources import Kind
from canvas_npq.model.snapshot import Snapshot

OBJECT_REF = "canvas-npq-object:"
RETITLED = "?retitled"
# Kinds a link may lead to, and the section of a course URL each lives under.
SECTIONS = {"page": "pages", "assignment": "assignments", "discussion": "discussion_topics"}

_REF = re.compile(r"""((?:href|src)=["'])canvas-npq-object:([a-z_]+\.[^"'#?]+)""")
_TAG = re.compile(r"<(?:a|iframe|img)\b[^>]*>", re.IGNORECASE)
_URL_ATTR = re.compile(r"""((?:href|src)=")([^"]*)(")""")
_API_ATTRS = re.compile(r"""\s+data-api-(?:endpoint|returntype)="[^"]*\"""")
_COURSE_URL = re.compile(
    r"^(?:https?://[^/]+)?/courses/(\d+|\$CANVAS_COURSE_REFERENCE\$)/"
    r"(pages|wiki|assignments|discussion_topics)/([^/?#]+)/?(\?[^#]*)?(#.*)?$"
)


def object_ref(address: str, fragment: str = "") -> str:
    """The reference to a managed object (``page.x``), with an optional ``#fragment``."""
    return f"{OBJECT_REF}{address}{fragment}"


def linked_addresses(html: str | None) -> set[str]:
    """The addresses of the objects a body links to."""
    if not html or OBJECT_REF not in html:
        return set()
    return {match.group(2) for match in _REF.finditer(html)}


def refs_to_urls(html: str, course_id: int | str, path_of: Callable[[str], str]) -> str:
    """The HTML to send: each reference as ``/courses/:id/<path_of(address)>``.

    ``path_of`` gives ``pages/<slug>``, ``assignments/<id>`` or ``discussion_topics/<id>``."""
    if OBJECT_REF not in html:
        return html
    return _REF.sub(lambda m: f"{m.group(1)}/courses/{course_id}/{path_of(m.group(2))}", html)


def urls_to_refs(
    html: str | None, targets: Mapping[str, str], course_id: int | str | None = None
) -> str | None:
    """The HTML as read, with links to managed objects as references to their addresses.

    ``targets`` maps ``pages/<slug>``, ``assignments/<id>`` and ``discussion_topics/<id>``
    to addresses (``page.x``); with ``course_id``, only links into that course count.
    Links to anything else are left as they are."""
    if not html or not targets or "/courses/" not in html:
        return html

    def swap_tag(tag: re.Match[str]) -> str:
        swapped = False

        def swap_url(match: re.Match[str]) -> str:
            nonlocal swapped
            address = target_of(match.group(2), targets, course_id)
            if address is None:
                return match.group(0)
            swapped = True
            fragment = match.group(2).partition("#")[2]
            ref = object_ref(address, f"#{fragment}" if fragment else "")
            return f"{match.group(1)}{ref}{match.group(3)}"

        text = _URL_ATTR.sub(swap_url, tag.group(0))
        return _API_ATTRS.sub("", text) if swapped else text

    return _TAG.sub(swap_tag, html)


def target_of(
    url: str, targets: Mapping[str, str], course_id: int | str | None = None
) -> str | None:
    """The address a course URL leads to, if it is one of ``targets``."""
    match = _COURSE_URL.match(url.strip())
    if match is None or (course_id is not None and match.group(1) != str(course_id)):
        return None
    section = "pages" if match.group(2) == "wiki" else match.group(2)
    return targets.get(f"{section}/{unquote(match.group(3))}")


def mark_retitled(html: str, addresses: Iterable[str]) -> str:
    """``html`` with its references to ``addresses`` marked as leading to an old slug."""
    wanted = set(addresses)
    if not wanted or OBJECT_REF not in html:
        return html

    def mark(match: re.Match[str]) -> str:
        return match.group(0) + RETITLED if match.group(2) in wanted else match.group(0)

    return _REF.sub(mark, html)


def unmarked(value: Any) -> Any:
    """A field's value without the marks of ``mark_retitled`` (as Canvas holds it)."""
    if isinstance(value, str) and RETITLED in value:
        return re.sub(r"(canvas-npq-object:[^\"'#?]+)" + re.escape(RETITLED), r"\1", value)
    return value


def retitled_pages(desired: Snapshot, live: Snapshot) -> set[str]:
    """Pages whose title the plan changes: Canvas gives each a new slug."""
    return {
        str(want.address)
        for want in desired
        if want.kind is Kind.PAGE
        and (have := live.get(want.address)) is not None
        and want.fields.get("title") != have.fields.get("title")
    }


def mark_retitled_links(desired: Snapshot, live: Snapshot) -> Snapshot:
    """``live`` with its links to pages the plan retitles marked (see ``mark_retitled``),
    so the bodies holding them are planned as changed and written with the new slug."""
    retitled = retitled_pages(desired, live)
    if not retitled:
        return live
    resources = []
    for resource in live:
        marked = {
            name: mark_retitled(value, retitled)
            for name, ftype in FIELDS[resource.kind].items()
            if ftype is FieldType.HTML and isinstance(value := resource.fields.get(name), str)
        }
        marked = {n: v for n, v in marked.items() if v != resource.fields.get(n)}
        resources.append(
            replace(resource, fields={**resource.fields, **marked}) if marked else resource
        )
    return Snapshot.of(resources, live.order, live.meta)
