"""The preview of a quiz, as a participant taking it sees it: its settings, its
introduction and its questions with the answers to choose from (never which is right,
nor the feedback shown after an attempt)."""

from __future__ import annotations

from typing import Any

from canvas_npq.model import Resource
from canvas_npq.preview.course import PreviewCourse, when
from canvas_npq.preview.layout import esc
from canvas_npq.preview.links import LinkTargets
from canvas_npq.preview.objects import Pager, body, pager, unpublished

QUIZ_TYPES = {
    "practice_quiz": "Practice quiz (not graded)",
    "assignment": "Graded quiz",
    "survey": "Survey (no right answers, not graded)",
    "graded_survey": "Graded survey (points for taking it)",
}
TAKES = {
    "multiple_choice_question": "radio",
    "true_false_question": "radio",
    "multiple_answers_question": "checkbox",
}


def _details(course: PreviewCourse, quiz: Resource) -> str:
    fields = quiz.fields
    rows = [("Type", QUIZ_TYPES.get(str(fields.get("quiz_type")), str(fields.get("quiz_type"))))]
    due = course.local(fields.get("due_at"))
    if due:
        rows.append(("Due", when(due)))
    if fields.get("quiz_type") not in ("survey", "graded_survey"):
        points = sum(float(q.get("points") or 0) for q in fields.get("questions") or ())
        rows.append(("Points", f"{points:g}"))
    rows.append(("Questions", str(len(fields.get("questions") or ()))))
    attempts = int(fields.get("allowed_attempts") or 1)
    rows.append(("Attempts", "Unlimited" if attempts == -1 else str(attempts)))
    if fields.get("time_limit"):
        rows.append(("Time limit", f"{fields['time_limit']} minutes"))
    unlock, lock = course.local(fields.get("unlock_at")), course.local(fields.get("lock_at"))
    if unlock or lock:
        span = f"{when(unlock) if unlock else 'now'} until {when(lock) if lock else 'the end'}"
        rows.append(("Available", span))
    cells = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows)
    return f'<dl class="details-box">{cells}</dl>'


def _matching(number: int, question: Any) -> str:
    """Each prompt with a list of every match, right ones and distractors, sorted so
    that their order gives no pair away."""
    pairs = question.get("answers") or ()
    options = sorted({str(a.get("right")) for a in pairs} | set(question.get("distractors") or ()))
    choices = "".join(f"<option>{esc(o)}</option>" for o in options)
    rows = "".join(
        f'<li><label>{esc(a.get("left"))} <select name="q{number}" disabled>'
        f"<option>[ Choose ]</option>{choices}</select></label></li>"
        for a in pairs
    )
    return f'<ul class="answers matching">{rows}</ul>'


def _question(number: int, question: Any, targets: LinkTargets) -> str:
    kind = str(question.get("type") or "")
    control = TAKES.get(kind)
    if control:
        answers = "".join(
            f'<li><label><input type="{control}" name="q{number}" disabled> '
            f"{esc(a.get('text'))}</label></li>"
            for a in question.get("answers") or ()
        )
        answer = f'<ul class="answers">{answers}</ul>'
    elif kind == "matching_question":
        answer = _matching(number, question)
    elif kind == "numerical_question":
        answer = '<p class="muted"><em>The participant types a number here.</em></p>'
    elif kind in ("short_answer_question", "essay_question"):
        answer = '<p class="muted"><em>The participant types an answer here.</em></p>'
    else:
        answer = ""
    points = float(question.get("points") or 0)
    heading = esc(question.get("name") or f"Question {number}")
    score = f' <span class="muted">({points:g} pts)</span>' if points else ""
    return (
        f'<section class="question"><h2>{heading}{score}</h2>'
        f"{body(question.get('text'), targets)}{answer}</section>"
    )


def quiz_content(course: PreviewCourse, quiz: Resource, targets: LinkTargets, links: Pager) -> str:
    questions = "".join(
        _question(n, q, targets) for n, q in enumerate(quiz.fields.get("questions") or (), 1)
    )
    return (
        f'<h1 class="page-title">{esc(quiz.title)}{unpublished(quiz)}</h1>'
        f"{_details(course, quiz)}{body(quiz.fields.get('description'), targets)}"
        f"{questions}{pager(links)}"
    )
