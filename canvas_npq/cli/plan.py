"""``canvas-npq plan SPEC --course ID``: show what apply would change, field by field."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from canvas_npq.cli import exitcodes
from canvas_npq.cli.app import App, pass_app
from canvas_npq.cli.common import prepare
from canvas_npq.cli.options import canvas_options
from canvas_npq.render.json import render_plan_json
from canvas_npq.render.text import render_plan


@click.command()
@click.argument("spec", type=click.Path(file_okay=False, path_type=str))
@canvas_options
@click.option("--prune", is_flag=True, help="Plan to delete owned objects that left the spec.")
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also save the plan as JSON to this file.",
)
@click.option("--verbose", "-v", is_flag=True, help="Show every field of new objects too.")
@click.option(
    "--detailed-exitcode",
    is_flag=True,
    help="Exit 0 when there are no changes, 2 when there are, other codes on errors.",
)
@pass_app
def plan(
    app: App,
    spec: str,
    course: str,
    url: str | None,
    token_file: str | None,
    prune: bool,
    as_json: bool,
    out: Path | None,
    verbose: bool,
    detailed_exitcode: bool,
) -> None:
    """Show every change apply would make to the course, grouped by block."""
    with app.errors():
        planned = prepare(spec, course, url, token_file, prune)
    if out is not None:
        out.write_text(render_plan_json(planned.plan), encoding="utf-8")
    if as_json:
        app.out(render_plan_json(planned.plan), nl=False)
    else:
        app.out(
            render_plan(planned.plan, planned.block_titles, verbose=verbose, header=planned.header),
            nl=False,
        )
    if detailed_exitcode and not planned.plan.empty:
        sys.exit(exitcodes.CHANGES)
