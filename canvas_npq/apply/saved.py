"""Checks a saved plan passes before apply writes anything (``apply PLANFILE``).

A plan file passes between CI jobs and the apply job holds the token, so the file is
input whoever handles it can edit. Its fingerprint must match the course as read now
(:class:`StalePlan`), every change must pass ``plan.guard`` against that course, its
uploads must come from a spec folder inside the folder apply runs in, each file as it
was planned, and its Blueprint may not add associations without the plan key
(:class:`PlanRefused`).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from canvas_npq.canvas import blueprint as _blueprint
from canvas_npq.canvas.client import Connection
from canvas_npq.canvas.courses import course_by_reference
from canvas_npq.canvas.files import UPLOADED_FIELDS
from canvas_npq.cohorts.model import BlueprintSpec
from canvas_npq.model import Kind, Snapshot
from canvas_npq.plan import Action, Plan
from canvas_npq.plan.builder import live_fingerprint
from canvas_npq.plan.guard import PlanRefused, check_plan
from canvas_npq.plan.model import Change
from canvas_npq.plan.saved import StaleFiles, StalePlan, saved_spec_root
from canvas_npq.spec.files import read_local_file
from canvas_npq.spec.paths import PathError


def check_saved(plan: Plan, live: Snapshot, cohort: str | None = None) -> Plan:
    """:func:`check_fresh` for a plan read from a file, which whoever handles the file
    can edit: every change is also checked again against ``live``, the course as read now
    (:class:`PlanRefused`). It may update, move or delete only what canvas-npq owns in
    the course, never student work or its marking, and upload only files of a spec
    folder inside the folder apply runs in. Returns the plan with that folder resolved.
    """
    if not plan.live_fingerprint or live_fingerprint(live) != plan.live_fingerprint:
        raise StalePlan(plan.course_id, cohort)
    where = (
        f"for cohort {cohort} (course {plan.course_id})"
        if cohort
        else (f"for course {plan.course_id}")
    )
    problems = check_plan(plan, live)
    if problems:
        raise PlanRefused(where, problems)
    if any(_uploads(change) for change in plan.changes):
        plan = replace(plan, spec_root=str(saved_spec_root(plan.spec_root, where)))
        check_files(plan)
    return plan


def _uploads(change: Change) -> bool:
    if change.address.kind is not Kind.FILE or not change.desired.get("content_hash"):
        return False
    return change.action is Action.CREATE or any(f.name in UPLOADED_FIELDS for f in change.fields)


def check_files(plan: Plan) -> None:
    """Raise :class:`StaleFiles` unless every file the plan uploads is, in the spec
    folder, the file the plan was made with (its SHA-256), so what is uploaded is what
    was reviewed and what the manifest will record."""
    for change in plan.changes:
        desired = change.desired
        if not _uploads(change):
            continue  # not a file, or a rename: nothing is uploaded
        path = str(desired.get("path") or "")
        try:
            local = read_local_file(Path(plan.spec_root or "."), path)
        except (PathError, OSError):
            raise StaleFiles(plan.course_id, path, plan.spec_root, "cannot be read") from None
        if local.sha256 != desired["content_hash"]:
            raise StaleFiles(plan.course_id, path, plan.spec_root, "has changed")


def check_saved_blueprint(
    conn: Connection, course_id: int, blueprint: BlueprintSpec, keyed: bool, where: str
) -> None:
    """A saved plan's Blueprint must be the course the plan is for, and may add
    associations only when the plan was made with ``CANVAS_NPQ_PLAN_KEY``: nothing else
    vouches for its list, and an associated course gets the Blueprint's content."""
    if _course_id(conn, blueprint.course) != course_id:
        raise PlanRefused(where, [f"its Blueprint {blueprint.course} is not its course"])
    if keyed:
        return
    missing = _blueprint.missing_associations(conn, course_id, blueprint.associated)
    if missing:
        listed = ", ".join(str(course) for course in missing)
        raise PlanRefused(
            where,
            [
                f"it would associate course(s) {listed} with Blueprint course {course_id}: a "
                "saved plan adds associations only when made with CANVAS_NPQ_PLAN_KEY; "
                "associate them in Canvas, or apply the spec itself"
            ],
            lead="it asks for what a plan without a key may not do",
        )


def _course_id(conn: Connection, course: int | str) -> int:
    if isinstance(course, int) or str(course).isdigit():
        return int(course)
    return course_by_reference(conn, course)
