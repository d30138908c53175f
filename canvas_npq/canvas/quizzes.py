"""Classic quizzes: reading them (with their questions) and writing them.

A quiz is owned when its description carries canvas-npq's marker (or the manifest names
it). Its questions are a separate listing per quiz: Canvas has no way to list a course's
questions at once, nor any field on the quiz that changes when only a question's text
does (its ``question_count`` and ``points_possible`` count the version students take).
So the reader asks for the questions of each owned quiz, and of no other: one request
per owned quiz, run side by side with the others.

Writes follow Canvas's quiz model (``app/models/quizzes/quiz.rb``): students take the
version saved when the quiz becomes published, so questions are written while the quiz
is unpublished and the quiz is published last; the questions of a published quiz that
change are followed by an unpublish and a publish, which saves the new version. The
planner never asks for that on a quiz with student attempts (see ``plan.quizzes``).

:calls: ``GET /api/v1/courses/:id/quizzes``, ``GET .../quizzes/:id/questions``,
    ``POST/PUT/DELETE .../quizzes[/:id]``, ``POST/PUT/DELETE .../quizzes/:id/questions[/:id]``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from canvas_npq.model import FIELDS, Address, Kind, Resource
from canvas_npq.model.quizzes import normalize_questions

QUIZ_SETTINGS = (
    "title",
    "description",
    "quiz_type",
    "time_limit",
    "allowed_attempts",
    "shuffle_answers",
    "show_correct_answers",
    "show_correct_answers_at",
    "unlock_at",
    "due_at",
    "lock_at",
)


@dataclass
class LiveQuiz:
    """What the writer needs to know of a quiz as read: its state and its questions."""

    published: bool
    questions: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # id, normalized


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def owned_quiz_ids(quizzes: list[Any], owner_of: Callable[[Any], str | None]) -> list[int]:
    """The quizzes whose questions the reader asks for: those carrying the marker."""
    return [q.id for q in quizzes if owner_of(_get(q, "description"))]


def canvas_questions(rows: list[Any]) -> list[dict[str, Any]]:
    """Questions as Canvas lists them, in the model's terms (before normalizing)."""
    ordered = sorted(rows, key=lambda r: (_get(r, "position") or 0, _get(r, "id")))
    return [
        {
            "id": _get(r, "id"),
            "name": _get(r, "question_name"),
            "type": _get(r, "question_type"),
            "text": _get(r, "question_text"),
            "points": _get(r, "points_possible"),
            "answers": [
                {"text": a.get("text"), "weight": a.get("weight")} for a in _get(r, "answers") or ()
            ],
        }
        for r in ordered
    ]


def quiz_resource(
    quiz: Any,
    address: Address,
    questions: list[dict[str, Any]] | None,
    group: Address | None,
    fields: Callable[[Kind, Mapping[str, Any]], dict[str, Any]],
    owned_html: Callable[[str, str | None], str],
) -> tuple[Resource, LiveQuiz]:
    """An owned quiz as a live resource. ``questions`` None: not read (kept as unknown)."""
    values = {n: _get(quiz, n) for n in FIELDS[Kind.QUIZ]}
    values["description"] = owned_html(address.key, values["description"])
    values["time_limit"] = values["time_limit"] or 0
    group_id = _get(quiz, "assignment_group_id")
    graded = _get(quiz, "quiz_type") in ("assignment", "graded_survey")
    values["assignment_group"] = (
        (str(group) if group else f"foreign:{group_id}") if graded and group_id else None
    )
    values["questions"] = questions or []
    normalized = normalize_questions(questions or [])
    live = LiveQuiz(
        published=bool(_get(quiz, "published")),
        questions=[(q["id"], n) for q, n in zip(questions or [], normalized, strict=True)],
    )
    resource = Resource(
        address,
        fields(Kind.QUIZ, values),
        canvas_id=quiz.id,
        facts={
            # Canvas's can_unpublish?: false once a participant has an attempt (or the
            # quiz's assignment a submission). Read from the listing: no extra request.
            "has_attempts": _get(quiz, "unpublishable") is False,
            "assignment_id": _get(quiz, "assignment_id"),
        },
    )
    return resource, live


# -- writing ------------------------------------------------------------------------


def quiz_params(fields: Mapping[str, Any], resolve: Callable[[str], int]) -> dict[str, Any]:
    """``quiz[...]`` for the fields given (all of them on create)."""
    params: dict[str, Any] = {}
    for name in QUIZ_SETTINGS:
        if name not in fields:
            continue
        value = fields[name]
        if name in ("unlock_at", "due_at", "lock_at", "show_correct_answers_at"):
            value = value or ""  # an empty string clears a date
        elif name == "time_limit":
            value = value or ""  # no limit
        params[name] = value
    if fields.get("assignment_group"):
        params["assignment_group_id"] = resolve(fields["assignment_group"])
    return params


def question_params(question: Mapping[str, Any], position: int) -> dict[str, Any]:
    """``question[...]``: answers as an indexed hash, weight 100 for a right one."""
    return {
        "question_name": question["name"],
        "question_type": question["type"],
        "question_text": question["text"],
        "points_possible": question["points"],
        "position": position,
        "answers": {
            str(n): {"answer_text": a["text"], "answer_weight": 100 if a["correct"] else 0}
            for n, a in enumerate(question["answers"])
        },
    }


Send = Callable[..., Any]


def write_questions(send: Send, quiz_path: str, wanted: Any, live: LiveQuiz | None) -> bool:
    """Make the quiz's questions ``wanted`` (normalized), touching only those that
    differ: update in place by position, add, delete the surplus. True if any changed."""
    have = list(live.questions) if live else []
    changed = False
    for index, question in enumerate(wanted):
        if index < len(have):
            question_id, current = have[index]
            if current == question:
                continue
            send(
                "PUT",
                f"{quiz_path}/questions/{question_id}",
                question=question_params(question, index + 1),
            )
        else:
            send("POST", f"{quiz_path}/questions", question=question_params(question, index + 1))
        changed = True
    for question_id, _ in have[len(wanted) :]:
        send("DELETE", f"{quiz_path}/questions/{question_id}")
        changed = True
    return changed
