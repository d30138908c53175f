"""``import`` of what sits beside a course's content: its announcements, its menu and
settings, and its facilitator groups' own dates.

* Announcements become ``announcements:`` entries, posted or waiting alike, each with
  its ``delayed_post_at`` as an absolute date (an imported course has no cohort
  calendar to count weeks from). The planner never edits a posted one without
  ``--prune``, so importing one only records it.
* The menu and settings are written whole, as the course has them now (see
  :func:`navigation` and :func:`settings`): Canvas's defaults depend on the instance
  (Conferences and Collaborations tabs, for one), so "what differs from the default"
  cannot be told from the course alone, and a spec that names every switch shows any
  later change made in Canvas as drift.
* Section overrides, and an event's own times per section (its section copies), become
  ``sections:`` of one cohort in ``cohorts.yaml`` (they exist only per cohort in a
  spec), the cohort being the imported course itself. An event is taken with its
  section times only when every section of the course has exactly one copy
  (:func:`section_times_problem`): a spec event is seen by every section.
* Given the cohort's first day (``import --start``), the cohort calendar is known: every
  date is written relative to it (``week 3 monday 09:00``) where that names exactly the
  same instant, so the spec serves next term's cohort too (:func:`relative_dates`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, tzinfo
from typing import Any

import yaml

from canvas_npq.model import FIELDS, Address, Kind, Resource, Snapshot
from canvas_npq.model.fields import FieldType
from canvas_npq.model.sectiontimes import parse_section_time
from canvas_npq.spec.dates import WEEKDAYS, DateError, load_time_zone, parse_date
from canvas_npq.spec.keys import DEFAULT_TIME_ZONE, FIXED_TABS, NAVIGATION_TABS
from canvas_npq.spec.navigation import FIRST_TAB_POSITION
from canvas_npq.spec.sections import DATE_NAMES

Bind = Callable[[Kind, str, int], None]
Leave = Callable[[Mapping[str, Any], str], None]
MANAGEABLE_TABS = frozenset(NAVIGATION_TABS) - frozenset(FIXED_TABS)


def override_key(assignment_key: str, section: str) -> str:
    """The spec id of a section's dates for an assignment (``SectionDates.key``)."""
    return f"{assignment_key}@{section}"


def propose_overrides(
    entries: Iterable[Mapping[str, Any]],
    assignment_keys: Mapping[Any, str],
    problem: Callable[[Mapping[str, Any]], str | None],
    bind: Bind,
    leave: Leave,
) -> None:
    """Bind each section override of a managed assignment, one per assignment and section."""
    taken: set[str] = set()
    for entry in entries:
        if reason := problem(entry):
            leave(entry, reason)
            continue
        owned = entry.get("assignment")
        assignment = Address.parse(owned).key if owned else None
        assignment = assignment or assignment_keys.get(entry.get("assignment_id"))
        if assignment is None:
            leave(entry, "its assignment is not managed")
            continue
        key = override_key(assignment, entry["section"])
        if key in taken:
            leave(entry, "a second override of the assignment for that section")
            continue
        taken.add(key)
        bind(Kind.ASSIGNMENT_OVERRIDE, key, entry["id"])


def section_times_problem(entry: Mapping[str, Any], course_sections: Iterable[str]) -> str | None:
    """Why an event's section copies cannot be written as ``sections:`` dates that plan
    back to the same copies, or None. The plan gives every section the spec does not
    name a copy at the event's own times, so each section of the course needs its own."""
    names = [parse_section_time(e)[0] for e in entry.get("section_times") or ()]
    if not names:
        return None
    present = set(course_sections)
    if unknown := sorted(set(names) - present):
        return f"it has a copy for {unknown[0]!r}, which is not a section of the course by name"
    if len(set(names)) < len(names):
        return (
            "two of its copies are for sections of one name, which cohorts.yaml cannot tell apart"
        )
    if missing := sorted(present - set(names)):
        return (
            f"section {missing[0]!r} has no copy of it, so does not see it, and a spec "
            "event is seen by every section"
        )
    return None


def _event_dates(live: Snapshot) -> dict[str, dict[str, dict[str, str]]]:
    """Section → event key → its ``start_at`` and ``end_at`` there."""
    found: dict[str, dict[str, dict[str, str]]] = {}
    for event in sorted(live.of_kind(Kind.CALENDAR_EVENT), key=lambda e: e.canvas_id or 0):
        for entry in event.fields.get("section_times") or ():
            section, start_at, end_at = parse_section_time(entry)
            times = {"start_at": start_at, "end_at": end_at}
            found.setdefault(section, {})[event.address.key] = times
    return found


def announcements(live: Snapshot, body: Callable[[str, str, str], str]) -> list[dict[str, Any]]:
    """``announcements:``, oldest first, each body written by ``body(folder, key, html)``."""
    entries = []
    for topic in sorted(live.of_kind(Kind.ANNOUNCEMENT), key=lambda a: a.canvas_id or 0):
        f = topic.fields
        entry: dict[str, Any] = {"id": topic.address.key, "title": f["title"]}
        if f.get("delayed_post_at"):
            entry["delayed_post_at"] = f["delayed_post_at"]
        entry["body"] = body("announcements", topic.address.key, f["message"] or "")
        entries.append(entry)
    return entries


def navigation(live: Snapshot) -> dict[str, Any] | None:
    """``navigation:`` for the menu as it is: ``order`` the tabs right after Home, in
    place, as long as each is one a spec can name (a tab an external tool adds ends the
    list: the tabs after it keep their places unmanaged); ``hidden`` every hidden one."""
    tabs = sorted(
        (t for t in live.of_kind(Kind.TAB) if t.fields.get("position") is not None),
        key=lambda t: t.fields["position"],
    )
    order: list[str] = []
    for tab in tabs:
        if tab.address.key in FIXED_TABS:
            continue
        if tab.address.key not in MANAGEABLE_TABS or tab.fields[
            "position"
        ] != FIRST_TAB_POSITION + len(order):
            break
        order.append(tab.address.key)
    hidden = [
        t.address.key for t in tabs if t.fields.get("hidden") and t.address.key in MANAGEABLE_TABS
    ]
    if not order and not hidden:
        return None
    found: dict[str, Any] = {}
    if order:
        found["order"] = order
    if hidden:
        found["hidden"] = hidden
    return found


def settings(live: Snapshot) -> dict[str, bool] | None:
    """``settings:``: every switch canvas-npq manages, as the course has it now."""
    course_settings = live.get(Address(Kind.COURSE_SETTINGS, "course"))
    if course_settings is None:
        return None
    found = {
        name: bool(course_settings.fields[name])
        for name in FIELDS[Kind.COURSE_SETTINGS]
        if course_settings.fields.get(name) is not None
    }
    return found or None


# The spec's date keys, wherever they appear (assignments, quizzes, modules, events,
# announcements, sections' dates).
DATE_KEYS = frozenset(
    {
        "unlock_at",
        "due_at",
        "lock_at",
        "start_at",
        "end_at",
        "delayed_post_at",
        "show_correct_answers_at",
    }
)


def relative_date(text: str, start: date, zone: tzinfo) -> str:
    """``week N <weekday> HH:MM`` from the cohort's ``start`` when that names exactly the
    instant ``text`` (ISO 8601) does, else ``text``: a date before the start, one with
    seconds, or a wall-clock time the clocks pass twice stays absolute."""
    instant = datetime.fromisoformat(text.replace("Z", "+00:00"))
    local = instant.astimezone(zone)
    days = (local.date() - start).days
    if days < 0 or local.second or local.microsecond:
        return text
    candidate = f"week {days // 7 + 1} {WEEKDAYS[local.weekday()]} {local:%H:%M}"
    try:
        same = parse_date(candidate, zone, start=start) == instant
    except DateError:
        same = False
    return candidate if same else text


def relative_dates(spec: Any, start: date, zone: tzinfo) -> None:
    """Rewrite in place every date of ``spec`` (parsed YAML) with :func:`relative_date`."""
    if isinstance(spec, list):
        for entry in spec:
            relative_dates(entry, start, zone)
    elif isinstance(spec, dict):
        for key, value in spec.items():
            if key in DATE_KEYS and isinstance(value, str):
                spec[key] = relative_date(value, start, zone)
            else:
                relative_dates(value, start, zone)


def _dates(resource: Resource) -> list[str]:
    types = FIELDS[resource.kind]
    return [
        value
        for name, ftype in types.items()
        if ftype is FieldType.DATETIME and isinstance(value := resource.fields.get(name), str)
    ]


def _first_day(live: Snapshot, zone_name: str) -> date:
    """The day of the course's earliest date (in the course's zone): a start no date
    of the course comes before, for the admin to replace with the cohort's real one."""
    zone = load_time_zone(zone_name)
    instants = [
        datetime.fromisoformat(text.replace("Z", "+00:00")) for r in live for text in _dates(r)
    ]
    return min(instants).astimezone(zone).date()


def course_zone(live: Snapshot) -> str:
    course = live.get(Address(Kind.COURSE, "course"))
    return (course.fields.get("time_zone") if course else None) or DEFAULT_TIME_ZONE


def cohorts_file(
    live: Snapshot, name: str, course_id: int | str, header: str, start: date | None = None
) -> str | None:
    """``cohorts.yaml`` with one cohort, the imported course, holding its sections' own
    dates (overrides, and events' times per section); None when the course gives no
    section dates a spec can hold and ``start`` (the cohort's first day, which dates are
    then written from) is not given."""
    overrides = sorted(
        live.of_kind(Kind.ASSIGNMENT_OVERRIDE), key=lambda o: (o.fields["section"], o.canvas_id)
    )
    sections: dict[str, dict[str, dict[str, str]]] = {}
    for override in overrides:
        assignment = override.fields.get("assignment") or ""
        if not assignment.startswith(f"{Kind.ASSIGNMENT.value}."):
            continue
        dates = {n: override.fields[n] for n in DATE_NAMES if override.fields.get(n)}
        if dates:
            sections.setdefault(override.fields["section"], {})[Address.parse(assignment).key] = (
                dates
            )
    for section, times in _event_dates(live).items():
        sections.setdefault(section, {}).update(times)
    if not sections and start is None:
        return None
    zone = course_zone(live)
    cohort: dict[str, Any] = {
        "name": name,
        "course": course_id,
        "start": (start or _first_day(live, zone)).isoformat(),
    }
    if sections:
        cohort["sections"] = [{"name": s, "dates": sections[s]} for s in sorted(sections)]
    if start is not None:
        relative_dates(cohort.get("sections"), start, load_time_zone(zone))
        note = "# The cohort is the imported course; dates count from its start.\n"
    else:
        note = (
            "# The cohort is the imported course. Its start is the day of the course's\n"
            "# earliest date: set the cohort's real first day before using relative dates.\n"
        )
    text = yaml.safe_dump(
        {"cohorts": [cohort]}, sort_keys=False, allow_unicode=True, width=100, indent=2
    )
    return header + note + text
