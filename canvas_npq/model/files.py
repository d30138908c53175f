"""Links from course text to course files, in a form that survives Canvas's rewriting.

A Markdown link to a file of the spec (``[action plan](../handouts/action-plan.docx)``)
becomes, in the desired HTML, ``href="canvas-npq-file:<file id>"``. The writer turns
that into the Canvas file's address (``/courses/:id/files/:file_id``) when it sends the
text; the reader turns Canvas's file links back (whatever Canvas added on read: its
host, ``/download``, ``verifier=``), for every id the file has had, since a replaced
file gets a new id and Canvas keeps the old one pointing at the new. So a page that
links to a file compares equal as long as it links to that file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

FILE_REF = "canvas-npq-file:"
_REF = re.compile(r"""((?:href|src)=["'])canvas-npq-file:([^"'#?]+)""")
_CANVAS_FILE = re.compile(
    r"""((?:href|src)=["'])(?:https?://[^/"']+)?/(?:courses/\d+/)?files/(\d+)"""
    r"""(?:/download|/preview)?(?:\?[^"'#]*)?"""
)


def file_ref(key: str) -> str:
    return f"{FILE_REF}{key}"


def refs_to_urls(html: str, course_id: int | str, file_id: Callable[[str], int]) -> str:
    """The HTML to send: each file reference as ``/courses/:id/files/:file_id``."""
    if FILE_REF not in html:
        return html
    return _REF.sub(lambda m: f"{m.group(1)}/courses/{course_id}/files/{file_id(m.group(2))}", html)


def urls_to_refs(html: str | None, keys_by_id: Mapping[int, str]) -> str | None:
    """The HTML as read, with links to managed files as references to their spec ids."""
    if not html or not keys_by_id or "files/" not in html:
        return html

    def swap(match: re.Match[str]) -> str:
        key = keys_by_id.get(int(match.group(2)))
        return f"{match.group(1)}{file_ref(key)}" if key else match.group(0)

    return _CANVAS_FILE.sub(swap, html)
