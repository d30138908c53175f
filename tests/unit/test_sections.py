"""Dates per facilitator group: sections in cohorts.yaml resolved per cohort, their
checks with file and line, and how the planner waits for a section the course lacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from canvas_npq.model import Address, Kind, Snapshot
from canvas_npq.plan import Action
from canvas_npq.plan.builder import build_plan
from canvas_npq.spec import SpecError, build_desired, load_spec
from tests.cohorts.specs import make_cohort_spec
from tests.unit.builders import res

SECTIONS = """    sections:
      - name: Group A
        dates:
          mit-1: {due_at: week 7 friday 17:00}
          final-assessment: {due_at: start + 41w, lock_at: start + 42w}
      - name: Group B
        dates:
          mit-1: {unlock_at: week 4 09:00}
"""


def spec_with(tmp_path: Path, sections: str = SECTIONS) -> Path:
    root = make_cohort_spec(tmp_path / "spec", 1, 2)
    path = root / "cohorts.yaml"
    text = path.read_text()
    # the autumn cohort's sections, after its delivery line
    text = text.replace("    delivery: blended\n", "    delivery: blended\n" + sections, 1)
    path.write_text(text)
    return root


def overrides(root: Path, cohort: str) -> dict[str, dict]:
    desired = build_desired(load_spec(root, cohort))
    return {r.address.key: dict(r.fields) for r in desired.of_kind(Kind.ASSIGNMENT_OVERRIDE)}


def test_section_dates_resolve_from_the_cohort_start(tmp_path):
    found = overrides(spec_with(tmp_path), "autumn-2026")
    assert set(found) == {"mit-1@Group A", "final-assessment@Group A", "mit-1@Group B"}
    group_a = found["mit-1@Group A"]
    assert group_a["assignment"] == "assignment.mit-1"
    assert group_a["section"] == "Group A"
    # week 7 friday of a cohort starting Monday 2026-10-05 is 2026-11-20, GMT
    assert group_a["due_at"] == "2026-11-20T17:00:00Z"
    assert group_a["unlock_at"] is None and group_a["lock_at"] is None
    assert found["mit-1@Group B"]["unlock_at"] == "2026-10-26T09:00:00Z"
    assert found["final-assessment@Group A"]["lock_at"] is not None


def test_other_cohorts_have_no_section_dates(tmp_path):
    assert overrides(spec_with(tmp_path), "spring-2027") == {}


def problems(root: Path) -> list:
    with pytest.raises(SpecError) as caught:
        load_spec(root, "autumn-2026")
    return caught.value.problems


def test_dates_for_an_unknown_id_are_refused_in_cohorts_yaml_with_its_line(tmp_path):
    root = spec_with(tmp_path, SECTIONS.replace("mit-1: {unlock", "mit-2: {unlock"))
    [problem] = problems(root)
    assert problem.file == "cohorts.yaml"
    lines = (root / "cohorts.yaml").read_text().splitlines()
    assert problem.line == next(n for n, t in enumerate(lines, 1) if "mit-2:" in t)
    assert "section 'Group B' gives dates to 'mit-2', which is not in the spec" in (problem.message)
    assert problem.hint == "Did you mean 'mit-1'?"


def test_dates_for_something_other_than_an_assignment_are_refused(tmp_path):
    root = spec_with(tmp_path, SECTIONS.replace("mit-1: {unlock", "block-1: {unlock"))
    [problem] = problems(root)
    assert "gives dates to 'block-1', which is a block" in problem.message
    assert problem.hint == "Dates per section are for assignments, MITs, graded quizzes and events"


def test_section_dates_need_a_date_and_known_keys(tmp_path):
    root = spec_with(tmp_path, SECTIONS.replace("{unlock_at: week 4 09:00}", "{due: week 4}"))
    messages = [p.message for p in problems(root)]
    assert any("unknown key 'due'" in m for m in messages), messages
    assert any("give no date" in m for m in messages), messages


# -- the planner ---------------------------------------------------------------------


def want(section: str = "Group A"):
    return res(
        Kind.ASSIGNMENT_OVERRIDE,
        f"mit-1@{section}",
        assignment="assignment.mit-1",
        section=section,
        due_at="2026-11-20T17:00:00Z",
    )


def test_dates_for_a_section_the_course_has_are_created():
    live = Snapshot.of([], meta={"sections": ("Group A",)})
    [change] = build_plan(Snapshot.of([want()]), live).changes
    assert change.action is Action.CREATE
    assert change.address == Address(Kind.ASSIGNMENT_OVERRIDE, "mit-1@Group A")


def test_dates_for_a_missing_section_wait_and_the_plan_says_why():
    live = Snapshot.of([], meta={"sections": ("Group A",)})
    plan = build_plan(Snapshot.of([want("Group C")]), live)
    assert plan.changes == ()
    assert "assignment_override.mit-1@Group C" not in plan.manifest  # nothing made yet
    [warning] = plan.warnings
    assert "section 'Group C' is not in the course" in warning
    assert "does not create sections" in warning


def test_a_facilitators_own_override_for_the_section_is_left_alone():
    unowned = {
        "kind": "assignment_override",
        "id": 9,
        "assignment": "assignment.mit-1",
        "section": "Group A",
    }
    live = Snapshot.of([], meta={"sections": ("Group A",), "unowned": (unowned,)})
    plan = build_plan(Snapshot.of([want()]), live)
    assert plan.changes == ()
    assert "already has its own dates for 'mit-1', set in Canvas" in plan.warnings[0]
