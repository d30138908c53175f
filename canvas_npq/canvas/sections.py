"""Sections and their own dates (assignment overrides) in Canvas.

What the reader and writer rely on, as Canvas's source shows it
(``sections_controller.rb``, ``assignment_overrides_controller.rb``,
``lib/api/v1/assignment_override.rb``):

* ``GET /api/v1/courses/:id/sections`` lists the course's sections; canvas-npq matches
  a cohort's facilitator groups to them by name and never creates one (sections hold
  the participants' enrolments, which the provider manages).
* ``GET .../assignments?include[]=overrides`` gives each assignment's overrides in the
  one listing already read; a section's override has ``course_section_id``, and carries
  ``due_at``, ``unlock_at`` and ``lock_at`` only when it overrides them.
* ``POST .../assignments/:id/overrides`` with ``assignment_override[course_section_id]``
  and the dates makes one (one per section and assignment); ``PUT .../overrides/:id``
  replaces its dates, so every date is sent each time; ``DELETE`` removes it.

Overrides carry no field to mark, so canvas-npq owns those the manifest names; any
other override (a facilitator's extension for a group) is left as it is.

An event's own times per section are its child events (``calendar_events_api_controller.rb``,
``app/models/calendar_event.rb``, ``lib/api/v1/calendar_event.rb``):

* ``calendar_event[child_event_data][n][start_at|end_at|context_code]`` on create or
  update replaces the event's children, one per ``course_section_<id>`` of the course:
  a section left out loses its child. ``remove_child_events=1`` removes them all.
* The event's own ``start_at``/``end_at`` then become the earliest start and latest
  end of its children (and stay so after the children are removed, unless sent too).
* The event's JSON carries ``child_events`` (and ``child_events_count``, ``hidden``);
  a child's title is the event's with `` (<section name>)`` added when shown. The
  course listing also returns the children themselves, with the section as
  ``context_code``: the reader reads them through their event only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from canvas_npq.model import FIELDS, Address, Kind, Resource, normalize_value
from canvas_npq.model.sectiontimes import parse_section_time, section_time

DATE_FIELDS = ("due_at", "unlock_at", "lock_at")


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def read_overrides(
    assignments: list[Any],
    assignment_address: Mapping[int, Address],
    sections: list[Any],
    claim: Callable[[Kind, int, str | None, str], Address | None],
    unowned: list[dict[str, Any]],
    override_assignments: dict[int, int],
) -> list[Resource]:
    """The owned section overrides of every assignment, as resources."""
    names = {_get(s, "id"): _get(s, "name") for s in sections}
    found: list[Resource] = []
    for assignment in assignments:
        for override in _get(assignment, "overrides") or ():
            section_id = _get(override, "course_section_id")
            if section_id is None:  # for students or a group: never canvas-npq's
                continue
            override_id = int(_get(override, "id"))
            override_assignments[override_id] = assignment.id
            section = names.get(section_id) or f"section:{section_id}"
            title = f"{_get(assignment, 'name')} ({section})"
            address = claim(Kind.ASSIGNMENT_OVERRIDE, override_id, None, title)
            parent = assignment_address.get(assignment.id)
            if address is None:
                unowned.append(
                    {
                        "kind": "assignment_override",
                        "id": override_id,
                        "title": title,
                        "assignment_id": assignment.id,
                        "assignment": str(parent) if parent else None,
                        "section": section,
                    }
                )
                continue
            values = {
                "assignment": str(parent) if parent else f"foreign:{assignment.id}",
                "section": section,
                **{name: _get(override, name) for name in DATE_FIELDS},
            }
            fields = {
                name: normalize_value(ftype, values.get(name))
                for name, ftype in FIELDS[Kind.ASSIGNMENT_OVERRIDE].items()
            }
            found.append(Resource(address, fields, canvas_id=override_id))
    return found


def override_params(fields: Mapping[str, Any], section_id: int | None) -> dict[str, Any]:
    """``assignment_override[...]``: the dates it overrides (every one, since an update
    replaces them), and on create the section."""
    params: dict[str, Any] = {n: fields[n] for n in DATE_FIELDS if fields.get(n)}
    if section_id is not None:
        params["course_section_id"] = section_id
    return params


def _child_section(parent_title: str, child: Any) -> str:
    """The child's section name, from the title Canvas shows (``"<event> (<section>)"``),
    so that naming needs no read of the course's sections."""
    title = str(_get(child, "title") or "")
    prefix = f"{parent_title} ("
    if title.startswith(prefix) and title.endswith(")"):
        return title[len(prefix) : -1]
    code = str(_get(child, "context_code") or "")
    return f"section:{code.removeprefix('course_section_')}"


def child_event_times(event: Any) -> list[str]:
    """An event's section times (``section_times`` entries), from its ``child_events``."""
    title = str(_get(event, "title") or "")
    return [
        section_time(_child_section(title, child), _get(child, "start_at"), _get(child, "end_at"))
        for child in _get(event, "child_events") or ()
        if _get(child, "workflow_state") != "deleted"
    ]


def child_event_data(entries: Any, section_ids: Mapping[str, int]) -> dict[str, Any]:
    """``calendar_event[child_event_data]``: every section's times, since Canvas removes
    the child of a section left out."""
    data: dict[str, Any] = {}
    for index, entry in enumerate(sorted(entries)):
        section, start_at, end_at = parse_section_time(entry)
        section_id = section_ids.get(section)
        if section_id is None:
            raise KeyError(section)
        data[str(index)] = {
            "start_at": start_at,
            "end_at": end_at,
            "context_code": f"course_section_{section_id}",
        }
    return data
