"""The course as the preview shows it: the desired snapshot, indexed for rendering.

Everything a participant would read comes from the desired snapshot that plan and
apply use (``spec.build_desired``), so the preview shows exactly what apply sends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

from canvas_npq.model import Address, Kind, Resource, Snapshot
from canvas_npq.preview.links import LinkTargets
from canvas_npq.spec.desired import ASSIGNMENT_GROUPS_ORDER, COURSE_ADDRESS, MODULES_ORDER

# Where each kind of object is written, by its spec id.
FILE_PATTERNS = {
    Kind.PAGE: "page-{}.html",
    Kind.ASSIGNMENT: "assignment-{}.html",
    Kind.DISCUSSION: "discussion-{}.html",
}


def href_of(address: Address) -> str:
    return FILE_PATTERNS[address.kind].format(quote(address.key))


def file_path(resource: Resource) -> str:
    """Where a course file is copied, below the preview's root (folders kept)."""
    folder = str(resource.fields.get("folder") or "").strip("/")
    name = str(resource.fields.get("name") or resource.address.key)
    return "/".join(["files", *([folder] if folder else []), name])


@dataclass(frozen=True)
class PreviewCourse:
    """The desired snapshot and what the preview needs besides: zone, cohort, spec root."""

    desired: Snapshot
    time_zone: str
    spec_root: Path
    cohort: str | None = None
    start: date | None = None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def course(self) -> Resource:
        found = self.desired.get(COURSE_ADDRESS)
        assert found is not None, "a desired snapshot always has its course"
        return found

    @property
    def name(self) -> str:
        return str(self.course.fields.get("name") or "Course")

    @property
    def code(self) -> str:
        return str(self.course.fields.get("course_code") or self.name)

    def ordered(self, container: str) -> list[Resource]:
        found = []
        for text in self.desired.order.get(container, ()):
            resource = self.desired.get(Address.parse(text))
            if resource is not None:
                found.append(resource)
        return found

    def modules(self) -> list[tuple[Resource, list[Resource]]]:
        """Each module with its items, in order."""
        return [(m, self.ordered(str(m.address))) for m in self.ordered(MODULES_ORDER)]

    def assignment_groups(self) -> list[Resource]:
        return self.ordered(ASSIGNMENT_GROUPS_ORDER)

    def of_kind(self, kind: Kind) -> list[Resource]:
        return self.desired.of_kind(kind)

    def ref(self, value: object) -> Resource | None:
        return self.desired.get(Address.parse(value)) if isinstance(value, str) else None

    def rubric_of(self, assignment: Resource) -> Resource | None:
        for rubric in self.of_kind(Kind.RUBRIC):
            if rubric.fields.get("assignment") == str(assignment.address):
                return rubric
        return None

    def local(self, value: object) -> datetime | None:
        """A snapshot date (``...Z``) in the course's time zone."""
        if not isinstance(value, str) or not value:
            return None
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(self.zone)

    def moment(self, value: object) -> datetime:
        """A date the snapshot always has (an event's start), in the course's zone."""
        found = self.local(value)
        if found is None:
            raise ValueError(f"not a snapshot date: {value!r}")
        return found

    def link_targets(self) -> LinkTargets:
        pages = {r.address.key: (r.title, href_of(r.address)) for r in self.of_kind(Kind.PAGE)}
        assignments = {r.address.key: href_of(r.address) for r in self.of_kind(Kind.ASSIGNMENT)}
        discussions = {r.address.key: href_of(r.address) for r in self.of_kind(Kind.DISCUSSION)}
        files = {r.address.key: quote(file_path(r)) for r in self.of_kind(Kind.FILE)}
        return LinkTargets.of(pages, assignments, discussions, files)


def when(value: datetime | None, with_zone: bool = True) -> str:
    """``Tue 6 Oct 2026, 09:30 BST``: how the preview shows a moment."""
    if value is None:
        return ""
    text = f"{value:%a} {value.day} {value:%b %Y}, {value:%H:%M}"
    return f"{text} {value:%Z}" if with_zone else text
