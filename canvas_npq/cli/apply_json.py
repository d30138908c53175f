"""``apply --json``: the outcome of an apply per course (cohort) and per object, for CI.

Each course says how it ended (the status and exit code of the summary table, and the
error message) and each change of its plan whether it was ``done``, ``failed`` (the
change apply stopped at, with the reason) or ``not done`` (never sent).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from typing import Any

from canvas_npq.apply import Applied, ApplyFailed
from canvas_npq.cli.common import Planned, Report, exit_code
from canvas_npq.cli.progress import LineProgress, LiveProgress
from canvas_npq.cohorts.run import Outcome
from canvas_npq.plan import Change, Plan

APPLY_JSON_VERSION = 1


class ApplyRecord:
    """What each course's apply did, as it happens (from several threads)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.applied: dict[str, list[Applied]] = {}

    def add(self, name: str, applied: Applied) -> None:
        with self.lock:
            self.applied.setdefault(name, []).append(applied)

    def of(self, name: str) -> list[Applied]:
        with self.lock:
            return list(self.applied.get(name, ()))


class Watch:
    """One course's apply, told to the progress display and the record."""

    def __init__(
        self, progress: LineProgress | LiveProgress, record: ApplyRecord, name: str
    ) -> None:
        self.progress = progress
        self.record = record
        self.name = name

    def writing(self, change: Change) -> None:
        self.progress.writing(self.name, change)

    def written(self, applied: Applied) -> None:
        self.record.add(self.name, applied)
        self.progress.written(self.name)


def _key(change: Change) -> tuple[str, str]:
    return change.action.value, str(change.address)


def _objects(
    plan: Plan, applied: list[Applied], failed: ApplyFailed | None
) -> list[dict[str, Any]]:
    done = {_key(a.change): a for a in applied}
    objects = []
    for change in plan.changes:
        entry: dict[str, Any] = {
            "action": change.action.value,
            "address": str(change.address),
            "title": change.title,
            "canvas_id": change.canvas_id,
        }
        if _key(change) in done:
            entry["outcome"] = "done"
            entry["canvas_id"] = done[_key(change)].canvas_id
        elif failed is not None and _key(failed.change) == _key(change):
            entry["outcome"] = "failed"
            entry["error"] = str(failed.error)
        else:
            entry["outcome"] = "not done"
        objects.append(entry)
    return objects


def render_apply_json(
    reports: Sequence[Report],
    outcomes: Sequence[Outcome[Any, Planned]],
    record: ApplyRecord,
) -> str:
    courses = []
    for report, outcome in zip(reports, outcomes, strict=True):
        error = outcome.error
        failed = error if isinstance(error, ApplyFailed) else None
        plan = report.plan
        if plan is None and outcome.result is not None:
            plan = outcome.result.plan
        if plan is None and isinstance(outcome.item, Planned):  # failed while applying
            plan = outcome.item.plan
        applied = record.of(report.name)
        courses.append(
            {
                "name": report.name,
                "course": report.course,
                "status": report.status,
                "exit_code": report.code,
                "message": report.message,
                "summary": plan.counts() if plan is not None else None,
                "objects": _objects(plan, applied, failed) if plan is not None else [],
            }
        )
    document = {
        "format_version": APPLY_JSON_VERSION,
        "exit_code": exit_code(reports),
        "courses": courses,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
