"""Links in course text, pointed at the preview's own files instead of Canvas.

Bodies in the desired snapshot refer to the course as ``$CANVAS_COURSE_REFERENCE$``
(see ``model.links``) and to its files as ``canvas-npq-file:<id>`` (``model.files``).
In the preview, a link to a page, assignment or discussion of this course opens that
object's preview file, a file link opens the copied file, and a course link the
preview cannot follow is marked instead of left dangling. Pages are found by the slug
Canvas gives their title (what a link written in Canvas holds) or by their spec id.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote

from canvas_npq.model.files import FILE_REF
from canvas_npq.model.links import COURSE_REFERENCE
from canvas_npq.sandbox.html import sanitize
from canvas_npq.sandbox.slugs import to_url

_HREF = re.compile(r"""\b(href|src)="([^"]*)\"""")
# Course sections a link may name, and the preview file that stands for each.
SECTIONS: Mapping[str, str] = {
    "": "index.html",
    "modules": "modules.html",
    "assignments": "assignments.html",
    "assignments/syllabus": "syllabus.html",
    "discussion_topics": "discussions.html",
    "pages": "pages.html",
    "wiki": "index.html",
    "files": "files.html",
    "calendar": "calendar.html",
}
UNRESOLVED = "#unresolved"


@dataclass(frozen=True)
class LinkTargets:
    """Where each object of the course lives in the preview (paths relative to its root)."""

    pages: Mapping[str, str] = field(default_factory=dict)  # slug or spec id → file
    assignments: Mapping[str, str] = field(default_factory=dict)  # spec id → file
    discussions: Mapping[str, str] = field(default_factory=dict)  # spec id → file
    files: Mapping[str, str] = field(default_factory=dict)  # file spec id → copied file

    @classmethod
    def of(
        cls,
        pages: Mapping[str, tuple[str, str]],
        assignments: Mapping[str, str],
        discussions: Mapping[str, str],
        files: Mapping[str, str],
    ) -> LinkTargets:
        """``pages`` maps a page's spec id to ``(title, file)``."""
        by_slug: dict[str, str] = {}
        for page_id, (title, target) in pages.items():
            by_slug.setdefault(to_url(title), target)
            by_slug.setdefault(page_id, target)
        return cls(by_slug, dict(assignments), dict(discussions), dict(files))

    def course_target(self, path: str) -> str | None:
        """The preview file for a path inside the course (``pages/slug``), if any."""
        path, _, fragment = path.partition("#")
        path = unquote(path.split("?", 1)[0]).strip("/")
        anchor = f"#{fragment}" if fragment else ""
        if path in SECTIONS:
            return SECTIONS[path] + anchor
        section, _, rest = path.partition("/")
        rest = rest.split("/", 1)[0]
        found = {
            "pages": self.pages,
            "wiki": self.pages,
            "assignments": self.assignments,
            "discussion_topics": self.discussions,
        }.get(section, {}).get(rest)
        return found + anchor if found else None

    def rewrite(self, html: str) -> str:
        """``html`` with course and file links pointed into the preview."""

        def swap(match: re.Match[str]) -> str:
            attribute, url = match.group(1), match.group(2)
            if url.startswith(FILE_REF):
                key = url[len(FILE_REF) :].split("?", 1)[0].split("#", 1)[0]
                target = self.files.get(key)
            elif url.startswith(COURSE_REFERENCE):
                target = self.course_target(url[len(COURSE_REFERENCE) :])
            else:
                return match.group(0)
            if target is None:
                return f'{attribute}="{UNRESOLVED}" data-preview-unresolved="{url}"'
            return f'{attribute}="{target}"'

        return _HREF.sub(swap, html)


def participant_html(html: str, targets: LinkTargets) -> str:
    """A body as a participant's browser gets it: links into the preview, then cleaned
    with Canvas's allow-list (what Canvas strips on save never reaches the page)."""
    return sanitize(targets.rewrite(html)) or ""
