"""Checks across a whole spec that help course designers, beside the key-by-key walk.

Each takes what the walk found and adds problems (errors) or warnings to the context;
none changes the spec.
"""

from __future__ import annotations

from canvas_npq.spec.cohorts import COHORTS_FILE, EXAMPLE
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
