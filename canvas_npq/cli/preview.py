"""``canvas-npq preview SPEC --out DIR``: the course as participants see it, as a static
site; ``--serve`` serves it on loopback and rebuilds it when a spec file is saved."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from canvas_npq import sync
from canvas_npq.cli import exitcodes
from canvas_npq.cli.app import App, describe_error, pass_app
from canvas_npq.cli.coverage import NOT_IN_A_MODULE, spec_coverage
from canvas_npq.preview import PreviewCourse, Site, build_schedule, build_site, write_site
from canvas_npq.preview.serve import PreviewServer
from canvas_npq.spec import CourseSpec
from canvas_npq.spec.cohorts import find_cohort


def _coverage_html(spec: CourseSpec) -> str | None:
    if not spec.framework:
        return None
    columns = [b.id for b in spec.blocks] + ([NOT_IN_A_MODULE] if spec.assignments else [])
    titles = {b.id: b.title for b in spec.blocks} | {NOT_IN_A_MODULE: "Not in a module"}
    return spec_coverage(spec).to_html(columns, titles, title=spec.course.name)


def build_preview(spec_path: str, cohort_name: str | None, live_reload: bool = False) -> Site:
    """Load the spec for the cohort (the first in cohorts.yaml when none is named) and
    render the preview from the same desired snapshot plan and apply use."""
    cohorts = sync.load_cohorts(spec_path)
    cohort = find_cohort(cohorts, cohort_name) if cohort_name else next(iter(cohorts), None)
    spec, desired = sync.load(spec_path, cohort)
    course = PreviewCourse(
        desired,
        spec.course.time_zone,
        spec.root,
        cohort=cohort.name if cohort else None,
        start=cohort.start if cohort else None,
    )
    schedule = build_schedule(spec, course.start)
    return build_site(course, schedule, _coverage_html(spec), live_reload=live_reload)


def _describe(error: Exception) -> str | None:
    described = describe_error(error)
    return described[1] if described is not None else None


@click.command()
@click.argument("spec", type=click.Path(file_okay=False, path_type=str))
@click.option("--cohort", "cohort_name", metavar="NAME", help="Preview this cohort's course.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the site here (DIR/index.html is the home page).",
)
@click.option("--serve", is_flag=True, help="Serve it on 127.0.0.1; rebuild on every save.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="With --serve (0: free).")
@pass_app
def preview(
    app: App, spec: str, cohort_name: str | None, out: Path | None, serve: bool, port: int
) -> None:
    """Build a preview site of the course SPEC as a participant sees it in Canvas.

    Nothing is sent to Canvas. Open DIR/index.html, or use --serve and keep the page
    open while you edit: it reloads when a spec file is saved.
    """
    if not serve and out is None:
        raise click.UsageError("Give --out DIR for the site, or --serve to serve it.")
    if out is not None:
        with app.errors():
            site = build_preview(spec, cohort_name)
        try:
            count = write_site(site, out)
        except (FileExistsError, OSError) as error:
            app.fail(f"Error: {error}", exitcodes.INPUT_ERROR)
        app.out(f"Wrote the preview to {out} ({count} files): open {out / 'index.html'}")
    if not serve:
        return
    # A spec that fails to build while serving is shown in the page, not a crash.
    server = PreviewServer(
        lambda: build_preview(spec, cohort_name, live_reload=True),
        Path(spec),
        _describe,
        port=port,
    )
    app.out(f"Serving the preview at {server.url} (Ctrl-C to stop); it rebuilds on save.")
    sys.stdout.flush()  # the address must reach a pipe now, not when the server stops
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        app.out("Stopped.")
