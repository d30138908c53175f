"""The plan: what one run of ``apply`` will do to one Canvas course.

Contract
--------
A :class:`Plan` is an immutable value computed by ``build_plan(desired, live,
options)`` with no I/O. The executor acts on ``changes`` and ``manifest`` only:

* ``Change.action`` says what to do to the object at ``Change.address``:

  - ``create``: make a new Canvas object from ``desired`` (every managed field).
  - ``update``: send the fields named in ``fields`` (their ``new`` values) to the
    Canvas object ``canvas_id``. ``old`` is what Canvas holds now.
  - ``move``: place the object after ``after`` in its container (``""`` = first;
    ``"foreign:<id>"`` = an object canvas-npq does not own). For a module item,
    a ``module`` entry in ``fields`` moves it to another module.
  - ``replace``: delete ``canvas_id`` and create the object again from ``desired``
    (for fields Canvas cannot change in place).
  - ``delete``: delete ``canvas_id`` (only ever planned with ``prune``).

* ``after`` on a ``create`` is where the new object goes in its container, and
  ``order`` is each container's live order (with ``foreign:<id>`` entries), from which
  the executor computes the positions Canvas wants.
* ``manifest`` is the record of managed objects canvas-npq keeps in the course; the
  executor rewrites it after the changes when ``manifest_changed`` is true, naming
  ``owner`` (the spec, by folder name, that manages the course) in it. A plan whose
  only write is that record (``record_only``) changes no course content.

Everything else is for people: ``title``, ``block``, ``reason`` and ``drift`` explain a
change; ``retained`` lists owned objects that left the spec and are deliberately kept,
with the reason. Renderers may show them in any form; apply never reads them.

``live_fingerprint`` identifies the live course state the plan was computed against,
so a saved plan can be refused when the course has changed since.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import PurePath
from types import MappingProxyType
from typing import Any

from canvas_npq.model import Address

# The plan file's format (``plan --json``/``--out``): 2 is one shape for every run,
# ``{"format_version": 2, "plans": [...]}``; 1 had a bare plan for ``--course``.
PLAN_FORMAT_VERSION = 2
READABLE_PLAN_FORMATS = (1, 2)


class Action(str, Enum):
    CREATE = "create"
    UPDATE = "update"
    MOVE = "move"
    REPLACE = "replace"
    DELETE = "delete"

    @property
    def symbol(self) -> str:
        return {"create": "+", "update": "~", "move": ">", "replace": "-/+", "delete": "-"}[
            self.value
        ]


@dataclass(frozen=True)
class FieldChange:
    """One field of one object: what Canvas has now (``old``) and what it will have.

    ``drift`` is true when Canvas no longer holds what canvas-npq last wrote there,
    i.e. someone edited the object in Canvas.
    """

    name: str
    old: Any
    new: Any
    drift: bool = False


@dataclass(frozen=True)
class Change:
    action: Action
    address: Address
    title: str
    block: str | None = None
    canvas_id: int | None = None
    fields: tuple[FieldChange, ...] = ()
    desired: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    after: str | None = None
    reason: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "desired", MappingProxyType(dict(self.desired)))

    @property
    def drift(self) -> bool:
        return any(f.drift for f in self.fields)


@dataclass(frozen=True)
class Retained:
    """An owned object that is no longer in the spec and is kept, and why."""

    address: Address
    title: str
    canvas_id: int | None
    reason: str
    block: str | None = None


@dataclass(frozen=True)
class Plan:
    course_id: int | str | None
    changes: tuple[Change, ...]
    retained: tuple[Retained, ...] = ()
    manifest: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    manifest_changed: bool = False
    live_fingerprint: str = ""
    warnings: tuple[str, ...] = ()
    order: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    spec_root: str = ""  # where the spec's files are, for uploads
    owner: str | None = None  # the spec the manifest will name as the course's owner

    def __post_init__(self) -> None:
        object.__setattr__(self, "manifest", MappingProxyType(dict(self.manifest)))
        object.__setattr__(
            self, "order", MappingProxyType({k: tuple(v) for k, v in self.order.items()})
        )

    @property
    def empty(self) -> bool:
        """True when apply would send no write at all."""
        return not self.changes and not self.manifest_changed

    @property
    def record_only(self) -> bool:
        """True when apply's only write is canvas-npq's own record (the manifest): no
        course content changes, so ``plan --detailed-exitcode`` reports no changes."""
        return not self.changes and self.manifest_changed

    def counts(self) -> dict[str, int]:
        counted = Counter(change.action.value for change in self.changes)
        return {action.value: counted.get(action.value, 0) for action in Action}

    def summary(self) -> str:
        c = self.counts()
        to_add = c["create"] + c["replace"]
        to_delete = c["delete"] + c["replace"]
        return (
            f"Plan: {to_add} to add, {c['update']} to change, {c['move']} to move, "
            f"{to_delete} to delete."
        )


def spec_name(spec_root: str | None) -> str | None:
    """How the manifest names a spec: its folder's name (the same in every checkout)."""
    if not spec_root:
        return None
    return PurePath(spec_root).name or None
