"""The quizzes listing end to end: a no-op plan does not list the quizzes when Canvas's
GraphQL shows every one unchanged since an apply verified it whole; a setting edited in
Canvas (on the quiz or on its assignment) moves the quiz's updatedAt and is seen, and
anything else (a quiz made by hand, a manifest whose stamps vouch for the questions
only) has the quizzes listed as before."""

from __future__ import annotations

from typing import Any

import pytest

from canvas_npq.canvas import writer as writer_module
from canvas_npq.canvas.manifest import decode_manifest, decode_owner, encode_manifest, is_manifest
from canvas_npq.canvas.quizzes import WHOLE_STAMP
from tests.e2e.conftest import CourseFixture
from tests.e2e.test_quizzes import _api, _edit, _quizzes

pytestmark = pytest.mark.e2e


def _quiz_reads(requests: list[Any]) -> list[str]:
    """The quizzes listings and question listings sent."""
    return [
        r.path
        for r in requests
        if r.method == "GET" and (r.path.endswith("/quizzes") or r.path.endswith("/questions"))
    ]


def _manifest_page(course: CourseFixture) -> dict[str, Any]:
    pages = _api(course, "GET", "/pages?include[]=body&per_page=100")
    return next(p for p in pages if is_manifest(p.get("body")))


def _whole_stamps(course: CourseFixture) -> dict[str, Any]:
    manifest = decode_manifest(_manifest_page(course)["body"])
    return {a: e.get(WHOLE_STAMP) for a, e in manifest.items() if a.startswith("quiz.")}


def _no_op_reads_no_quizzes(course: CourseFixture) -> None:
    plan, sent = course.requests_during("plan")
    assert "No changes" in plan.output, plan.output
    assert _quiz_reads(sent) == [], _quiz_reads(sent)


def test_after_an_apply_a_no_op_plan_lists_neither_the_quizzes_nor_their_questions(quiz_course):
    course = quiz_course
    applied = course.cli("apply", "--yes")
    assert applied.code == 0 and "Verified" in applied.output, applied.output
    stamps = _whole_stamps(course)
    assert len(stamps) == 3 and all(stamps.values()), stamps  # promoted by the verification
    _no_op_reads_no_quizzes(course)
    # a no-op apply reads the same way, and writes nothing
    again, sent = course.requests_during("apply", "--yes")
    assert again.code == 0 and _quiz_reads(sent) == []
    assert all(r.method == "GET" or r.path.endswith("/graphql") for r in sent)


@pytest.mark.parametrize(
    ("quiz", "edit", "shown"),
    [
        ("Block 1 knowledge check", {"title": "Renamed in Canvas"}, "title"),
        ("Graded check", {"time_limit": 45}, "time_limit"),
        ("Diagnostic self-assessment", {"published": False}, "published"),
    ],
)
def test_a_setting_edited_in_canvas_is_seen_and_repaired(quiz_course, quiz, edit, shown):
    course = quiz_course
    assert course.cli("apply", "--yes").code == 0
    quiz_id = _quizzes(course)[quiz]["id"]
    _api(course, "PUT", f"/quizzes/{quiz_id}", quiz=edit)

    plan, sent = course.requests_during("plan")
    assert "DRIFT" in plan.output and f"{shown}:" in plan.output, plan.output
    assert f"/api/v1/courses/{course.course_id}/quizzes" in _quiz_reads(sent)

    applied = course.cli("apply", "--yes")
    assert applied.code == 0 and "Verified" in applied.output, applied.output
    _no_op_reads_no_quizzes(course)  # repaired, verified whole again


def test_a_due_date_edited_on_the_quizs_assignment_is_seen_and_repaired(quiz_course):
    course = quiz_course
    assert course.cli("apply", "--yes").code == 0
    graded = _quizzes(course)["Graded check"]
    due = "2026-11-09T17:00:00Z"
    _api(course, "PUT", f"/assignments/{graded['assignment_id']}", assignment={"due_at": due})
    assert _quizzes(course)["Graded check"]["due_at"] == due  # Canvas saves the quiz too

    plan, sent = course.requests_during("plan")
    assert "DRIFT" in plan.output and "due_at:" in plan.output, plan.output
    assert f"/api/v1/courses/{course.course_id}/quizzes" in _quiz_reads(sent)
    applied = course.cli("apply", "--yes")
    assert applied.code == 0 and "Verified" in applied.output, applied.output
    assert _quizzes(course)["Graded check"]["due_at"] != due
    _no_op_reads_no_quizzes(course)


def test_a_graded_quiz_moved_to_another_group_in_canvas_is_seen(quiz_course):
    course = quiz_course
    assert course.cli("apply", "--yes").code == 0
    graded = _quizzes(course)["Graded check"]
    other = _api(course, "POST", "/assignment_groups", name="Moved here by hand")
    _api(
        course,
        "PUT",
        f"/assignments/{graded['assignment_id']}",
        assignment={"assignment_group_id": other["id"]},
    )
    plan, sent = course.requests_during("plan")
    assert "DRIFT" in plan.output and "assignment_group:" in plan.output, plan.output
    assert f"/api/v1/courses/{course.course_id}/quizzes" in _quiz_reads(sent)


def test_a_quiz_made_by_hand_has_the_quizzes_listed_and_changes_nothing(quiz_course):
    course = quiz_course
    assert course.cli("apply", "--yes").code == 0
    before = course.cli("plan")
    _api(course, "POST", "/quizzes", quiz={"title": "A facilitator's own", "quiz_type": "survey"})

    plan, sent = course.requests_during("plan")
    assert f"/api/v1/courses/{course.course_id}/quizzes" in _quiz_reads(sent)
    assert plan.output == before.output and "No changes" in plan.output, plan.output


def test_a_manifest_with_question_stamps_only_has_the_quizzes_listed(quiz_course):
    course = quiz_course
    assert course.cli("apply", "--yes").code == 0
    _strip_whole_stamps(course)  # as the code before whole stamps wrote it
    stamps = decode_manifest(_manifest_page(course)["body"])
    assert all(e.get("stamp") for a, e in stamps.items() if a.startswith("quiz."))
    plan, sent = course.requests_during("plan")
    assert "No changes" in plan.output, plan.output
    reads = _quiz_reads(sent)
    assert reads == [f"/api/v1/courses/{course.course_id}/quizzes"], reads  # questions: stamps


def _strip_whole_stamps(course: CourseFixture) -> None:
    """The manifest as the code before whole stamps wrote it: stamps for questions only."""
    page = _manifest_page(course)
    objects = {
        address: {k: v for k, v in entry.items() if k != WHOLE_STAMP}
        for address, entry in decode_manifest(page["body"]).items()
    }
    body = encode_manifest(objects, owner=decode_owner(page["body"]))
    _api(course, "PUT", f"/pages/page_id:{page['page_id']}", wiki_page={"body": body})


def test_an_apply_that_writes_other_things_records_whole_stamps_for_quizzes_read_whole(
    quiz_course,
):
    course = quiz_course
    assert course.cli("apply", "--yes").code == 0
    _strip_whole_stamps(course)
    assert not any(_whole_stamps(course).values())

    _edit(course, "block-1/unit-1-1.md", "\n", "\n\nOne more line.\n")
    applied, sent = course.requests_during("apply", "--yes")
    assert applied.code == 0 and "Verified" in applied.output, applied.output
    assert not [r for r in sent if "/quizzes" in r.path and not r.is_read]
    stamps = _whole_stamps(course)
    assert len(stamps) == 3 and all(stamps.values()), stamps
    _no_op_reads_no_quizzes(course)


def test_a_setting_canvas_keeps_otherwise_leaves_no_whole_stamp(quiz_course, monkeypatch):
    course = quiz_course
    original = writer_module.quiz_params

    def retitled(fields: Any, resolve: Any) -> dict[str, Any]:
        params = original(fields, resolve)
        if "title" in params:
            params["title"] += " (not what the spec says)"
        return params

    # Canvas keeps another title than the spec's: the verification sees it, so no quiz
    # is vouched for whole, and the next plan lists the quizzes and shows it.
    monkeypatch.setattr(writer_module, "quiz_params", retitled)
    applied = course.cli("apply", "--yes")
    assert applied.code != 0 and "still differs" in applied.output, applied.output
    stamps = _whole_stamps(course)
    assert len(stamps) == 3 and not any(stamps.values()), stamps

    monkeypatch.setattr(writer_module, "quiz_params", original)
    plan, sent = course.requests_during("plan")
    assert "title:" in plan.output, plan.output
    assert f"/api/v1/courses/{course.course_id}/quizzes" in _quiz_reads(sent)
