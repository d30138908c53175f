"""The quizzes' stamps against mocked HTTP: a quiz's questions go unlisted only when
Canvas's GraphQL answer is whole and gives the stamp the manifest recorded, and the spec
wants the questions last applied; anything doubtful means listing them, never failing."""

from __future__ import annotations

import json
from typing import Any

import pytest
import responses

from canvas_npq.canvas.client import CanvasConfig, Connection
from canvas_npq.canvas.graphql import quiz_stamps, stamps_of
from canvas_npq.canvas.manifest import encode_manifest
from canvas_npq.canvas.reader import read_course
from canvas_npq.model import Address, Kind
from canvas_npq.model.fields import fingerprint
from canvas_npq.model.markers import wrap_owned
from tests.adapter.test_quizzes_adapter import QUESTIONS
from tests.adapter.test_reader import API, BASE, mock_course

GRAPHQL = f"{BASE}/api/graphql"
STAMP = "2026-12-05T09:00:00Z"
OTHER = [dict(QUESTIONS[0], text="<p>Another</p>"), QUESTIONS[1]]
QUESTION_ROWS = [
    {
        "id": 301,
        "position": 1,
        "question_name": "Question 1",
        "question_type": "essay_question",
        "question_text": "<p>Why?</p>",
        "points_possible": 0,
        "answers": [],
    }
]


def answer(nodes: list[dict[str, Any]], more: bool = False, cursor: str | None = None) -> Any:
    connection = {"nodes": nodes, "pageInfo": {"hasNextPage": more, "endCursor": cursor}}
    return {"data": {"course": {"_id": "7", "quizzesConnection": connection}}}


def connection() -> Connection:
    return Connection(CanvasConfig(BASE, "t0ken"), sleep=lambda _seconds: None)


def mock_quiz_course(stamp: str | None = STAMP, applied: Any = QUESTIONS) -> None:
    entry: dict[str, Any] = {"id": 30, "applied": {"questions": fingerprint(applied)}}
    if stamp is not None:
        entry["stamp"] = stamp
    manifest = {
        "page_id": 1,
        "url": "m",
        "title": "m",
        "body": encode_manifest({"quiz.check": entry}),
    }
    mock_course(responses, pages=[manifest])
    quiz = {"id": 30, "title": "Check", "description": wrap_owned("check", ""), "published": True}
    responses.replace(responses.GET, f"{API}/quizzes", json=[quiz])
    responses.get(f"{API}/quizzes/30/questions", json=QUESTION_ROWS)


def questions_listed() -> int:
    return sum(1 for c in responses.calls if "/questions" in c.request.url)


def graphql_calls() -> list[Any]:
    return [c for c in responses.calls if c.request.url == GRAPHQL]


@responses.activate
def test_a_quiz_stamped_as_applied_is_not_listed_and_reads_as_the_spec() -> None:
    mock_quiz_course()
    responses.post(GRAPHQL, json=answer([{"_id": "30", "updatedAt": STAMP}]))
    snapshot, state = read_course(connection(), 7, questions={"quiz.check": QUESTIONS})
    assert questions_listed() == 0
    (call,) = graphql_calls()
    sent = json.loads(call.request.body)
    assert "quizzesConnection" in sent["query"]
    assert sent["variables"] == {"course": "7", "first": 100, "after": None}
    quiz = snapshot.get(Address(Kind.QUIZ, "check"))
    assert quiz is not None and quiz.fields["questions"] == QUESTIONS
    assert state.quizzes[30].listed is False
    assert state.quiz_stamps[30] == (STAMP, fingerprint(QUESTIONS))


@responses.activate
def test_a_moved_stamp_lists_the_questions() -> None:
    mock_quiz_course()
    responses.post(GRAPHQL, json=answer([{"_id": "30", "updatedAt": "2026-12-05T09:00:01Z"}]))
    snapshot, state = read_course(connection(), 7, questions={"quiz.check": QUESTIONS})
    assert questions_listed() == 1
    quiz = snapshot.get(Address(Kind.QUIZ, "check"))
    assert quiz is not None and quiz.fields["questions"][0]["type"] == "essay_question"
    assert state.quizzes[30].listed is True
    # the stamp that preceded the listing, with what the listing found
    assert state.quiz_stamps[30] == ("2026-12-05T09:00:01Z", fingerprint(quiz.fields["questions"]))


@responses.activate
def test_questions_the_spec_changed_are_listed_whatever_the_stamp() -> None:
    mock_quiz_course()
    responses.post(GRAPHQL, json=answer([{"_id": "30", "updatedAt": STAMP}]))
    read_course(connection(), 7, questions={"quiz.check": OTHER})
    assert questions_listed() == 1


@responses.activate
def test_a_quiz_without_a_recorded_stamp_is_listed() -> None:
    mock_quiz_course(stamp=None)
    responses.post(GRAPHQL, json=answer([{"_id": "30", "updatedAt": STAMP}]))
    read_course(connection(), 7, questions={"quiz.check": QUESTIONS})
    assert questions_listed() == 1


@responses.activate
def test_without_the_questions_wanted_nothing_is_asked_of_graphql() -> None:
    mock_quiz_course()
    read_course(connection(), 7)
    assert questions_listed() == 1 and graphql_calls() == []


@responses.activate
def test_no_questions_wanted_of_any_quiz_asks_nothing_of_graphql() -> None:
    # every quiz is one the caller's plan writes: each is listed anyway
    mock_quiz_course()
    read_course(connection(), 7, questions={})
    assert questions_listed() == 1 and graphql_calls() == []


GARBLED = {
    "an errors list": {
        "errors": [{"message": "boom"}],
        **answer([{"_id": "30", "updatedAt": STAMP}]),
    },
    "no data": {"data": None},
    "another course": {"data": {"course": {"_id": "8", "quizzesConnection": {}}}},
    "no such course": {"data": {"course": None}},
    "nodes not a list": {"data": {"course": {"_id": "7", "quizzesConnection": {"nodes": {}}}}},
    "a node without updatedAt": answer([{"_id": "30"}]),
    "a number for updatedAt": answer([{"_id": "30", "updatedAt": 5}]),
    "an id that is not one": answer([{"_id": "Quiz-30", "updatedAt": STAMP}]),
    "the quiz missing": answer([{"_id": "31", "updatedAt": STAMP}]),
    "the quiz twice": answer(
        [{"_id": "30", "updatedAt": STAMP}, {"_id": "30", "updatedAt": STAMP}]
    ),
    "a next page without a cursor": answer([{"_id": "30", "updatedAt": STAMP}], more=True),
    "no pageInfo": {"data": {"course": {"_id": "7", "quizzesConnection": {"nodes": []}}}},
    "a list": [],
}


@pytest.mark.parametrize("body", GARBLED.values(), ids=GARBLED.keys())
@responses.activate
def test_a_doubtful_answer_lists_the_questions(body: Any) -> None:
    mock_quiz_course()
    responses.post(GRAPHQL, json=body)
    snapshot, state = read_course(connection(), 7, questions={"quiz.check": QUESTIONS})
    assert questions_listed() == 1
    assert state.quizzes[30].listed is True
    quiz = snapshot.get(Address(Kind.QUIZ, "check"))
    assert quiz is not None and quiz.fields["questions"][0]["type"] == "essay_question"


@pytest.mark.parametrize(
    "reply",
    [
        {"body": "<html>not json</html>", "status": 200},
        {"json": {"errors": [{"message": "Not found"}]}, "status": 404},
        {"json": {"errors": [{"message": "oops"}]}, "status": 500},
    ],
    ids=["not JSON", "404 (no GraphQL)", "500 every time"],
)
@responses.activate
def test_a_failed_graphql_request_lists_the_questions(reply: dict[str, Any]) -> None:
    mock_quiz_course()
    responses.post(GRAPHQL, **reply)
    read_course(connection(), 7, questions={"quiz.check": QUESTIONS})
    assert questions_listed() == 1


@responses.activate
def test_the_stamps_are_read_page_by_page() -> None:
    first = answer([{"_id": "30", "updatedAt": STAMP}], more=True, cursor="MQ==")
    second = answer([{"_id": "31", "updatedAt": "2026-12-05T09:00:05Z"}])
    responses.post(GRAPHQL, json=first)
    responses.post(GRAPHQL, json=second)
    assert quiz_stamps(connection(), 7) == {30: STAMP, 31: "2026-12-05T09:00:05Z"}
    afters = [json.loads(c.request.body)["variables"]["after"] for c in responses.calls]
    assert afters == [None, "MQ=="]


@responses.activate
def test_a_page_chain_that_does_not_end_gives_no_stamps() -> None:
    responses.post(GRAPHQL, json=answer([], more=True, cursor="MQ=="))
    assert quiz_stamps(connection(), 7) is None
    assert len(responses.calls) == 50  # bounded


def test_a_last_page_that_says_there_is_more_is_refused() -> None:
    first = answer([{"_id": "30", "updatedAt": STAMP}], more=True, cursor="MQ==")
    assert stamps_of([first], 7) is None
    assert stamps_of([first, answer([])], 7) == {30: STAMP}
