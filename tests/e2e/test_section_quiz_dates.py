"""A graded quiz's own dates for a facilitator group, end to end: Canvas takes them as
overrides of the quiz's assignment (its quiz API takes none), a re-run sends nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import requests
from canvasapi import Canvas

from canvas_npq.sandbox import Sandbox
from tests.e2e.test_sections import CLOCK, run

pytestmark = pytest.mark.e2e
QUIZ_SPEC = Path(__file__).parent / "spec_quiz"


@pytest.fixture
def sandbox():
    with Sandbox(clock=lambda: CLOCK).start() as running:
        yield running


def test_a_graded_quizs_section_dates_are_its_assignments_overrides(sandbox, tmp_path):
    canvas = Canvas(sandbox.url, sandbox.token)
    course = canvas.get_account(1).create_course(course={"name": "Quiz test cohort"})
    group_a = course.create_course_section(course_section={"name": "Group A"})
    spec = tmp_path / "spec"
    shutil.copytree(QUIZ_SPEC, spec)
    (spec / "cohorts.yaml").write_text(
        "cohorts:\n"
        "  - name: autumn-2026\n"
        f"    course: {course.id}\n"
        "    start: 2026-10-05\n"
        "    sections:\n"
        "      - name: Group A\n"
        "        dates:\n"
        "          graded-check: {due_at: week 6 monday 17:00}\n"
    )
    args = ("--cohort", "autumn-2026", "--force", "--yes")
    first = run(sandbox, "apply", str(spec), *args)
    assert first.code == 0, first.output
    [quiz] = [q for q in course.get_quizzes() if q.title == "Graded check"]
    assert quiz.assignment_id is not None
    url = f"{sandbox.url}/api/v1/courses/{course.id}/assignments/{quiz.assignment_id}/overrides"
    headers = {"Authorization": f"Bearer {sandbox.token}"}
    [override] = requests.get(url, headers=headers, timeout=10).json()
    assert override["course_section_id"] == group_a.id
    assert override["due_at"] == "2026-11-09T17:00:00Z"  # week 6 monday, GMT

    before = len(sandbox.writes())
    again = run(sandbox, "apply", str(spec), *args)
    assert again.code == 0, again.output
    assert len(sandbox.writes()) == before, sandbox.writes()[before:]
