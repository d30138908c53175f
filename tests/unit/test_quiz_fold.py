"""When the quizzes listing may go unread (``canvas.quizzes.unlisted_quizzes``): each
condition failing on its own has the quizzes listed."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from canvas_npq.canvas.quizzes import WHOLE_STAMP, unlisted_quizzes
from canvas_npq.model.fields import fingerprint

STAMP = "2026-12-05T09:00:01Z"
GROUP_ID = 7

PRACTICE: dict[str, Any] = {
    "title": "Block 1 knowledge check",
    "description": "<p>A short check.</p>",
    "quiz_type": "practice_quiz",
    "assignment_group": None,
    "time_limit": 0,
    "published": True,
    "questions": ({"name": "Q1", "text": "<p>Sure?</p>"},),
}
GRADED: dict[str, Any] = {
    **PRACTICE,
    "title": "Graded check",
    "quiz_type": "assignment",
    "assignment_group": "assignment_group.checks",
    "time_limit": 20,
}


def _entry(quiz_id: int, fields: dict[str, Any], **extra: Any) -> dict[str, Any]:
    applied = {name: fingerprint(value) for name, value in fields.items()}
    return {"id": quiz_id, "applied": applied, "stamp": STAMP, WHOLE_STAMP: STAMP, **extra}


def _case() -> dict[str, Any]:
    return {
        "manifest": {
            "quiz.check": _entry(1, PRACTICE),
            "quiz.graded": _entry(2, GRADED),
            "assignment_group.checks": {"id": GROUP_ID, "applied": {}},
        },
        "stamps": {1: STAMP, 2: STAMP},
        "wanted": {"quiz.check": dict(PRACTICE), "quiz.graded": dict(GRADED)},
        "assignments": [
            {"id": 50, "quiz_id": None, "assignment_group_id": GROUP_ID},
            {"id": 51, "quiz_id": 2, "assignment_group_id": GROUP_ID},
        ],
        "group_ids": {GROUP_ID, 8},
    }


def _decide(case: dict[str, Any]) -> dict[int, str] | None:
    return unlisted_quizzes(
        case["manifest"],
        case["stamps"],
        case["wanted"],
        case["assignments"],
        case["group_ids"],
        fingerprint,
    )


def test_every_quiz_as_last_applied_and_verified_goes_unlisted():
    assert _decide(_case()) == {1: "quiz.check", 2: "quiz.graded"}


def _no_answer(c: dict[str, Any]) -> None:
    c["stamps"] = None  # GraphQL's answer was not trusted


def _hand_made(c: dict[str, Any]) -> None:
    c["stamps"][3] = STAMP  # a quiz, or a New Quiz, the manifest does not record


def _deleted(c: dict[str, Any]) -> None:
    del c["stamps"][1]  # gone from Canvas, or its id listed twice


def _not_wanted(c: dict[str, Any]) -> None:
    del c["wanted"]["quiz.check"]  # the spec drops it, or the caller's plan writes it


def _wanted_new(c: dict[str, Any]) -> None:
    c["wanted"]["quiz.new"] = dict(PRACTICE)  # a quiz to create


def _pending(c: dict[str, Any]) -> None:
    c["manifest"]["quiz.new"] = {"pending": {"type": "quiz"}, "applied": {}}


def _no_id(c: dict[str, Any]) -> None:
    c["manifest"]["quiz.check"]["id"] = None


def _stamp_moved(c: dict[str, Any]) -> None:
    c["stamps"][2] = "2026-12-05T09:03:00Z"


def _questions_only(c: dict[str, Any]) -> None:
    del c["manifest"]["quiz.check"][WHOLE_STAMP]  # a stamp from before whole stamps


def _whole_without_stamp(c: dict[str, Any]) -> None:
    del c["manifest"]["quiz.check"]["stamp"]


def _spec_changed(c: dict[str, Any]) -> None:
    c["wanted"]["quiz.graded"]["time_limit"] = 30


def _field_added(c: dict[str, Any]) -> None:
    c["wanted"]["quiz.check"]["shuffle_answers"] = True  # not in what was applied


def _links_a_file(c: dict[str, Any]) -> None:
    fields = c["wanted"]["quiz.check"]
    fields["description"] = '<p><a href="canvas-npq-file:handout.docx">Handout</a></p>'
    c["manifest"]["quiz.check"] = _entry(1, fields)


def _links_a_page(c: dict[str, Any]) -> None:
    fields = c["wanted"]["quiz.check"]
    fields["description"] = '<p><a href="/courses/1/pages/unit-1">Unit 1</a></p>'
    c["manifest"]["quiz.check"] = _entry(1, fields)


def _assignment_moved(c: dict[str, Any]) -> None:
    c["assignments"][1]["assignment_group_id"] = 8


def _assignment_gone(c: dict[str, Any]) -> None:
    del c["assignments"][1]


def _practice_with_assignment(c: dict[str, Any]) -> None:
    c["assignments"].append({"id": 52, "quiz_id": 1, "assignment_group_id": GROUP_ID})


def _foreign_quiz_assignment(c: dict[str, Any]) -> None:
    c["assignments"].append({"id": 53, "quiz_id": 9, "assignment_group_id": GROUP_ID})


def _group_gone(c: dict[str, Any]) -> None:
    c["group_ids"] = {8}


def _two_addresses_one_id(c: dict[str, Any]) -> None:
    c["manifest"]["quiz.copy"] = _entry(1, PRACTICE)
    c["wanted"]["quiz.copy"] = dict(PRACTICE)


@pytest.mark.parametrize(
    "breaks",
    [
        _no_answer,
        _hand_made,
        _deleted,
        _not_wanted,
        _wanted_new,
        _pending,
        _no_id,
        _stamp_moved,
        _questions_only,
        _whole_without_stamp,
        _spec_changed,
        _field_added,
        _links_a_file,
        _links_a_page,
        _assignment_moved,
        _assignment_gone,
        _practice_with_assignment,
        _foreign_quiz_assignment,
        _group_gone,
        _two_addresses_one_id,
    ],
)
def test_any_condition_failing_has_the_quizzes_listed(breaks: Callable[[dict[str, Any]], None]):
    case = copy.deepcopy(_case())
    assert _decide(case) is not None
    breaks(case)
    assert _decide(case) is None
