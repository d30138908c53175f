"""Writing and reading quizzes, against mocked HTTP: the request bodies, and which
questions are asked for."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest
import responses

from canvas_npq.canvas.client import CanvasConfig, Connection
from canvas_npq.canvas.errors import PermissionDenied
from canvas_npq.canvas.manifest import encode_manifest
from canvas_npq.canvas.quizzes import LiveQuiz
from canvas_npq.canvas.reader import CourseState, read_course
from canvas_npq.canvas.refusals import NOT_AUTHORIZED
from canvas_npq.canvas.writer import CanvasCourseWriter
from canvas_npq.model import Address, Kind
from canvas_npq.model.markers import wrap_owned
from canvas_npq.model.quizzes import normalize_questions
from tests.adapter.test_reader import API, BASE, mock_course

IDS = {"assignment_group.tasks": 3}
QUESTIONS = normalize_questions(
    [
        {
            "name": "Question 1",
            "type": "multiple_choice_question",
            "text": "<p>Which?</p>",
            "points": 1,
            "answers": [{"text": "This", "correct": True}, {"text": "That", "correct": False}],
        },
        {"name": "Question 2", "type": "essay_question", "text": "<p>Why?</p>", "points": 0},
    ]
)
FIELDS = {
    "title": "Check",
    "description": wrap_owned("check", "<p>Intro</p>"),
    "quiz_type": "assignment",
    "assignment_group": "assignment_group.tasks",
    "time_limit": 0,
    "allowed_attempts": -1,
    "shuffle_answers": False,
    "show_correct_answers": True,
    "show_correct_answers_at": None,
    "unlock_at": None,
    "due_at": "2026-11-02T17:00:00Z",
    "lock_at": None,
    "published": True,
    "questions": QUESTIONS,
}


@pytest.fixture
def writer() -> CanvasCourseWriter:
    return CanvasCourseWriter(Connection(CanvasConfig(BASE, "t0ken")), CourseState(course_id=7))


def form(call) -> list[tuple[str, str]]:
    return parse_qsl(call.request.body, keep_blank_values=True)


@responses.activate
def test_a_quiz_is_created_unpublished_then_its_questions_then_published(writer) -> None:
    responses.post(f"{API}/quizzes", json={"id": 30, "published": False})
    responses.post(f"{API}/quizzes/30/questions", json={"id": 301})
    responses.put(f"{API}/quizzes/30", json={"id": 30, "published": True})
    assert writer.create(Kind.QUIZ, "check", FIELDS, IDS.__getitem__, None) == 30
    created, first, second, published = responses.calls
    sent = form(created)
    assert ("quiz[published]", "false") in sent
    assert ("quiz[assignment_group_id]", "3") in sent
    assert ("quiz[allowed_attempts]", "-1") in sent
    assert ("quiz[time_limit]", "") in sent  # no limit
    assert ("quiz[due_at]", "2026-11-02T17:00:00Z") in sent
    assert ("quiz[quiz_type]", "assignment") in sent
    question = form(first)
    assert ("question[question_type]", "multiple_choice_question") in question
    assert ("question[position]", "1") in question
    assert ("question[answers][0][answer_text]", "This") in question
    assert ("question[answers][0][answer_weight]", "100") in question
    assert ("question[answers][1][answer_weight]", "0") in question
    assert ("question[question_type]", "essay_question") in form(second)
    assert form(published) == [("quiz[published]", "true")]
    # each question is an object of its own in Canvas: counted as written, apart
    assert (writer.writes, writer.questions_written) == (4, 2)


@responses.activate
def test_only_changed_questions_are_sent_and_a_published_quiz_is_saved_again(writer) -> None:
    old = [dict(QUESTIONS[0], text="<p>Old</p>"), QUESTIONS[1], QUESTIONS[1]]
    writer.state.quizzes[30] = LiveQuiz(True, [(301, old[0]), (302, old[1]), (303, old[2])])
    responses.put(f"{API}/quizzes/30/questions/301", json={"id": 301})
    responses.delete(f"{API}/quizzes/30/questions/303", status=204)
    responses.put(f"{API}/quizzes/30", json={"id": 30})
    writer.update(Kind.QUIZ, 30, {"questions": QUESTIONS}, IDS.__getitem__)
    calls = [(c.request.method, c.request.url.removeprefix(API)) for c in responses.calls]
    assert calls == [
        ("PUT", "/quizzes/30/questions/301"),
        ("DELETE", "/quizzes/30/questions/303"),
        ("PUT", "/quizzes/30"),
        ("PUT", "/quizzes/30"),
    ]
    assert form(responses.calls[2]) == [("quiz[published]", "false")]
    assert form(responses.calls[3]) == [("quiz[published]", "true")]
    assert writer.questions_written == 2  # one updated, one deleted


@responses.activate
def test_a_settings_change_is_one_put(writer) -> None:
    writer.state.quizzes[30] = LiveQuiz(True, [])
    responses.put(f"{API}/quizzes/30", json={"id": 30})
    writer.update(Kind.QUIZ, 30, {"shuffle_answers": True, "lock_at": None}, IDS.__getitem__)
    assert len(responses.calls) == 1
    assert form(responses.calls[0]) == [("quiz[shuffle_answers]", "true"), ("quiz[lock_at]", "")]


@responses.activate
def test_questions_are_read_for_owned_quizzes_only() -> None:
    mock_course(responses)
    responses.replace(
        responses.GET,
        f"{API}/quizzes",
        json=[
            {
                "id": 30,
                "title": "Check",
                "description": wrap_owned("check", ""),
                "published": True,
                "unpublishable": False,
                "quiz_type": "practice_quiz",
                "allowed_attempts": 1,
            },
            {"id": 31, "title": "Hand-made", "description": "<p>mine</p>", "published": True},
        ],
    )
    responses.get(
        f"{API}/quizzes/30/questions",
        json=[
            {
                "id": 301,
                "position": 1,
                "question_name": "Q",
                "question_type": "essay_question",
                "question_text": "<p>Why?</p>",
                "points_possible": 0,
                "answers": [],
            }
        ],
    )
    snapshot, state = read_course(Connection(CanvasConfig(BASE, "t0ken")), 7)
    asked = [c.request.url for c in responses.calls if "/questions" in c.request.url]
    assert len(asked) == 1 and "/quizzes/30/questions" in asked[0]
    quiz = snapshot.get(Address(Kind.QUIZ, "check"))
    assert quiz is not None and quiz.facts["has_attempts"] is True
    assert quiz.fields["questions"][0]["type"] == "essay_question"
    assert state.quizzes[30].questions[0][0] == 301
    assert snapshot.get(Address(Kind.QUIZ, "quiz-31")) is None


@responses.activate
def test_a_quiz_the_manifest_records_without_a_marker_has_its_questions_read() -> None:
    manifest = {
        "page_id": 1,
        "url": "m",
        "title": "m",
        "body": encode_manifest({"quiz.adopted": {"id": 32}}),
    }
    mock_course(responses, pages=[manifest])
    responses.replace(
        responses.GET,
        f"{API}/quizzes",
        json=[{"id": 32, "title": "Adopted", "description": "<p>its own</p>", "published": False}],
    )
    responses.get(f"{API}/quizzes/32/questions", json=[])
    snapshot, _ = read_course(Connection(CanvasConfig(BASE, "t0ken")), 7)
    assert any("/quizzes/32/questions" in c.request.url for c in responses.calls)
    assert snapshot.get(Address(Kind.QUIZ, "adopted")) is not None


@responses.activate
def test_a_view_only_user_refused_a_quizs_questions_is_told_the_right_it_needs() -> None:
    refused = {"status": "unauthorized", "errors": [{"message": NOT_AUTHORIZED}]}
    responses.get(f"{API}/quizzes/30/questions", json=refused, status=403)
    conn = Connection(CanvasConfig(BASE, "t0ken"))
    with pytest.raises(PermissionDenied) as caught:
        conn.get("courses/7/quizzes/30/questions", per_page=100)
    message = str(caught.value)
    assert "may not list the questions of quiz 30 in course 7" in message
    assert "manage_assignments_edit" in message
