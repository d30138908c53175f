"""``canvas-npq plan SPEC --course ID``: show what apply would change, field by field."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from canvas_npq import sync
from canvas_npq.canvas.client import CanvasConfig
from canvas_npq.cli import exitcodes
from canvas_npq.cli.app import App, pass_app
from canvas_npq.cli.common import (
    Planned,
    Printer,
    Target,
    by_cohort,
    finish,
    read_and_plan,
    reports_of,
    resolve_targets,
)
from canvas_npq.cli.options import (
    canvas_options,
    cohort_options,
    concurrency_option,
    with_concurrency,
)
from canvas_npq.cli.progress import progress_for, showing
from canvas_npq.cohorts.run import run_each
from canvas_npq.plan.saved import SavedPlan, dump_plans, save_plans
from canvas_npq.render.markdown import MarkdownSection, render_plans_markdown
from canvas_npq.render.markdown_summary import render_plans_summary_markdown


@click.command()
@click.argument("spec", type=click.Path(file_okay=False, path_type=str))
@canvas_options
@cohort_options
@concurrency_option
@click.option("--prune", is_flag=True, help="Plan to delete owned objects that left the spec.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="How to print the plan: for people, for programs, or for a pull-request comment.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON (= --format json).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also save the plan to this file, for `apply FILE`.",
)
@click.option(
    "--summary-out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write a Markdown summary (counts per course and block) to this file, sized "
    "for a pull-request comment.",
)
@click.option("--verbose", "-v", is_flag=True, help="Show every field of new objects too.")
@click.option(
    "--detailed-exitcode",
    is_flag=True,
    help="Exit 0 when there are no changes to course content (an update of canvas-npq's "
    "own record does not count), 2 when there are, other codes on errors.",
)
@pass_app
def plan(
    app: App,
    spec: str,
    course: str | None,
    url: str | None,
    token_file: str | None,
    cohorts: tuple[str, ...],
    all_cohorts: bool,
    parallel: int,
    force: bool,
    prune: bool,
    output_format: str,
    as_json: bool,
    out: Path | None,
    summary_out: Path | None,
    verbose: bool,
    detailed_exitcode: bool,
    concurrency: int,
) -> None:
    """Show every change apply would make to the course, grouped by block."""
    if as_json:
        output_format = "json"
    with app.errors():
        targets = resolve_targets(spec, course, cohorts, all_cohorts)
        config = with_concurrency(
            CanvasConfig.from_env(url=url, token_file=token_file),
            concurrency,
        )
    printer = Printer(app)
    single = len(targets) == 1
    # On stderr, as for apply: which courses are still being read, and Canvas's
    # throttle waits, so a run over many cohorts never goes quiet for long.
    progress = showing(progress_for(sys.stderr), printer)

    def work(target: Target) -> Planned:
        progress.reading(target.name)
        conn = sync.connect(config)
        conn.on_wait = lambda seconds, why: progress.waiting(target.name, seconds, why)
        try:
            planned = read_and_plan(target, conn, prune, force)
        finally:
            progress.finished(target.name)
        if planned.plan.empty:
            planned.status = "no changes"
        else:
            planned.status = "record only" if planned.plan.record_only else "changes"
        if output_format == "text":
            printer.block(planned.render(verbose).splitlines())
        return planned

    try:
        outcomes = run_each(targets, work, parallel)
    finally:
        progress.close()
        printer.through = None
    done = [o.result for o in outcomes if o.result is not None]
    saved = [
        SavedPlan(
            p.plan,
            cohort=p.target.cohort_name,
            blueprint=p.target.blueprint,
            header=p.header,
            block_titles=p.block_titles,
        )
        for p in done
    ]
    if out is not None and saved:
        for warning in save_plans(out, saved):
            app.err(warning)
    if output_format == "json" and saved:
        app.out(dump_plans(saved), nl=False)
    reports = reports_of(targets, outcomes)
    sections = [MarkdownSection(p.header, p.plan, p.block_titles, p.time_zone) for p in done]
    failures = [(r.name, r.message) for r in reports if r.code != exitcodes.OK]
    if summary_out is not None:
        summary_out.write_text(
            render_plans_summary_markdown(sections, failures=failures), encoding="utf-8"
        )
    if output_format == "markdown":
        app.out(render_plans_markdown(sections, failures=failures), nl=False)
    finish(
        app,
        reports,
        single,
        summary_to_stderr=output_format != "text",
        summary=by_cohort(targets) or not single,
    )
    # A plan that only updates canvas-npq's own record changes no course content.
    if detailed_exitcode and any(p.plan.changes for p in done):
        sys.exit(exitcodes.CHANGES)
