"""Saved plans: ``plan --out FILE`` writes them, ``apply FILE`` applies exactly them.

A file is ``{"format_version": 2, "plans": [...]}``, one entry per course (the plan,
plus how to show it), whether the run named one course or several cohorts; its JSON
Schema is ``canvas-npq schema --plan``. Format 1 files (a bare plan for ``--course``)
are still read. Before applying, the live course is read again and its fingerprint compared
with the one recorded at planning time: if someone changed the course since, the plan
is refused (:class:`StalePlan`) rather than applied to a course it was not made for.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from canvas_npq.cohorts.model import BlueprintSpec
from canvas_npq.model import SourceRef
from canvas_npq.plan.model import PLAN_FORMAT_VERSION, READABLE_PLAN_FORMATS, Plan
from canvas_npq.plan.serialize import plan_from_dict, plan_to_dict


class PlanFileError(ValueError):
    """A plan file that cannot be read; the message names the file."""


class StalePlan(Exception):
    """The course changed after the saved plan was made; nothing was applied."""

    def __init__(self, course_id: int | str | None, cohort: str | None = None) -> None:
        who = f"cohort {cohort} (course {course_id})" if cohort else f"course {course_id}"
        super().__init__(
            f"The saved plan for {who} is stale: the course has changed in Canvas since the "
            "plan was made. Nothing was applied. Run plan again, review it, and apply the "
            "new plan."
        )
        self.course_id = course_id
        self.cohort = cohort


class StaleFiles(StalePlan):
    """A file the plan uploads is not the one it was made with; nothing was applied."""

    def __init__(self, course_id: int | str | None, path: str, root: str, why: str) -> None:
        super().__init__(course_id)
        Exception.__init__(
            self,
            f"The plan uploads {path!r} from the spec folder {root!r}, but that file {why} "
            "since the plan was made. Nothing was applied. Apply from the folder the plan "
            "was made in (relative spec folders are taken from the working folder), or run "
            "plan again.",
        )
        self.path = path


@dataclass(frozen=True)
class SavedPlan:
    """One course's plan as saved, with what is needed to show it again."""

    plan: Plan
    cohort: str | None = None
    header: str = ""
    block_titles: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    blueprint: BlueprintSpec | None = None  # the cohort's Blueprint, for --sync-blueprint


def _portable_root(spec_root: str) -> str:
    """The spec folder relative to the working folder, where it is inside it: a plan
    made in one checkout (``plan course_spec/npqltd --out plan.json`` at its root) is
    applied from another checkout's root, as CI's plan and apply jobs do."""
    if not spec_root:
        return spec_root
    root = Path(spec_root).absolute()
    try:
        return root.relative_to(Path.cwd().absolute()).as_posix() or "."
    except ValueError:
        return str(root)


def _entry_to_dict(entry: SavedPlan) -> dict[str, Any]:
    data = plan_to_dict(entry.plan)
    data["spec_root"] = _portable_root(entry.plan.spec_root)
    data["cohort"] = entry.cohort
    data["header"] = entry.header
    data["block_titles"] = dict(entry.block_titles)
    if entry.blueprint is not None:
        data["blueprint"] = {
            "course": entry.blueprint.course,
            "associated": list(entry.blueprint.associated),
        }
    return data


def _entry_from_dict(data: Any, where: str) -> SavedPlan:
    if not isinstance(data, dict):
        raise PlanFileError(f"{where}: not a saved plan")
    try:
        plan = plan_from_dict(data)
    except (KeyError, TypeError, ValueError) as error:
        raise PlanFileError(f"{where}: not a saved plan ({error})") from None
    if not plan.live_fingerprint:
        raise PlanFileError(f"{where}: the plan records no live fingerprint; make it again")
    titles = data.get("block_titles") or {}
    blueprint = None
    if isinstance(data.get("blueprint"), dict):
        raw = data["blueprint"]
        blueprint = BlueprintSpec(
            raw.get("course"), tuple(raw.get("associated") or ()), SourceRef(where, None)
        )
    return SavedPlan(
        plan,
        cohort=data.get("cohort"),
        header=str(data.get("header") or ""),
        block_titles={str(k): str(v) for k, v in titles.items()},
        blueprint=blueprint,
    )


def dump_plans(entries: Sequence[SavedPlan]) -> str:
    """The text of a plan file: the same shape for one course or several cohorts."""
    data = {
        "format_version": PLAN_FORMAT_VERSION,
        "plans": [_entry_to_dict(entry) for entry in entries],
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def save_plans(path: str | Path, entries: Sequence[SavedPlan]) -> None:
    Path(path).write_text(dump_plans(entries), encoding="utf-8")


def load_plans(path: str | Path) -> list[SavedPlan]:
    """Every plan in a plan file, or :class:`PlanFileError`."""
    name = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise PlanFileError(f"{name}: cannot read the plan file ({error.strerror})") from None
    except ValueError as error:
        raise PlanFileError(f"{name}: not a plan file (invalid JSON: {error})") from None
    version = data.get("format_version") if isinstance(data, dict) else None
    if isinstance(data, dict) and version not in READABLE_PLAN_FORMATS:
        raise PlanFileError(
            f"{name}: unsupported plan format {version!r} (this canvas-npq reads formats "
            f"{', '.join(map(str, READABLE_PLAN_FORMATS))}); make the plan again with this "
            "version"
        )
    if isinstance(data, dict) and ("plans" in data or version == PLAN_FORMAT_VERSION):
        plans = data.get("plans")
        if not isinstance(plans, list) or not plans:
            raise PlanFileError(f"{name}: the file holds no plans")
        return [_entry_from_dict(entry, f"{name} (plan {i + 1})") for i, entry in enumerate(plans)]
    return [_entry_from_dict(data, name)]
