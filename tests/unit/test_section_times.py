"""An event's own times per facilitator group: read from cohorts.yaml with relative dates,
checked with file and line, and completed by the planner against the course's sections."""

from __future__ import annotations

from pathlib import Path

from canvas_npq.model import Kind, Snapshot
from canvas_npq.model.sectiontimes import parse_section_time, section_time
from canvas_npq.plan import Action
from canvas_npq.plan.builder import build_plan
from canvas_npq.spec import build_desired, load_spec
from tests.unit.builders import res
from tests.unit.test_sections import problems, spec_with

TIMES = """    sections:
      - name: Group A
        dates:
          face-to-face-1: {start_at: week 2 thursday 09:30, end_at: week 2 thursday 15:00}
      - name: Group B
        dates:
          face-to-face-1: {start_at: week 1 13:00}
"""


def event_fields(root: Path, cohort: str = "autumn-2026") -> dict:
    desired = build_desired(load_spec(root, cohort))
    [event] = [r for r in desired.of_kind(Kind.CALENDAR_EVENT) if r.address.key == "face-to-face-1"]
    return dict(event.fields)


def test_event_times_per_section_resolve_from_the_cohort_start(tmp_path):
    fields = event_fields(spec_with(tmp_path, TIMES))
    # autumn-2026 starts Monday 2026-10-05, Europe/London (BST: UTC+1)
    assert fields["section_times"] == (
        "Group A: 2026-10-15T08:30:00Z to 2026-10-15T14:00:00Z",
        # end_at left out: the event's length (09:30 to 16:00) from the section's start
        "Group B: 2026-10-05T12:00:00Z to 2026-10-05T18:30:00Z",
    )
    assert fields["start_at"] == "2026-10-05T08:30:00Z"  # the event's own times stay


def test_an_event_without_section_times_has_none(tmp_path):
    assert event_fields(spec_with(tmp_path, TIMES), "spring-2027")["section_times"] == ()


def test_section_times_that_end_before_they_start_are_refused_at_their_line(tmp_path):
    bad = TIMES.replace("end_at: week 2 thursday 15:00", "end_at: week 2 thursday 08:00")
    root = spec_with(tmp_path, bad)
    [problem] = problems(root)
    assert problem.file == "cohorts.yaml"
    lines = (root / "cohorts.yaml").read_text().splitlines()
    assert problem.line == next(n for n, t in enumerate(lines, 1) if "08:00" in t)
    assert "times of event 'face-to-face-1' for section 'Group A' end before" in problem.message


def test_section_times_need_a_start_and_known_keys(tmp_path):
    root = spec_with(tmp_path, TIMES.replace("{start_at: week 1 13:00}", "{due_at: week 1}"))
    messages = [p.message for p in problems(root)]
    assert any("unknown key 'due_at'" in m for m in messages), messages
    assert any("'start_at'" in m for m in messages), messages


# -- the planner ---------------------------------------------------------------------

START, END = "2026-10-05T08:30:00Z", "2026-10-05T15:00:00Z"
LATEST = "2026-10-15T14:00:00Z"
GROUP_A = section_time("Group A", "2026-10-15T08:30:00Z", LATEST)


def event(section_times: tuple[str, ...] = (GROUP_A,), **fields):
    values = dict(title="Day 1", start_at=START, end_at=END, section_times=section_times)
    return res(Kind.CALENDAR_EVENT, "day-1", **{**values, **fields})


def test_sections_the_spec_leaves_out_keep_the_events_own_times():
    live = Snapshot.of([], meta={"sections": ("Group A", "Group B")})
    [change] = build_plan(Snapshot.of([event()]), live).changes
    assert change.action is Action.CREATE
    assert change.desired["section_times"] == (GROUP_A, section_time("Group B", START, END))
    # Canvas shows the event from the earliest start to the latest end of its children
    assert (change.desired["start_at"], change.desired["end_at"]) == (START, LATEST)


def test_times_as_canvas_keeps_them_plan_nothing():
    live_times = (GROUP_A, section_time("Group B", START, END))
    have = res(
        Kind.CALENDAR_EVENT,
        "day-1",
        canvas_id=7,
        title="Day 1",
        start_at=START,
        end_at=LATEST,
        section_times=live_times,
    )
    live = Snapshot.of([have], meta={"sections": ("Group A", "Group B")})
    assert build_plan(Snapshot.of([event()]), live).changes == ()


def test_a_changed_section_time_is_one_field_change():
    moved = section_time("Group A", "2026-10-14T08:30:00Z", LATEST)
    have = res(
        Kind.CALENDAR_EVENT,
        "day-1",
        canvas_id=7,
        title="Day 1",
        start_at=START,
        end_at=LATEST,
        section_times=(moved, section_time("Group B", START, END)),
    )
    live = Snapshot.of([have], meta={"sections": ("Group A", "Group B")})
    [change] = build_plan(Snapshot.of([event()]), live).changes
    assert change.action is Action.UPDATE
    [field] = change.fields
    assert field.name == "section_times"
    assert GROUP_A in field.new and moved in field.old


def test_times_for_a_section_the_course_lacks_wait_and_the_plan_says_why():
    live = Snapshot.of([], meta={"sections": ("Group B",)})
    plan = build_plan(Snapshot.of([event()]), live)
    [change] = plan.changes
    # no section copies at all until one the spec names exists: the event as it is
    assert change.desired["section_times"] == ()
    assert (change.desired["start_at"], change.desired["end_at"]) == (START, END)
    assert any(
        "section 'Group A' is not in the course, so its times for event 'day-1'" in w
        for w in plan.warnings
    )


def test_section_times_the_spec_drops_are_removed():
    have = res(
        Kind.CALENDAR_EVENT,
        "day-1",
        canvas_id=7,
        title="Day 1",
        start_at=START,
        end_at=END,
        section_times=(GROUP_A,),
    )
    live = Snapshot.of([have], meta={"sections": ("Group A",)})
    [change] = build_plan(Snapshot.of([event(())]), live).changes
    assert [(f.name, f.new) for f in change.fields] == [("section_times", ())]


def test_a_section_name_may_hold_a_colon():
    entry = section_time("Group: Leeds", START, END)
    assert parse_section_time(entry) == ("Group: Leeds", START, END)


# -- quizzes ----------------------------------------------------------------------------

QUIZ_SPEC = Path(__file__).parents[1] / "e2e" / "spec_quiz"


def quiz_spec(tmp_path: Path, dates: str) -> Path:
    import shutil

    root = tmp_path / "quizzes"
    shutil.copytree(QUIZ_SPEC, root)
    (root / "cohorts.yaml").write_text(
        "cohorts:\n  - name: autumn-2026\n    course: 1\n    start: 2026-10-05\n"
        "    sections:\n      - name: Group A\n        dates:\n" + dates
    )
    return root


def test_a_graded_quizs_section_dates_are_an_override_of_the_quiz(tmp_path):
    root = quiz_spec(tmp_path, "          graded-check: {due_at: week 6 monday 17:00}\n")
    desired = build_desired(load_spec(root, "autumn-2026"))
    [override] = desired.of_kind(Kind.ASSIGNMENT_OVERRIDE)
    assert override.fields["assignment"] == "quiz.graded-check"
    assert override.fields["due_at"] == "2026-11-09T17:00:00Z"


def test_an_ungraded_quiz_gets_no_section_dates_and_is_told_why(tmp_path):
    import pytest

    from canvas_npq.spec import SpecError

    root = quiz_spec(tmp_path, "          b1-check: {due_at: week 6 monday 17:00}\n")
    with pytest.raises(SpecError) as caught:
        load_spec(root, "autumn-2026")
    [problem] = caught.value.problems
    assert problem.file == "cohorts.yaml" and problem.line == 8
    assert "'b1-check', an ungraded quiz" in problem.message
    assert "make it graded" in problem.hint


# -- a section that starts in another week ------------------------------------------------


def test_a_sections_own_start_moves_its_relative_dates(tmp_path):
    later = """    sections:
      - name: Group B
        start: week 2
        dates:
          face-to-face-1: {start_at: week 1 09:30}
          mit-1: {due_at: week 7 friday 17:00}
      - name: Group C
        start: 2026-10-19
        dates:
          mit-1: {due_at: week 7 friday 17:00}
"""
    root = spec_with(tmp_path, later)
    desired = build_desired(load_spec(root, "autumn-2026"))
    dates = {r.address.key: r.fields for r in desired.of_kind(Kind.ASSIGNMENT_OVERRIDE)}
    # the cohort's week 7 friday is 2026-11-20; Group B's is a week later, C's two
    assert dates["mit-1@Group B"]["due_at"] == "2026-11-27T17:00:00Z"
    assert dates["mit-1@Group C"]["due_at"] == "2026-12-04T17:00:00Z"
    # its week 1 is the cohort's week 2 (Monday 12 October, 09:30 BST)
    assert event_fields(root)["section_times"][0].startswith("Group B: 2026-10-12T08:30:00Z")


def test_the_plan_shows_each_sections_change_in_local_time():
    from canvas_npq.render.text import describe_field

    moved = section_time("Group A", "2026-10-14T08:30:00Z", LATEST)
    lines = describe_field(
        Kind.CALENDAR_EVENT, "section_times", (moved,), (GROUP_A,), "Europe/London"
    )
    assert lines[0] == "section_times:"
    assert lines[1].startswith('    - Group A: "2026-10-14T08:30:00Z" (Wed 14 Oct 2026 09:30 BST)')
    assert lines[2].startswith('    + Group A: "2026-10-15T08:30:00Z" (Thu 15 Oct 2026 09:30 BST)')
    assert len(lines) == 3
