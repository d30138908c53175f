"""What canvas-npq can manage of an existing Canvas object, and why not when it can't.

The reader lists every object it does not own in ``meta["unowned"]`` with the facts
needed here. Each kind has one rule below; a kind a workstream adds gets its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from canvas_npq.model.fields import normalize_datetime
from canvas_npq.spec.files import FILE_SIZE_LIMIT
from canvas_npq.spec.keys import (
    COMPLETION_CHOICES,
    EXCLUSIVE_SUBMISSION_TYPES,
    SUBMISSION_TYPES,
    TITLE_MAX_LENGTH,
)

# Canvas grading types the spec can express (``grading:`` values).
GRADING_TYPES = {"points": "points", "pass_fail": "complete_incomplete", "not_graded": "not_graded"}
# Canvas module item type → the spec's item type.
SPEC_ITEM_TYPES = {
    "Page": "unit",
    "Assignment": "assignment",
    "SubHeader": "subheader",
    "ExternalUrl": "link",
    "Discussion": "discussion",
    "File": "file",
    "Quiz": "quiz",
}
MANAGED_ITEM_TYPES = frozenset(SPEC_ITEM_TYPES)
ITEM_TYPE_LABELS = {
    "ExternalTool": "an external tool (LTI) link",
}
_TITLE = re.compile(r"\w")


@dataclass(frozen=True)
class Unmanaged:
    """A Canvas object that import and adopt leave alone, and why."""

    kind: str  # "page", "assignment", "module_item", "quiz", ...
    canvas_id: Any
    title: str
    reason: str

    def __str__(self) -> str:
        return f"{self.kind.replace('_', ' ')} {self.title!r} (id {self.canvas_id}): {self.reason}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.canvas_id,
            "title": self.title,
            "reason": self.reason,
        }


def title_problem(title: str) -> str | None:
    if not _TITLE.search(title or ""):
        return "its title has no letter or digit, which a spec title needs"
    if len(title) > TITLE_MAX_LENGTH:
        return f"its title is longer than {TITLE_MAX_LENGTH} characters"
    return None


def assignment_problem(entry: Mapping[str, Any]) -> str | None:
    types = set(entry.get("submission_types") or ())
    if entry.get("is_quiz_lti_assignment"):
        return "a New Quiz: canvas-npq does not manage quizzes"
    if entry.get("quiz_id") or "online_quiz" in types:
        return "a classic quiz: canvas-npq does not manage quizzes"
    if entry.get("discussion_topic") or "discussion_topic" in types:
        return "a graded discussion: canvas-npq does not manage it as an assignment"
    if "external_tool" in types:
        return "an external tool (LTI) assignment: canvas-npq does not manage those"
    if entry.get("grading_type") not in GRADING_TYPES:
        return (
            f"graded as {entry.get('grading_type')!r}; the spec has points, "
            "complete_incomplete and not_graded"
        )
    if entry.get("grading_type") != "not_graded":
        unknown = types - set(SUBMISSION_TYPES)
        if unknown:
            return f"submission type {sorted(unknown)[0]!r} is not one the spec can express"
        if types & EXCLUSIVE_SUBMISSION_TYPES and len(types) > 1:
            return "its submission types combine 'none' or 'on_paper' with others"
    return title_problem(entry.get("title") or "")


def item_problem(entry: Mapping[str, Any]) -> str | None:
    item_type = entry.get("type")
    if item_type not in MANAGED_ITEM_TYPES:
        label = ITEM_TYPE_LABELS.get(str(item_type), f"a {item_type} item")
        return f"{label}: canvas-npq does not manage this kind of module item"
    completion = entry.get("completion")
    if completion and completion not in COMPLETION_CHOICES.get(SPEC_ITEM_TYPES[item_type], ()):
        return f"its completion requirement {completion!r} is not one the spec can express"
    if item_type in ("SubHeader", "ExternalUrl"):
        return title_problem(entry.get("title") or "")
    return None


def discussion_problem(entry: Mapping[str, Any]) -> str | None:
    if entry.get("graded"):
        return "a graded discussion: the spec's discussions are not graded"
    if entry.get("discussion_type") not in ("threaded", "not_threaded", None):
        return f"its discussion type {entry.get('discussion_type')!r} is not one the spec has"
    return title_problem(entry.get("title") or "")


def event_problem(entry: Mapping[str, Any]) -> str | None:
    start, end = entry.get("start_at"), entry.get("end_at")
    if not start or not end:
        return "an event without a start and an end, which a spec event needs"
    starts, ends = normalize_datetime(start), normalize_datetime(end)
    if starts is None or ends is None or ends <= starts:
        return "it does not end after it starts, which a spec event needs"
    return title_problem(entry.get("title") or "")


def file_problem(entry: Mapping[str, Any]) -> str | None:
    size = entry.get("size") or 0
    if size > FILE_SIZE_LIMIT:
        return f"{size:,} bytes, more than the {FILE_SIZE_LIMIT:,} a spec file may hold"
    if "url" in entry and not entry.get("url"):
        return "Canvas gave no address to download it from"
    return title_problem(entry.get("title") or "")


def quiz_problem(entry: Mapping[str, Any]) -> str | None:
    from canvas_npq.model.quizzes import QUESTION_TYPES

    spec_types = set(QUESTION_TYPES.values())
    unknown = [t for t in entry.get("question_types") or () if t not in spec_types]
    if unknown:
        return f"its question type {unknown[0]!r} is not one the spec can express"
    if entry.get("in_groups"):
        return "its questions are in question groups, which the spec cannot express"
    if not entry.get("question_types"):
        return "a classic quiz without questions: a spec's quiz has at least one"
    return title_problem(entry.get("title") or "")


def _no_problem(entry: Mapping[str, Any]) -> str | None:
    return title_problem(entry.get("title") or "")


def override_problem(entry: Mapping[str, Any]) -> str | None:
    """A spec gives dates to a section by its Canvas name (``sections:`` of a cohort)."""
    section = entry.get("section") or ""
    if section.startswith("section:"):  # its section was not listed: no name to give
        return "its section could not be found by name"
    return title_problem(section)


# kind (as the reader names it) → why it cannot be managed, or None.
RULES: dict[str, Callable[[Mapping[str, Any]], str | None]] = {
    "assignment_group": _no_problem,
    "page": _no_problem,
    "assignment": assignment_problem,
    "module": _no_problem,
    "module_item": item_problem,
    "discussion": discussion_problem,
    "calendar_event": event_problem,
    "rubric": _no_problem,
    "file": file_problem,
    "quiz": quiz_problem,
    "announcement": _no_problem,
    "assignment_override": override_problem,
    "outcome_group": lambda entry: (
        "not one of the framework's groups canvas-npq creates (spec `outcomes:`)"
    ),
    "outcome": lambda entry: (
        "not one of the framework's outcomes canvas-npq creates (spec `outcomes:`)"
    ),
}


def without_quiz_assignments(entries: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The entries less the assignments of listed classic quizzes: one line per quiz."""
    quizzes = {e["id"] for e in entries if e["kind"] == "quiz"}
    return [e for e in entries if not (e["kind"] == "assignment" and e.get("quiz_id") in quizzes)]


def problem(entry: Mapping[str, Any]) -> str | None:
    rule = RULES.get(entry["kind"])
    if rule is None:
        return f"canvas-npq does not manage {entry['kind'].replace('_', ' ')}s"
    return rule(entry)
