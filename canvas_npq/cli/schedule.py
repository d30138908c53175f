"""``canvas-npq schedule SPEC --cohort NAME``: every dated thing of a cohort, in order."""

from __future__ import annotations

import click

from canvas_npq import sync
from canvas_npq.cli.app import App, pass_app
from canvas_npq.preview.schedule import (
    build_schedule,
    render_schedule_json,
    render_schedule_text,
)
from canvas_npq.spec.cohorts import find_cohort


@click.command()
@click.argument("spec", type=click.Path(file_okay=False, path_type=str))
@click.option("--cohort", "cohort_name", metavar="NAME", help="The cohort (default: the first).")
@click.option("--json", "as_json", is_flag=True, help="Print the schedule as JSON.")
@pass_app
def schedule(app: App, spec: str, cohort_name: str | None, as_json: bool) -> None:
    """List the cohort's events, due dates, availability dates and block unlocks in
    order, in its local time, with the week of the programme (week 1 starts on the
    cohort's start day)."""
    with app.errors():
        cohorts = sync.load_cohorts(spec)
        cohort = find_cohort(cohorts, cohort_name) if cohort_name else next(iter(cohorts), None)
        course, _ = sync.load(spec, cohort)
    start = cohort.start if cohort else None
    entries = build_schedule(course, start)
    zone = course.course.time_zone
    if as_json:
        app.out(render_schedule_json(entries, cohort.name if cohort else None, zone), nl=False)
        return
    who = (
        f"Cohort {cohort.name}, starting {start:%a} {start.day} {start:%b %Y}"
        if cohort and start
        else course.course.name
    )
    app.out(render_schedule_text(entries, f"{who} (times in {zone})"), nl=False)
