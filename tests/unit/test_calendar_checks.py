"""Warnings about a cohort's calendar: dates in its holidays, tasks due before their event."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from canvas_npq.cli.main import cli
from canvas_npq.spec import Problem, SpecError, load_spec
from canvas_npq.spec.cohorts import load_cohorts

MINIMAL = Path(__file__).parents[1] / "fixtures" / "specs" / "minimal"

COURSE = """\
course:
  name: ITT NPQLTD
  course_code: ITT
  time_zone: Europe/London
assignment_groups:
  - id: tasks
    name: Tasks
blocks:
  - id: topic-1
    title: "Topic 1"
    unlock_at: week 1
    items:
      - type: mit
        id: task-1
        title: "Task 1"
        description: block-1/mit-1.md
        due_at: week 6 friday 17:00
events:
  - id: seminar-1
    title: "Seminar 1"
    kind: webinar
    block: topic-1
    start_at: week 6 tuesday 16:00
    end_at: week 6 tuesday 17:00
    description: block-1/unit-1-1.md
"""

COHORTS = """\
cohorts:
  - name: autumn
    course: 1234
    start: {start}
    holidays:
      - name: Half term
        start: 2026-10-26
        end: 2026-10-30
      - name: Bank holiday
        start: 2026-11-13
"""


def make(tmp_path: Path, start: str = "2026-10-01", course: str = COURSE) -> Path:
    root = tmp_path / "spec"
    shutil.copytree(MINIMAL / "block-1", root / "block-1")
    (root / "course.yaml").write_text(course)
    (root / "cohorts.yaml").write_text(COHORTS.format(start=start))
    return root


def warnings(root: Path) -> list[Problem]:
    return list(load_spec(root).warnings)


def test_holidays_are_read_with_their_names_and_inclusive_days(tmp_path: Path) -> None:
    [cohort] = load_cohorts(make(tmp_path))
    assert [(h.name, str(h.start), str(h.end)) for h in cohort.holidays] == [
        ("Half term", "2026-10-26", "2026-10-30"),
        ("Bank holiday", "2026-11-13", "2026-11-13"),
    ]
    assert cohort.holidays[0].source is not None and cohort.holidays[0].source.line == 6


def test_a_date_inside_a_holiday_is_a_warning_naming_the_object_and_the_holiday(
    tmp_path: Path,
) -> None:
    # A Monday start: week 6 friday is 13 November, the bank holiday.
    [warning] = warnings(make(tmp_path, start="2026-10-05"))
    assert (warning.file, warning.line) == ("course.yaml", 17)
    assert warning.message == (
        "mit 'task-1' has due_at Fri 13 Nov 2026 ('week 6 friday 17:00'), in the holiday "
        "'Bank holiday' of cohort 'autumn', 13 Nov to 13 Nov 2026 (cohorts.yaml:9)"
    )
    assert warning.hint is not None and "overrides:" in warning.hint


def test_an_event_in_a_holiday_is_named_too(tmp_path: Path) -> None:
    course = COURSE.replace("week 6 tuesday 16:00", "week 4 tuesday 16:00").replace(
        "week 6 tuesday 17:00", "week 4 tuesday 17:00"
    )
    found = warnings(make(tmp_path, start="2026-10-05", course=course))
    assert {(w.line, w.message.split(" has ")[0]) for w in found if "Half term" in w.message} == {
        (23, "event 'seminar-1'"),
        (24, "event 'seminar-1'"),
    }


def test_a_task_due_before_the_event_it_is_written_after_explains_the_week(
    tmp_path: Path,
) -> None:
    # A Thursday start: week 6 runs Thu 5 Nov to Wed 11 Nov; its Friday (6 Nov) comes
    # before its Tuesday (10 Nov).
    [warning] = [w for w in warnings(make(tmp_path)) if "before event" in w.message]
    assert (warning.file, warning.line, warning.column) == ("course.yaml", 17, 17)
    assert warning.message == (
        "mit 'task-1' is due Fri 06 Nov 2026 ('week 6 friday 17:00'), before event "
        "'seminar-1' of its block on Tue 10 Nov 2026 ('week 6 tuesday 16:00'), though it is "
        "written after it: weeks count from the cohort's start day, and cohort 'autumn' "
        "starts on a Thursday (2026-10-01), so its week 6 runs Thu 05 Nov to Wed 11 Nov"
    )
    assert warning.hint == (
        "To fall due after the event, write 'week 7 friday' (or 'start + Nd'), or move the event"
    )


def test_no_warning_when_the_start_day_keeps_the_written_order(tmp_path: Path) -> None:
    root = make(tmp_path, start="2026-10-05")
    assert not [w for w in warnings(root) if "before event" in w.message]


def test_a_task_written_before_its_event_is_not_warned_about(tmp_path: Path) -> None:
    course = COURSE.replace("due_at: week 6 friday 17:00", "due_at: week 6 monday 17:00")
    assert not [w for w in warnings(make(tmp_path, course=course)) if "before" in w.message]


def test_validate_shows_the_warnings_and_exits_0(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(make(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "Warning: course.yaml:17:17: mit 'task-1' is due Fri 06 Nov 2026" in result.output


def test_a_holiday_ending_before_it_starts_is_an_error(tmp_path: Path) -> None:
    root = make(tmp_path)
    text = (root / "cohorts.yaml").read_text().replace("end: 2026-10-30", "end: 2026-10-20")
    (root / "cohorts.yaml").write_text(text)
    with pytest.raises(SpecError) as caught:
        load_cohorts(root)
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == ("cohorts.yaml", 8)
    assert "ends (2026-10-20) before it starts (2026-10-26)" in problem.message


def test_the_cohorts_schema_describes_holidays() -> None:
    result = CliRunner().invoke(cli, ["schema", "--cohorts"])
    schema = json.loads(result.output)
    holiday = schema["$defs"]["holiday"]
    assert holiday["required"] == ["name", "start"]
    cohort = schema["$defs"]["cohort"]["properties"]["holidays"]
    assert cohort["items"] == {"$ref": "#/$defs/holiday"}
