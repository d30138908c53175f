"""Matching and numerical questions and feedback, end to end against the sandbox: what
Canvas keeps of them, a no-op re-run, feedback edited in Canvas put back, and import
writing them back into a spec that plans no change."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml

from tests.e2e.conftest import TOKEN, CourseFixture

pytestmark = pytest.mark.e2e

QUIZ_SPEC = Path(__file__).parent / "spec_quiz"
CHECK = """\
questions:
  - type: matching
    name: Mechanisms
    text: Match each mechanism to what it does.
    answers:
      - left: Action planning
        right: Turns an intention into a step
        comments: Planning is **when and where**.
      - left: Prompts
        right: Cues the new habit
    distractors: |
      Replaces the need for practice
    correct_comments: All matched.
    incorrect_comments: Look again at *section 2*.
  - type: numerical
    text: How many weeks should a technique be practised, at least?
    points: 2
    answers:
      - exact: 6
        margin: 1
        comments: About six weeks.
      - start: 10
        end: 12
    neutral_comments: The framework does not fix a number.
  - type: multiple_choice
    text: Which mechanism helps teachers embed a new practice?
    answers:
      - text: Action planning and prompts
        correct: true
        comments: Yes.
      - text: A one-off lecture
        comments: A lecture alone rarely changes practice.
  - type: true_false
    text: Feedback helps teachers refine a technique.
    answer: true
    correct_comments: Right.
"""


@pytest.fixture
def typed_course(course: CourseFixture) -> CourseFixture:
    shutil.rmtree(course.spec)
    shutil.copytree(QUIZ_SPEC, course.spec)
    (course.spec / "block-1" / "check.yaml").write_text(CHECK, encoding="utf-8")
    return course


def _api(course: CourseFixture, method: str, path: str, **body: Any) -> Any:
    url = f"{course.sandbox.url}/api/v1/courses/{course.course_id}{path}"
    answer = requests.request(
        method, url, json=body or None, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10
    )
    assert answer.status_code < 300, answer.text
    return answer.json() if answer.content else None


def _check(course: CourseFixture) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    quizzes = {q["title"]: q for q in _api(course, "GET", "/quizzes?per_page=100")}
    quiz = quizzes["Block 1 knowledge check"]
    return quiz, _api(course, "GET", f"/quizzes/{quiz['id']}/questions?per_page=100")


def test_matching_numerical_and_feedback_reach_canvas_and_rerun_sends_nothing(typed_course):
    course = typed_course
    applied = course.cli("apply", "--yes")
    assert applied.code == 0 and "Verified" in applied.output, applied.output
    quiz, questions = _check(course)
    assert quiz["points_possible"] == 5.0 and quiz["question_count"] == 4
    matching, numerical, choice, true_false = questions
    assert [(a["left"], a["right"]) for a in matching["answers"]] == [
        ("Action planning", "Turns an intention into a step"),
        ("Prompts", "Cues the new habit"),
    ]
    assert "<strong>when and where</strong>" in matching["answers"][0]["comments_html"]
    assert matching["matching_answer_incorrect_matches"] == "Replaces the need for practice"
    assert sorted(m["text"] for m in matching["matches"]) == [
        "Cues the new habit",
        "Replaces the need for practice",
        "Turns an intention into a step",
    ]
    assert matching["correct_comments_html"] == "<p>All matched.</p>"
    assert "<em>section 2</em>" in matching["incorrect_comments_html"]
    exact, ranged = numerical["answers"]
    assert (exact["numerical_answer_type"], exact["exact"], exact["margin"]) == (
        "exact_answer",
        6.0,
        1.0,
    )
    assert (ranged["numerical_answer_type"], ranged["start"], ranged["end"]) == (
        "range_answer",
        10.0,
        12.0,
    )
    assert numerical["neutral_comments_html"] == "<p>The framework does not fix a number.</p>"
    assert [a["comments_html"] for a in choice["answers"]] == [
        "<p>Yes.</p>",
        "<p>A lecture alone rarely changes practice.</p>",
    ]
    assert true_false["correct_comments_html"] == "<p>Right.</p>"

    rerun, writes = course.writes_during("apply", "--yes")
    assert rerun.code == 0 and writes == 0, rerun.output
    assert "No changes" in course.cli("plan").output


def test_feedback_and_a_pair_edited_in_canvas_are_put_back(typed_course):
    course = typed_course
    assert course.cli("apply", "--yes").code == 0
    quiz, questions = _check(course)
    matching = questions[0]
    edited = {
        "question_type": "matching_question",
        "question_text": matching["question_text"],
        "points_possible": 1,
        "correct_comments_html": "<p>Well done!</p>",
        "answers": [
            {"answer_match_left": "Action planning", "answer_match_right": "Cues the new habit"},
            {"answer_match_left": "Prompts", "answer_match_right": "Cues the new habit"},
        ],
    }
    _api(course, "PUT", f"/quizzes/{quiz['id']}/questions/{matching['id']}", question=edited)

    plan = course.cli("plan")
    assert "DRIFT" in plan.output, plan.output
    assert "-   correct feedback: Well done!" in plan.output
    assert "+   correct feedback: All matched." in plan.output
    assert "+   * Action planning → Turns an intention into a step" in plan.output
    applied = course.cli("apply", "--yes")
    assert applied.code == 0 and "Verified" in applied.output, applied.output
    matching = _check(course)[1][0]
    assert matching["correct_comments_html"] == "<p>All matched.</p>"
    assert matching["answers"][0]["right"] == "Turns an intention into a step"
    assert course.writes_during("apply", "--yes")[1] == 0


def test_a_changed_distractor_is_planned_and_written(typed_course):
    course = typed_course
    assert course.cli("apply", "--yes").code == 0
    path = course.spec / "block-1" / "check.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Replaces the need", "Removes the need"), encoding="utf-8")
    plan = course.cli("plan")
    assert "-   - Replaces the need for practice (distractor)" in plan.output, plan.output
    assert "+   - Removes the need for practice (distractor)" in plan.output
    assert course.cli("apply", "--yes").code == 0
    matching = _check(course)[1][0]
    assert matching["matching_answer_incorrect_matches"] == "Removes the need for practice"
    assert course.writes_during("apply", "--yes")[1] == 0


def test_import_writes_the_new_types_and_feedback_back_exactly(typed_course, tmp_path: Path):
    course = typed_course
    assert course.cli("apply", "--yes").code == 0
    out = tmp_path / "reimported"
    result = course.cli("import", str(out), "--course", str(course.course_id), "--take-over")
    assert result.code == 0, result.output
    assert "Round trip: the spec reproduces the course exactly." in result.output
    written = "\n".join(p.read_text(encoding="utf-8") for p in out.rglob("*questions.yaml"))
    assert "type: matching" in written and "type: numerical" in written
    assert "left: Action planning" in written and "margin: 1" in written
    assert "Planning is **when and where**." in written
    matching = yaml.safe_load((out / "block-1" / "b1-check-questions.yaml").read_text())
    assert (
        matching["questions"][0]["distractors"].split() == "Replaces the need for practice".split()
    )
    plan = course.cli("plan", "--detailed-exitcode", spec=out)
    assert plan.code == 0, plan.output
