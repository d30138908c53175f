"""Apply steps ordered so that a body is written after the objects it links to.

A body that links to a page, assignment or discussion by reference
(``model.objectlinks``) is sent with the target's Canvas address, which exists only once
the target is created, and which for a page changes when its title does. So the step
that writes such a body waits for the step that creates the target or retitles it.
When such an edge would close a cycle (two new pages linking to each other), the body
is first sent with a link to the target's section, and a relink step, after both,
sends the body again with the target's address: one apply still converges.

The steps come back in an order that respects every edge (the executor runs them in
list order when it runs one at a time), otherwise in their original order.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, Protocol, TypeVar

from canvas_npq.model import FIELDS, Kind
from canvas_npq.model.fields import FieldType
from canvas_npq.model.objectlinks import linked_addresses
from canvas_npq.plan import Action, Change


class _StepLike(Protocol):
    @property
    def change(self) -> Change: ...

    @property
    def deps(self) -> frozenset[int]: ...


S = TypeVar("S", bound=_StepLike)


def link_fields(change: Change) -> list[str]:
    """The names of ``change``'s HTML fields that link to objects by address."""
    return [
        name
        for name, ftype in FIELDS[change.address.kind].items()
        if ftype is FieldType.HTML and linked_addresses(change.desired.get(name))
    ]


def links_of(change: Change) -> set[str]:
    """The addresses ``change``'s bodies link to (other than itself)."""
    found: set[str] = set()
    for name in link_fields(change):
        found |= linked_addresses(change.desired.get(name))
    found.discard(str(change.address))
    return found


def _moves_target(change: Change) -> bool:
    """The change gives its object a new Canvas address (new id, or a page's new slug)."""
    if change.action is Action.CREATE:
        return True
    return change.address.kind is Kind.PAGE and any(f.name == "title" for f in change.fields)


def order_by_links(
    steps: Sequence[S], writes_object: Callable[[Any], bool], relink: Callable[[Change], None]
) -> list[S]:
    """``steps`` with link edges added (see the module docstring), topologically ordered.

    ``writes_object(step)`` tells the steps that write an object itself (not a publish
    or a manifest write); ``relink(change)`` sends a body again once its targets exist."""
    by_address = {
        str(step.change.address): index
        for index, step in enumerate(steps)
        if writes_object(step) and step.change.action is not Action.DELETE
    }
    steps = list(steps)
    deps = [set(step.deps) for step in steps]
    added = False
    for index, step in enumerate(list(steps)):
        if not writes_object(step) or step.change.action is Action.DELETE:
            continue
        cut: set[int] = set()
        for address in sorted(links_of(step.change)):
            target = by_address.get(address)
            if target is None or not _moves_target(steps[target].change):
                continue
            if _reaches(deps, target, index):  # the target waits for this body already
                cut.add(target)
            else:
                deps[index].add(target)
            added = True
        if cut:
            steps.append(replace(step, run=relink))  # type: ignore[type-var]
            deps.append({index} | cut)
    if not added:
        return steps
    return _topological(steps, deps)


def _reaches(deps: list[set[int]], start: int, goal: int) -> bool:
    """Whether step ``start`` waits, directly or not, for step ``goal``."""
    seen = {start}
    stack = [start]
    while stack:
        for dep in deps[stack.pop()]:
            if dep == goal:
                return True
            if dep not in seen:
                seen.add(dep)
                stack.append(dep)
    return start == goal


def _topological(steps: Sequence[S], deps: list[set[int]]) -> list[S]:
    """Kahn's order, the lowest original index first among the ready; indexes remapped."""
    waiting_on = [len(d) for d in deps]
    dependents: list[list[int]] = [[] for _ in steps]
    for index, needs in enumerate(deps):
        for dep in needs:
            dependents[dep].append(index)
    ready = [i for i, count in enumerate(waiting_on) if count == 0]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        index = heapq.heappop(ready)
        order.append(index)
        for dependent in dependents[index]:
            waiting_on[dependent] -= 1
            if waiting_on[dependent] == 0:
                heapq.heappush(ready, dependent)
    if len(order) != len(steps):  # the edges added never close a cycle (see _reaches)
        raise AssertionError("apply steps wait for one another in a cycle")
    position = {old: new for new, old in enumerate(order)}
    return [
        replace(steps[old], deps=frozenset(position[d] for d in deps[old]))  # type: ignore[type-var]
        for old in order
    ]
