"""``canvas-npq apply SPEC --course ID``: show the plan, confirm, make it so, verify."""

from __future__ import annotations

import sys

import click

from canvas_npq import sync
from canvas_npq.cli import exitcodes
from canvas_npq.cli.app import App, pass_app
from canvas_npq.cli.common import prepare
from canvas_npq.cli.options import canvas_options, course_id
from canvas_npq.render.text import render_applied, render_apply_summary, render_plan


@click.command()
@click.argument("spec", type=click.Path(file_okay=False, path_type=str))
@canvas_options
@click.option("--prune", is_flag=True, help="Delete owned objects that left the spec.")
@click.option("--yes", "-y", is_flag=True, help="Apply without asking (for CI).")
@click.option("--verbose", "-v", is_flag=True, help="Show every field of new objects too.")
@pass_app
def apply(
    app: App,
    spec: str,
    course: str,
    url: str | None,
    token_file: str | None,
    prune: bool,
    yes: bool,
    verbose: bool,
) -> None:
    """Make the course match the spec, after showing the plan."""
    with app.errors():
        planned = prepare(spec, course, url, token_file, prune)
    plan = planned.plan
    app.out(
        render_plan(plan, planned.block_titles, verbose=verbose, header=planned.header), nl=False
    )
    if plan.empty:
        return
    if not yes:
        if not sys.stdin.isatty():
            app.fail(
                "Not applying: no terminal to confirm on. Re-run with --yes to apply unattended.",
                exitcodes.INPUT_ERROR,
            )
        if not click.confirm("\nApply these changes?", default=False):
            app.fail("Not applied.", exitcodes.OK)
    app.out("")
    app.out("Applying:")
    with app.errors():
        result = sync.apply(
            plan, planned.conn, planned.course, listener=lambda done: app.out(render_applied(done))
        )
    app.out(render_apply_summary(result))
    with app.errors():
        check = sync.verify(planned.desired, planned.conn, course_id(course), prune=prune)
    if check.changes:
        app.fail(
            "Warning: after apply, Canvas still differs from the spec:\n"
            + render_plan(check, planned.block_titles),
            exitcodes.PARTIAL_APPLY,
        )
    app.out("Verified: the course now matches the spec.")
