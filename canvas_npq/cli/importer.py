"""``canvas-npq import --course ID OUT_DIR``: write a spec that reproduces a live course."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from canvas_npq import sync
from canvas_npq.canvas.client import CanvasConfig
from canvas_npq.cli import exitcodes
from canvas_npq.cli.app import App, pass_app
from canvas_npq.cli.options import canvas_options, course_id
from canvas_npq.render.text import render_plan


def render_unmanaged(unmanaged: list[sync.Unmanaged]) -> list[str]:
    if not unmanaged:
        return []
    lines = ["", "Left as they are (canvas-npq does not manage them):"]
    lines += [f"  !   {entry}" for entry in unmanaged]
    return lines


@click.command("import")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@canvas_options
@click.option(
    "--no-bind",
    is_flag=True,
    help="Only write the spec; do not record ownership in the course (no write at all).",
)
@click.option(
    "--take-over",
    is_flag=True,
    help="Bind the course even though another spec manages it: OUT_DIR becomes its spec "
    "and the other spec's plans are refused from then on.",
)
@click.option(
    "--start",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="The cohort's first day: cohorts.yaml gets a cohort that is this course, and "
    "dates are written relative to that day (week 3 monday 09:00) wherever that is exact.",
)
@pass_app
def import_(
    app: App,
    out_dir: Path,
    course: str | None,
    url: str | None,
    token_file: str | None,
    no_bind: bool,
    take_over: bool,
    start: datetime | None,
) -> None:
    """Write a spec folder that reproduces the course, and bind the course to it.

    Pages and assignment descriptions become Markdown where Markdown reproduces them
    exactly (raw HTML blocks are kept for what it cannot express), HTML files
    otherwise. Announcements, the course menu and settings are written too; sections'
    own dates go to cohorts.yaml, in a cohort that is this course (with --start, always,
    and dates are written relative to the cohort's first day where that is exact). Course files are
    downloaded into OUT_DIR/files/, and links to them become relative links. OUT_DIR
    is written whole or not at all. Binding records every imported object in the
    course's manifest, with OUT_DIR's name as the course's spec: one write, no content
    changed. Afterwards `plan OUT_DIR --course ID` (or `--cohort NAME`, with
    cohorts.yaml) shows no changes. A course another spec already manages is refused
    (nothing is written) unless --no-bind (the spec only) or --take-over.
    """
    if no_bind and take_over:
        raise click.UsageError("--no-bind writes nothing to the course: not with --take-over.")
    if not course:
        raise click.UsageError("Name the course to import: --course ID.")
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        app.fail(f"Error: {out_dir} already exists and is not empty.", exitcodes.INPUT_ERROR)
    with app.errors():
        conn = sync.connect(CanvasConfig.from_env(url=url, token_file=token_file))
        result = sync.import_course(
            conn,
            course_id(course),
            out_dir,
            bind_course=not no_bind,
            take_over=take_over,
            start=start.date() if start else None,
        )
    files = result.files
    bodies = [p for p in files.files if p != "course.yaml"]
    downloaded = sum(d.size for d in files.downloads.values())
    lines = [
        f"Wrote {out_dir}/course.yaml, {len(bodies)} body files and "
        f"{len(files.downloads)} course files ({downloaded:,} bytes) "
        f"from course {result.course.state.course_id}.",
    ]
    if files.html_bodies:
        lines.append(
            f"Kept as HTML (Markdown cannot reproduce them exactly): {', '.join(files.html_bodies)}"
        )
    if files.cohort and start:
        lines.append(
            f"Wrote {out_dir}/cohorts.yaml: cohort {files.cohort!r} is this course, starting "
            f"{start:%Y-%m-%d}; dates count from that day where they can."
        )
    elif files.cohort:
        lines.append(
            f"Wrote {out_dir}/cohorts.yaml: cohort {files.cohort!r} is this course, with its "
            "sections' own dates; set its start: to the cohort's first day."
        )
    if files.raw_blocks:
        lines.append(f"{files.raw_blocks} block(s) kept as raw HTML inside Markdown.")
    lines += render_unmanaged(result.unmanaged)
    if not result.plan.changes:
        lines += ["", "Round trip: the spec reproduces the course exactly."]
    else:
        lines += [
            "",
            "Warning: the spec does not reproduce these fields exactly; plan will show them:",
            render_plan(result.plan).rstrip(),
        ]
    managed = len(result.desired) - 1
    if no_bind:
        lines += ["", "Not bound (--no-bind): nothing was written to the course."]
    else:
        lines += [
            "",
            f"Bound: the course's manifest records {managed} objects, with {result.owner!r} "
            "as the course's spec; no content was changed.",
            f"Next: canvas-npq plan {out_dir} "
            + (f"--cohort {files.cohort}" if files.cohort else f"--course {course}"),
        ]
    app.out("\n".join(lines))
