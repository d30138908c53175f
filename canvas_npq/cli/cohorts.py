"""``canvas-npq cohorts SPEC``: the cohorts of a spec, for people or (``--json``) for a
CI job matrix (one job per cohort). Reads ``cohorts.yaml`` only; contacts nobody."""

from __future__ import annotations

import json
from typing import Any

import click

from canvas_npq.cli.app import App, pass_app
from canvas_npq.cohorts.model import Cohort
from canvas_npq.spec.cohorts import load_cohorts


def cohort_to_dict(cohort: Cohort) -> dict[str, Any]:
    blueprint = cohort.blueprint
    return {
        "name": cohort.name,
        "course": cohort.course,
        "start": cohort.start.isoformat(),
        "timezone": cohort.timezone,
        "delivery": cohort.delivery,
        "course_name": cohort.course_name,
        "course_code": cohort.course_code,
        "blueprint": None
        if blueprint is None
        else {"course": blueprint.course, "associated": list(blueprint.associated)},
    }


@click.command()
@click.argument("spec", type=click.Path(file_okay=False, path_type=str))
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="One line of JSON: a list of cohorts (name, course, start, ...), for a job matrix.",
)
@pass_app
def cohorts(app: App, spec: str, as_json: bool) -> None:
    """List the cohorts of the spec folder SPEC (its cohorts.yaml)."""
    with app.errors():
        found = load_cohorts(spec)
    if as_json:
        # One line, so it can go straight into $GITHUB_OUTPUT as name=value.
        app.out(json.dumps([cohort_to_dict(c) for c in found], separators=(",", ":")))
        return
    if not found:
        app.out(f"{spec}: no cohorts.yaml; name the course with --course.")
    for cohort in found:
        zone = f" ({cohort.timezone})" if cohort.timezone else ""
        app.out(
            f"{cohort.name}: course {cohort.course}, {cohort.delivery}, "
            f"starts {cohort.start.isoformat()}{zone}"
        )
