"""Quizzes end to end against the sandbox: first apply, a no-op re-run, drift put back,
lost and interrupted creates, and a quiz with participants' attempts kept as it is."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
import requests

from canvas_npq import sync
from canvas_npq.apply import ApplyFailed
from canvas_npq.canvas.client import CanvasConfig, Connection
from tests.e2e.conftest import TOKEN, CourseFixture

pytestmark = pytest.mark.e2e


def _api(course: CourseFixture, method: str, path: str, **body: Any) -> Any:
    url = f"{course.sandbox.url}/api/v1/courses/{course.course_id}{path}"
    answer = requests.request(
        method, url, json=body or None, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10
    )
    assert answer.status_code < 300, answer.text
    return answer.json() if answer.content else None


def _quizzes(course: CourseFixture) -> dict[str, dict[str, Any]]:
    return {q["title"]: q for q in _api(course, "GET", "/quizzes?per_page=100")}


def _questions(course: CourseFixture, quiz_id: int) -> list[dict[str, Any]]:
    return _api(course, "GET", f"/quizzes/{quiz_id}/questions?per_page=100")


def _edit_question_in_canvas(course: CourseFixture, quiz_id: int) -> None:
    """A facilitator rewrites the quiz's second question in Canvas."""
    question = _questions(course, quiz_id)[1]
    edited = {
        "question_type": "true_false_question",
        "question_text": "<p>Feedback never helps.</p>",
        "points_possible": 1,
        "answers": [{"answer_text": "True", "answer_weight": 100}],
    }
    _api(course, "PUT", f"/quizzes/{quiz_id}/questions/{question['id']}", question=edited)


def _edit(course: CourseFixture, name: str, old: str, new: str) -> None:
    path = course.spec / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_first_apply_builds_the_quizzes_and_a_rerun_sends_nothing(quiz_course):
    course = quiz_course
    applied = course.cli("apply", "--yes")
    assert applied.code == 0, applied.output
    assert "Verified" in applied.output
    quizzes = _quizzes(course)
    assert set(quizzes) == {"Diagnostic self-assessment", "Block 1 knowledge check", "Graded check"}
    survey = quizzes["Diagnostic self-assessment"]
    assert survey["quiz_type"] == "survey" and survey["published"] is True
    assert survey["question_count"] == 2 and survey["assignment_id"] is None
    check = quizzes["Block 1 knowledge check"]
    assert check["question_count"] == 4 and check["points_possible"] == 5.0
    assert check["allowed_attempts"] == -1
    graded = quizzes["Graded check"]
    assignment = _api(course, "GET", f"/assignments/{graded['assignment_id']}")
    assert assignment["points_possible"] == 5.0 and assignment["published"] is True
    assert graded["time_limit"] == 20 and graded["due_at"] == "2026-11-02T17:00:00Z"
    first = _questions(course, check["id"])[0]
    assert [(a["text"], a["weight"]) for a in first["answers"]] == [
        ("Action planning and prompts", 100.0),
        ("A one-off lecture", 0.0),
    ]
    module = next(iter(course.course.get_modules()))
    items = list(module.get_module_items())
    assert [(i.type, i.content_id) for i in items if i.type == "Quiz"] == [
        ("Quiz", survey["id"]),
        ("Quiz", check["id"]),
    ]
    requirement = next(i for i in items if i.type == "Quiz" and i.content_id == check["id"])
    requirement = requirement.completion_requirement
    assert requirement["type"] == "min_score" and requirement["min_score"] == 2.0

    rerun, writes = course.writes_during("apply", "--yes")
    assert rerun.code == 0 and writes == 0, rerun.output
    assert "No changes" in course.cli("plan").output
    # The graded quiz's assignment is the quiz's, not an assignment of the spec's.
    assert "assignment" not in course.cli("plan", "--prune").output.split("No changes")[0]


def test_questions_and_settings_edited_in_canvas_are_put_back(quiz_course):
    course = quiz_course
    assert course.cli("apply", "--yes").code == 0
    check = _quizzes(course)["Block 1 knowledge check"]
    _edit_question_in_canvas(course, check["id"])
    _api(course, "PUT", f"/quizzes/{check['id']}", quiz={"shuffle_answers": True})

    plan = course.cli("plan")
    assert "questions:" in plan.output and "DRIFT" in plan.output, plan.output
    assert "shuffle_answers: true → false" in plan.output
    applied = course.cli("apply", "--yes")
    assert applied.code == 0 and "Verified" in applied.output, applied.output
    questions = _questions(course, check["id"])
    assert questions[1]["question_text"] == "<p>Feedback helps teachers refine a technique.</p>"
    assert len(questions) == 4
    republished = _quizzes(course)["Block 1 knowledge check"]
    assert republished["published"] is True and republished["question_count"] == 4
    assert course.writes_during("apply", "--yes")[1] == 0


def test_a_changed_spec_rewrites_only_the_questions_that_differ(quiz_course):
    course = quiz_course
    assert course.cli("apply", "--yes").code == 0
    _edit(course, "block-1/check.yaml", "A one-off lecture", "A single twilight talk")
    before = len(course.sandbox.writes())
    applied = course.cli("apply", "--yes")
    assert applied.code == 0, applied.output
    assert (
        "   - A one-off lecture" in applied.output
        and "   - A single twilight talk" in applied.output
    )
    quiz_writes = [w for w in course.sandbox.writes()[before:] if "/quizzes" in w.path]
    # Both quizzes that use the file: the one question that changed, then unpublish and
    # publish so Canvas saves the version students take.
    assert sorted((w.method, w.path.count("/questions/")) for w in quiz_writes) == [
        ("PUT", 0),
        ("PUT", 0),
        ("PUT", 0),
        ("PUT", 0),
        ("PUT", 1),
        ("PUT", 1),
    ]
    for title in ("Block 1 knowledge check", "Graded check"):
        quiz = _quizzes(course)[title]
        texts = [a["text"] for a in _questions(course, quiz["id"])[0]["answers"]]
        assert texts == ["Action planning and prompts", "A single twilight talk"]


def test_a_quiz_with_an_attempt_is_never_unpublished_rewritten_or_deleted(quiz_course):
    course = quiz_course
    assert course.cli("apply", "--yes").code == 0
    check = _quizzes(course)["Block 1 knowledge check"]
    attempt = _api(course, "POST", f"/quizzes/{check['id']}/submissions")
    assert attempt["quiz_submissions"][0]["attempt"] == 1
    before = _questions(course, check["id"])

    _edit(course, "block-1/check.yaml", "A one-off lecture", "A single twilight talk")
    _edit(course, "course.yaml", "        allowed_attempts: -1\n", "        allowed_attempts: 2\n")
    plan = course.cli("plan")
    assert "its questions are not rewritten, because participants have attempts" in plan.output
    applied = course.cli("apply", "--yes")
    assert applied.code == 0, applied.output
    after = _quizzes(course)["Block 1 knowledge check"]
    assert after["allowed_attempts"] == 2  # settings still follow the spec
    assert _questions(course, check["id"]) == before

    # Removed from the spec and pruned: kept, with its module item, and the plan says why.
    text = (course.spec / "course.yaml").read_text(encoding="utf-8")
    start = text.index("      - type: quiz\n        id: b1-check")
    end = text.index("\nquizzes:")
    (course.spec / "course.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    pruned = course.cli("apply", "--yes", "--prune")
    assert pruned.code == 0, pruned.output
    assert "has participants' attempts" in pruned.output
    kept = _quizzes(course)["Block 1 knowledge check"]
    assert kept["published"] is True and kept["id"] == check["id"]
    module = next(iter(course.course.get_modules()))
    assert check["id"] in [i.content_id for i in module.get_module_items() if i.type == "Quiz"]


def test_a_lost_answer_to_a_quiz_create_is_adopted_not_duplicated(quiz_course):
    course = quiz_course
    course.sandbox.inject("drop", "/courses/*/quizzes", method="POST", nth=2)
    applied = course.cli("apply", "--yes")
    assert applied.code == 0, applied.output
    assert all(f.fired for f in course.sandbox.faults.list())
    titles = [q["title"] for q in _api(course, "GET", "/quizzes?per_page=100")]
    assert sorted(titles) == sorted(set(titles)) and len(titles) == 3
    assert course.cli("plan", "--detailed-exitcode").code == 0


def test_an_apply_killed_between_a_quizs_questions_is_finished_by_the_next(quiz_course):
    """Killed after the quiz and one question: the next read finds the quiz by its
    marker and writes the questions it lacks; nothing is made twice."""
    course = quiz_course
    sandbox = course.sandbox
    _, desired = sync.load(course.spec)
    config = dataclasses.replace(CanvasConfig(sandbox.url, TOKEN), concurrency=1)
    conn = Connection(config, max_attempts=1)
    live = sync.read(conn, course.course_id)
    sandbox.inject("halt", "/courses/*/quizzes/*/questions", method="POST", nth=2, delay_ms=0)
    try:
        with pytest.raises(ApplyFailed):
            sync.apply(sync.plan(desired, live), conn, live)
    finally:
        sandbox.faults.clear()
    assert len(_api(course, "GET", "/quizzes?per_page=100")) == 1  # made, one question in
    resumed = course.cli("apply", "--yes")
    assert resumed.code == 0 and "Verified" in resumed.output, resumed.output
    quizzes = _api(course, "GET", "/quizzes?per_page=100")
    assert len(quizzes) == 3
    for quiz in quizzes:
        expected = 2 if quiz["quiz_type"] == "survey" else 4
        assert len(_questions(course, quiz["id"])) == expected, quiz["title"]
        assert quiz["published"] is True and quiz["question_count"] == expected
    assert course.cli("plan", "--detailed-exitcode").code == 0


def test_a_hand_made_quiz_is_imported_with_its_questions_and_plans_clean(course, tmp_path):
    group = _api(course, "POST", "/assignment_groups", name="Checks")
    survey = _api(
        course,
        "POST",
        "/quizzes",
        quiz={"title": "Where are you starting?", "quiz_type": "survey", "published": True},
    )
    graded = _api(
        course,
        "POST",
        "/quizzes",
        quiz={
            "title": "Unit check",
            "quiz_type": "assignment",
            "assignment_group_id": group["id"],
            "allowed_attempts": 3,
            "description": "<p>Three tries.</p>",
        },
    )
    choice = {
        "question_type": "multiple_choice_question",
        "question_text": "<p>Which <strong>one</strong>?</p>",
        "points_possible": 2,
        "answers": [
            {"answer_text": "This", "answer_weight": 100},
            {"answer_text": "That", "answer_weight": 0},
        ],
    }
    scale = {
        "question_type": "multiple_choice_question",
        "question_text": "<p>How confident are you?</p>",
        "answers": [{"answer_text": "Not yet"}, {"answer_text": "Very"}],
    }
    _api(course, "POST", f"/quizzes/{graded['id']}/questions", question=choice)
    _api(course, "POST", f"/quizzes/{survey['id']}/questions", question=scale)
    _api(course, "PUT", f"/quizzes/{graded['id']}", quiz={"published": True})
    module = _api(course, "POST", "/modules", module={"name": "Block 1"})
    _api(
        course,
        "POST",
        f"/modules/{module['id']}/items",
        module_item={
            "type": "Quiz",
            "content_id": graded["id"],
            "completion_requirement": {"type": "min_score", "min_score": 1},
        },
    )

    out = tmp_path / "imported"
    result = course.cli("import", str(out), "--course", str(course.course_id))
    assert result.code == 0, result.output
    assert "Round trip: the spec reproduces the course exactly." in result.output
    text = (out / "course.yaml").read_text(encoding="utf-8")
    assert "type: quiz\n    id: unit-check" in text and "min_score: 1" in text
    assert "quizzes:\n- id: where-are-you-starting" in text
    questions = (out / "block-1" / "unit-check-questions.yaml").read_text(encoding="utf-8")
    assert "text: Which **one**?" in questions and "correct: true" in questions
    assert course.cli("plan", "--detailed-exitcode", spec=out).code == 0


def test_adopt_binds_a_hand_made_quiz_of_the_same_title_and_apply_makes_no_copy(quiz_course):
    course = quiz_course
    group = _api(course, "POST", "/assignment_groups", name="Knowledge checks")
    made = _api(
        course,
        "POST",
        "/quizzes",
        quiz={
            "title": "Graded check",
            "quiz_type": "assignment",
            "assignment_group_id": group["id"],
        },
    )
    question = {"question_type": "essay_question", "question_text": "<p>Old question</p>"}
    _api(course, "POST", f"/quizzes/{made['id']}/questions", question=question)

    adopted = course.cli("adopt", str(course.spec), "--course", str(course.course_id), "--yes")
    assert adopted.code == 0, adopted.output
    assert f"Graded check  [graded-check] (id {made['id']})" in adopted.output
    assert course.cli("apply", "--yes").code == 0
    quizzes = _api(course, "GET", "/quizzes?per_page=100")
    assert sorted(q["title"] for q in quizzes).count("Graded check") == 1
    graded = next(q for q in quizzes if q["title"] == "Graded check")
    assert graded["id"] == made["id"] and len(_questions(course, made["id"])) == 4
    assert course.cli("plan", "--detailed-exitcode").code == 0
