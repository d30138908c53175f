"""A cohort's schedule: every dated thing of its course, in order, in local time.

Events (start to end), assignment and quiz dates (available from, due, until) and
block unlocks, each with its week of the programme: week 1 is the seven days from the
cohort's start day, as ``week N`` dates in the spec count them (``spec.dates``).
A facilitator group's own dates and event times (``sections:`` in cohorts.yaml) are
entries of their own, naming the section. A pure function of a spec loaded for the
cohort.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from canvas_npq.spec.model import AssignmentSpec, CourseSpec, QuizSpec
from canvas_npq.spec.sections import SectionDates, SectionTimes

# What each kind of entry is, in the words a participant reads.
WHAT = {
    "event": "Event",
    "unlock": "Available from",
    "due": "Due",
    "lock": "Closes",
    "module_unlock": "Block opens",
}


@dataclass(frozen=True)
class ScheduleEntry:
    """One dated thing. ``at`` and ``end`` are in the cohort's time zone."""

    at: datetime
    what: str  # a key of WHAT
    title: str
    object_id: str  # the spec id of the event, assignment, quiz or block
    kind: str  # "event", "assignment", "mit", "quiz" or "block"
    week: int | None  # None: before the cohort's start (or no start known)
    end: datetime | None = None
    location: str | None = None
    section: str | None = None  # a facilitator group's own date; None: everyone's

    def as_json(self) -> dict[str, object]:
        return {
            "at": self.at.isoformat(),
            "end": self.end.isoformat() if self.end else None,
            "week": self.week,
            "what": self.what,
            "title": self.title,
            "id": self.object_id,
            "kind": self.kind,
            "location": self.location,
            "section": self.section,
        }

    @property
    def label(self) -> str:
        return f"{self.title} ({self.section})" if self.section else self.title


def week_of(day: date, start: date | None) -> int | None:
    """The programme week ``day`` falls in (1 from the start day on), None before it."""
    if start is None or day < start:
        return None
    return (day - start).days // 7 + 1


def build_schedule(spec: CourseSpec, start: date | None) -> list[ScheduleEntry]:
    """Every dated thing of the (cohort-resolved) spec, earliest first."""
    zone = ZoneInfo(spec.course.time_zone)

    def entry(
        at: datetime,
        what: str,
        title: str,
        object_id: str,
        kind: str,
        end: datetime | None = None,
        location: str | None = None,
        section: str | None = None,
    ) -> ScheduleEntry:
        local = at.astimezone(zone)
        return ScheduleEntry(
            local,
            what,
            title,
            object_id,
            kind,
            week_of(local.date(), start),
            end=end.astimezone(zone) if end is not None else None,
            location=location,
            section=section,
        )

    entries = [
        entry(e.start_at, "event", e.title, e.id, "event", e.end_at, e.location_name)
        for e in spec.events
    ]
    entries += [
        entry(b.unlock_at, "module_unlock", b.title, b.id, "block")
        for b in spec.blocks
        if b.unlock_at is not None
    ]
    for _, item in spec.all_assignments():
        for what, value in _assignment_dates(item):
            entries.append(entry(value, what, item.title, item.id, item.type))
    for quiz in _quizzes(spec):
        for what, value in _assignment_dates(quiz):
            entries.append(entry(value, what, quiz.title, quiz.id, "quiz"))
    titles = {a.id: (a.title, a.type) for _, a in spec.all_assignments()}
    events = {e.id: e for e in spec.events}
    for dated in spec.section_dates:
        if isinstance(dated, SectionTimes):
            event = events[dated.event]
            entries.append(
                entry(
                    dated.start_at,
                    "event",
                    event.title,
                    event.id,
                    "event",
                    dated.end_at,
                    event.location_name,
                    dated.section,
                )
            )
        elif isinstance(dated, SectionDates):
            title, kind = titles.get(dated.assignment, (dated.assignment, "assignment"))
            for what, value in _assignment_dates(dated):
                entries.append(
                    entry(value, what, title, dated.assignment, kind, section=dated.section)
                )
    order = {name: index for index, name in enumerate(WHAT)}
    entries.sort(key=lambda e: (e.at, order[e.what], e.title, e.section or ""))
    return entries


def _quizzes(spec: CourseSpec) -> list[QuizSpec]:
    in_blocks = [i for b in spec.blocks for i in b.items if isinstance(i, QuizSpec)]
    return in_blocks + list(spec.quizzes)


def _assignment_dates(item: AssignmentSpec | QuizSpec | SectionDates) -> list[tuple[str, datetime]]:
    dates = (("unlock", item.unlock_at), ("due", item.due_at), ("lock", item.lock_at))
    return [(what, value) for what, value in dates if value is not None]


def format_when(entry: ScheduleEntry) -> str:
    """``Tue 6 Oct 2026 09:30–16:00`` (the end's day too when it differs)."""
    text = f"{entry.at:%a} {entry.at.day} {entry.at:%b %Y %H:%M}"
    if entry.end is not None:
        if entry.end.date() == entry.at.date():
            text += f"–{entry.end:%H:%M}"
        else:
            text += f" – {entry.end:%a} {entry.end.day} {entry.end:%b %Y %H:%M}"
    return text


def render_schedule_text(entries: list[ScheduleEntry], heading: str) -> str:
    lines = [heading, ""]
    current: int | str | None = "none yet"
    for entry in entries:
        if entry.week != current:
            current = entry.week
            lines.append("Before the start" if entry.week is None else f"Week {entry.week}")
        where = f"  ({entry.location})" if entry.location else ""
        lines.append(f"  {format_when(entry):<33} {WHAT[entry.what]:<15} {entry.label}{where}")
    if not entries:
        lines.append("Nothing dated.")
    return "\n".join(lines) + "\n"


def render_schedule_json(entries: list[ScheduleEntry], cohort: str | None, zone: str) -> str:
    data = {"cohort": cohort, "time_zone": zone, "entries": [e.as_json() for e in entries]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
