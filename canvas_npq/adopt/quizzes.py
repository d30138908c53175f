"""Import of Classic quizzes: a quiz read from Canvas → its spec entry and questions file.

The questions file says what the spec's loader reads back into the same normalized
questions (``model.quizzes``): question text as Markdown where it converts exactly
(otherwise its HTML, which Markdown passes through), right answers marked, none in a
survey; feedback, matching pairs and distractors, numerical answers. Settings keep
their defaults out of the file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import yaml

from canvas_npq.model import Resource
from canvas_npq.model.quizzes import COMMENTS, QUESTION_TYPES

SPEC_TYPES = {canvas: spec for spec, canvas in QUESTION_TYPES.items()}
SURVEYS = ("survey", "graded_survey")


def _number(value: Any) -> float | int:
    number = float(value or 0)
    return int(number) if number.is_integer() else number


def _answers(
    kind: str, answers: Any, survey: bool, text: Callable[[str], str]
) -> list[dict[str, Any]]:
    entries = []
    for a in answers:
        entry: dict[str, Any]
        if kind == "matching":
            entry = {"left": a["left"], "right": a["right"]}
        elif kind == "numerical":
            if a["exact"] is not None:
                entry = {"exact": _number(a["exact"])}
                if a["margin"]:
                    entry["margin"] = _number(a["margin"])
            else:
                entry = {"start": _number(a["start"]), "end": _number(a["end"])}
        elif kind == "short_answer":
            entry = {"text": a["text"]}
        else:
            entry = {
                "text": a["text"],
                **({"correct": True} if a["correct"] and not survey else {}),
            }
        if a.get("comments"):
            entry["comments"] = text(a["comments"])
        entries.append(entry)
    return entries


def _question(
    question: Mapping[str, Any], number: int, survey: bool, text: Callable[[str], str]
) -> dict[str, Any]:
    kind = SPEC_TYPES.get(str(question["type"]), "text")
    entry: dict[str, Any] = {"type": kind}
    if question["name"] and question["name"] != f"Question {number}":
        entry["name"] = question["name"]
    entry["text"] = text(question["text"])
    default = 0.0 if kind == "text" else 1.0
    if float(question["points"]) != default:
        entry["points"] = _number(question["points"])
    answers = question["answers"]
    if kind == "true_false":
        right = [a["text"] for a in answers if a["correct"]]
        if not survey and right:
            entry["answer"] = right[0].strip().lower() == "true"
    elif kind not in ("essay", "text"):
        entry["answers"] = _answers(kind, answers, survey, text)
    if question.get("distractors"):
        entry["distractors"] = "\n".join(question["distractors"]) + "\n"
    for name in COMMENTS:
        if question.get(name) and kind != "text":  # a text item has no feedback
            entry[name] = text(question[name])
    return entry


def quiz_entry(
    quiz: Resource,
    folder: str,
    extra: Mapping[str, Any],
    body: Callable[[str, str, str], str],
    text: Callable[[str], str],
    files: dict[str, str],
    group: str | None,
) -> dict[str, Any]:
    """The spec entry of ``quiz``; its questions file (and description) go in ``files``.
    ``body(folder, key, html)`` writes a body file; ``text(html)`` makes question text."""
    f = quiz.fields
    key = quiz.address.key
    survey = f["quiz_type"] in SURVEYS
    entry: dict[str, Any] = {**extra, "id": key, "title": f["title"]}
    path = f"{folder}/{key}-questions.yaml"
    questions = [_question(q, n, survey, text) for n, q in enumerate(f["questions"], 1)]
    files[path] = yaml.safe_dump(
        {"questions": questions}, sort_keys=False, allow_unicode=True, width=100, indent=2
    )
    entry["questions"] = path
    entry["description"] = body(folder, key, f["description"])
    if f["quiz_type"] != "practice_quiz":
        entry["quiz_type"] = f["quiz_type"]
    if group and f["quiz_type"] in ("assignment", "graded_survey"):
        entry["group"] = group
    if f["allowed_attempts"] != 1:
        entry["allowed_attempts"] = f["allowed_attempts"]
    if f["time_limit"]:
        entry["time_limit"] = f["time_limit"]
    if f["shuffle_answers"]:
        entry["shuffle_answers"] = True
    if not f["show_correct_answers"]:
        entry["show_correct_answers"] = False
    for name in ("show_correct_answers_at", "unlock_at", "due_at", "lock_at"):
        if f[name]:
            entry[name] = f[name]
    return entry
