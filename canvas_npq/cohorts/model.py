"""A cohort: one run of the programme, in its own Canvas course, from the shared spec."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

from canvas_npq.model import SourceRef

DELIVERY_MODELS = ("blended", "online")


@dataclass(frozen=True)
class BlueprintSpec:
    """A Blueprint course and the courses it syncs to (its associated courses)."""

    course: int | str
    associated: tuple[int | str, ...]
    source: SourceRef


@dataclass(frozen=True)
class Holiday:
    """A named break in a cohort's calendar, ``start`` to ``end`` inclusive."""

    name: str
    start: date
    end: date
    source: SourceRef | None = None


@dataclass(frozen=True)
class Cohort:
    """One entry of ``cohorts.yaml``.

    ``course`` is the course canvas-npq applies to: the cohort's own course, or its
    Blueprint course when ``blueprint`` is set. ``overrides`` maps a spec object id to
    the keys this cohort changes on it (YAML nodes, checked against that object's keys
    when the spec is loaded for the cohort, so problems point into ``cohorts.yaml``).
    """

    name: str
    course: int | str
    start: date
    timezone: str | None  # None: the course's time_zone from course.yaml
    delivery: str
    course_name: str | None = None
    course_code: str | None = None
    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    overrides: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    blueprint: BlueprintSpec | None = None
    file: str = "cohorts.yaml"
    source: SourceRef | None = None
    holidays: tuple[Holiday, ...] = ()  # nothing should be dated inside one

    @property
    def label(self) -> str:
        return f"cohort {self.name}"
