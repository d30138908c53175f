"""Dates per facilitator group: ``sections:`` of a cohort in ``cohorts.yaml``.

A cohort's course often holds several facilitator groups as Canvas sections. A section
named under the cohort gets its own dates for the assignments (and MITs) it lists, as
Canvas assignment overrides, and its own times for the events it lists, as Canvas
section child events; relative dates resolve from the cohort's start::

    sections:
      - name: Group A                 # the Canvas section's name, matched exactly
        dates:
          mit-1: {due_at: week 7 friday 17:00}
          final-assessment: {due_at: week 52 friday 17:00, lock_at: week 53 friday 17:00}
          face-to-face-1: {start_at: week 2 thursday 09:30, end_at: week 2 thursday 15:30}

Only the dates given are overridden; the others follow the assignment (or the event:
an event's ``end_at`` left out keeps the event's length). canvas-npq does
not create sections: they hold the participants' enrolments, which the provider's admin
(or SIS) manages, so a section missing from the course is reported and its dates wait.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from yaml.nodes import MappingNode, SequenceNode

from canvas_npq.model import SourceRef
from canvas_npq.spec.keys import GRADED_QUIZ_TYPES, Key, Table, ValueType
from canvas_npq.spec.values import suggest
from canvas_npq.spec.yamlnodes import describe, line_of, mapping_entries

if TYPE_CHECKING:
    from canvas_npq.cohorts.model import Cohort
    from canvas_npq.spec.model import CourseSpec, EventSpec, QuizSpec

SECTION = Table(
    "section",
    "A facilitator group: a Canvas section of the cohort's course, with its own dates.",
    (
        Key("name", ValueType.TITLE, "The section's name in Canvas.", required=True),
        Key(
            "start",
            ValueType.DATE,
            "The section's own first day, when it starts in another week: its relative "
            "dates count from it (default: the cohort's start; 'week 2' is the cohort's).",
        ),
        Key(
            "dates",
            ValueType.VARIANT,
            "Per assignment id: its due_at, unlock_at and lock_at for this section; "
            "per event id: its start_at and end_at.",
            required=True,
        ),
    ),
)
SECTION_DATES = Table(
    "section dates",
    "An assignment's dates for one section.",
    (
        Key("due_at", ValueType.DATE, "When it is due for this section."),
        Key("unlock_at", ValueType.DATE, "When it opens for this section."),
        Key("lock_at", ValueType.DATE, "When it closes for this section."),
    ),
)
SECTION_EVENT_TIMES = Table(
    "section event times",
    "An event's times for one section.",
    (
        Key("start_at", ValueType.DATE, "When it starts for this section.", required=True),
        Key(
            "end_at",
            ValueType.DATE,
            "When it ends for this section (default: as long as the event).",
        ),
    ),
)
DATE_NAMES = ("due_at", "unlock_at", "lock_at")


@dataclass(frozen=True)
class SectionDates:
    """One assignment's own dates for one section (a Canvas assignment override)."""

    assignment: str
    section: str
    due_at: datetime | None
    unlock_at: datetime | None
    lock_at: datetime | None
    source: SourceRef
    kind: str = "assignment"  # "quiz": a graded quiz, whose dates are its assignment's

    @property
    def key(self) -> str:
        return f"{self.assignment}@{self.section}"


@dataclass(frozen=True)
class SectionTimes:
    """One event's own times for one section (a Canvas section child event)."""

    event: str
    section: str
    start_at: datetime
    end_at: datetime
    source: SourceRef


def read_section_dates(
    walker: Any, spec: CourseSpec, cohort: Cohort | None
) -> tuple[SectionDates | SectionTimes, ...]:
    """The cohort's ``sections:``, checked against the spec (problems point into
    cohorts.yaml); an assignment or event the cohort leaves out takes its section dates
    with it."""
    node = cohort.sections if cohort is not None else None
    if node is None:
        return ()
    ctx = walker.ctx
    saved, ctx.file = ctx.file, cohort.file  # type: ignore[union-attr]
    try:
        return tuple(_read(walker, spec, node))
    finally:
        ctx.file = saved


def _read(walker: Any, spec: CourseSpec, node: Any) -> list[SectionDates | SectionTimes]:
    ctx = walker.ctx
    if not isinstance(node, SequenceNode):
        ctx.add(node, f"'sections' must be a list, found {describe(node)}")
        return []
    assignments = {a.id for _, a in spec.all_assignments()}
    quizzes = {q.id: q.quiz_type in GRADED_QUIZ_TYPES for q in _quizzes(spec)}
    events = {e.id: e for e in spec.events}
    found_dates: list[SectionDates | SectionTimes] = []
    names: set[str] = set()
    for entry in node.value:
        found = walker.fields(entry, SECTION, "a section")
        if found is None or "name" not in found.values:
            continue
        name = found.values["name"]
        if name in names:
            ctx.add(found.nodes["name"], f"section {name!r} is named twice")
        names.add(name)
        dates = found.values.get("dates")
        if dates is None:
            continue
        if not isinstance(dates, MappingNode):
            message = f"the dates of section {name!r} must map assignment and event ids to dates"
            ctx.add(dates, message)
            continue
        saved_start = ctx.start
        if isinstance(found.values.get("start"), datetime):  # its relative dates count from it
            ctx.start = found.values["start"].date()
        try:
            found_dates.extend(_read_dates(walker, name, dates, assignments, quizzes, events))
        finally:
            ctx.start = saved_start
    return found_dates


def _read_dates(
    walker: Any,
    name: str,
    dates: MappingNode,
    assignments: set[str],
    quizzes: dict[str, bool],
    events: dict[str, EventSpec],
) -> list[SectionDates | SectionTimes]:
    """One section's ``dates:``, each checked against the spec."""
    ctx = walker.ctx
    found_dates: list[SectionDates | SectionTimes] = []
    for object_id, key_node, value in mapping_entries(dates, ctx.file, ctx.problems):
        if object_id in events:
            times = _event_times(walker, events[object_id], name, key_node, value)
            found_dates.extend(times)
            continue
        if object_id in quizzes and not quizzes[object_id]:
            ctx.add(
                key_node,
                f"section {name!r} gives dates to {object_id!r}, an ungraded quiz",
                "Canvas takes a quiz's dates per section only through its assignment: "
                "make it graded (quiz_type: assignment or graded_survey), or date it "
                "for everyone",
            )
            continue
        if object_id not in assignments and object_id not in quizzes:
            if object_id in walker.excluded:
                continue  # the cohort leaves the assignment out
            known = sorted(assignments | set(events) | set(quizzes))
            _unknown(walker, key_node, object_id, name, known)
            continue
        where = f"the dates of {object_id!r} for section {name!r}"
        given = walker.fields(value, SECTION_DATES, where)
        if given is None:
            continue
        if not any(n in given.values for n in DATE_NAMES):
            ctx.add(value, f"{where} give no date", "Give due_at, unlock_at or lock_at")
            continue
        found_dates.append(
            SectionDates(
                assignment=object_id,
                section=name,
                due_at=given.values.get("due_at"),
                unlock_at=given.values.get("unlock_at"),
                lock_at=given.values.get("lock_at"),
                source=SourceRef(ctx.file, line_of(key_node)),
                kind="quiz" if object_id in quizzes else "assignment",
            )
        )
    return found_dates


def _unknown(walker: Any, node: Any, object_id: str, section: str, known: list[str]) -> None:
    if object_id in walker.ids:
        what = walker.ids[object_id][0]
        message = f"section {section!r} gives dates to {object_id!r}, which is a {what}"
        hint = "Dates per section are for assignments, MITs, graded quizzes and events"
    else:
        message = f"section {section!r} gives dates to {object_id!r}, which is not in the spec"
        hint = suggest(object_id, known) or (
            f"Assignments and events: {', '.join(known) or 'none'}"
        )
    walker.ctx.add(node, message, hint)


def _event_times(
    walker: Any, event: EventSpec, section: str, key_node: Any, value: Any
) -> list[SectionTimes]:
    """One event's times for one section; ``end_at`` left out keeps the event's length."""
    ctx = walker.ctx
    where = f"the times of event {event.id!r} for section {section!r}"
    given = walker.fields(value, SECTION_EVENT_TIMES, where)
    if given is None or "start_at" not in given.values:
        return []
    start_at = given.values["start_at"]
    end_at = given.values.get("end_at") or start_at + (event.end_at - event.start_at)
    if end_at <= start_at:
        node = given.nodes.get("end_at", value)
        ctx.add(node, f"{where} end before they start", "Give an end_at after start_at")
        return []
    source = SourceRef(ctx.file, line_of(key_node))
    return [SectionTimes(event.id, section, start_at, end_at, source)]


def _quizzes(spec: CourseSpec) -> list[QuizSpec]:
    from canvas_npq.spec.model import QuizSpec

    in_blocks = [i for b in spec.blocks for i in b.items if isinstance(i, QuizSpec)]
    return in_blocks + list(spec.quizzes)
