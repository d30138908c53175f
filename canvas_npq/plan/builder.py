"""``build_plan``: the pure comparison of a desired and a live snapshot.

Set algebra over addresses: desired only → create; both → update the fields that
differ; live only → delete with ``prune``, otherwise kept and reported. Order inside
containers (modules in the course, items in a module) is planned separately as moves,
anchored on the previous desired sibling so that objects canvas-npq does not own keep
their place.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from canvas_npq.model import FIELDS, Address, Kind, Resource, Snapshot
from canvas_npq.model.fields import (
    IMMUTABLE_FIELDS,
    OPTIONAL_FIELDS,
    RECORDED_FIELDS,
    fingerprint,
)
from canvas_npq.model.links import localize_snapshot
from canvas_npq.model.objectlinks import mark_retitled_links, unmarked
from canvas_npq.model.resources import BUILT_IN_KINDS, KIND_ORDER
from canvas_npq.plan import announcements, sections
from canvas_npq.plan.model import Action, Change, FieldChange, Plan, Retained, spec_name
from canvas_npq.plan.navigation import placed_where_present, with_tab_placements
from canvas_npq.plan.quizzes import keep_quiz_work
from canvas_npq.plan.rules import graded_work, is_student_work, why_keep

# Fields whose change is planned as a move rather than an update.
PLACEMENT_FIELDS: dict[Kind, frozenset[str]] = {Kind.MODULE_ITEM: frozenset({"module"})}


@dataclass(frozen=True)
class PlanOptions:
    """What the admin asked for. ``prune`` allows deleting owned objects that left the spec."""

    prune: bool = False


def build_plan(desired: Snapshot, live: Snapshot, options: PlanOptions | None = None) -> Plan:
    options = options or PlanOptions()
    desired = localize_snapshot(desired, live.meta.get("course_id"))
    desired = placed_where_present(desired, live)
    desired, times_waiting = sections.with_section_times(desired, live)
    old_manifest: Mapping[str, Any] = live.meta.get("manifest", {}) or {}
    spec_rank = {address: index for index, address in enumerate(desired.resources)}
    # Bodies linking to a page this plan retitles are compared as stale (new slug).
    compared = mark_retitled_links(desired, live)

    creates: dict[Address, Change] = {}
    updates: list[Change] = []
    # warnings: student work kept, tabs missing, dates waiting
    notes: list[str] = list(times_waiting)
    held: set[str] = set()  # posted announcements left as they are: their record too
    for want in sorted(desired, key=lambda r: (KIND_ORDER[r.kind], spec_rank[r.address])):
        have = compared.get(want.address)
        if have is None and want.kind in BUILT_IN_KINDS:
            notes.append(_not_in_course(want, live))
            continue
        if have is None:
            if waiting := sections.why_not_yet(want, live):
                notes.append(waiting)
                held.add(str(want.address))  # nothing to record until it is made
                continue
            creates[want.address] = _create(want)
            continue
        diffs = _diff(want, have, old_manifest.get(str(want.address), {}).get("applied", {}))
        diffs = _keep_student_work_published(want, have, diffs, live, notes)
        diffs = keep_quiz_work(want, have, diffs, live, notes)
        sent = announcements.hold_posted(have, diffs, options.prune, notes)
        if len(sent) != len(diffs):
            held.add(str(want.address))
        diffs = sent
        immutable = IMMUTABLE_FIELDS.get(want.kind, frozenset())
        if any(d.name in immutable for d in diffs) and _marking_of_student_work(have, live):
            # replacing it would delete the rubric and the marking done with it
            notes.append(
                f"{want.kind.label} {want.title!r} [{want.address.key}] still grades "
                f"{have.fields.get('assignment')}, which has student submissions: it is not "
                "moved to another assignment (that would delete its marking)."
            )
        elif any(d.name in immutable for d in diffs):
            creates[want.address] = _create(want, replacing=have, diffs=diffs)
        elif diffs:
            updates.append(
                Change(
                    Action.UPDATE,
                    want.address,
                    want.title,
                    block=want.block,
                    canvas_id=have.canvas_id,
                    fields=tuple(diffs),
                    desired=want.fields,
                    reason=announcements.posted_reason(have, _update_reason(diffs)),
                )
            )

    updates.extend(_realigned_rubrics(desired, live, set(creates), updates))
    updates = with_tab_placements(desired, live, updates)
    deletes, retained = _removals(desired, live, options)
    deleted = {change.address for change in deletes}
    notes.extend(announcements.posted_deletes(deletes, live))
    moves, anchors = _placements(desired, live, creates, deleted)
    placed_creates = [
        _with_after(change, anchors.get(str(address))) for address, change in creates.items()
    ]

    changes = tuple(_labelled(c, desired, live) for c in placed_creates + updates + moves + deletes)
    retained = [_labelled(r, desired, live) for r in retained]
    manifest = _next_manifest(desired, live, retained)
    for key in held:  # what was last applied there still stands
        if key in old_manifest:
            manifest[key] = dict(old_manifest[key])
        else:
            manifest.pop(key, None)
    # The spec that plans the course becomes its recorded owner (one kept from before
    # when the desired snapshot names no spec folder).
    owner = spec_name(desired.meta.get("spec_root")) or live.meta.get("manifest_owner")
    recorded_owner = live.meta.get("manifest_owner")
    manifest_changed = (
        bool(changes)
        or manifest != dict(old_manifest)
        or (bool(manifest) and owner != recorded_owner)
    )
    return Plan(
        course_id=live.meta.get("course_id"),
        changes=changes,
        retained=tuple(retained),
        manifest=manifest,
        manifest_changed=manifest_changed,
        live_fingerprint=live_fingerprint(live),
        warnings=tuple(live.meta.get("warnings", ())) + tuple(notes),
        order=live.order,
        spec_root=str(desired.meta.get("spec_root") or ""),
        owner=owner,
    )


def _labelled(entry: Any, desired: Snapshot, live: Snapshot) -> Any:
    """Give a content module item the title of what it links to, for people to read.

    Canvas shows a page or assignment item under the content's own title, so the
    spec leaves the item's title empty and its address key would be all a plan shows.
    """
    if entry.address.kind is not Kind.MODULE_ITEM or entry.title != entry.address.key:
        return entry
    for snapshot in (desired, live):
        item = snapshot.get(entry.address)
        target = _referenced(item.fields.get("content") if item else None, desired, live)
        if target is not None:
            return replace(entry, title=f"{target.kind.label}: {target.title}")
    return entry


def _referenced(content: Any, desired: Snapshot, live: Snapshot) -> Resource | None:
    if not isinstance(content, str) or "." not in content:
        return None
    try:
        address = Address.parse(content)
    except ValueError:  # a link to something canvas-npq does not manage
        return None
    return desired.get(address) or live.get(address)


def _create(
    want: Resource, replacing: Resource | None = None, diffs: Sequence[FieldChange] = ()
) -> Change:
    if replacing is not None:
        names = ", ".join(d.name for d in diffs if d.name in IMMUTABLE_FIELDS[want.kind])
        return Change(
            Action.REPLACE,
            want.address,
            want.title,
            block=want.block,
            canvas_id=replacing.canvas_id,
            fields=tuple(diffs),
            desired=want.fields,
            reason=f"Canvas cannot change {names} in place",
        )
    fields = tuple(FieldChange(name, None, value) for name, value in want.fields.items())
    return Change(
        Action.CREATE,
        want.address,
        want.title,
        block=want.block,
        fields=fields,
        desired=want.fields,
        reason="new in the spec",
    )


def _diff(want: Resource, have: Resource, applied: Mapping[str, str]) -> list[FieldChange]:
    placement = PLACEMENT_FIELDS.get(want.kind, frozenset())
    optional = OPTIONAL_FIELDS.get(want.kind, frozenset())
    diffs = []
    for name in FIELDS[want.kind]:
        if name in placement or (name in optional and name not in want.fields):
            continue
        new, old = want.fields.get(name), have.fields.get(name)
        if new == old:
            continue
        last_written = applied.get(name)
        # a link marked as leading to a retitled page is not an edit made in Canvas
        drift = last_written is not None and fingerprint(unmarked(old)) != last_written
        diffs.append(FieldChange(name, old, new, drift))
    return diffs


def _marking_of_student_work(have: Resource, live: Snapshot) -> bool:
    return have.kind is Kind.RUBRIC and graded_work(have, live) is not None


def _keep_student_work_published(
    want: Resource,
    have: Resource,
    diffs: list[FieldChange],
    live: Snapshot,
    notes: list[str],
) -> list[FieldChange]:
    """Never unpublish an assignment with submissions (Canvas refuses it, and students
    would lose sight of their work), nor its module item, which shows the assignment's
    state: the change is dropped and the plan says why."""
    assignment = have
    if want.kind is Kind.MODULE_ITEM:
        content = have.fields.get("content")
        try:
            assignment = live.get(Address.parse(str(content))) or have
        except ValueError:
            return diffs
    if assignment.kind is not Kind.ASSIGNMENT or not assignment.facts.get(
        "has_submitted_submissions"
    ):
        return diffs
    kept = [d for d in diffs if not (d.name == "published" and not d.new)]
    if len(kept) != len(diffs) and want.kind is Kind.ASSIGNMENT:
        notes.append(
            f"{want.kind.label} {want.title!r} [{want.address.key}] stays published: it has "
            "student submissions, and canvas-npq never unpublishes or deletes student work."
        )
    return kept


# Canvas copies an outcome's title, description and ratings into every rubric criterion
# aligned to it when the outcome changes; such a rubric is sent again after the outcome.
OUTCOME_FIELDS_COPIED_TO_RUBRICS = frozenset({"title", "description"})


def _realigned_rubrics(
    desired: Snapshot, live: Snapshot, created: set[Address], updates: list[Change]
) -> list[Change]:
    changed = {
        str(change.address)
        for change in updates
        if change.address.kind is Kind.OUTCOME
        and any(f.name in OUTCOME_FIELDS_COPIED_TO_RUBRICS for f in change.fields)
    }
    if not changed:
        return []
    planned = created | {change.address for change in updates}
    resent = []
    for want in desired.of_kind(Kind.RUBRIC):
        have = live.get(want.address)
        if have is None or want.address in planned:
            continue
        if any(criterion.get("outcome") in changed for criterion in want.fields["criteria"]):
            criteria = want.fields["criteria"]
            resent.append(
                Change(
                    Action.UPDATE,
                    want.address,
                    want.title,
                    block=want.block,
                    canvas_id=have.canvas_id,
                    fields=(FieldChange("criteria", have.fields["criteria"], criteria),),
                    desired=want.fields,
                    reason="aligned to a changed outcome, which Canvas copies into the "
                    "rubric; the spec's criteria are sent again",
                )
            )
    return resent


def _update_reason(diffs: Sequence[FieldChange]) -> str:
    if all(d.drift for d in diffs):
        return "edited in Canvas (drift); the spec's values are put back"
    if any(d.drift for d in diffs):
        return "changed in the spec, and edited in Canvas (drift)"
    return "changed in the spec"


def _with_after(change: Change, after: str | None) -> Change:
    if after is None:
        return change
    return Change(
        change.action,
        change.address,
        change.title,
        block=change.block,
        canvas_id=change.canvas_id,
        fields=change.fields,
        desired=change.desired,
        after=after,
        reason=change.reason,
    )


def _not_in_course(want: Resource, live: Snapshot) -> str:
    """Why a built-in object the spec names is left out: Canvas cannot create it."""
    if not live.of_kind(want.kind):
        return (
            f"{want.kind.label} {want.address.key!r} was not read from Canvas (read the "
            "course with the spec: sync.read(..., managing=desired)); nothing is changed for it."
        )
    if want.kind is Kind.TAB:
        return (
            f"tab {want.address.key!r} is not in this course's navigation (Canvas offers "
            "some tabs only where the instance enables them); nothing is changed for it."
        )
    return f"{want.kind.label} is not in the course; nothing is changed for it."


def _removals(
    desired: Snapshot, live: Snapshot, options: PlanOptions
) -> tuple[list[Change], list[Retained]]:
    """Owned objects that left the spec: deleted with prune, never student work or its
    marking (see ``plan.rules``)."""
    gone = [r for r in live if desired.get(r.address) is None and r.kind not in BUILT_IN_KINDS]
    gone.sort(key=lambda r: (-KIND_ORDER[r.kind], str(r.address)))
    deletes: list[Change] = []
    retained: list[Retained] = []
    # Student work is kept whatever happens, so the module items that lead to it (which
    # come first here) are kept too: participants still find it where it was.
    protected: set[str] = {str(r.address) for r in gone if is_student_work(r)}

    for have in gone:
        reason = why_keep(have, live, options.prune, protected)
        if reason:
            protected.add(str(have.address))
            retained.append(
                Retained(have.address, have.title, have.canvas_id, reason, block=have.block)
            )
        else:
            deletes.append(
                Change(
                    Action.DELETE,
                    have.address,
                    have.title,
                    block=have.block,
                    canvas_id=have.canvas_id,
                    reason="no longer in the spec (--prune)",
                )
            )
    return deletes, retained


def _placements(
    desired: Snapshot,
    live: Snapshot,
    creates: Mapping[Address, Change],
    deleted: set[Address],
) -> tuple[list[Change], dict[str, str]]:
    """Moves that make each container's owned objects follow the spec's order.

    Objects on the longest run already in spec order stay put; every other object is
    placed right after its previous spec sibling, in spec order, so the result is the
    spec's order whatever foreign objects sit between.
    """
    moves: list[Change] = []
    anchors: dict[str, str] = {}
    created = {str(address) for address in creates}
    gone = {str(address) for address in deleted}
    for container, wanted in desired.order.items():
        live_seq = [a for a in live.order.get(container, ()) if a not in gone]
        present = [a for a in live_seq if a in set(wanted) and a not in created]
        rank = {a: i for i, a in enumerate(wanted)}
        stable = set(_longest_increasing(present, rank))
        for index, entry in enumerate(wanted):
            after = wanted[index - 1] if index else ""
            if entry in created:
                anchors[entry] = after
                continue
            if entry in stable:
                continue
            address = Address.parse(entry)
            want = desired.resources[address]
            have = live.get(address)
            fields: tuple[FieldChange, ...] = ()
            for name in PLACEMENT_FIELDS.get(address.kind, ()):
                old = have.fields.get(name) if have else None
                if old != want.fields.get(name):
                    fields += (FieldChange(name, old, want.fields.get(name)),)
            moves.append(
                Change(
                    Action.MOVE,
                    address,
                    want.title,
                    block=want.block,
                    canvas_id=have.canvas_id if have else None,
                    fields=fields,
                    desired=want.fields,
                    after=after,
                    reason="moved to another block" if fields else "reordered",
                )
            )
    return moves, anchors


def _longest_increasing(sequence: Sequence[str], rank: Mapping[str, int]) -> list[str]:
    """The longest subsequence already in spec order (patience sorting, O(n log n))."""
    import bisect

    tails: list[int] = []
    tails_at: list[int] = []
    parent: list[int] = [-1] * len(sequence)
    for i, entry in enumerate(sequence):
        value = rank[entry]
        j = bisect.bisect_left(tails, value)
        if j == len(tails):
            tails.append(value)
            tails_at.append(i)
        else:
            tails[j] = value
            tails_at[j] = i
        parent[i] = tails_at[j - 1] if j else -1
    result: list[str] = []
    i = tails_at[-1] if tails_at else -1
    while i >= 0:
        result.append(sequence[i])
        i = parent[i]
    return result[::-1]


def _next_manifest(
    desired: Snapshot, live: Snapshot, retained: Sequence[Retained]
) -> dict[str, Any]:
    """The manifest as it will stand after apply; ids of new objects are filled in then."""
    old: Mapping[str, Any] = live.meta.get("manifest", {}) or {}
    manifest: dict[str, Any] = {}
    for want in desired:
        have = live.get(want.address)
        manifest[str(want.address)] = {
            "id": have.canvas_id if have else None,
            "applied": {name: fingerprint(value) for name, value in want.fields.items()},
        }
        before = old.get(str(want.address)) or {}
        if have is not None and before.get("id") == have.canvas_id:
            # a quiz's stamps (apply.executor) stand until an apply records others
            for key in ("stamp", "whole_stamp"):
                if before.get(key) is not None:
                    manifest[str(want.address)][key] = before[key]
        if want.kind in RECORDED_FIELDS:
            entry = manifest[str(want.address)]
            entry["recorded"] = {n: want.fields[n] for n in RECORDED_FIELDS[want.kind]}
            previous = (old.get(str(want.address)) or {}).get("previous_ids")
            if previous:
                entry["previous_ids"] = list(previous)
    for kept in retained:
        key = str(kept.address)
        manifest[key] = dict(old.get(key) or {"id": kept.canvas_id, "applied": {}})
    return manifest


def live_fingerprint(live: Snapshot) -> str:
    """A digest of everything the plan was computed from on the Canvas side."""
    state = {
        "resources": sorted(
            (str(r.address), r.canvas_id, sorted((k, repr(v)) for k, v in r.fields.items()))
            for r in live
        ),
        "order": sorted((k, list(v)) for k, v in live.order.items()),
        "manifest": live.meta.get("manifest", {}),
    }
    data = json.dumps(state, sort_keys=True, default=str).encode()
    return hashlib.sha256(data).hexdigest()
