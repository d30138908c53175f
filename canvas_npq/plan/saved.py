"""Saved plans: ``plan --out FILE`` writes them, ``apply FILE`` applies exactly them.

A file is ``{"format_version": 2, "plans": [...]}``, one entry per course (the plan,
plus how to show it), whether the run named one course or several cohorts; its JSON
Schema is ``canvas-npq schema --plan``. Format 1 files (a bare plan for ``--course``)
are still parsed, but carry no digest and so are refused. Before applying, the live
course is read again and its fingerprint compared with the one recorded at planning
time: if someone changed the course since, the plan is refused (:class:`StalePlan`)
rather than applied to a course it was not made for.

The file ends with a ``digest`` of everything else in it: SHA-256, or HMAC-SHA-256 when
``CANVAS_NPQ_PLAN_KEY`` is set where the plan is made and applied. A plain digest needs
no secret, so it only catches a file edited by hand or damaged on the way (anyone can
compute a new one); the key makes it proof that the plan was made by a holder of the
key. Either way every change is also checked again against the live course at apply
(``plan.guard``), which needs no secret and is the real protection.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from canvas_npq.cohorts.model import BlueprintSpec
from canvas_npq.model import SourceRef
from canvas_npq.plan.guard import PlanRefused
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


class CourseChanged(StalePlan):
    """Another run changed the course between this run's read and its write (a lost
    race); nothing was written."""

    def __init__(self, message: str) -> None:
        Exception.__init__(self, message)
        self.course_id = None
        self.cohort = None


class PlanTampered(PlanRefused):
    """The plan file's content does not match its digest: it was edited after ``plan``."""

    def __init__(self, name: str, why: str) -> None:
        Exception.__init__(
            self,
            f"The saved plan {name} was refused: {why}. Nothing was applied. Run plan "
            "again, review it, and apply the new plan.",
        )
        self.problems = [why]


PLAN_KEY_VARIABLE = "CANVAS_NPQ_PLAN_KEY"


def plan_digest(data: Mapping[str, Any], key: str | None = None) -> str:
    """The digest of a plan file's content (every key but ``digest``)."""
    content = {k: v for k, v in data.items() if k != "digest"}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    if key:
        mac = hmac.new(key.encode("utf-8"), text.encode("utf-8"), hashlib.sha256)
        return "hmac-sha256:" + mac.hexdigest()
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _check_digest(data: Mapping[str, Any], name: str) -> bool:
    """Raise :class:`PlanTampered` unless the digest matches; True when it is keyed."""
    key = os.environ.get(PLAN_KEY_VARIABLE) or None
    recorded = data.get("digest")
    if not isinstance(recorded, str) or not recorded:
        raise PlanTampered(name, "it records no digest (made by an older canvas-npq, or edited)")
    if recorded.startswith("hmac-sha256:") and key is None:
        raise PlanTampered(
            name, f"it was made with a plan key, and {PLAN_KEY_VARIABLE} is not set here"
        )
    if key is not None and not recorded.startswith("hmac-sha256:"):
        raise PlanTampered(name, f"{PLAN_KEY_VARIABLE} is set, but the plan was made without it")
    if not hmac.compare_digest(recorded, plan_digest(data, key)):
        raise PlanTampered(name, "its content does not match its digest: it was edited after plan")
    return key is not None


def saved_spec_root(raw: str, where: str) -> Path:
    """The spec folder a saved plan uploads from: relative, without ``..``, and inside
    the folder apply runs in once symlinks are resolved (a plan file names where its
    files come from, so it must not be able to name ``/`` or ``~``)."""
    if not raw or Path(raw).is_absolute() or raw.startswith("~") or ".." in Path(raw).parts:
        raise PlanRefused(
            where,
            [
                f"it uploads files from {raw or '(no folder)'!r}: a saved plan uploads only "
                "from a spec folder given relative to where apply runs, without '..' (make "
                "the plan from the repository root, e.g. plan course_spec/npqltd --out plan.json)"
            ],
            lead="it cannot upload from where it says its files are",
        )
    here = Path.cwd().resolve()
    root = (here / raw).resolve()
    if not root.is_relative_to(here):
        raise PlanRefused(
            where,
            [f"its spec folder {raw!r} leads outside {here} (a symlink)"],
            lead="it cannot upload from where it says its files are",
        )
    return root


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
    keyed: bool = False  # its digest is an HMAC with CANVAS_NPQ_PLAN_KEY: made by a key holder


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


def _entry_from_dict(data: Any, where: str, keyed: bool = False) -> SavedPlan:
    if not isinstance(data, dict):
        raise PlanFileError(f"{where}: not a saved plan")
    try:
        plan = plan_from_dict(data)
    except (KeyError, TypeError, ValueError) as error:
        raise PlanFileError(f"{where}: not a saved plan ({error})") from None
    if not isinstance(plan.course_id, int) or isinstance(plan.course_id, bool):
        raise PlanFileError(f"{where}: course_id {plan.course_id!r} is not a Canvas course id")
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
        keyed=keyed,
    )


def dump_plans(entries: Sequence[SavedPlan]) -> str:
    """The text of a plan file: the same shape for one course or several cohorts."""
    data: dict[str, Any] = {
        "format_version": PLAN_FORMAT_VERSION,
        "plans": [_entry_to_dict(entry) for entry in entries],
    }
    data["digest"] = plan_digest(data, os.environ.get(PLAN_KEY_VARIABLE) or None)
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def save_plans(path: str | Path, entries: Sequence[SavedPlan]) -> list[str]:
    """Write the plan file; returns a warning per plan that apply will refuse as saved
    (it uploads files from a spec folder not below the working folder)."""
    Path(path).write_text(dump_plans(entries), encoding="utf-8")
    warnings = []
    for entry in entries:
        root = _portable_root(entry.plan.spec_root)
        uploads = any(
            c.address.kind.value == "file" and c.desired.get("content_hash")
            for c in entry.plan.changes
        )
        if uploads and (Path(root).is_absolute() or ".." in Path(root).parts):
            who = f"cohort {entry.cohort}" if entry.cohort else f"course {entry.plan.course_id}"
            warnings.append(
                f"Warning: the plan for {who} uploads files from {root}, which is not below "
                "the working folder: apply will refuse it. Plan from a folder that holds "
                "the spec folder (the repository root), as apply will run there."
            )
    return warnings


def load_plans(path: str | Path) -> list[SavedPlan]:
    """Every plan in a plan file, or :class:`PlanFileError`."""
    name = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise PlanFileError(f"{name}: cannot read the plan file ({error.strerror})") from None
    except ValueError as error:
        raise PlanFileError(f"{name}: not a plan file (invalid JSON: {error})") from None
    if not isinstance(data, dict):
        raise PlanFileError(f"{name}: not a plan file")
    version = data.get("format_version")
    if version not in READABLE_PLAN_FORMATS:
        raise PlanFileError(
            f"{name}: unsupported plan format {version!r} (this canvas-npq reads formats "
            f"{', '.join(map(str, READABLE_PLAN_FORMATS))}); make the plan again with this "
            "version"
        )
    keyed = _check_digest(data, name)
    if "plans" in data or version == PLAN_FORMAT_VERSION:
        plans = data.get("plans")
        if not isinstance(plans, list) or not plans:
            raise PlanFileError(f"{name}: the file holds no plans")
        return [
            _entry_from_dict(entry, f"{name} (plan {i + 1})", keyed)
            for i, entry in enumerate(plans)
        ]
    return [_entry_from_dict(data, name, keyed)]
