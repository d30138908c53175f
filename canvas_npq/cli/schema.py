"""``canvas-npq schema``: the JSON Schemas of course.yaml, cohorts.yaml and rubric files,
for editors, and of plan files, for programs."""

from __future__ import annotations

import json

import click

from canvas_npq.cli.app import App, pass_app
from canvas_npq.plan.schema import plan_json_schema
from canvas_npq.spec import json_schema
from canvas_npq.spec.schema import cohorts_json_schema, rubric_json_schema


@click.command()
@click.option("--cohorts", is_flag=True, help="The schema of cohorts.yaml instead.")
@click.option(
    "--rubric", is_flag=True, help="The schema of rubric files (and criteria files) instead."
)
@click.option(
    "--plan", "plan", is_flag=True, help="The schema of plan files (plan --json / --out) instead."
)
@pass_app
def schema(app: App, cohorts: bool, rubric: bool, plan: bool) -> None:
    """Print a JSON Schema for course.yaml (for editor autocompletion and checks)."""
    if cohorts + rubric + plan > 1:
        raise click.UsageError("Use one of --cohorts, --rubric and --plan.")
    if plan:
        document = plan_json_schema()
    elif cohorts:
        document = cohorts_json_schema()
    else:
        document = rubric_json_schema() if rubric else json_schema()
    app.out(json.dumps(document, indent=2))
