"""Canvas's GraphQL, as canvas-npq reads it: every quiz's ``updatedAt`` in one query, to
tell which quizzes' questions changed (``canvas.graphql``), held against the sandbox."""

from __future__ import annotations

import base64
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from canvasapi import Canvas

from canvas_npq.canvas.graphql import QUIZ_STAMPS_QUERY
from canvas_npq.sandbox import Sandbox
from tests.fidelity.registry import fidelity

QUIZ_MODEL = "app/models/quizzes/quiz.rb"
QUESTION_MODEL = "app/models/quizzes/quiz_question.rb"
QUESTIONS = "app/controllers/quizzes/quiz_questions_controller.rb"
QUIZ_TYPE = "app/graphql/types/quiz_type.rb"
TIMESTAMPS = "app/graphql/interfaces/timestamp_interface.rb"
DATE_TIME = "app/graphql/types/date_time_type.rb"
CONNECTION = "app/graphql/interfaces/quizzes_connection_interface.rb"
QUERY_TYPE = "app/graphql/types/query_type.rb"
CONTROLLER = "app/controllers/graphql_controller.rb"
GRAPHQL = "POST /api/graphql"


class Clock:
    """The sandbox's clock, moved by hand (with a fraction of a second, which Canvas's
    answers never show)."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 5, 9, 0, 0, 400_000, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def tick(self, seconds: float = 1) -> None:
        self.now += timedelta(seconds=seconds)


@dataclass
class Api:
    sandbox: Sandbox
    course_id: int
    clock: Clock
    session: requests.Session

    def ok(self, method: str, path: str, **body: Any) -> Any:
        url = f"{self.sandbox.url}/api/v1/courses/{self.course_id}{path}"
        response = self.session.request(method, url, json=body or None, timeout=10)
        assert response.status_code in (200, 201, 204), response.text
        return response.json() if response.content else None

    def graphql(self, query: str, variables: dict[str, Any] | None = None) -> requests.Response:
        body = {"query": query, "variables": variables or {}}
        return self.session.post(f"{self.sandbox.url}/api/graphql", json=body, timeout=10)

    def stamps(self, **variables: Any) -> dict[str, Any]:
        variables = {"course": str(self.course_id), "first": 100, "after": None, **variables}
        response = self.graphql(QUIZ_STAMPS_QUERY, variables)
        assert response.status_code == 200, response.text
        return response.json()

    def stamp_of(self, quiz_id: int) -> str:
        nodes = self.stamps()["data"]["course"]["quizzesConnection"]["nodes"]
        return next(n["updatedAt"] for n in nodes if n["_id"] == str(quiz_id))


@pytest.fixture
def api() -> Iterator[Api]:
    clock = Clock()
    with Sandbox(clock=clock) as sandbox:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            canvas = Canvas(sandbox.url, sandbox.token)
        course = canvas.get_account(1).create_course(course={"name": "Q"}, enroll_me=True)
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {sandbox.token}"
        yield Api(sandbox, course.id, clock, session)


QUESTION = {
    "question_type": "true_false_question",
    "question_text": "<p>Sure?</p>",
    "points_possible": 1,
    "answers": [{"answer_text": "True", "answer_weight": 100}, {"answer_text": "False"}],
}


@fidelity(
    endpoint=GRAPHQL,
    params="course(id:) { quizzesConnection { nodes { _id updatedAt } } }",
    source=[QUESTION_MODEL, QUIZ_MODEL, QUESTIONS, QUIZ_TYPE, TIMESTAMPS, DATE_TIME],
    canvas="QuizQuestion's after_save update_quiz calls Quiz.mark_quiz_edited, which sets "
    "the quiz's last_edited_at and updated_at to now (update_all): on a question's create, "
    "update and delete alike (destroy is a soft delete: workflow_state 'deleted', then "
    "save); a reorder calls quiz.mark_edited! (quiz_sortables.rb); a quiz save moves it too. "
    "Quiz.updatedAt is that updated_at, ISO 8601 to the second (DateTimeType: time.iso8601)",
    sandbox="the quiz's updated_at is set on each question create, update and delete and on "
    "each quiz save; updatedAt is ISO 8601, whole seconds",
    client="a quiz whose updatedAt is the stamp recorded at the last apply, and whose "
    "questions the spec has as applied then, is not listed; its stamp is read at least a "
    "second after this run's last write that can touch it",
)
def test_a_quizs_updated_at_moves_on_each_question_write(api: Api) -> None:
    quiz = api.ok("POST", "/quizzes", quiz={"title": "Check"})
    created = api.stamp_of(quiz["id"])
    assert created == "2026-12-05T09:00:00Z"  # to the second, the fraction dropped
    seen = [created]
    api.clock.tick()
    question = api.ok("POST", f"/quizzes/{quiz['id']}/questions", question=QUESTION)
    seen.append(api.stamp_of(quiz["id"]))
    api.clock.tick()
    changed = {**QUESTION, "question_text": "<p>Really?</p>"}
    api.ok("PUT", f"/quizzes/{quiz['id']}/questions/{question['id']}", question=changed)
    seen.append(api.stamp_of(quiz["id"]))
    api.clock.tick()
    api.ok("DELETE", f"/quizzes/{quiz['id']}/questions/{question['id']}")
    seen.append(api.stamp_of(quiz["id"]))
    api.clock.tick()
    api.ok("PUT", f"/quizzes/{quiz['id']}", quiz={"title": "Check again"})
    seen.append(api.stamp_of(quiz["id"]))
    assert seen == [f"2026-12-05T09:00:0{n}Z" for n in range(5)]
    api.clock.tick()
    assert api.stamp_of(quiz["id"]) == seen[-1]  # a read moves nothing


@fidelity(
    endpoint=GRAPHQL,
    params="quizzesConnection(first:, after:) { nodes edges pageInfo }",
    source=[CONNECTION, QUERY_TYPE, QUIZ_TYPE],
    canvas="course(id:) takes a legacy or a relay id and is null for a course the caller "
    "cannot read; quizzesConnection lists course.quizzes.active (and, with New Quizzes "
    "enabled, the New Quizzes assignments, as Quiz nodes whose _id is an assignment id), "
    "sorted by id, paged by graphql-ruby (first capped by default_max_page_size, 100)",
    sandbox="same: active quizzes and quiz-lti assignments by id, cursors and pageInfo, "
    "first over 100 cut to 100; a deleted quiz is left out",
    client="pages through the connection (at most 50 pages); a _id that comes twice, or "
    "any malformed page, gives that quiz (or every quiz) no stamp, so its questions are read",
)
def test_the_quizzes_connection_lists_active_quizzes_by_id_in_pages(api: Api) -> None:
    ids = [api.ok("POST", "/quizzes", quiz={"title": f"Q{n}"})["id"] for n in range(3)]
    api.ok("DELETE", f"/quizzes/{ids[1]}")
    first = api.stamps(first=1)["data"]["course"]
    assert first["_id"] == str(api.course_id)
    page = first["quizzesConnection"]
    assert [n["_id"] for n in page["nodes"]] == [str(ids[0])]
    assert page["pageInfo"]["hasNextPage"] is True
    rest = api.stamps(first=1, after=page["pageInfo"]["endCursor"])["data"]["course"]
    page = rest["quizzesConnection"]
    assert [n["_id"] for n in page["nodes"]] == [str(ids[2])]
    assert page["pageInfo"]["hasNextPage"] is False
    # a relay id works as the legacy one does; a course not there is null
    relay = base64.b64encode(f"Course-{api.course_id}".encode()).decode()
    assert api.stamps(course=relay)["data"]["course"]["_id"] == str(api.course_id)
    assert api.stamps(course="999999") == {"data": {"course": None}}
    # a New Quiz is an assignment: listed too, by its assignment id, among the quizzes
    new_quiz = api.ok(
        "POST",
        "/assignments",
        assignment={
            "name": "New quiz",
            "submission_types": ["external_tool"],
            "external_tool_tag_attributes": {
                "url": "https://school.quiz-lti-dub-prod.instructure.com/lti/launch"
            },
        },
    )
    listed = api.stamps()["data"]["course"]["quizzesConnection"]["nodes"]
    assert [n["_id"] for n in listed] == sorted(
        [str(ids[0]), str(ids[2]), str(new_quiz["id"])], key=int
    )
    edges = api.graphql(
        "query($c: ID) { course(id: $c) { quizzesConnection(first: 500) "
        "{ edges { cursor node { _id } } } } }",
        {"c": str(api.course_id)},
    ).json()["data"]["course"]["quizzesConnection"]["edges"]
    assert [e["node"]["_id"] for e in edges] == [n["_id"] for n in listed]


@fidelity(
    endpoint=GRAPHQL,
    params="query, variables (JSON body)",
    source=[CONTROLLER, QUERY_TYPE],
    canvas="require_user: a request without a token is refused (401, as for the REST "
    "API); otherwise the schema runs the query and the controller renders its result as "
    "JSON, HTTP 200 even for errors: {'errors': [{'message', 'locations', ...}]} for a query "
    "that does not parse or validate (no data), data with nulls and errors for a field "
    "that raised (e.g. course with neither id nor sisId)",
    sandbox="the same statuses and shapes, from graphql-core's parser and validator against "
    "a subset of Canvas's schema",
    client="an answer with errors, a missing or garbled field, or a failed request gives "
    "no stamps: every owned quiz's questions are listed, and the read does not fail",
)
def test_graphql_errors_come_back_with_200_and_an_errors_list(api: Api) -> None:
    bad = api.graphql("{ course(id: 1) { nope } }")
    assert bad.status_code == 200
    body = bad.json()
    assert "data" not in body and body["errors"][0]["message"]
    assert body["errors"][0]["locations"]
    unparsed = api.graphql("{ course(")
    assert unparsed.status_code == 200 and unparsed.json()["errors"]
    neither = api.graphql("{ course { _id } }").json()
    assert neither["data"] == {"course": None} and neither["errors"]
    anonymous = requests.post(
        f"{api.sandbox.url}/api/graphql", json={"query": "{ course(id: 1) { _id } }"}, timeout=10
    )
    assert anonymous.status_code == 401


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id/quizzes/:id, "
    "PUT /api/v1/courses/:course_id/assignments/:id (a quiz's assignment)",
    params="quiz[title], quiz[time_limit], quiz[published]; assignment[due_at], "
    "assignment[name], assignment[assignment_group_id]",
    source=[QUIZ_MODEL, "app/models/assignment.rb", "lib/api/v1/assignment.rb", QUIZ_TYPE],
    canvas="every change to a quiz is a save of its row, which moves updated_at; a graded "
    "quiz's assignment, saved (not by its quiz), gives the quiz its title, description, "
    "dates, points, group and state and saves it when any changed (Assignment#"
    "update_submittable, formerly update_quiz_or_discussion_topic); the assignment's JSON "
    "names its quiz (quiz_id) and its group (assignment_group_id)",
    sandbox="same: a quiz update and an edit of its assignment each move the quiz's "
    "updatedAt; the quiz takes the assignment's due date",
    client="a quiz whose updatedAt is the whole stamp recorded when every field of it was "
    "the one applied is not listed; its assignment and group are read from the "
    "assignments listing",
)
def test_a_quizs_updated_at_moves_on_each_save_of_it_or_its_assignment(api: Api) -> None:
    quiz = api.ok("POST", "/quizzes", quiz={"title": "Graded", "quiz_type": "assignment"})
    seen = [api.stamp_of(quiz["id"])]
    for change in ({"title": "Renamed"}, {"time_limit": 20}, {"published": True}):
        api.clock.tick()
        api.ok("PUT", f"/quizzes/{quiz['id']}", quiz=change)
        seen.append(api.stamp_of(quiz["id"]))
    api.clock.tick()
    api.ok("PUT", f"/assignments/{quiz['assignment_id']}", assignment={"name": "Renamed"})
    assert api.stamp_of(quiz["id"]) == seen[-1]  # nothing changed: the quiz is not saved
    api.clock.tick()
    due = "2027-01-04T17:00:00Z"
    assignment = api.ok("PUT", f"/assignments/{quiz['assignment_id']}", assignment={"due_at": due})
    seen.append(api.stamp_of(quiz["id"]))
    assert len(set(seen)) == len(seen), seen
    assert assignment["quiz_id"] == quiz["id"]
    assert api.ok("GET", f"/quizzes/{quiz['id']}")["due_at"] == due
