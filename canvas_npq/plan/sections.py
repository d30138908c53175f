"""What the planner does with a section's own dates it cannot apply yet.

canvas-npq never creates a section (sections hold participants' enrolments, which the
provider manages): dates for a section the course does not have are not planned, and
the plan says so, until the section exists. Canvas allows one override per section and
assignment, so where a facilitator has already given a section its own dates for an
assignment, that override is left as it is and the plan says so too.

An event's own times per section (child events) are completed against the course's
sections before comparing: every section the spec does not name gets the event's own
times, since a section without a child event would not see the event at all, and the
event's times become the earliest start and latest end, as Canvas keeps them.
"""

from __future__ import annotations

from dataclasses import replace

from canvas_npq.model import Address, Kind, Resource, Snapshot
from canvas_npq.model.sectiontimes import completed, parse_section_time, time_range


def _unowned_override(want: Resource, live: Snapshot) -> bool:
    return any(
        entry.get("kind") == "assignment_override"
        and entry.get("assignment") == want.fields.get("assignment")
        and entry.get("section") == want.fields.get("section")
        for entry in live.meta.get("unowned", ())
    )


def why_not_yet(want: Resource, live: Snapshot) -> str:
    """Why a section's dates cannot be created now ("" when they can)."""
    if want.kind is not Kind.ASSIGNMENT_OVERRIDE:
        return ""
    section = want.fields.get("section")
    assignment = str(want.fields.get("assignment")).partition(".")[2]
    if section not in live.meta.get("sections", ()):
        return (
            f"section {section!r} is not in the course, so its dates for {assignment!r} wait "
            "until it exists (canvas-npq does not create sections: ask the course's admin)"
        )
    if _unowned_override(want, live):
        return (
            f"section {section!r} already has its own dates for {assignment!r}, set in Canvas; "
            "canvas-npq leaves them (delete them in Canvas for the spec's to apply)"
        )
    return ""


def with_section_times(desired: Snapshot, live: Snapshot) -> tuple[Snapshot, list[str]]:
    """``desired`` with each event's section times as Canvas will hold them, and a note
    for each section the spec names that the course does not have."""
    course_sections = tuple(live.meta.get("sections", ()))
    notes: list[str] = []
    changed: dict[Address, Resource] = {}
    for want in desired.of_kind(Kind.CALENDAR_EVENT):
        given = want.fields.get("section_times") or ()
        if not given:
            continue
        for entry in given:
            section = parse_section_time(entry)[0]
            if section not in course_sections:
                notes.append(
                    f"section {section!r} is not in the course, so its times for event "
                    f"{want.address.key!r} wait until it exists (canvas-npq does not create "
                    "sections: ask the course's admin)"
                )
        entries = completed(given, course_sections, want.fields["start_at"], want.fields["end_at"])
        fields = dict(want.fields, section_times=entries)
        if (span := time_range(entries)) is not None:
            fields["start_at"], fields["end_at"] = span
        changed[want.address] = replace(want, fields=fields)
    if not changed:
        return desired, notes
    resources = {a: changed.get(a, r) for a, r in desired.resources.items()}
    return Snapshot(resources, desired.order, desired.meta), notes
