"""``canvas-npq schema``: the JSON Schema of course.yaml, for editors."""

from __future__ import annotations

import json

import click

from canvas_npq.cli.app import App, pass_app
from canvas_npq.spec import json_schema
from canvas_npq.spec.schema import cohorts_json_schema


@click.command()
@click.option("--cohorts", is_flag=True, help="The schema of cohorts.yaml instead.")
@pass_app
def schema(app: App, cohorts: bool) -> None:
    """Print a JSON Schema for course.yaml (for editor autocompletion and checks)."""
    app.out(json.dumps(cohorts_json_schema() if cohorts else json_schema(), indent=2))
