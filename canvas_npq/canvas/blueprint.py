"""Blueprint courses: associations, sync (a blueprint migration) and what it did.

A cohort can name a Blueprint course and its associated courses. canvas-npq applies
the spec to the Blueprint; a sync then copies it to every associated course. Canvas
may report a migration ``completed`` while it skipped items in some courses (a copy
changed locally there), so the migration's details are read and each associated
course's skipped items are reported.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from canvas_npq.canvas.client import Connection
from canvas_npq.canvas.errors import CanvasError, NotFound
from canvas_npq.canvas.paging import get_all
from canvas_npq.canvas.reader import real_course_name

DONE_STATES = frozenset({"completed", "exports_failed", "imports_failed"})


def blueprint_parents(conn: Connection, course_id: int | str) -> list[int]:
    """Ids of the Blueprint courses ``course_id`` is associated with ([] for none).

    :calls: ``GET /api/v1/courses/:id/blueprint_subscriptions``
    """
    rows = conn.get(f"courses/{course_id}/blueprint_subscriptions") or []
    return [int(row["blueprint_course"]["id"]) for row in rows if row.get("blueprint_course")]


@dataclass
class CourseSyncReport:
    """What a blueprint sync did to one associated course."""

    course_id: int
    name: str = ""
    skipped: list[str] = field(default_factory=list)  # "page 'Welcome' (content changed here)"

    @property
    def ok(self) -> bool:
        return not self.skipped


@dataclass
class SyncReport:
    blueprint: int | str
    migration_id: int
    state: str
    changes: int
    courses: list[CourseSyncReport]
    associations_added: list[int | str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.state == "completed" and all(c.ok for c in self.courses)


class BlueprintSyncFailed(CanvasError):
    """The blueprint migration failed or skipped items; ``report`` says where."""

    def __init__(self, message: str, report: SyncReport | None = None) -> None:
        super().__init__(message)
        self.report = report


def _template(course_id: int | str) -> str:
    return f"courses/{course_id}/blueprint_templates/default"


def ensure_blueprint(
    conn: Connection, course_id: int | str, associated: Sequence[int | str]
) -> list[int | str]:
    """Make the course a Blueprint and associate the listed courses; returns those added.

    Courses associated in Canvas but not listed are left associated (never removed).

    :calls: ``GET /api/v1/courses/:id``, ``PUT /api/v1/courses/:id`` (``blueprint``),
        ``GET .../blueprint_templates/default/associated_courses``,
        ``PUT .../blueprint_templates/default/update_associations``
    """
    course = conn.get(f"courses/{course_id}")
    if not course.get("blueprint"):
        conn.send("PUT", f"courses/{course_id}", course={"blueprint": True})
    unassociated = _unassociated(conn, course_id, associated)
    missing: list[int | str] = [ref for ref, _ in unassociated]
    ids: list[int] = [child for _, child in unassociated]
    if ids:
        conn.send("PUT", f"{_template(course_id)}/update_associations", course_ids_to_add=ids)
    return missing


def missing_associations(
    conn: Connection, course_id: int | str, associated: Sequence[int | str]
) -> list[int | str]:
    """The listed courses not yet associated with the Blueprint (read only; all of them
    when the course is no Blueprint yet).

    :calls: ``GET .../blueprint_templates/default/associated_courses``
    """
    return [ref for ref, _ in _unassociated(conn, course_id, associated)]


def _unassociated(
    conn: Connection, course_id: int | str, associated: Sequence[int | str]
) -> list[tuple[int | str, int]]:
    """Each listed course not associated yet, with its Canvas id."""
    try:
        current = get_all(conn, f"{_template(course_id)}/associated_courses")
    except NotFound:  # not a Blueprint yet: nothing is associated
        current = []
    known_ids = {row["id"] for row in current}
    # Canvas lists a child's sis_course_id only to a caller who may read SIS data (a
    # teacher may not), so a reference it does not match is looked up before it counts
    # as missing: update_associations needs account rights a teacher lacks.
    known_sis = {row["sis_course_id"] for row in current if row.get("sis_course_id")}
    found: list[tuple[int | str, int]] = []
    for ref in associated:
        if ref in known_ids or str(ref).removeprefix("sis_course_id:") in known_sis:
            continue
        child = ref if isinstance(ref, int) else int(conn.get(f"courses/{ref}")["id"])
        if child not in known_ids:
            found.append((ref, child))
    return found


def has_unsynced_changes(conn: Connection, course_id: int | str) -> bool:
    """:calls: ``GET .../blueprint_templates/default/unsynced_changes``"""
    return bool(conn.get(f"{_template(course_id)}/unsynced_changes", per_page=100))


def sync_blueprint(
    conn: Connection,
    course_id: int | str,
    *,
    comment: str = "canvas-npq apply",
    poll_seconds: float = 2.0,
    timeout_seconds: float = 1800.0,
    sleep: Callable[[float], None] = time.sleep,
) -> SyncReport:
    """Queue a blueprint migration, wait for it, and report per associated course.

    :calls: ``POST .../blueprint_templates/default/migrations``,
        ``GET .../migrations/:id`` (until done), ``GET .../migrations/:id/details``,
        ``GET .../associated_courses``
    """
    migration = conn.send("POST", f"{_template(course_id)}/migrations", comment=comment)
    path = f"{_template(course_id)}/migrations/{migration['id']}"
    waited = 0.0
    delay = min(0.25, poll_seconds)  # short at first: small syncs finish in moments
    while migration.get("workflow_state") not in DONE_STATES:
        if waited >= timeout_seconds:
            raise BlueprintSyncFailed(
                f"The blueprint sync of course {course_id} (migration {migration['id']}) did "
                f"not finish within {int(timeout_seconds)} s; it may still be running in Canvas."
            )
        sleep(delay)
        waited += delay
        delay = min(delay * 2, poll_seconds)
        migration = conn.get(path)
    details = conn.get(f"{path}/details") or []
    children = get_all(conn, f"{_template(course_id)}/associated_courses")
    courses = {
        int(row["id"]): CourseSyncReport(int(row["id"]), real_course_name(row)) for row in children
    }
    for record in details:
        for exception in record.get("exceptions") or []:
            child = courses.setdefault(
                int(exception["course_id"]), CourseSyncReport(int(exception["course_id"]))
            )
            what = ", ".join(exception.get("conflicting_changes") or ["changes"])
            child.skipped.append(
                f"{_label(record)} not updated: its copy there has local {what} changes"
            )
    return SyncReport(
        blueprint=course_id,
        migration_id=int(migration["id"]),
        state=str(migration.get("workflow_state")),
        changes=len(details),
        courses=sorted(courses.values(), key=lambda c: c.course_id),
    )


def _label(record: dict[str, Any]) -> str:
    kind = str(record.get("asset_type") or "item").replace("wiki_page", "page")
    kind = kind.replace("_", " ")
    return f"{kind} {record.get('asset_name')!r}"
