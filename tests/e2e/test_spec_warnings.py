"""The spec's warnings (holidays, calendar) reach the plan an admin reads, text and Markdown."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import CourseFixture

pytestmark = pytest.mark.e2e


def test_a_due_date_in_a_holiday_is_a_warning_in_the_plan(course: CourseFixture) -> None:
    (course.spec / "cohorts.yaml").write_text(
        "cohorts:\n"
        "  - name: autumn\n"
        f"    course: {course.course_id}\n"
        "    start: 2026-10-05\n"
        "    holidays:\n"
        "      - {name: Staff training day, start: 2026-11-02}\n"
    )
    lines = (course.spec / "course.yaml").read_text().splitlines()
    due = next(n for n, line in enumerate(lines, 1) if "due_at: 2026-11-02T17:00" in line)
    plan = course.cli("plan", "--cohort", "autumn", "--force")
    assert plan.code == 0, plan.output
    assert f"Warning: course.yaml:{due}:" in plan.output
    assert "in the holiday 'Staff training day' of cohort 'autumn'" in plan.output
    markdown = course.cli("plan", "--cohort", "autumn", "--force", "--format", "markdown")
    assert f"> **Warning:** course.yaml:{due}:" in markdown.output
