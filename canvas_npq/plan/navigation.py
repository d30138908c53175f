"""Planning the course menu's order, where one tab's move shifts the others.

Canvas moves a tab by taking it out and inserting it at the new position
(``TabsController#update``), so the tabs between its old and new places shift by one.
Field-by-field diffs alone would leave a tab whose position is already right but gets
shifted by a move before it. :func:`with_tab_placements` replays the moves the executor makes
(ascending target position) on the live order and adds an update for each tab that
would end up out of place, so the plan does what it says in one apply.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from canvas_npq.model import Address, Kind, Resource, Snapshot
from canvas_npq.plan.model import Action, Change, FieldChange

FIRST_POSITION = 2  # Home is always 1


def placed_where_present(desired: Snapshot, live: Snapshot) -> Snapshot:
    """``desired`` with the ordered tabs numbered 2, 3, … among those the course has.

    The spec numbers its ``order`` list from 2 whatever the course offers; a tab the
    course lacks (Conferences where the instance has none) would leave a gap and push
    the last tabs past the end, which Canvas refuses ("That tab location is invalid").
    """
    ordered = sorted(
        (r for r in desired.of_kind(Kind.TAB) if "position" in r.fields),
        key=lambda r: r.fields["position"],
    )
    present = [r for r in ordered if live.get(r.address) is not None]
    moved = {
        r.address: replace(r, fields={**r.fields, "position": FIRST_POSITION + rank})
        for rank, r in enumerate(present)
        if r.fields["position"] != FIRST_POSITION + rank
    }
    if not moved:
        return desired
    resources = {a: moved.get(a, r) for a, r in desired.resources.items()}
    return Snapshot(resources, desired.order, desired.meta)


def with_tab_placements(
    desired: Snapshot, live: Snapshot, updates: Sequence[Change]
) -> list[Change]:
    """``updates`` with a position update for each tab a planned move would shift."""
    changed = {c.address: c for c in updates if c.address.kind is Kind.TAB}
    moving = {a for a, c in changed.items() if any(f.name == "position" for f in c.fields)}
    if not moving:
        return list(updates)
    # Home (position 1) and Settings (last) are not read as tabs: the i-th tab read
    # stands at position i + 2.
    order = [t.address for t in sorted(live.of_kind(Kind.TAB), key=_position)]
    placed = sorted(
        (r for r in desired.of_kind(Kind.TAB) if "position" in r.fields and live.get(r.address)),
        key=lambda r: r.fields["position"],
    )
    replaced: dict[Address, Change] = {}
    for want in placed:
        target = int(want.fields["position"])
        if order.index(want.address) + 2 == target and want.address not in moving:
            continue
        order.insert(target - 2, order.pop(order.index(want.address)))
        if want.address in moving:
            continue
        have = live.get(want.address)
        assert have is not None
        shifted = FieldChange("position", have.fields.get("position"), target)
        before = changed.get(want.address)
        replaced[want.address] = Change(
            Action.UPDATE,
            want.address,
            want.title,
            canvas_id=have.canvas_id,
            fields=(*(before.fields if before else ()), shifted),
            desired=want.fields,
            reason="placed again: moving the tabs before it shifts it",
        )
    kept = [replaced.pop(c.address, c) for c in updates]
    return kept + list(replaced.values())


def _position(resource: Resource) -> int:
    return int(resource.fields.get("position") or 0)
