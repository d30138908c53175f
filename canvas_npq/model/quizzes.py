"""A Classic quiz's questions in the form desired and live compare in.

Canvas stores a question's text as sanitized HTML and each answer with a weight (100 for
a right answer, 0 otherwise); canvas-npq compares what a participant sees: the question's
type, name, text and points, its feedback (``correct_comments``, ``incorrect_comments``,
``neutral_comments``, as HTML), and its answers in order. What an answer is depends on
the type (Canvas's ``Quizzes::QuizQuestion::AnswerParsers``):

* choices (multiple choice, multiple answers, true/false, short answer): its ``text``,
  whether it is ``correct`` and its ``comments``;
* matching: a ``left`` and the ``right`` it matches, and ``comments``; the question also
  has ``distractors``, wrong matches offered beside the right ones;
* numerical: ``exact`` with a ``margin`` of error, or a range ``start``..``end``, and
  ``comments``; every answer of a numerical question is a right one.
"""

from __future__ import annotations

import html
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
    "matching": "matching_question",
    "numerical": "numerical_question",
}
# Types whose answers are not chosen from a list: Canvas keeps none for them.
NO_ANSWERS = frozenset({"essay_question", "text_only_question"})
# Every answer Canvas keeps for these is a right one (weight 100, whatever is sent).
ALL_CORRECT = frozenset({"short_answer_question", "numerical_question"})
# Canvas marks the first answer right when none is (``AnswerGroup#set_correct_if_none``,
# called by the multiple-choice and multiple-answers parsers): a survey's questions too.
FIRST_IF_NONE = frozenset({"multiple_choice_question", "multiple_answers_question"})
COMMENTS = ("correct_comments", "incorrect_comments", "neutral_comments")


def _points(value: Any) -> float:
    return float(value) if value not in (None, "") else 0.0


def _number(value: Any) -> float | None:
    return None if value in (None, "") else float(value)


def _words(value: Any) -> str:
    return " ".join(str(value or "").split())


def comment_html(html_value: Any, plain: Any = None) -> str:
    """A comment as HTML: Canvas's ``*_html`` form, else its plain text, escaped."""
    if html_value not in (None, ""):
        return normalize_html(str(html_value))
    if plain not in (None, ""):
        return normalize_html(f"<p>{html.escape(str(plain))}</p>")
    return ""


def normalize_answer(answer: Mapping[str, Any], question_type: str = "") -> dict[str, Any]:
    """One answer in the model's terms, from the spec's form or Canvas's (``weight``)."""
    comments = comment_html(answer.get("comments"))
    if question_type == "matching_question":
        return {
            "left": _words(answer.get("left")),
            "right": _words(answer.get("right")),
            "comments": comments,
        }
    if question_type == "numerical_question":
        exact = _number(answer.get("exact"))
        return {
            "exact": exact,
            "margin": (_number(answer.get("margin")) or 0.0) if exact is not None else None,
            "start": _number(answer.get("start")) if exact is None else None,
            "end": _number(answer.get("end")) if exact is None else None,
            "comments": comments,
        }
    if "correct" in answer:
        correct = bool(answer["correct"])
    else:
        correct = _points(answer.get("weight")) > 0
    return {
        "text": _words(answer.get("text")),
        "correct": correct or question_type in ALL_CORRECT,
        "comments": comments,
    }


def normalize_questions(value: Any) -> tuple[dict[str, Any], ...]:
    questions = []
    for raw in value or ():
        question_type = str(raw.get("type") or "")
        given = () if question_type in NO_ANSWERS else raw.get("answers") or ()
        answers = [normalize_answer(a, question_type) for a in given]
        if question_type in FIRST_IF_NONE and answers and not any(a["correct"] for a in answers):
            answers[0] = {**answers[0], "correct": True}
        question: dict[str, Any] = {
            "name": _words(raw.get("name")),
            "type": question_type,
            "text": normalize_html(raw.get("text") or ""),
            "points": _points(raw.get("points")),
            "answers": tuple(answers),
        }
        for name in COMMENTS:
            question[name] = comment_html(raw.get(name))
        if question_type == "matching_question":
            question["distractors"] = tuple(
                _words(d) for d in raw.get("distractors") or () if _words(d)
            )
        questions.append(question)
    return tuple(questions)


def has_student_work(facts: Mapping[str, Any]) -> bool:
    """A live quiz's facts say a participant has started or submitted an attempt."""
    return bool(facts.get("has_attempts"))
