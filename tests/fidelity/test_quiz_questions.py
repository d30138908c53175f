"""Quiz question data as Canvas builds it from ``question[...]``: feedback, matching and
numerical answers, and the first-answer rule, from Canvas's answer parsers, held against
the sandbox (one test per behaviour canvas-npq relies on)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from canvasapi import Canvas

from canvas_npq.sandbox import Sandbox
from tests.fidelity.registry import fidelity
from tests.fidelity.test_quizzes import QUESTIONS, Api

DATA = "app/models/quizzes/quiz_question/question_data.rb"
PARSERS = "app/models/quizzes/quiz_question/answer_parsers/"
RAW_FIELDS = "app/models/quizzes/quiz_question/raw_fields.rb"
API_JSON = "lib/api/v1/quiz_question.rb"


@pytest.fixture
def api() -> Iterator[Api]:
    with Sandbox() as sandbox:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            canvas = Canvas(sandbox.url, sandbox.token)
        course = canvas.get_account(1).create_course(course={"name": "Q"}, enroll_me=True)
        yield Api(sandbox, course.id)


def _create(api: Api, question: dict[str, Any]) -> dict[str, Any]:
    quiz = api.ok("POST", "/quizzes", quiz={"title": "Check"})
    return api.ok("POST", f"/quizzes/{quiz['id']}/questions", question=question)


@fidelity(
    endpoint="POST /api/v1/courses/:course_id/quizzes/:quiz_id/questions",
    params="question[correct_comments_html|incorrect_comments_html|neutral_comments_html], "
    "question[answers][][answer_comment_html]",
    source=[DATA, PARSERS + "multiple_choice.rb", PARSERS + "true_false.rb", API_JSON, QUESTIONS],
    canvas="QuestionData.generate keeps the three comments and their *_html forms "
    "(sanitized); each parser reads an answer's comment from answer_comment or comments "
    "and answer_comment_html or comments_html; the answer_comments named by the API "
    "documentation is read by none, so it is dropped; the API shows all six question "
    "fields and each answer's comments and comments_html",
    sandbox="same names read, the same dropped; *_html sanitized",
    client="sends feedback as *_comments_html and answer_comment_html (Markdown rendered); "
    "reads the *_html form, else the plain text",
)
def test_feedback_is_read_from_the_names_the_parsers_know(api: Api) -> None:
    question = _create(
        api,
        {
            "question_type": "multiple_choice_question",
            "question_text": "<p>Q</p>",
            "correct_comments_html": "<p>Yes<script>x()</script></p>",
            "neutral_comments": "Plain",
            "answers": [
                {"answer_text": "a", "answer_weight": 100, "answer_comment_html": "<p>A</p>"},
                {"answer_text": "b", "answer_weight": 0, "answer_comments": "dropped"},
                {"answer_text": "c", "answer_weight": 0, "comments": "kept"},
            ],
        },
    )
    assert question["correct_comments_html"] == "<p>Yes</p>"
    assert question["neutral_comments"] == "Plain" and question["incorrect_comments"] == ""
    answers = question["answers"]
    assert answers[0]["comments_html"] == "<p>A</p>"
    assert (answers[1]["comments"], answers[1]["comments_html"]) == ("", "")
    assert answers[2]["comments"] == "kept"


@fidelity(
    endpoint="POST /api/v1/courses/:course_id/quizzes/:quiz_id/questions",
    params="question[matching_answer_incorrect_matches], "
    "question[answers][][answer_match_left|answer_match_right]",
    source=[PARSERS + "matching.rb", "app/models/quizzes/quiz_question/match_group.rb", DATA],
    canvas="each answer is {id, text (= left), left, right, comments, comments_html, "
    "match_id}, with no weight; one match_id per distinct right text; matches lists the "
    "right texts, then each distractor line (first 256 characters) not already there; "
    "matching_answer_incorrect_matches is kept as sent",
    sandbox="same",
    client="compares left, right and comments of each pair and the distractors as sent "
    "(one per line), not matches, whose ids Canvas makes up",
)
def test_a_matching_question_keeps_pairs_and_distractors(api: Api) -> None:
    question = _create(
        api,
        {
            "question_type": "matching_question",
            "question_text": "<p>Match</p>",
            "matching_answer_incorrect_matches": "Wrong\nOne\n" + "z" * 300,
            "answers": {
                "0": {"answer_match_left": "A", "answer_match_right": "One"},
                "1": {"answer_match_left": "B", "answer_match_right": "One"},
                "2": {"answer_match_left": "C", "answer_match_right": "Two"},
            },
        },
    )
    pairs = question["answers"]
    assert [(a["text"], a["left"], a["right"]) for a in pairs] == [
        ("A", "A", "One"),
        ("B", "B", "One"),
        ("C", "C", "Two"),
    ]
    assert "weight" not in pairs[0] and pairs[0]["match_id"] == pairs[1]["match_id"]
    assert [m["text"] for m in question["matches"]] == ["One", "Two", "Wrong", "z" * 256]
    assert question["matching_answer_incorrect_matches"].startswith("Wrong\nOne\n")


@fidelity(
    endpoint="POST /api/v1/courses/:course_id/quizzes/:quiz_id/questions",
    params="question[answers][][numerical_answer_type|answer_exact|answer_error_margin|"
    "answer_range_start|answer_range_end]",
    source=[PARSERS + "numerical.rb"],
    canvas="numerical_answer_type exact_answer keeps exact and margin (to_f); any other "
    "type becomes range_answer with start and end; every answer has weight 100",
    sandbox="same",
    client="sends exact_answer or range_answer; reads exact/margin or start/end by type",
)
def test_a_numerical_answer_is_exact_or_a_range(api: Api) -> None:
    question = _create(
        api,
        {
            "question_type": "numerical_question",
            "answers": [
                {
                    "numerical_answer_type": "exact_answer",
                    "answer_exact": "6",
                    "answer_error_margin": "0.5",
                },
                {
                    "numerical_answer_type": "precision_answer",
                    "answer_range_start": 1,
                    "answer_range_end": 3,
                },
            ],
        },
    )
    exact, ranged = question["answers"]
    assert (exact["numerical_answer_type"], exact["exact"], exact["margin"]) == (
        "exact_answer",
        6.0,
        0.5,
    )
    assert (ranged["numerical_answer_type"], ranged["start"], ranged["end"]) == (
        "range_answer",
        1.0,
        3.0,
    )
    assert exact["weight"] == ranged["weight"] == 100


@fidelity(
    endpoint="POST /api/v1/courses/:course_id/quizzes/:quiz_id/questions",
    params="question[answers][][answer_weight]=0 for every answer (a survey's choices)",
    source=[
        PARSERS + "multiple_choice.rb",
        PARSERS + "multiple_answers.rb",
        "app/models/quizzes/quiz_question/answer_group.rb",
    ],
    canvas="the multiple-choice and multiple-answers parsers call set_correct_if_none: "
    "with no answer at weight 100, the first is given weight 100",
    sandbox="same",
    client="compares a choice question with no right answer (a survey's) as Canvas keeps "
    "it, first answer right, so a survey does not drift",
)
def test_a_choice_with_no_right_answer_gets_its_first_marked_right(api: Api) -> None:
    question = _create(
        api,
        {
            "question_type": "multiple_choice_question",
            "answers": [{"answer_text": "1", "answer_weight": 0}, {"answer_text": "2"}],
        },
    )
    assert [a["weight"] for a in question["answers"]] == [100.0, 0.0]


@fidelity(
    endpoint="POST /api/v1/courses/:course_id/quizzes/:quiz_id/questions",
    params="question[correct_comments_html] longer than 5 KB",
    source=[DATA, RAW_FIELDS, QUESTIONS],
    canvas="fetch_with_enforced_length raises FieldTooLongError over max_size (5 kilobytes "
    "for a question's comments, 16 for other text); guard_against_big_fields re-raises it "
    "for an API request, a 500",
    sandbox="500, nothing saved",
    client="the validator refuses feedback over those lengths, so it is never sent",
)
def test_feedback_longer_than_canvas_keeps_is_an_error(api: Api) -> None:
    quiz = api.ok("POST", "/quizzes", quiz={"title": "Check"})
    path = f"/quizzes/{quiz['id']}/questions"
    answer = api.call("POST", path, question={"correct_comments_html": "x" * 5121})
    assert answer.status_code == 500
    assert api.ok("GET", path) == []
