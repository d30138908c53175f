"""plan reports its progress on stderr as apply does: which courses are still being read
and Canvas's throttle waits, so a run over many cohorts never goes quiet for long."""

from __future__ import annotations

import pytest

from canvas_npq.cli import plan as plan_command
from canvas_npq.cli.progress import LineProgress

pytestmark = pytest.mark.e2e


def test_plan_says_which_course_it_is_reading(course, monkeypatch) -> None:
    lines: list[str] = []
    made: list[LineProgress] = []

    def lines_now(_stream):  # every event is news: no interval between lines
        progress = LineProgress(lines.append, interval=0.0)
        made.append(progress)
        return progress

    monkeypatch.setattr(plan_command, "progress_for", lines_now)
    result = course.cli("plan")
    assert result.code == 0, result.output
    assert any("reading the course" in line for line in lines), lines
    assert made and all(c.phase == "finished" for c in made[0].courses.values())
