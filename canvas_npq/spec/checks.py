"""Checks across a whole spec that help course designers, beside the key-by-key walk.

Each takes what the walk found and adds problems (errors) or warnings to the context;
none changes the spec.
"""

from __future__ import annotations

from canvas_npq.spec.cohorts import COHORTS_FILE, EXAMPLE
from canvas_npq.spec.errors import Problem
from canvas_npq.spec.model import CourseSpec, RubricSpec
from canvas_npq.spec.values import Context


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
