"""Quiz stamps end to end: a quiz's questions are listed only when Canvas's GraphQL shows
the quiz changed since the last apply, or the spec's questions changed; an edit made in
Canvas is still seen, and a stamp the verification cannot back is not kept."""

from __future__ import annotations

from typing import Any

import pytest

from canvas_npq.canvas import quizzes as quiz_api
from canvas_npq.canvas.manifest import decode_manifest, decode_owner, encode_manifest, is_manifest
from tests.e2e.conftest import CourseFixture
from tests.e2e.test_quizzes import (
    _api,
    _edit,
    _edit_question_in_canvas,
    _quizzes,
)

pytestmark = pytest.mark.e2e

GRAPHQL = "/api/graphql"


def _listed(requests: list[Any]) -> set[int]:
    """The quizzes whose questions were listed."""
    return {
        int(r.path.split("/quizzes/")[1].split("/")[0])
        for r in requests
        if r.method == "GET" and r.path.endswith("/questions")
    }


def _stamps(course: CourseFixture) -> dict[str, str | None]:
    pages = _api(course, "GET", "/pages?include[]=body&per_page=100")
    body = next(p["body"] for p in pages if is_manifest(p.get("body")))
    manifest = decode_manifest(body)
    return {a: e.get("stamp") for a, e in manifest.items() if a.startswith("quiz.")}


def test_a_no_op_plan_lists_no_questions_and_a_question_edited_in_canvas_is_seen(quiz_course):
    course = quiz_course
    assert course.cli("apply", "--yes").code == 0
    stamps = _stamps(course)
    assert len(stamps) == 3 and all(stamps.values()), stamps

    plan, sent = course.requests_during("plan")
    assert "No changes" in plan.output, plan.output
    assert _listed(sent) == set()
    assert [(r.method, r.path) for r in sent if r.path == GRAPHQL] == [("POST", GRAPHQL)]

    # Only a question changes in Canvas: nothing in the quiz's REST JSON moves.
    check = _quizzes(course)["Block 1 knowledge check"]
    _edit_question_in_canvas(course, check["id"])
    plan, sent = course.requests_during("plan")
    assert "questions:" in plan.output and "DRIFT" in plan.output, plan.output
    assert _listed(sent) == {check["id"]}  # the other quizzes' stamps have not moved

    applied = course.cli("apply", "--yes")
    assert applied.code == 0 and "Verified" in applied.output, applied.output
    plan, sent = course.requests_during("plan")
    assert "No changes" in plan.output and _listed(sent) == set(), plan.output


def test_a_changed_spec_lists_the_questions_of_the_quizzes_it_changes(quiz_course):
    course = quiz_course
    assert course.cli("apply", "--yes").code == 0
    _edit(course, "block-1/check.yaml", "A one-off lecture", "A single twilight talk")
    plan, sent = course.requests_during("plan")
    assert "A single twilight talk" in plan.output, plan.output
    quizzes = _quizzes(course)
    # both quizzes take their questions from the file; the survey's are not listed
    assert _listed(sent) == {
        quizzes["Block 1 knowledge check"]["id"],
        quizzes["Graded check"]["id"],
    }
    applied = course.cli("apply", "--yes")
    assert applied.code == 0 and "Verified" in applied.output, applied.output
    plan, sent = course.requests_during("plan")
    assert "No changes" in plan.output and _listed(sent) == set(), plan.output


def test_a_stamp_is_not_kept_when_the_verification_finds_other_questions(quiz_course, monkeypatch):
    course = quiz_course
    original = quiz_api.question_params

    def garbled(question: Any, position: int) -> dict[str, Any]:
        params = original(question, position)
        params["question_text"] += "<p>(not what the spec says)</p>"
        return params

    # Canvas keeps something other than what was sent: the verification must see it.
    monkeypatch.setattr(quiz_api, "question_params", garbled)
    applied = course.cli("apply", "--yes")
    assert applied.code != 0 and "still differs" in applied.output, applied.output
    stamps = _stamps(course)
    assert len(stamps) == 3 and not any(stamps.values()), stamps

    monkeypatch.setattr(quiz_api, "question_params", original)
    plan, sent = course.requests_during("plan")
    assert "questions:" in plan.output, plan.output
    assert len(_listed(sent)) == 3


def test_an_apply_that_writes_other_things_stamps_the_quizzes_it_read_as_applied(quiz_course):
    course = quiz_course
    assert course.cli("apply", "--yes").code == 0
    # A manifest from before stamps: every quiz's questions are listed.
    pages = _api(course, "GET", "/pages?include[]=body&per_page=100")
    page = next(p for p in pages if is_manifest(p.get("body")))
    objects = {
        address: {k: v for k, v in entry.items() if k != "stamp"}
        for address, entry in decode_manifest(page["body"]).items()
    }
    body = encode_manifest(objects, owner=decode_owner(page["body"]))
    _api(course, "PUT", f"/pages/page_id:{page['page_id']}", wiki_page={"body": body})
    assert not any(_stamps(course).values())

    _edit(course, "block-1/unit-1-1.md", "\n", "\n\nOne more line.\n")
    applied, sent = course.requests_during("apply", "--yes")
    assert applied.code == 0 and "Verified" in applied.output, applied.output
    assert len(_listed(sent)) == 3  # by the plan's read, with the stamps before them
    assert not [r for r in sent if "/quizzes" in r.path and not r.is_read]
    assert all(_stamps(course).values())
    plan, sent = course.requests_during("plan")
    assert "No changes" in plan.output and _listed(sent) == set(), plan.output


@pytest.mark.parametrize(
    ("kind", "options"),
    [("status", {"status": 404}), ("truncate", {}), ("login", {})],
    ids=["404 (no GraphQL)", "cut off", "login page"],
)
def test_a_failing_graphql_endpoint_means_listing_the_questions(quiz_course, kind, options):
    course = quiz_course
    assert course.cli("apply", "--yes").code == 0
    fault = course.sandbox.inject(kind, GRAPHQL, method="POST", times=0, **options)
    try:
        plan, sent = course.requests_during("plan")
    finally:
        course.sandbox.faults.clear()  # the sandbox is the session's
    assert plan.code == 0 and "No changes" in plan.output, plan.output
    assert len(_listed(sent)) == 3
    assert fault.fired
