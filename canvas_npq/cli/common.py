"""The steps plan and apply share: which courses, load the spec, connect, read, plan.

A run has one or more *targets*: the course given with ``--course``, each cohort of
``--cohort``/``--all-cohorts``, or each plan in a saved plan file. Every spec is loaded
and validated before any connection is opened; then each target is worked on in its
own thread (at most ``--parallel`` at once), its output collected and printed as one
piece, and a failing target does not stop the others.
"""

from __future__ import annotations

import dataclasses
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from canvas_npq import sync
from canvas_npq.canvas.client import CanvasConfig, Connection
from canvas_npq.cli import exitcodes
from canvas_npq.cli.app import App, describe_error
from canvas_npq.cli.options import course_id
from canvas_npq.cohorts.model import BlueprintSpec, Cohort
from canvas_npq.cohorts.run import Outcome
from canvas_npq.model import Kind, Snapshot
from canvas_npq.plan import Plan
from canvas_npq.plan.saved import SavedPlan
from canvas_npq.render.text import block_titles_from, render_plan
from canvas_npq.spec import CourseSpec
from canvas_npq.spec.cohorts import find_cohort


@dataclass
class Target:
    """One course to plan or apply, and everything known about it before connecting."""

    course: int | str
    cohort: Cohort | None = None
    spec: CourseSpec | None = None
    desired: Snapshot | None = None
    saved: SavedPlan | None = None

    @property
    def name(self) -> str:
        if self.cohort is not None:
            return self.cohort.name
        if self.saved is not None and self.saved.cohort:
            return self.saved.cohort
        return f"course {self.course}"

    @property
    def blueprint(self) -> BlueprintSpec | None:
        if self.cohort is not None:
            return self.cohort.blueprint
        return self.saved.blueprint if self.saved is not None else None

    @property
    def cohort_name(self) -> str | None:
        if self.cohort is not None:
            return self.cohort.name
        return self.saved.cohort if self.saved is not None else None

    @property
    def block_titles(self) -> dict[str, str]:
        if self.spec is not None:
            return block_titles_from(self.spec.blocks)
        return dict(self.saved.block_titles) if self.saved else {}


@dataclass
class Planned:
    """A target after reading its course and planning (or checking a saved plan)."""

    target: Target
    conn: Connection
    course: sync.LiveCourse
    plan: Plan
    status: str = "planned"

    def render(self, verbose: bool = False) -> str:
        """The plan as people read it, under this target's header."""
        return render_plan(
            self.plan,
            self.block_titles,
            verbose=verbose,
            header=self.header,
            time_zone=self.time_zone,
        )

    @property
    def time_zone(self) -> str | None:
        """The course's time zone in Canvas, for showing dates in local time."""
        for resource in self.course.snapshot.of_kind(Kind.COURSE):
            return resource.fields.get("time_zone") or None
        return None

    @property
    def header(self) -> str:
        name = self.course.snapshot.meta.get("course_name") or ""
        course = f"Course {self.course.state.course_id}{f' ({name})' if name else ''}"
        if self.target.cohort is not None or (self.target.saved and self.target.saved.cohort):
            return f"Cohort {self.target.name}: {course}"
        return course

    @property
    def spec(self) -> CourseSpec:
        assert self.target.spec is not None
        return self.target.spec

    @property
    def desired(self) -> Snapshot:
        assert self.target.desired is not None
        return self.target.desired

    @property
    def block_titles(self) -> dict[str, str]:
        return self.target.block_titles


def spec_targets(spec_path: str, course: str) -> list[Target]:
    """The single target of ``--course`` (the spec validated first)."""
    spec, desired = sync.load(spec_path)
    return [Target(course_id(course), spec=spec, desired=desired)]


def resolve_targets(
    spec_path: str, course: str | None, names: Sequence[str], all_cohorts: bool
) -> list[Target]:
    """The targets the options name; every cohort's spec validated before any request
    (and loaded once: each target takes the spec validation resolved for its cohort)."""
    if all_cohorts and names:
        raise click.UsageError("Use --cohort NAME or --all-cohorts, not both.")
    if not (all_cohorts or names or course):
        raise click.UsageError("Name the course: --course ID, --cohort NAME or --all-cohorts.")
    checked = sync.validated(spec_path)  # what validate refuses, for any cohort, is refused
    cohorts = checked.cohorts
    if not (all_cohorts or names):
        if not course:
            raise click.UsageError("Name the course: --course ID, --cohort NAME or --all-cohorts.")
        if not cohorts:
            return [Target(course_id(course), spec=checked.spec, desired=checked.desired)]
        names = [_cohort_of_course(spec_path, cohorts, course)]
    if all_cohorts and not cohorts:
        raise click.UsageError(f"--all-cohorts: there is no cohorts.yaml in {spec_path}.")
    chosen = cohorts if all_cohorts else [find_cohort(cohorts, name) for name in names]
    if course and len(chosen) > 1:
        raise click.UsageError("--course goes with a single --cohort.")
    targets = []
    unique = {cohort.name: cohort for cohort in chosen}
    for cohort in unique.values():  # each once, in order
        spec, desired = checked.by_cohort[cohort.name]
        target_course = course_id(course) if course else cohort.course
        targets.append(Target(target_course, cohort=cohort, spec=spec, desired=desired))
    return targets


def _cohort_of_course(spec_path: str, cohorts: Sequence[Cohort], course: str) -> str:
    """The cohort whose course ``--course`` names. A spec with cohorts has no dates or
    settings of its own: each cohort's come from cohorts.yaml, so another course must
    say which cohort's to use (``--cohort``) rather than silently get the first's."""
    wanted = str(course_id(course))
    for cohort in cohorts:
        if str(cohort.course) == wanted:
            return cohort.name
    listed = ", ".join(f"{c.name} (course {c.course})" for c in cohorts)
    raise click.UsageError(
        f"{spec_path} has cohorts, each with its own dates and settings: {listed}. Course "
        f"{course} is none of their courses: say which cohort's to use with --cohort NAME "
        f"--course {course}."
    )


def saved_targets(entries: Sequence[SavedPlan]) -> list[Target]:
    targets = []
    for entry in entries:
        if entry.plan.course_id is None:
            raise sync.StalePlan(None, entry.cohort)
        targets.append(Target(entry.plan.course_id, saved=entry))
    return targets


def read_and_plan(target: Target, conn: Connection, prune: bool, force: bool = False) -> Planned:
    """Read the course and plan it; for a saved plan, check it is still current.

    A cohort's course must look like the cohort's (see ``sync.check_target``), and no
    other spec may own the course (``sync.check_owner``), unless ``force``.
    """
    target.course = sync.resolve_course_id(conn, target.course)
    managing = target.saved.plan if target.saved is not None else target.desired
    live = sync.read(conn, target.course, managing=managing)
    if target.cohort is not None and target.spec is not None and not force:
        sync.check_target(live, target.spec, conn)
    if target.desired is not None and not force:
        sync.check_owner(live, target.desired)
    if target.saved is not None:
        saved = target.saved
        plan = sync.check_saved(saved.plan, live, saved.cohort)
        if saved.blueprint is not None:
            where = f"for {target.name} (course {target.course})"
            sync.check_saved_blueprint(conn, target.course, saved.blueprint, saved.keyed, where)
        return Planned(target, conn, live, plan)
    assert target.desired is not None
    plan = sync.plan(target.desired, live, prune=prune)
    if target.spec is not None and target.spec.warnings:  # the spec's, beside Canvas's
        spec_warnings = tuple(str(w) for w in target.spec.warnings)
        plan = dataclasses.replace(plan, warnings=plan.warnings + spec_warnings)
    return Planned(target, conn, live, plan)


def prepare(
    spec_path: str, course: str, url: str | None, token_file: str | None, prune: bool
) -> Planned:
    """Validate the whole spec before any connection is opened, then read and plan."""
    (target,) = spec_targets(spec_path, course)
    config = CanvasConfig.from_env(url=url, token_file=token_file)
    return read_and_plan(target, sync.connect(config), prune)


@dataclass
class Report:
    """How one target ended, for the summary table and the exit code."""

    name: str
    course: int | str
    status: str
    code: int
    plan: Plan | None = None
    message: str = ""


class Printer:
    """Prints each target's output as one piece, never interleaved with another's."""

    def __init__(self, app: App, to_stderr: bool = False) -> None:
        self.app = app
        self.lock = threading.Lock()
        self.printed = False
        self.to_stderr = to_stderr  # stdout holds JSON
        # Where lines go instead while a live progress display holds the terminal.
        self.through: Callable[[str], None] | None = None

    def block(self, lines: Sequence[str], separate: bool = False) -> None:
        """Print ``lines`` together; ``separate`` puts a blank line before them."""
        with self.lock:
            if separate and self.printed:
                lines = ["", *lines]
            self.printed = True
            for line in lines:
                if self.through is not None:
                    self.through(line)
                elif self.to_stderr:
                    self.app.err(line)
                else:
                    self.app.out(line)


class Differs(Exception):
    """After apply, the course still differs from the spec (the difference is shown)."""


def failure_report(target: Target, error: BaseException) -> Report:
    if isinstance(error, Differs):
        return Report(target.name, target.course, "applied, differs", exitcodes.PARTIAL_APPLY)
    described = describe_error(error)
    if described is None:
        raise error
    code, message = described
    status = {
        exitcodes.STALE_PLAN: "stale plan",
        exitcodes.LOCK_HELD: "locked",
        exitcodes.PARTIAL_APPLY: "partly applied",
        exitcodes.INPUT_ERROR: "refused",
        exitcodes.AUTH_ERROR: "token refused",
        exitcodes.PERMISSION_DENIED: "not permitted",
    }.get(code, "failed")
    return Report(target.name, target.course, status, code, message=message)


def reports_of(
    targets: Sequence[Target], outcomes: Sequence[Outcome[Any, Planned]]
) -> list[Report]:
    """One report per target, from outcomes in the same order."""
    reports = []
    for target, outcome in zip(targets, outcomes, strict=True):
        if outcome.error is not None:
            reports.append(failure_report(target, outcome.error))
        else:
            assert outcome.result is not None
            planned = outcome.result
            reports.append(
                Report(target.name, target.course, planned.status, exitcodes.OK, planned.plan)
            )
    return reports


def finish(
    app: App,
    reports: Sequence[Report],
    single: bool,
    summary_to_stderr: bool = False,
    summary: bool | None = None,
) -> None:
    """Print what failed and the summary table; exit non-zero on failure.

    ``summary`` defaults to: several targets. A run named by cohort shows it too.
    """
    show_summary = not single if summary is None else summary
    for report in reports:
        if report.message:
            app.err(report.message if single else f"{report.name}: {report.message}")
    if show_summary:
        for line in summary_table(reports):
            if summary_to_stderr:  # stdout holds JSON or Markdown
                app.err(line)
            else:
                app.out(line)
    code = exit_code(reports)
    if code != exitcodes.OK:
        sys.exit(code)


def by_cohort(targets: Sequence[Target]) -> bool:
    """True when the run names cohorts (their summary table is shown even for one)."""
    return any(target.cohort_name for target in targets)


def summary_table(reports: Sequence[Report]) -> list[str]:
    """One row per target: what happened and what the plan held."""
    rows: list[tuple[str, ...]] = [
        ("cohort", "course", "result", "add", "change", "move", "delete")
    ]
    for r in reports:
        if r.plan is not None:
            c = r.plan.counts()
            counts = [
                str(c["create"] + c["replace"]),
                str(c["update"]),
                str(c["move"]),
                str(c["delete"] + c["replace"]),
            ]
        else:
            counts = ["-"] * 4
        result = r.status if r.code == exitcodes.OK else f"{r.status} (exit {r.code})"
        rows.append((r.name, str(r.course), result, *counts))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["", "Summary:"]
    for row in rows:
        lines.append(
            "  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        )
    return lines


def exit_code(reports: Sequence[Report]) -> int:
    """0 when every target succeeded, else the code of the first that did not."""
    return next((r.code for r in reports if r.code != exitcodes.OK), exitcodes.OK)


def is_plan_file(path: str) -> bool:
    candidate = Path(path)
    return candidate.is_file() and candidate.suffix.lower() == ".json"
