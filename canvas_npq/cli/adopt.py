"""``canvas-npq adopt SPEC --course ID``: bind a spec to a course that already has its content."""

from __future__ import annotations

import sys
from dataclasses import replace

import click

from canvas_npq import sync
from canvas_npq.canvas.client import CanvasConfig
from canvas_npq.cli import exitcodes
from canvas_npq.cli.app import App, pass_app
from canvas_npq.cli.common import resolve_targets
from canvas_npq.cli.importer import render_unmanaged
from canvas_npq.cli.options import canvas_options
from canvas_npq.render.text import block_titles_from, render_plan


def render_adoption(adoption: sync.Adoption, block_titles: dict[str, str]) -> str:
    matching = adoption.matching
    snapshot = adoption.course.snapshot
    name = snapshot.meta.get("course_name") or ""
    lines = [f"Course {adoption.course.state.course_id}{f' ({name})' if name else ''}", ""]
    if matching.matched:
        lines.append(f"Matched to existing Canvas objects ({len(matching.matched)}):")
        for m in matching.matched:
            kind = m.address.kind.label
            lines.append(f"  =   {kind:<16} {m.title}  [{m.address.key}] (id {m.canvas_id})")
    else:
        lines.append("No spec object matched an existing Canvas object.")
    if matching.ambiguous:
        lines += ["", f"Ambiguous, not bound ({len(matching.ambiguous)}):"]
        lines += [f"  ?   {entry}" for entry in matching.ambiguous]
        lines.append("      Rename all but one in Canvas and run adopt again, or apply creates it.")
    if matching.missing:
        lines += ["", f"Not in the course ({len(matching.missing)}):"]
        lines += [f"  +   {entry}" for entry in matching.missing]
    if matching.already_owned:
        lines += ["", f"Already managed by canvas-npq: {matching.already_owned} objects."]
    lines += render_unmanaged(adoption.unmanaged)
    # The manifest write is the binding itself: once bound, only content changes remain.
    after = replace(adoption.plan, manifest_changed=False)
    lines += ["", "Once bound, plan will show:", render_plan(after, block_titles).rstrip()]
    return "\n".join(lines)


@click.command()
@click.argument("spec", type=click.Path(file_okay=False, path_type=str))
@canvas_options
@click.option(
    "--cohort",
    metavar="NAME",
    help="A cohort from cohorts.yaml: its course (unless --course is given) and its "
    "dates, delivery model and overrides.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Bind even if another spec manages the course (this spec takes it over), or, "
    "with --cohort, if the course does not look like the cohort's (name and code "
    "differ) or is a Blueprint child course.",
)
@click.option("--yes", "-y", is_flag=True, help="Bind without asking (for CI).")
@pass_app
def adopt(
    app: App,
    spec: str,
    course: str | None,
    url: str | None,
    token_file: str | None,
    cohort: str | None,
    force: bool,
    yes: bool,
) -> None:
    """Bind the spec to a course that already holds its content (a course copy, say).

    Each spec object the course does not already own is matched to the Canvas object
    of the same kind and title, shown for you to confirm. Confirming records the
    bindings in the course's manifest (one write, no content changed), so plan shows
    only real differences and apply creates no duplicates. Ambiguous and missing
    matches are listed, never guessed. Name the course with --course ID, or with
    --cohort NAME (the cohort's course, dates and delivery model from cohorts.yaml).
    """
    if not (course or cohort):
        raise click.UsageError("Name the course: --course ID or --cohort NAME.")
    with app.errors():
        (target,) = resolve_targets(spec, course, (cohort,) if cohort else (), False)
        assert target.spec is not None and target.desired is not None
        conn = sync.connect(CanvasConfig.from_env(url=url, token_file=token_file))
        adoption = sync.adopt(conn, target.desired, target.course)
        if target.cohort is not None and not force:
            sync.check_target(adoption.course, target.spec, conn)
        if not force:
            sync.check_owner(adoption.course, target.desired)
    course = str(adoption.course.state.course_id)
    app.out(render_adoption(adoption, block_titles_from(target.spec.blocks)))
    if not adoption.needs_write:
        app.out("\nNothing to bind: the course's manifest already records all of it.")
        return
    if not yes:
        if not sys.stdin.isatty():
            app.fail(
                "Not bound: no terminal to confirm on. Re-run with --yes to bind unattended.",
                exitcodes.INPUT_ERROR,
            )
        if not click.confirm("\nBind these objects to the spec?", default=False):
            app.fail("Not bound.", exitcodes.OK)
    with app.errors():
        sync.bind(conn, adoption)
    count = len(adoption.matching.matched)
    next_target = f"--cohort {cohort}" if cohort and not force else f"--course {course}"
    app.out(
        f"\nBound {count} objects: the course's manifest records them; no content was changed.\n"
        f"Next: canvas-npq plan {spec} {next_target}, then apply."
    )
