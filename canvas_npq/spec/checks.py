"""Checks across a whole spec that help course designers, beside the key-by-key walk.

Each takes what the walk found and adds problems (errors) or warnings to the context;
none changes the spec.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, tzinfo

from canvas_npq.cohorts.model import Cohort
from canvas_npq.spec.cohorts import COHORTS_FILE, EXAMPLE
from canvas_npq.spec.dates import WEEKDAYS, written_day
from canvas_npq.spec.errors import Problem
from canvas_npq.spec.model import AssignmentSpec, CourseSpec, RubricSpec
from canvas_npq.spec.values import Context, DateRecord

_QUOTED_ID = re.compile(r"'([^']*)'$")


def report_unresolved_relative_dates(ctx: Context) -> None:
    """One problem for every relative date at once when there is no cohort start.

    Each such date fails for the same reason (there is no ``cohorts.yaml``), so one
    message saying which file to create, with an example, replaces one per date.
    """
    found = ctx.unresolved_relative
    if not found:
        return
    file, line, column, text = found[0]
    others = len(found) - 1
    more = f" and {others} more date{'s' if others != 1 else ''}" if others else ""
    ctx.problems.add(
        file,
        line,
        column,
        f"{text!r}{more} in the spec count from a cohort's start, but there is no "
        f"{COHORTS_FILE} to say when a cohort starts",
        f"Create {COHORTS_FILE} beside course.yaml, for example:\n{EXAMPLE}\n"
        "(or write each date in full, like 2026-10-05)",
    )


def rubric_points(rubric: RubricSpec) -> float:
    """What Canvas makes a rubric's ``points_possible``: the sum over its criteria of
    each criterion's top rating (Canvas sets a criterion's points to its best rating's)."""
    return sum(max((r.points for r in c.ratings), default=0.0) for c in rubric.criteria)


def _points(value: float) -> str:
    return f"{value:g}"


def check_rubric_points(ctx: Context, spec: CourseSpec) -> None:
    """A points-graded assignment's rubric must total the assignment's points.

    With fewer, no participant can reach full marks. And for a rubric used for grading,
    Canvas itself sets the assignment's points to the rubric's total whenever it saves
    the rubric association (``update_assignment_points``), so every apply would put the
    spec's points back and the next rubric save would undo it again: an error. A rubric
    kept for feedback only (``use_for_grading: false``) leaves the points alone: a
    warning.
    """
    for _, assignment in spec.all_assignments():
        rubric = assignment.rubric
        if rubric is None or assignment.grading != "points" or assignment.points is None:
            continue
        total = rubric_points(rubric)
        if abs(total - assignment.points) < 1e-9:
            continue
        file = assignment.source.file if assignment.source else ctx.file
        line = assignment.source.line if assignment.source else None
        reach = (
            f"no participant can score above {_points(total)}"
            if total < assignment.points
            else f"a participant could score {_points(total)} out of {_points(assignment.points)}"
        )
        message = (
            f"the rubric {rubric.path} totals {_points(total)} points, but assignment "
            f"{assignment.id!r} has points: {_points(assignment.points)}: {reach}"
        )
        hint = (
            f"Make them equal: set points: {_points(total)} in the assignment, or change the "
            f"top ratings in {rubric.path} to total {_points(assignment.points)}"
        )
        if rubric.use_for_grading:
            message += (
                f", and Canvas would change the assignment to {_points(total)} points when "
                "it saves a rubric used for grading"
            )
            ctx.problems.add(file, line, None, message, hint)
        else:
            ctx.warnings.append(Problem(file, line, None, message, hint))


def _object_id(owner: str) -> str | None:
    """The id in an owner label such as ``mit 'mit-1'``."""
    match = _QUOTED_ID.search(owner)
    return match.group(1) if match else None


def _day(value: datetime, zone: tzinfo) -> str:
    return f"{value.astimezone(zone):%a %d %b %Y}"


def check_holidays(ctx: Context, spec: CourseSpec, cohort: Cohort | None) -> None:
    """A warning for each date (due, unlock, lock, event) inside one of the cohort's
    holidays, at the date, naming the object and the holiday."""
    if cohort is None or not cohort.holidays:
        return
    present = {obj.id for obj in spec.all_objects()}
    for (owner, key), record in ctx.dates.items():
        if _object_id(owner) not in present:
            continue  # left out for this cohort
        day = record.value.astimezone(ctx.zone).date()
        for holiday in cohort.holidays:
            if not holiday.start <= day <= holiday.end:
                continue
            where = f" ({COHORTS_FILE}:{holiday.source.line})" if holiday.source else ""
            ctx.warnings.append(
                Problem(
                    record.file,
                    record.line,
                    record.column,
                    f"{owner} has {key} {_day(record.value, ctx.zone)} ({record.text!r}), "
                    f"in the holiday {holiday.name!r} of cohort {cohort.name!r}, "
                    f"{holiday.start:%d %b} to {holiday.end:%d %b %Y}{where}",
                    f"Move it out of the holiday, or give cohort {cohort.name!r} its own "
                    f"date under overrides: in {COHORTS_FILE}",
                )
            )


def check_due_before_event(ctx: Context, spec: CourseSpec, cohort: Cohort | None) -> None:
    """A warning for a task written to fall due after an event of its block that, as
    the cohort's weeks are counted, falls due before it.

    "week 6 friday" reads as later than "week 6 tuesday", but weeks count from the
    cohort's start day: with a Thursday start, week 6 runs Thursday to Wednesday and
    its Friday comes before its Tuesday. Only dates written as ``week N weekday`` can
    read one way and count the other; the warning explains the count.
    """
    if cohort is None:
        return
    dated = {
        (_object_id(owner), key): (owner, record) for (owner, key), record in ctx.dates.items()
    }
    for block in spec.blocks:
        starts = [dated.get((e.id, "start_at")) for e in spec.events if e.block == block.id]
        for item in block.items:
            task = dated.get((item.id, "due_at"))
            if not isinstance(item, AssignmentSpec) or task is None:
                continue
            for event in starts:
                if event is not None:
                    _due_before(ctx, cohort, task[0], task[1], event[0], event[1])


def _due_before(
    ctx: Context, cohort: Cohort, task: str, due: DateRecord, event: str, start: DateRecord
) -> None:
    written_due, written_start = written_day(due.text), written_day(start.text)
    if written_due is None or written_start is None or written_due <= written_start:
        return  # not written as after the event
    if due.value >= start.value:
        return
    week = written_due[0]
    first = cohort.start + timedelta(days=7 * (week - 1))
    last = first + timedelta(days=6)
    ctx.warnings.append(
        Problem(
            due.file,
            due.line,
            due.column,
            f"{task} is due {_day(due.value, ctx.zone)} ({due.text!r}), before {event} of "
            f"its block on {_day(start.value, ctx.zone)} ({start.text!r}), though it is "
            f"written after it: weeks count from the cohort's start day, and cohort "
            f"{cohort.name!r} starts on a {cohort.start:%A} ({cohort.start}), so its week "
            f"{week} runs {first:%a %d %b} to {last:%a %d %b}",
            f"To fall due after the event, write 'week {week + 1} "
            f"{WEEKDAYS[written_due[1]]}' (or 'start + Nd'), or move the event",
        )
    )
