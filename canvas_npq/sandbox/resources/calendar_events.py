"""Calendar events (canvas-api.md §18, §21.18).

Quirks kept: create answers 201 and needs ``calendar_event[context_code]``; the list
shows only the caller's personal calendar unless ``context_codes[]`` names the course, and
only *today* unless ``start_date``/``end_date`` (or ``all_events=true``) are given;
``undated=true`` lists only events without dates; at most 10 context codes are used.
Section child events (``child_event_data``, ``remove_child_events``) are in
``child_events.py``; the list returns them beside their event for the course's code.
Not modelled: recurring series (``rrule``, ``duplicate``), appointment groups,
assignment events (``type=assignment`` lists nothing).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from canvas_npq.sandbox import errors
from canvas_npq.sandbox.api import ApiRequest, json_response, paginate
from canvas_npq.sandbox.dates import InvalidDate, iso, parse_lenient, zone
from canvas_npq.sandbox.params import as_list, as_str, to_bool
from canvas_npq.sandbox.records import CalendarEvent, Course
from canvas_npq.sandbox.routing import router

from . import child_events
from .common import date_param, incoming_html, outgoing_html, parse_id

MAX_CONTEXT_CODES = 10


def event_json(req: ApiRequest, event: CalendarEvent) -> dict[str, Any]:
    if event.parent_event_id is not None:
        parent = req.store.get(req.store.calendar_events, event.parent_event_id)
        base = _event_json(req, event, parent.context_code if parent else event.context_code)
        return child_events.child_json(req, event, base)
    return _event_json(req, event, event.context_code)


def _event_json(req: ApiRequest, event: CalendarEvent, course_code: str) -> dict[str, Any]:
    context_name = None
    course = _course_for(req, course_code)
    if course is not None:
        context_name = course.name
    elif event.context_code == f"user_{req.user.id}":
        context_name = req.user.name
    children = child_events.children(req, event) if event.parent_event_id is None else []
    return {
        "id": event.id,
        "title": event.title,
        "start_at": iso(event.start_at),
        "end_at": iso(event.end_at),
        "workflow_state": event.workflow_state,
        "created_at": iso(event.created_at),
        "updated_at": iso(event.updated_at),
        "all_day": event.all_day,
        "all_day_date": event.all_day_date,
        "comments": None,
        "location_address": event.location_address,
        "location_name": event.location_name,
        "type": "event",
        "description": outgoing_html(req, event.description),
        "child_events_count": len(children),
        "all_context_codes": event.context_code,
        "context_code": event.context_code,
        "context_name": context_name,
        "context_color": None,
        "parent_event_id": None,
        "hidden": bool(children),  # section events stand in for it
        "child_events": [event_json(req, child) for child in children],
        "url": req.api_url(f"/calendar_events/{event.id}"),
        "html_url": req.html_url(
            f"/calendar?event_id={event.id}&include_contexts={event.context_code}"
        ),
        "duplicates": [],
        "important_dates": False,
        "series_uuid": None,
        "rrule": None,
        "series_natural_language": None,
        "blackout_date": False,
    }


def _course_for(req: ApiRequest, context_code: str) -> Course | None:
    if not context_code.startswith("course_"):
        return None
    return req.store.get(req.store.courses, parse_id(context_code.removeprefix("course_")))


def _valid_context(req: ApiRequest, context_code: str | None) -> bool:
    if context_code is None:
        return False
    return context_code == f"user_{req.user.id}" or _course_for(req, context_code) is not None


def _apply(req: ApiRequest, event: CalendarEvent, values: dict[str, Any]) -> None:
    course = _course_for(req, event.context_code)
    start_at = date_param(req, course, values.get("start_at"), "start_at")
    end_at = date_param(req, course, values.get("end_at"), "end_at")
    if "title" in values:
        event.title = as_str(values["title"]) or ""
    if "description" in values:
        event.description = incoming_html(values["description"])
    if "start_at" in values:
        event.start_at = start_at
    if "end_at" in values:
        event.end_at = end_at
    if event.start_at and (event.end_at is None or event.end_at < event.start_at):
        event.end_at = event.start_at
    for key in ("location_name", "location_address"):
        if key in values:
            setattr(event, key, as_str(values[key]) or None)
    if "all_day" in values and (flag := to_bool(values["all_day"])) is not None:
        event.all_day = flag
    # Canvas marks an event all-day when it starts and ends at midnight (course zone).
    tz = zone(course.time_zone if course else "UTC")
    if event.start_at is not None:
        local = event.start_at.astimezone(tz)
        midnight = local.time() == time(0, 0) and event.end_at == event.start_at
        if event.all_day or midnight:
            event.all_day = True
            event.all_day_date = local.date().isoformat()
            day_start = datetime.combine(local.date(), time(0, 0), tzinfo=tz)
            event.start_at = event.end_at = day_start.astimezone(event.start_at.tzinfo)
        else:
            event.all_day_date = local.date().isoformat()
    else:
        event.all_day_date = None
    event.updated_at = req.store.now()


def _find(req: ApiRequest, ref: str) -> CalendarEvent:
    event = req.store.get(req.store.calendar_events, parse_id(ref))
    if event is None:
        raise errors.not_found()
    return event


@router.route("POST", "/calendar_events")
def create_event(req: ApiRequest) -> Any:
    values = req.section("calendar_event") or {}
    context_code = as_str(values.get("context_code"))
    if not _valid_context(req, context_code):
        # ``get_calendar_context`` raises RecordNotFound: the ordinary 404.
        raise errors.not_found()
    store = req.store
    wanted = child_events.requested(req, _course_for(req, context_code or ""), values)
    event = CalendarEvent(
        **store.stamp(), context_code=context_code or "", title="", user_id=req.user.id
    )
    _apply(req, event, values)
    store.add(store.calendar_events, event)
    if wanted is not None:
        child_events.replace_children(req, event, wanted)
    return json_response(event_json(req, event), status=201)


def _day_bounds(value: Any, end: bool) -> datetime:
    text = as_str(value) or ""
    try:
        parsed = parse_lenient(text)
    except InvalidDate as exc:
        raise errors.bad_request("Invalid date or invalid datetime for start_date") from exc
    if len(text.strip()) == 10 and end:  # a bare end date includes that whole day
        return parsed + timedelta(days=1) - timedelta(seconds=1)
    return parsed


@router.route("GET", "/calendar_events")
def list_events(req: ApiRequest) -> Any:
    store = req.store
    codes = [str(c) for c in as_list(req.get("context_codes"))][:MAX_CONTEXT_CODES]
    if not codes:
        codes = [f"user_{req.user.id}"]  # without context codes: personal calendar only
    # a course's code also brings its section events (for_user_and_context_codes)
    rows = [
        e
        for e in store.live(store.calendar_events)
        if (e.context_code in codes and e.effective_context_code is None)
        or e.effective_context_code in codes
    ]
    if (as_str(req.get("type")) or "event") != "event":
        rows = []
    if to_bool(req.get("undated")):
        rows = [e for e in rows if e.start_at is None]
    elif not to_bool(req.get("all_events")):
        today = store.now().date().isoformat()
        start = _day_bounds(req.get("start_date") or today, end=False)
        end_raw = req.get("end_date") or req.get("start_date") or today
        end = _day_bounds(end_raw, end=True)
        rows = [
            e
            for e in rows
            if e.start_at is not None and e.start_at <= end and (e.end_at or e.start_at) >= start
        ]
    rows.sort(key=lambda e: (e.start_at or e.created_at, e.id))
    return paginate(req, rows, lambda e: event_json(req, e))


@router.route("GET", "/calendar_events/<event_id>")
def get_event(req: ApiRequest, event_id: str) -> Any:
    return event_json(req, _find(req, event_id))


@router.route("PUT", "/calendar_events/<event_id>")
def update_event(req: ApiRequest, event_id: str) -> Any:
    event = _find(req, event_id)
    values = req.section("calendar_event") or {}
    if "context_code" in values:
        code = as_str(values["context_code"])
        if not _valid_context(req, code):
            raise errors.not_found()  # RecordNotFound, "Invalid context_code" (update)
        event.context_code = code or event.context_code
    wanted = child_events.requested(req, _course_for(req, event.context_code), values)
    _apply(req, event, values)
    child_events.cascade(req, event)
    if wanted is not None:
        child_events.replace_children(req, event, wanted)
    return event_json(req, event)


@router.route("DELETE", "/calendar_events/<event_id>")
def delete_event(req: ApiRequest, event_id: str) -> Any:
    event = _find(req, event_id)
    for child in child_events.children(req, event):
        child.workflow_state = "deleted"
        child.updated_at = req.store.now()
    event.workflow_state = "deleted"
    event.updated_at = req.store.now()
    return event_json(req, event)
