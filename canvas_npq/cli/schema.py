"""``canvas-npq schema``: the JSON Schema of course.yaml, for editors."""

from __future__ import annotations

import json

import click

from canvas_npq.cli.app import App, pass_app
from canvas_npq.spec import json_schema


@click.command()
@pass_app
def schema(app: App) -> None:
    """Print a JSON Schema for course.yaml (for editor autocompletion and checks)."""
    app.out(json.dumps(json_schema(), indent=2, sort_keys=False))
