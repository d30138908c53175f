"""Classic quizzes and their questions: what Canvas does for each call canvas-npq makes,
from Canvas's source, held against the sandbox (one test per behaviour relied on)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from canvasapi import Canvas

from canvas_npq.sandbox import Sandbox
from tests.fidelity.registry import fidelity
from tests.fidelity.test_permission_endpoints import (
    C,
    Call,
    World,
    check_family,
    world,  # noqa: F401  (the fixture)
)

QUIZ_API = "app/controllers/quizzes/quizzes_api_controller.rb"
QUIZ_PARAMS = "lib/api/v1/quiz.rb"
QUIZ_MODEL = "app/models/quizzes/quiz.rb"
QUESTIONS = "app/controllers/quizzes/quiz_questions_controller.rb"


class Api:
    def __init__(self, sandbox: Sandbox, course_id: int) -> None:
        self.base = f"{sandbox.url}/api/v1/courses/{course_id}"
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {sandbox.token}"

    def call(self, method: str, path: str, **body: Any) -> requests.Response:
        return self.session.request(method, self.base + path, json=body or None, timeout=10)

    def ok(self, method: str, path: str, **body: Any) -> Any:
        response = self.call(method, path, **body)
        assert response.status_code in (200, 201), response.text
        return response.json()


@pytest.fixture
def api() -> Iterator[Api]:
    with Sandbox() as sandbox:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            canvas = Canvas(sandbox.url, sandbox.token)
        course = canvas.get_account(1).create_course(course={"name": "Q"}, enroll_me=True)
        yield Api(sandbox, course.id)


def _question(text: str, points: float, correct: str, wrong: str) -> dict[str, Any]:
    return {
        "question_name": text[:20],
        "question_type": "multiple_choice_question",
        "question_text": f"<p>{text}</p>",
        "points_possible": points,
        "answers": [
            {"answer_text": correct, "answer_weight": 100},
            {"answer_text": wrong, "answer_weight": 0},
        ],
    }


@fidelity(
    endpoint="POST /api/v1/courses/:course_id/quizzes",
    params="quiz[title], quiz[quiz_type], quiz[description] (no published)",
    source=[QUIZ_API, QUIZ_PARAMS, QUIZ_MODEL],
    canvas="update_api_quiz publishes only when published is sent; a new quiz is "
    "unpublished; set_defaults fills allowed_attempts 1, show_correct_answers true",
    sandbox="a new quiz is unpublished, allowed_attempts 1, show_correct_answers true",
    client="sends published on every create and update; compares allowed_attempts as an int",
)
def test_a_new_quiz_is_unpublished_with_canvas_defaults(api: Api) -> None:
    quiz = api.ok("POST", "/quizzes", quiz={"title": "Check", "quiz_type": "practice_quiz"})
    assert quiz["published"] is False
    assert quiz["allowed_attempts"] == 1 and quiz["show_correct_answers"] is True
    assert quiz["time_limit"] is None and quiz["question_count"] == 0


@fidelity(
    endpoint="POST /api/v1/courses/:course_id/quizzes/:quiz_id/questions",
    params="question[question_type], question[answers][][answer_text|answer_weight]",
    source=[QUESTIONS, "lib/api/v1/quiz_question.rb"],
    canvas="the answers come back as {id, text, comments, weight}; the question's "
    "position follows the last one",
    sandbox="same keys; weight as a float; position = last + 1",
    client="reads an answer's text and whether its weight is above 0 (correct)",
)
def test_a_question_comes_back_with_text_and_weight(api: Api) -> None:
    quiz = api.ok("POST", "/quizzes", quiz={"title": "Check"})
    first = api.ok("POST", f"/quizzes/{quiz['id']}/questions", question=_question("A", 1, "y", "n"))
    second = api.ok(
        "POST", f"/quizzes/{quiz['id']}/questions", question=_question("B", 2, "y", "n")
    )
    assert (first["position"], second["position"]) == (1, 2)
    assert [(a["text"], a["weight"]) for a in first["answers"]] == [("y", 100.0), ("n", 0.0)]
    listed = api.ok("GET", f"/quizzes/{quiz['id']}/questions")
    assert [q["id"] for q in listed] == [first["id"], second["id"]]


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id/quizzes/:id",
    params="quiz[published]=true after the questions are written",
    source=[QUIZ_MODEL],
    canvas="points_possible is recomputed from the live questions on every save of an "
    "unpublished quiz (set_defaults); question_count counts the saved version, made by "
    "generate_quiz_data when the quiz becomes published",
    sandbox="same: 0 questions counted until published; points follow the questions",
    client="writes questions first and publishes the quiz last, so students get them; "
    "never manages points_possible or question_count (server-owned)",
)
def test_publishing_saves_the_version_students_take(api: Api) -> None:
    quiz = api.ok("POST", "/quizzes", quiz={"title": "Check"})
    api.ok("POST", f"/quizzes/{quiz['id']}/questions", question=_question("A", 2, "y", "n"))
    saved = api.ok("PUT", f"/quizzes/{quiz['id']}", quiz={"title": "Check"})
    assert saved["points_possible"] == 2.0 and saved["question_count"] == 0
    published = api.ok("PUT", f"/quizzes/{quiz['id']}", quiz={"published": True})
    assert published["published"] is True and published["question_count"] == 1


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id/quizzes/:id",
    params="quiz[published]=true on a quiz that is already published",
    source=[QUIZ_MODEL],
    canvas="generate_quiz_data_on_publish runs only when workflow_state changes: "
    "questions edited after publishing reach students only when the quiz is "
    "unpublished and published again (question edits only mark the quiz edited)",
    sandbox="same: a question added to a published quiz is not counted until it is "
    "unpublished and published",
    client="after rewriting the questions of a published quiz, unpublishes and publishes "
    "it (only possible, and only done, when it has no student attempts)",
)
def test_question_edits_reach_students_only_when_published_again(api: Api) -> None:
    quiz = api.ok("POST", "/quizzes", quiz={"title": "Check", "published": True})
    api.ok("POST", f"/quizzes/{quiz['id']}/questions", question=_question("A", 1, "y", "n"))
    again = api.ok("PUT", f"/quizzes/{quiz['id']}", quiz={"published": True})
    assert again["question_count"] == 0
    api.ok("PUT", f"/quizzes/{quiz['id']}", quiz={"published": False})
    republished = api.ok("PUT", f"/quizzes/{quiz['id']}", quiz={"published": True})
    assert republished["question_count"] == 1


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id/quizzes/:id",
    params="quiz[published]=false",
    source=[QUIZ_API, QUIZ_MODEL, "lib/canvas/draft_state_validations.rb"],
    canvas="can_unpublish? is false once a student has a quiz submission (or the quiz's "
    "assignment has submissions); the update answers 400 with the error under "
    "'published'; the quiz reports unpublishable: false",
    sandbox="an attempt started through POST .../submissions makes unpublishable false "
    "and unpublishing answers 400 under 'published'",
    client="reads unpublishable (no extra request) as 'has student work': such a quiz is "
    "never unpublished or deleted, and its questions are not rewritten",
)
def test_a_quiz_with_an_attempt_cannot_be_unpublished(api: Api) -> None:
    quiz = api.ok("POST", "/quizzes", quiz={"title": "Check", "published": True})
    api.ok("POST", f"/quizzes/{quiz['id']}/submissions")
    assert api.ok("GET", f"/quizzes/{quiz['id']}")["unpublishable"] is False
    refused = api.call("PUT", f"/quizzes/{quiz['id']}", quiz={"published": False})
    assert refused.status_code == 400 and "published" in refused.json()["errors"]


@fidelity(
    endpoint="POST /api/v1/courses/:course_id/quizzes/:quiz_id/submissions",
    source=[QUIZ_MODEL, "app/models/quizzes/quiz_submission.rb"],
    canvas="generate_submission copies the saved version into the attempt's quiz_data: "
    "later question edits and republishing do not change an attempt already started "
    "(completed ones may be marked pending_review when the quiz changed significantly)",
    sandbox="an attempt keeps the questions it was started with",
    client="the plan says so when it would change the questions of a quiz with attempts, "
    "and leaves them alone",
)
def test_an_attempt_keeps_the_questions_it_was_given(api: Api, request: Any) -> None:
    quiz = api.ok("POST", "/quizzes", quiz={"title": "Check"})
    question = api.ok(
        "POST", f"/quizzes/{quiz['id']}/questions", question=_question("Old", 1, "y", "n")
    )
    api.ok("PUT", f"/quizzes/{quiz['id']}", quiz={"published": True})
    started = api.ok("POST", f"/quizzes/{quiz['id']}/submissions")["quiz_submissions"][0]
    api.ok(
        "PUT",
        f"/quizzes/{quiz['id']}/questions/{question['id']}",
        question=_question("New", 1, "y", "n"),
    )
    listed = api.ok("GET", f"/quizzes/{quiz['id']}/questions")
    assert listed[0]["question_text"] == "<p>New</p>"
    attempts = api.ok("GET", f"/quizzes/{quiz['id']}/submissions")["quiz_submissions"]
    assert [a["id"] for a in attempts] == [started["id"]]
    assert attempts[0]["quiz_points_possible"] == 1.0


@fidelity(
    endpoint="POST /api/v1/courses/:course_id/quizzes",
    params="quiz[quiz_type]=assignment|graded_survey, quiz[description]",
    source=[QUIZ_MODEL],
    canvas="build_assignment gives a graded quiz an assignment (submission_types "
    "online_quiz); update_assignment copies the quiz's title, description, points, "
    "dates and state into it on every save",
    sandbox="same; the assignment's description is the quiz's (so it carries the marker)",
    client="an assignment with a quiz_id is the quiz's, never read as an owned assignment",
)
def test_a_graded_quizs_assignment_mirrors_the_quiz(api: Api) -> None:
    quiz = api.ok(
        "POST",
        "/quizzes",
        quiz={"title": "Graded", "quiz_type": "assignment", "description": "<p>x</p>"},
    )
    assignment = api.ok("GET", f"/assignments/{quiz['assignment_id']}")
    assert assignment["quiz_id"] == quiz["id"] and assignment["description"] == "<p>x</p>"
    api.ok("PUT", f"/quizzes/{quiz['id']}", quiz={"title": "Renamed"})
    assert api.ok("GET", f"/assignments/{quiz['assignment_id']}")["name"] == "Renamed"


@fidelity(
    endpoint="POST /api/v1/courses/:course_id/quizzes",
    params="quiz[show_correct_answers]=false, quiz[show_correct_answers_at]",
    source=[QUIZ_PARAMS, QUIZ_MODEL],
    canvas="with show_correct_answers false, show_correct_answers_at is dropped "
    "(update_api_quiz) and cleared (set_defaults)",
    sandbox="same",
    client="the spec refuses show_correct_answers_at without show_correct_answers",
)
def test_show_correct_answers_at_needs_show_correct_answers(api: Api) -> None:
    quiz = api.ok(
        "POST",
        "/quizzes",
        quiz={
            "title": "C",
            "show_correct_answers": False,
            "show_correct_answers_at": "2027-01-01T00:00:00Z",
        },
    )
    assert quiz["show_correct_answers_at"] is None


@fidelity(
    endpoint="POST /api/v1/courses/:course_id/modules/:module_id/items",
    params="module_item[type]=Quiz, module_item[content_id]=<quiz id>",
    source=["app/controllers/context_modules_api_controller.rb", "lib/api/v1/context_module.rb"],
    canvas="a Quiz item's content_id is the quiz's id (not its assignment's); the item "
    "shows the quiz's title and state",
    sandbox="same",
    client="reads and writes Quiz items by quiz id",
)
def test_a_quiz_module_item_names_the_quiz(api: Api) -> None:
    quiz = api.ok("POST", "/quizzes", quiz={"title": "Self-assessment", "quiz_type": "survey"})
    module = api.ok("POST", "/modules", module={"name": "Block 1"})
    item = api.ok(
        "POST",
        f"/modules/{module['id']}/items",
        module_item={"type": "Quiz", "content_id": quiz["id"]},
    )
    assert item["type"] == "Quiz" and item["content_id"] == quiz["id"]
    assert item["title"] == "Self-assessment"


@fidelity(
    endpoint="POST /api/v1/courses/:course_id/quizzes",
    params="quiz[quiz_type]",
    source=[QUIZ_MODEL, QUIZ_API],
    canvas="validate_quiz_type accepts practice_quiz, assignment, graded_survey and survey; "
    "any other is an error on invalid_quiz_type ('Quiz type is not valid'), and create "
    "answers 400 with nothing made",
    sandbox="same, 400 with the error under invalid_quiz_type; no quiz listed",
    client="the spec's quiz_type allows exactly those four, so nothing Canvas refuses is sent",
)
def test_an_unknown_quiz_type_is_refused(api: Api) -> None:
    refused = api.call("POST", "/quizzes", quiz={"title": "X", "quiz_type": "exam"})
    assert refused.status_code == 400
    assert "invalid_quiz_type" in refused.json()["errors"]
    assert api.ok("GET", "/quizzes") == []


# -- who may call them --------------------------------------------------------------

QUIZ_CALLS = [
    Call("PUT", f"{C}/quizzes/999999", False),
    Call("GET", f"{C}/quizzes/999999/questions", False),
    Call("POST", f"{C}/quizzes/999999/questions", False),
    Call("PUT", f"{C}/quizzes/999999/questions/1", False),
    Call("DELETE", f"{C}/quizzes/999999/questions/1", False),
]


@fidelity(
    endpoint="quiz updates and questions: "
    + "; ".join(f"{c.method} {c.path.replace('{c}', ':course_id')}" for c in QUIZ_CALLS),
    source=[QUIZ_API, QUESTIONS, QUIZ_MODEL],
    canvas="update: authorized_action(@quiz, :update); every question endpoint, listing "
    "included, checks the quiz's :update too; the Quiz policy grants it with "
    "manage_assignments (granular manage_assignments_edit); students refused",
    sandbox="admin and the enrolled teacher allowed, a teacher not enrolled refused, the "
    "student refused (sandbox/permissions.py)",
    client="a teacher's token reads and writes quizzes and their questions; reading a "
    "quiz's questions needs the same right as editing it",
)
def test_permissions_of_quiz_updates_and_questions(world: World) -> None:  # noqa: F811
    check_family(world, QUIZ_CALLS)
