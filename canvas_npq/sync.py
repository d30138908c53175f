"""The library API: load a spec, read a course, build a plan, apply it, verify.

The CLI is a thin layer over these functions; a provider's own tooling can call them
the same way::

    from canvas_npq import sync
    spec, desired = sync.load("course_spec/npqltd")
    conn = sync.connect(sync.CanvasConfig.from_env())
    course = sync.read(conn, 1234)
    plan = sync.plan(desired, course)
    result = sync.apply(plan, conn, course)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from canvas_npq.apply import ApplyResult, apply_plan
from canvas_npq.apply.executor import Listener
from canvas_npq.canvas.client import CanvasConfig, Connection
from canvas_npq.canvas.lock import CourseLock, LockHeld
from canvas_npq.canvas.reader import CourseState, read_course
from canvas_npq.canvas.writer import CanvasCourseWriter
from canvas_npq.model import Snapshot
from canvas_npq.plan import Plan, PlanOptions, build_plan
from canvas_npq.plan.builder import live_fingerprint
from canvas_npq.plan.saved import StalePlan
from canvas_npq.spec import CourseSpec, build_desired, load_spec

__all__ = [
    "CanvasConfig",
    "LiveCourse",
    "LockHeld",
    "StalePlan",
    "apply",
    "check_fresh",
    "connect",
    "load",
    "lock",
    "plan",
    "read",
    "verify",
]


@dataclass(frozen=True)
class LiveCourse:
    """A course as read from Canvas: the snapshot plus what the writer needs to know."""

    snapshot: Snapshot
    state: CourseState


def load(path: str | Path) -> tuple[CourseSpec, Snapshot]:
    """Load and validate a spec folder (raises ``SpecError``) and build its desired snapshot."""
    spec = load_spec(Path(path))
    return spec, build_desired(spec)


def connect(config: CanvasConfig) -> Connection:
    return Connection(config)


def read(conn: Connection, course_id: int | str) -> LiveCourse:
    snapshot, state = read_course(conn, course_id)
    return LiveCourse(snapshot, state)


def plan(desired: Snapshot, course: LiveCourse, prune: bool = False) -> Plan:
    return build_plan(desired, course.snapshot, PlanOptions(prune=prune))


def apply(
    plan: Plan, conn: Connection, course: LiveCourse, listener: Listener | None = None
) -> ApplyResult:
    return apply_plan(plan, CanvasCourseWriter(conn, course.state), listener)


def lock(conn: Connection, course_id: int | str, **options: Any) -> CourseLock:
    """Take the course's lock (held in Canvas) or raise :class:`LockHeld`.

    Call ``release()`` on the returned lock when done. ``options``: ``holder``,
    ``ttl``, ``clock`` (see :class:`~canvas_npq.canvas.lock.CourseLock`).
    """
    course_lock = CourseLock(conn, course_id, **options)
    course_lock.acquire()
    return course_lock


def check_fresh(plan: Plan, course: LiveCourse, cohort: str | None = None) -> None:
    """Raise :class:`StalePlan` unless ``course`` is the state ``plan`` was made from.

    A saved plan (``plan --out``) is applied only to the course exactly as it was read
    when the plan was made: any edit in Canvas since (a page retitled, a module moved,
    another apply) changes the fingerprint.
    """
    if not plan.live_fingerprint or live_fingerprint(course.snapshot) != plan.live_fingerprint:
        raise StalePlan(plan.course_id, cohort)


def verify(desired: Snapshot, conn: Connection, course_id: int | str, prune: bool = False) -> Plan:
    """Re-read the course and re-plan: after a successful apply the plan is empty."""
    return plan(desired, read(conn, course_id), prune=prune)
