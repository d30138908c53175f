"""What the planner does with a section's own dates it cannot apply yet.

canvas-npq never creates a section (sections hold participants' enrolments, which the
provider manages): dates for a section the course does not have are not planned, and
the plan says so, until the section exists. Canvas allows one override per section and
assignment, so where a facilitator has already given a section its own dates for an
assignment, that override is left as it is and the plan says so too.
"""

from __future__ import annotations

from canvas_npq.model import Kind, Resource, Snapshot


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
    assignment = str(want.fields.get("assignment")).removeprefix("assignment.")
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
