"""Addresses and resources: what a course is made of, in canvas-npq's own terms."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType
from typing import Any


class Kind(str, Enum):
    """The kinds of Canvas object canvas-npq manages, in dependency order."""

    COURSE = "course"
    COURSE_SETTINGS = "course_settings"
    TAB = "tab"
    ASSIGNMENT_GROUP = "assignment_group"
    FILE = "file"
    OUTCOME_GROUP = "outcome_group"
    OUTCOME = "outcome"
    PAGE = "page"
    ASSIGNMENT = "assignment"
    DISCUSSION = "discussion"
    QUIZ = "quiz"
    RUBRIC = "rubric"
    CALENDAR_EVENT = "calendar_event"
    ANNOUNCEMENT = "announcement"
    ASSIGNMENT_OVERRIDE = "assignment_override"
    MODULE = "module"
    MODULE_ITEM = "module_item"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


KIND_ORDER: dict[Kind, int] = {kind: index for index, kind in enumerate(Kind)}

# Kinds that exist in every course whether canvas-npq manages them or not: they are
# updated, never created or deleted (a tab the course lacks is reported, not made).
BUILT_IN_KINDS = frozenset({Kind.COURSE, Kind.COURSE_SETTINGS, Kind.TAB})


@dataclass(frozen=True, order=True)
class Address:
    """The stable identity of a managed object: its kind and its spec id.

    Titles, slugs and Canvas ids can all change; the address never does.
    """

    kind: Kind
    key: str

    def __str__(self) -> str:
        return f"{self.kind.value}.{self.key}"

    @classmethod
    def parse(cls, text: str) -> Address:
        kind, _, key = text.partition(".")
        return cls(Kind(kind), key)


@dataclass(frozen=True)
class SourceRef:
    """Where in the spec an object is defined, for error messages."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


def _freeze(mapping: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class Resource:
    """One object of a course, desired or live.

    ``fields`` holds the managed fields only, already in normalized form (see
    ``model.fields``), so desired and live values compare with ``==``. References to
    other managed objects are stored as address strings (``"module.block-1"``).

    Desired resources carry ``source``; live resources carry ``canvas_id`` and
    ``facts``: read-only things Canvas reports that the planner may need to respect
    (``has_submitted_submissions``, a page's current ``url`` slug), never written.
    """

    address: Address
    fields: Mapping[str, Any]
    block: str | None = None
    source: SourceRef | None = None
    canvas_id: int | None = None
    facts: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", _freeze(self.fields))
        object.__setattr__(self, "facts", _freeze(self.facts))

    @property
    def kind(self) -> Kind:
        return self.address.kind

    @property
    def title(self) -> str:
        for name in ("title", "name"):
            value = self.fields.get(name)
            if isinstance(value, str) and value:
                return value
        return self.address.key
