"""A saved plan is a request, not an authority: each of its changes is checked again,
at apply, against the live course and the rules, before anything is written.

``plan --out`` writes a file that another job (CI's apply job, which holds the token)
reads back; whoever can edit that file could otherwise make apply delete or overwrite
anything. The digest in the file (``plan.saved``) catches an edited file; this check is
the real protection, because it needs no secret: an update, move, replace or delete
must name an object canvas-npq owns in the course as read now (marker or manifest) by
its own Canvas id; no delete or replace of student work or its marking (``plan.rules``);
no unpublishing of an assignment with submissions; the manifest may record only ids the
course already gives those addresses. A plan made by ``build_plan`` always passes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from canvas_npq.model import FIELDS, Address, Kind, Resource, Snapshot
from canvas_npq.plan.model import Action, Change, Plan
from canvas_npq.plan.rules import is_student_work, why_keep

# The fields whose change takes an object out of its container before deletes run.
_LEAVES_CONTAINER = {Kind.MODULE_ITEM: "module", Kind.ASSIGNMENT: "assignment_group"}


class PlanRefused(Exception):
    """A saved plan asks for something canvas-npq never does; nothing was applied."""

    def __init__(self, where: str, problems: list[str], lead: str = "") -> None:
        listed = "\n".join(f"  - {problem}" for problem in problems)
        lead = lead or (
            "it asks for what canvas-npq never does, so it was edited after it was made "
            "or made for another course"
        )
        super().__init__(
            f"The saved plan {where} was refused: {lead}.\n{listed}\n"
            "Nothing was applied. Run plan again, review it, and apply the new plan."
        )
        self.problems = problems


def check_plan(plan: Plan, live: Snapshot) -> list[str]:
    """Every reason ``plan`` may not be applied to the course ``live`` (empty: it may)."""
    problems: list[str] = []
    if live.meta.get("course_id") is not None and plan.course_id != live.meta.get("course_id"):
        problems.append(f"it is for course {plan.course_id!r}, not {live.meta.get('course_id')}")
    gone = {str(c.address) for c in plan.changes if c.action in (Action.DELETE, Action.REPLACE)}
    leaving = {
        str(c.address)
        for c in plan.changes
        if any(f.name == _LEAVES_CONTAINER.get(c.address.kind) for f in c.fields)
    }
    protected = _protected(live, gone, leaving)
    for change in plan.changes:
        problems.extend(_check_change(change, live, protected))
    problems.extend(_check_manifest(plan, live))
    return problems


def _protected(live: Snapshot, gone: set[str], leaving: set[str]) -> set[str]:
    """What stays in the course after the plan: every live object it does not delete,
    and student work whatever the plan says, in the order ``build_plan`` keeps them."""
    protected = {str(r.address) for r in live if str(r.address) not in gone}
    protected -= leaving
    protected |= {str(r.address) for r in live if is_student_work(r)}
    # rubrics of student work, then the outcomes and groups they hold, as build_plan does
    for kind in (Kind.RUBRIC, Kind.OUTCOME, Kind.OUTCOME_GROUP):
        for resource in live.of_kind(kind):
            if why_keep(resource, live, True, protected) and str(resource.address) in gone:
                protected.add(str(resource.address))
    return protected


def _check_change(change: Change, live: Snapshot, protected: set[str]) -> list[str]:
    what = f"{change.action.value} {change.address}"
    unknown = set(change.desired) - set(FIELDS[change.address.kind])
    unknown |= {f.name for f in change.fields} - set(FIELDS[change.address.kind])
    if unknown:
        return [f"{what}: fields canvas-npq does not manage ({', '.join(sorted(unknown))})"]
    if change.action is Action.CREATE:
        return []
    have = live.get(change.address)
    if have is None:
        return [f"{what}: canvas-npq owns no such object in the course"]
    if change.canvas_id != have.canvas_id:
        return [
            f"{what}: names Canvas id {change.canvas_id}, but the object canvas-npq owns "
            f"there is {have.canvas_id}"
        ]
    # A module item's delete takes nothing with it (its content stays), so only its
    # containers are checked for what they hold.
    if change.action in (Action.DELETE, Action.REPLACE) and have.kind is not Kind.MODULE_ITEM:
        reason = why_keep(have, live, True, protected - {str(change.address)})
        if reason:
            return [f"{what} ({have.title!r}): never deleted: {reason}"]
    if change.action is Action.UPDATE and _unpublishes_student_work(change, have, live):
        return [f"{what} ({have.title!r}): unpublishes an assignment with student submissions"]
    foreign_anchor = change.after and change.after.startswith("foreign:")
    if foreign_anchor and not any(change.after in entries for entries in live.order.values()):
        return [f"{what}: places it after {change.after}, which is not in the course"]
    return []


def _unpublishes_student_work(change: Change, have: Resource, live: Snapshot) -> bool:
    if not any(f.name == "published" and not f.new for f in change.fields):
        return False
    if have.kind is Kind.MODULE_ITEM:
        content = have.fields.get("content")
        try:
            target = live.get(Address.parse(str(content)))
        except ValueError:
            return False
        return target is not None and target.kind is Kind.ASSIGNMENT and is_student_work(target)
    return have.kind is Kind.ASSIGNMENT and is_student_work(have)


def _check_manifest(plan: Plan, live: Snapshot) -> list[str]:
    """The manifest may record, per address, only the id the course gives it now (or
    none, filled in at apply): an id written there would make any object owned."""
    old: Mapping[str, Any] = live.meta.get("manifest", {}) or {}
    problems = []
    for key, entry in plan.manifest.items():
        try:
            address = Address.parse(key)
        except ValueError:
            problems.append(f"manifest: {key!r} is not an address")
            continue
        if not isinstance(entry, Mapping):
            problems.append(f"manifest: the entry for {key} is not a record")
            continue
        have = live.get(address)
        recorded = old.get(key)
        before: Mapping[str, Any] = recorded if isinstance(recorded, Mapping) else {}
        allowed = {None, have.canvas_id if have else None, before.get("id")}
        if entry.get("id") not in allowed:
            problems.append(
                f"manifest: records Canvas id {entry.get('id')} for {key}, which the course "
                "does not give it"
            )
        known = set(before.get("previous_ids") or ())
        if not set(entry.get("previous_ids") or ()) <= known:
            problems.append(f"manifest: records earlier ids for {key} the course never gave it")
    return problems
