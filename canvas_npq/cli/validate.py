"""``canvas-npq validate SPEC``: check a spec without contacting Canvas."""

from __future__ import annotations

import click

from canvas_npq.cli import exitcodes
from canvas_npq.cli.app import App, pass_app
from canvas_npq.cohorts.model import Cohort
from canvas_npq.model import Snapshot
from canvas_npq.render.annotations import github_annotations
from canvas_npq.spec import CourseSpec, SpecError, build_desired, load_spec
from canvas_npq.spec.cohorts import load_cohorts


@click.command()
@click.argument("spec", type=click.Path(path_type=str))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="github: each problem as a GitHub Actions error annotation on its file and line.",
)
@pass_app
def validate(app: App, spec: str, output_format: str) -> None:
    """Check the spec folder SPEC (or its course.yaml); exit 0 when it is valid."""
    with app.errors():
        try:
            cohorts, course, desired, warnings = _check(spec)
        except SpecError as error:
            if output_format != "github":
                raise
            app.out(github_annotations(error.problems, spec), nl=False)
            count = len(error.problems)
            app.fail(
                f"{spec}: {count} problem{'' if count == 1 else 's'}; nothing was sent to Canvas.",
                exitcodes.INPUT_ERROR,
            )
    _report(app, spec, cohorts, course, desired)
    for text, names in warnings.items():  # worth a look, but the spec can be used
        every = len(names) == len(cohorts)
        app.out(f"Warning{'' if every else ' (' + ', '.join(names) + ')'}: {text}")


def _check(spec: str) -> tuple[list[Cohort], CourseSpec, Snapshot, dict[str, list[str]]]:
    """Load the spec for every cohort and alone; SpecError with every problem found.
    Returns each warning with the cohorts it is for."""
    cohorts = load_cohorts(spec)
    problems = []
    warnings: dict[str, list[str]] = {}
    for cohort in cohorts:  # every cohort's dates, delivery model and overrides
        try:
            for_cohort = load_spec(spec, cohort)
            build_desired(for_cohort)
        except SpecError as error:
            problems.extend(error.problems)
            continue
        for warning in for_cohort.warnings:
            warnings.setdefault(str(warning), []).append(cohort.name)
    if problems:
        unique = {(p.file, p.line, p.column, p.message): p for p in problems}
        raise SpecError(unique.values())
    course = load_spec(spec)
    desired = build_desired(course)
    if not cohorts:
        warnings = {str(w): [] for w in course.warnings}
    return cohorts, course, desired, warnings


def _report(
    app: App, spec: str, cohorts: list[Cohort], course: CourseSpec, desired: Snapshot
) -> None:
    units = sum(1 for r in desired if r.kind.value == "page" and r.block)
    counts = {
        kind: 0
        for kind in ("module", "page", "assignment", "module_item", "discussion", "calendar_event")
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
    if minutes:
        app.out(f"  Study time: {minutes // 60} h {minutes % 60:02d} min in total")
    for cohort in cohorts:
        app.out(
            f"  Cohort {cohort.name}: course {cohort.course}, {cohort.delivery}, "
            f"starts {cohort.start.isoformat()}"
        )
