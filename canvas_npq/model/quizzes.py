"""A Classic quiz's questions in the form desired and live compare in.

Canvas stores a question's text as sanitized HTML and each answer with a weight (100 for
a right answer, 0 otherwise); canvas-npq compares what a participant sees: the question's
type, name, text and points, and each answer's text and whether it is right, in order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from canvas_npq.model.html import normalize_html

# The spec's question types and Canvas's names for them.
QUESTION_TYPES: Mapping[str, str] = {
    "multiple_choice": "multiple_choice_question",
    "multiple_answers": "multiple_answers_question",
    "true_false": "true_false_question",
    "short_answer": "short_answer_question",
    "essay": "essay_question",
    "text": "text_only_question",
}
# Types whose answers are not chosen from a list: Canvas keeps none for them.
NO_ANSWERS = frozenset({"essay_question", "text_only_question"})


def _points(value: Any) -> float:
    return float(value) if value not in (None, "") else 0.0


def normalize_answer(answer: Mapping[str, Any]) -> dict[str, Any]:
    """``text`` and ``correct``, from the spec's form or Canvas's (``weight``)."""
    if "correct" in answer:
        correct = bool(answer["correct"])
    else:
        correct = _points(answer.get("weight")) > 0
    return {"text": " ".join(str(answer.get("text") or "").split()), "correct": correct}


def normalize_questions(value: Any) -> tuple[dict[str, Any], ...]:
    questions = []
    for raw in value or ():
        question_type = str(raw.get("type") or "")
        answers = () if question_type in NO_ANSWERS else raw.get("answers") or ()
        questions.append(
            {
                "name": " ".join(str(raw.get("name") or "").split()),
                "type": question_type,
                "text": normalize_html(raw.get("text") or ""),
                "points": _points(raw.get("points")),
                "answers": tuple(normalize_answer(a) for a in answers),
            }
        )
    return tuple(questions)


def has_student_work(facts: Mapping[str, Any]) -> bool:
    """A live quiz's facts say a participant has started or submitted an attempt."""
    return bool(facts.get("has_attempts"))
