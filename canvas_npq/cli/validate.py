"""``canvas-npq validate SPEC``: check a spec without contacting Canvas."""

from __future__ import annotations

import click

from canvas_npq import sync
from canvas_npq.cli.app import App, pass_app
from canvas_npq.spec.stripped import stripped_markup


@click.command()
@click.argument("spec", type=click.Path(file_okay=False, path_type=str))
@pass_app
def validate(app: App, spec: str) -> None:
    """Check the spec folder SPEC; exit 0 when it is valid."""
    with app.errors():
        course, desired, cohorts = sync.validate(spec)
    units = sum(1 for r in desired if r.kind.value == "page" and r.block)
    counts = {
        kind: 0
        for kind in ("module", "page", "assignment", "module_item", "discussion", "calendar_event")
    }
    for resource in desired:
        if resource.kind.value in counts:
            counts[resource.kind.value] += 1
    minutes = course.total_study_minutes()
    for warning in stripped_markup(course):
        app.err(f"Warning: {warning}")
    app.out(f"{spec}: valid.")
    app.out(
        f"  {counts['module']} blocks, {units} units, {counts['assignment']} assignments, "
        f"{counts['page']} pages, {counts['module_item']} module items"
    )
    if counts["discussion"] or counts["calendar_event"]:
        app.out(f"  {counts['discussion']} discussions, {counts['calendar_event']} events")
    if minutes:
        app.out(f"  Study time: {minutes // 60} h {minutes % 60:02d} min in total")
    for cohort in cohorts:
        app.out(
            f"  Cohort {cohort.name}: course {cohort.course}, {cohort.delivery}, "
            f"starts {cohort.start.isoformat()}"
        )
