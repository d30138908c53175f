"""Dates per facilitator group end to end, with the teacher's token: a cohort's section
gets its own due date, a re-run sends nothing, an edit in Canvas is put back, and a
section the course lacks is reported rather than created."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
import requests
from canvasapi import Canvas
from click.testing import CliRunner

from canvas_npq.cli.main import cli
from canvas_npq.sandbox import Sandbox
from tests.cohorts.specs import make_cohort_spec
from tests.e2e.conftest import Result

pytestmark = pytest.mark.e2e
CLOCK = datetime(2026, 9, 1, 12, 0, tzinfo=timezone.utc)
SECTIONS = """    sections:
      - name: Group A
        dates:
          mit-1: {due_at: week 7 friday 17:00}
      - name: Group C
        dates:
          mit-1: {due_at: week 8 friday 17:00}
"""


@pytest.fixture
def sandbox():
    with Sandbox(clock=lambda: CLOCK).start() as running:
        yield running


def run(sandbox, *args: str) -> Result:
    env = {"CANVAS_API_URL": sandbox.url, "CANVAS_API_TOKEN": sandbox.teacher_token}
    outcome = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return Result(outcome.exit_code, outcome.output)


def overrides(sandbox, course: int, assignment: int) -> list[dict]:
    url = f"{sandbox.url}/api/v1/courses/{course}/assignments/{assignment}/overrides"
    headers = {"Authorization": f"Bearer {sandbox.token}"}
    return requests.get(url, headers=headers, timeout=10).json()


def cohorts_with_group_a(sandbox, tmp_path):
    """Two cohorts' courses, the autumn one with section "Group A", and a spec whose
    autumn cohort dates its sections (``SECTIONS``)."""
    account = Canvas(sandbox.url, sandbox.token).get_account(1)
    autumn = account.create_course(course={"name": "NPQLTD autumn 2026", "course_code": "A"})
    spring = account.create_course(course={"name": "NPQLTD spring 2027", "course_code": "S"})
    group_a = autumn.create_course_section(course_section={"name": "Group A"})
    spec = make_cohort_spec(tmp_path / "spec", autumn.id, spring.id)
    cohorts = spec / "cohorts.yaml"
    blended = "    delivery: blended\n"
    cohorts.write_text(cohorts.read_text().replace(blended, blended + SECTIONS, 1))
    return autumn, group_a, spec


def test_a_sections_own_dates_apply_once_and_drift_is_put_back(sandbox, tmp_path):
    autumn, group_a, spec = cohorts_with_group_a(sandbox, tmp_path)

    first = run(sandbox, "apply", str(spec), "--cohort", "autumn-2026", "--yes")
    assert first.code == 0, first.output
    assert "section 'Group C' is not in the course" in first.output
    mit = next(a for a in autumn.get_assignments() if a.name.startswith("MIT 1"))
    [made] = overrides(sandbox, autumn.id, mit.id)
    assert made["course_section_id"] == group_a.id
    assert made["due_at"] == "2026-11-20T17:00:00Z"
    assert "unlock_at" not in made

    before = len(sandbox.writes())
    again = run(sandbox, "apply", str(spec), "--cohort", "autumn-2026", "--yes")
    assert again.code == 0, again.output
    assert len(sandbox.writes()) == before

    # A facilitator moves Group A's date in Canvas: the plan shows it and apply puts it back.
    url = f"{sandbox.url}/api/v1/courses/{autumn.id}/assignments/{mit.id}/overrides/{made['id']}"
    requests.put(
        url,
        headers={"Authorization": f"Bearer {sandbox.teacher_token}"},
        data={"assignment_override[due_at]": "2026-11-21T17:00:00Z"},
        timeout=10,
    )
    plan = run(sandbox, "plan", str(spec), "--cohort", "autumn-2026")
    assert "drift" in plan.output.lower(), plan.output
    repaired = run(sandbox, "apply", str(spec), "--cohort", "autumn-2026", "--yes")
    assert repaired.code == 0, repaired.output
    [now] = overrides(sandbox, autumn.id, mit.id)
    assert now["due_at"] == "2026-11-20T17:00:00Z"
    assert [s.name for s in autumn.get_sections()] == ["Group A"]  # none created


def test_a_no_op_plan_lists_no_assignments_yet_sees_them_and_their_overrides_drift(
    sandbox, tmp_path
):
    # The assignments come inside the assignment groups' listing: a plan sends no
    # GET .../assignments, and an assignment or a section's date changed in Canvas is
    # still seen as drift.
    autumn, _, spec = cohorts_with_group_a(sandbox, tmp_path)
    cohort = ("--cohort", "autumn-2026")
    assert run(sandbox, "apply", str(spec), *cohort, "--yes").code == 0

    before = len(sandbox.requests)
    quiet = run(sandbox, "plan", str(spec), *cohort, "--detailed-exitcode")
    assert quiet.code == 0, quiet.output
    paths = [r.path for r in sandbox.requests[before:]]
    assert not [p for p in paths if p.endswith("/assignments")], paths
    assert [p for p in paths if p.endswith("/assignment_groups")], paths

    mit = next(a for a in autumn.get_assignments() if a.name.startswith("MIT 1"))
    [made] = overrides(sandbox, autumn.id, mit.id)
    teacher = {"Authorization": f"Bearer {sandbox.teacher_token}"}
    base = f"{sandbox.url}/api/v1/courses/{autumn.id}/assignments/{mit.id}"
    requests.put(base, headers=teacher, data={"assignment[points_possible]": "7"}, timeout=10)
    requests.put(
        f"{base}/overrides/{made['id']}",
        headers=teacher,
        data={"assignment_override[due_at]": "2026-11-21T17:00:00Z"},
        timeout=10,
    )
    drifted = run(sandbox, "plan", str(spec), *cohort, "--detailed-exitcode")
    assert drifted.code == 2, drifted.output
    assert "points_possible" in drifted.output, drifted.output
    assert "2026-11-21" in drifted.output, drifted.output
