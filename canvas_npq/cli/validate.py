"""``canvas-npq validate SPEC``: check a spec without contacting Canvas."""

from __future__ import annotations

import click

from canvas_npq.cli.app import App, pass_app
from canvas_npq.spec import SpecError, build_desired, load_spec
from canvas_npq.spec.cohorts import load_cohorts


@click.command()
@click.argument("spec", type=click.Path(file_okay=False, path_type=str))
@pass_app
def validate(app: App, spec: str) -> None:
    """Check the spec folder SPEC; exit 0 when it is valid."""
    with app.errors():
        cohorts = load_cohorts(spec)
        problems = []
        for cohort in cohorts:  # every cohort's dates, delivery model and overrides
            try:
                build_desired(load_spec(spec, cohort))
            except SpecError as error:
                problems.extend(error.problems)
        if problems:
            unique = {(p.file, p.line, p.column, p.message): p for p in problems}
            raise SpecError(unique.values())
        course = load_spec(spec)
        desired = build_desired(course)
    units = sum(1 for r in desired if r.kind.value == "page" and r.block)
    counts = {
        kind: 0
        for kind in (
            "module",
            "page",
            "assignment",
            "module_item",
            "discussion",
            "calendar_event",
            "quiz",
        )
    }
    for resource in desired:
        if resource.kind.value in counts:
            counts[resource.kind.value] += 1
    minutes = course.total_study_minutes()
    app.out(f"{spec}: valid.")
    app.out(
        f"  {counts['module']} blocks, {units} units, {counts['assignment']} assignments, "
        f"{counts['page']} pages, {counts['module_item']} module items"
    )
    if counts["discussion"] or counts["calendar_event"]:
        app.out(f"  {counts['discussion']} discussions, {counts['calendar_event']} events")
    if counts["quiz"]:
        questions = sum(len(r.fields["questions"]) for r in desired if r.kind.value == "quiz")
        app.out(f"  {counts['quiz']} quizzes, {questions} questions")
    if minutes:
        app.out(f"  Study time: {minutes // 60} h {minutes % 60:02d} min in total")
    for cohort in cohorts:
        app.out(
            f"  Cohort {cohort.name}: course {cohort.course}, {cohort.delivery}, "
            f"starts {cohort.start.isoformat()}"
        )
