"""``canvas-npq apply SPEC --course ID`` or ``apply PLANFILE``: lock, plan, confirm, apply.

Each course is read and planned; a plan with changes is then applied under the
course's lock (held in Canvas), so no other apply can interleave. Under the lock the
course is read again (what the plan writes) and the plan refused as stale (exit 7) if
the course changed since it was read, so the plan shown is the plan applied; a saved
plan is checked the same way. The lock is released at the end whatever happens.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from canvas_npq import sync
from canvas_npq.apply import AfterWritesFailed, AnySignal, Applied, ApplyFailed
from canvas_npq.canvas.blueprint import BlueprintSyncFailed, SyncReport
from canvas_npq.canvas.client import CanvasConfig
from canvas_npq.canvas.errors import CanvasError
from canvas_npq.cli import exitcodes
from canvas_npq.cli.app import App, pass_app
from canvas_npq.cli.apply_json import ApplyRecord, Watch, render_apply_json
from canvas_npq.cli.common import (
    Differs,
    Planned,
    Printer,
    Target,
    by_cohort,
    finish,
    is_plan_file,
    read_and_plan,
    reports_of,
    resolve_targets,
    saved_targets,
)
from canvas_npq.cli.options import (
    canvas_options,
    cohort_options,
    concurrency_option,
    with_concurrency,
)
from canvas_npq.cli.progress import progress_for, showing
from canvas_npq.cohorts.run import Outcome, run_each
from canvas_npq.plan.saved import load_plans
from canvas_npq.render.text import render_applied, render_apply_summary, render_plan


@click.command()
@click.argument("spec", metavar="SPEC|PLANFILE", type=click.Path(path_type=str))
@canvas_options
@cohort_options
@concurrency_option
@click.option("--prune", is_flag=True, help="Delete owned objects that left the spec.")
@click.option("--yes", "-y", is_flag=True, help="Apply without asking (for CI).")
@click.option("--verbose", "-v", is_flag=True, help="Show every field of new objects too.")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the outcome as JSON (per course and per object); the report goes to stderr.",
)
@click.option(
    "--sync-blueprint",
    is_flag=True,
    help="For a cohort with a Blueprint course: then sync it to its associated courses, "
    "wait, and report what each course got.",
)
@pass_app
def apply(
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
    yes: bool,
    verbose: bool,
    as_json: bool,
    sync_blueprint: bool,
    concurrency: int,
) -> None:
    """Make the course match the spec (or apply a saved plan), after showing the plan."""
    with app.errors():
        if is_plan_file(spec):
            if course or cohorts or all_cohorts:
                raise click.UsageError(
                    "A saved plan names its own courses: drop --course/--cohort/--all-cohorts."
                )
            targets = saved_targets(load_plans(spec))
        else:
            targets = resolve_targets(spec, course, cohorts, all_cohorts)
        config = with_concurrency(
            CanvasConfig.from_env(url=url, token_file=token_file),
            concurrency,
        )
    printer = Printer(app, to_stderr=as_json)
    single = len(targets) == 1
    progress = showing(progress_for(sys.stderr), printer)
    record = ApplyRecord()

    def prepare(target: Target) -> Planned:
        progress.reading(target.name)
        conn = sync.connect(config)
        conn.on_wait = lambda seconds, why: progress.waiting(target.name, seconds, why)
        planned = read_and_plan(target, conn, prune, force)
        planned.status = "no changes" if planned.plan.empty else "planned"
        printer.block(
            planned.render(verbose).splitlines(),
            separate=not single,
        )
        return planned

    try:
        prepared = run_each(targets, prepare, parallel)
    finally:
        progress.close()  # the confirmation prompt below needs the terminal to itself
        printer.through = None
    ready = [o.result for o in prepared if o.result is not None]
    if any(not p.plan.empty for p in ready) and not yes:
        if not sys.stdin.isatty():
            app.fail(
                "Not applying: no terminal to confirm on. Re-run with --yes to apply unattended.",
                exitcodes.INPUT_ERROR,
            )
        if not click.confirm("\nApply these changes?", default=False):
            app.fail("Not applied.", exitcodes.OK)
    stop = threading.Event()
    progress = showing(progress_for(sys.stderr), printer)

    def execute(planned: Planned) -> Planned:
        name = planned.target.name
        planned.conn.on_wait = lambda seconds, why: progress.waiting(name, seconds, why)
        progress.applying(name, len(planned.plan.changes))
        watch = Watch(progress, record, name)
        try:
            _execute(planned, printer, single, prune, stop, watch)
        finally:
            progress.finished(name)
        if planned.target.blueprint is not None and not stop.is_set():
            _blueprint(planned, printer, sync_blueprint)
        return planned

    try:
        with _first_ctrl_c_stops(stop, app):
            applied = run_each(ready, execute, parallel)
    finally:
        progress.close()
        printer.through = None
    merged = iter(applied)
    outcomes: list[Outcome[Any, Planned]] = [
        first if first.result is None else next(merged) for first in prepared
    ]
    reports = reports_of(targets, outcomes)
    if as_json:
        app.out(render_apply_json(reports, outcomes, record), nl=False)
    finish(
        app,
        reports,
        single,
        summary_to_stderr=as_json,
        summary=by_cohort(targets) or not single,
    )


@contextmanager
def _first_ctrl_c_stops(stop: threading.Event, app: App) -> Iterator[None]:
    """A first Ctrl-C lets the request in flight finish, records what was done in the
    course's manifest and stops (exit 4); a second one exits at once."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        if stop.is_set():
            app.err("\nStopped at once. Run apply again: it finds what was done.")
            os._exit(exitcodes.INTERRUPTED)
        stop.set()
        app.err(
            "\nStopping after the request in flight and recording what was done "
            "(Ctrl-C again to stop at once)..."
        )

    previous = signal.signal(signal.SIGINT, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _execute(
    planned: Planned,
    printer: Printer,
    single: bool,
    prune: bool,
    stop: threading.Event | None = None,
    watch: Watch | None = None,
) -> Planned:
    """Lock the course, check it is as planned, apply, verify; output as one piece.

    Nothing is locked or written when the plan is empty. Under the lock the course is
    read again: if it changed since the plan was shown (another apply, an edit in
    Canvas), the plan is refused as stale rather than applied to a different course.
    """
    if planned.plan.empty:
        # Nothing to write, so no lock is taken; a lock left by a run that died would
        # stay until an apply that writes, so it is cleared here.
        for record in sync.clear_stale_locks(planned.conn, planned.course):
            printer.block([f"Removed the lock left by a run that stopped: {record.describe()}."])
        return planned
    target = planned.target
    # The lock is checked with the course's whole pages listing, which is then the
    # pages' read under the lock (the manifest lives there: every plan re-reads them).
    course_lock = sync.lock(planned.conn, target.course, list_pages=True)
    try:
        # Read again, now that no other apply can write: what this plan writes (a saved
        # plan's course was read in this process too, by read_and_plan).
        live = sync.read(
            planned.conn,
            target.course,
            since=planned.course,
            changed_by=planned.plan,
            locked=course_lock,
        )
        if target.saved is not None:  # a plan file: each change checked again
            planned.plan = sync.check_saved(target.saved.plan, live, target.cohort_name)
        else:
            sync.check_fresh(planned.plan, live, target.cohort_name)
        lines = ["", "Applying:"] if single else ["", f"{planned.header}: applying"]
        if single:
            printer.block(lines)
            lines = []

        def progress(done: Applied) -> None:
            if watch is not None:
                watch.written(done)
            line = render_applied(done)
            if single:
                printer.block([line])
            else:
                lines.append(line)

        try:
            # Renewed while apply runs, so a long apply keeps the course; a lost lock
            # stops the run before its next write.
            with course_lock.keep_alive() as keeper:
                result = sync.apply(
                    planned.plan,
                    planned.conn,
                    live,
                    listener=progress,
                    stop=AnySignal(stop, keeper),
                    starting=watch.writing if watch is not None else None,
                )
        except ApplyFailed as failed:
            # Name where the object is defined, so a rejected value can be found.
            wanted = target.desired.get(failed.change.address) if target.desired else None
            failed.source = wanted.source if wanted is not None else None
            raise
        lines.extend(f"Note: {note}" for note in result.notes)
        lines.append(render_apply_summary(result))
        planned.status = "applied"
        if target.desired is None:
            lines.append("Applied the saved plan.")
        else:
            try:
                check = sync.verify(
                    target.desired,
                    planned.conn,
                    target.course,
                    prune=prune,
                    since=live,
                    applied=planned.plan,
                    answers=result.answers,
                )
            except CanvasError as error:  # the writes are done: never "nothing was changed"
                printer.block(lines)
                raise AfterWritesFailed(
                    "reading the course back to verify it", error, result
                ) from error
            if check.changes:
                lines.append("Warning: after apply, Canvas still differs from the spec:")
                lines.append(render_plan(check, planned.block_titles).rstrip())
                printer.block(lines)
                raise Differs()
            lines.append("Verified: the course now matches the spec.")
        printer.block(lines)
        return planned
    finally:
        if sys.exc_info()[1] is None:
            try:
                course_lock.release()
            except CanvasError as error:  # the apply succeeded; the lock expires by itself
                printer.block(
                    [
                        f"Note: the course lock could not be removed ({error}); it expires "
                        "by itself within 30 minutes, or at once for the next apply from "
                        "this machine."
                    ]
                )
        else:  # the error that stopped the apply is the one to report
            with contextlib.suppress(Exception):
                course_lock.release()


def _blueprint(planned: Planned, printer: Printer, sync_now: bool) -> None:
    """Associate the cohort's courses with its Blueprint and, if asked, sync them."""
    blueprint = planned.target.blueprint
    assert blueprint is not None
    conn = planned.conn
    lines = [""]
    added = sync.ensure_blueprint(conn, blueprint)
    if added:
        lines.append(
            f"Blueprint course {blueprint.course}: associated "
            + ", ".join(str(course) for course in added)
        )
    if not sync_now:
        if added or not planned.plan.empty:
            lines.append(
                f"Blueprint course {blueprint.course} updated; its associated courses get the "
                "changes at the next Blueprint sync (apply --sync-blueprint)."
            )
            printer.block(lines)
        return
    if not added and not sync.blueprint_unsynced(conn, blueprint):
        lines.append(f"Blueprint course {blueprint.course}: nothing to sync.")
        printer.block(lines)
        return
    report = sync.sync_blueprint(conn, blueprint)
    lines.extend(render_sync_report(report))
    printer.block(lines)
    planned.status = "applied, synced" if report.ok else "synced with problems"
    if not report.ok:
        raise BlueprintSyncFailed(
            f"the Blueprint sync of course {blueprint.course} (migration "
            f"{report.migration_id}) ended {report.state}"
            + (
                f" but skipped items in {sum(1 for c in report.courses if not c.ok)} course(s)"
                if report.state == "completed"
                else ""
            ),
            report,
        )


def render_sync_report(report: SyncReport) -> list[str]:
    lines = [
        f"Blueprint sync of course {report.blueprint}: migration {report.migration_id} "
        f"{report.state}, {report.changes} change(s)."
    ]
    for course in report.courses:
        name = f" ({course.name})" if course.name else ""
        if course.ok:
            lines.append(f"  course {course.course_id}{name}: synced")
            continue
        lines.append(f"  course {course.course_id}{name}: {len(course.skipped)} item(s) skipped")
        lines.extend(f"    {skip}" for skip in course.skipped)
    return lines
