"""A course event's own times per section: its child events (canvas-api.md §18).

As ``app/models/calendar_event.rb`` has it: ``calendar_event[child_event_data]`` (an
indexed hash of ``start_at``, ``end_at``, ``context_code``) on create or update replaces
the event's children, one per ``course_section_<id>`` of the event's course (another
course's section, an unknown code or the same section twice is "Invalid child event
context" / "Duplicate child event contexts", and nothing is saved); a section left out
loses its child; ``remove_child_events`` removes them all. With children, the event's
own ``start_at``/``end_at`` become their earliest start and latest end, and stay so once
the children are gone. Children take the event's title, description and location, and
are deleted with it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from canvas_npq.sandbox import errors
from canvas_npq.sandbox.api import ApiRequest
from canvas_npq.sandbox.params import as_str, to_bool
from canvas_npq.sandbox.records import CalendarEvent, Course, CourseSection

from .common import date_param, parse_id

CASCADED = ("title", "description", "location_name", "location_address")


def children(req: ApiRequest, event: CalendarEvent) -> list[CalendarEvent]:
    return [
        e
        for e in req.store.live(req.store.calendar_events)
        if e.parent_event_id == event.id and e.workflow_state != "deleted"
    ]


def section_of(req: ApiRequest, child: CalendarEvent) -> CourseSection | None:
    code = child.context_code.removeprefix("course_section_")
    return req.store.get(req.store.course_sections, parse_id(code))


def requested(
    req: ApiRequest, course: Course | None, values: dict[str, Any]
) -> list[tuple[CourseSection, datetime | None, datetime | None]] | None:
    """The children asked for (None: leave them), checked before anything is saved."""
    data = values.get("child_event_data")
    if data is None and not to_bool(values.get("remove_child_events")):
        return None
    rows = list(data.values()) if isinstance(data, dict) else list(data or [])
    codes = [as_str(r.get("context_code")) if isinstance(r, dict) else None for r in rows]
    if codes != list(dict.fromkeys(codes)):
        raise errors.validation_error({"child_event_data": "Duplicate child event contexts"})
    found = []
    for row, code in zip(rows, codes, strict=True):
        section = None
        if code and code.startswith("course_section_"):
            section_id = parse_id(code.removeprefix("course_section_"))
            section = req.store.get(req.store.course_sections, section_id)
        if (
            section is None
            or section.workflow_state == "deleted"
            or course is None
            or section.course_id != course.id
        ):
            raise errors.validation_error({"child_event_data": "Invalid child event context"})
        start_at = date_param(req, course, row.get("start_at"), "start_at")
        end_at = date_param(req, course, row.get("end_at"), "end_at")
        found.append((section, start_at, end_at or start_at))
    return found


def replace_children(
    req: ApiRequest,
    event: CalendarEvent,
    wanted: list[tuple[CourseSection, datetime | None, datetime | None]],
) -> None:
    """Update, make or delete the children; then the event spans them."""
    store = req.store
    current = {e.context_code: e for e in children(req, event)}
    for section, start_at, end_at in wanted:
        code = f"course_section_{section.id}"
        child = current.pop(code, None)
        if child is None:
            child = CalendarEvent(
                **store.stamp(),
                context_code=code,
                title=event.title,
                user_id=req.user.id,
                parent_event_id=event.id,
                effective_context_code=event.context_code,
            )
            store.add(store.calendar_events, child)
        child.start_at, child.end_at = start_at, end_at
        child.updated_at = store.now()
    for gone in current.values():
        gone.workflow_state = "deleted"
        gone.updated_at = store.now()
    cascade(req, event)
    span(req, event)


def cascade(req: ApiRequest, event: CalendarEvent) -> None:
    """Children show the event's title, description and location."""
    for child in children(req, event):
        for name in CASCADED:
            setattr(child, name, getattr(event, name))


def span(req: ApiRequest, event: CalendarEvent) -> None:
    """``cache_child_event_ranges!``: the earliest start and latest end of the children."""
    rows = [c for c in children(req, event) if c.start_at is not None]
    if rows:
        event.start_at = min(c.start_at for c in rows if c.start_at is not None)
        event.end_at = max((c.end_at or c.start_at) for c in rows if c.start_at is not None)


def child_json(req: ApiRequest, child: CalendarEvent, base: dict[str, Any]) -> dict[str, Any]:
    """A child as Canvas shows it: the section's name after the title, the course as
    its effective context, no ``child_events`` of its own."""
    section = section_of(req, child)
    hash_ = dict(base)
    suffix = f" ({section.name})" if section is not None else ""
    if suffix and not hash_["title"].endswith(suffix):
        hash_["title"] += suffix
    hash_["effective_context_code"] = child.effective_context_code
    hash_["all_context_codes"] = child.effective_context_code
    hash_["parent_event_id"] = child.parent_event_id
    hash_["child_events_count"] = 0
    hash_["context_name"] = None  # a section has no nickname_for
    hash_.pop("child_events", None)
    return hash_
