"""Running cohorts against the sandbox: --cohort, --all-cohorts, failures, the guard."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from canvasapi import Canvas
from click.testing import CliRunner

from canvas_npq.cli.main import cli
from canvas_npq.sandbox import Sandbox
from tests.cohorts.specs import make_cohort_spec
from tests.e2e.conftest import Result

pytestmark = pytest.mark.e2e
TOKEN = "cohort-e2e-token"
CLOCK = datetime(2026, 9, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def sandbox():
    with Sandbox(token=TOKEN, clock=lambda: CLOCK).start() as running:
        yield running


@pytest.fixture
def canvas(sandbox):
    return Canvas(sandbox.url, TOKEN)


def make_course(canvas, name: str, code: str) -> int:
    return canvas.get_account(1).create_course(course={"name": name, "course_code": code}).id


def run(sandbox, *args: str, token: str | None = None) -> Result:
    """canvas-npq with the teacher's token (enrolled in every course), unless ``token``."""
    env = {"CANVAS_API_URL": sandbox.url, "CANVAS_API_TOKEN": token or sandbox.teacher_token}
    outcome = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return Result(outcome.exit_code, outcome.output)


@pytest.fixture
def cohort_spec(tmp_path, canvas):
    autumn = make_course(canvas, "NPQLTD autumn 2026", "NPQLTD-A26")
    spring = make_course(canvas, "NPQLTD spring 2027", "NPQLTD-S27")
    return make_cohort_spec(tmp_path / "spec", autumn, spring), autumn, spring


def test_validate_checks_every_cohort(sandbox, cohort_spec):
    spec, _, _ = cohort_spec
    result = run(sandbox, "validate", str(spec))
    assert result.code == 0, result.output
    assert "Cohort autumn-2026: course" in result.output
    assert "Cohort spring-2027: course" in result.output and "online" in result.output


def test_plan_for_one_cohort_shows_its_resolved_dates(sandbox, cohort_spec):
    spec, autumn, _ = cohort_spec
    result = run(sandbox, "plan", str(spec), "--cohort", "autumn-2026", "--verbose")
    assert result.code == 0, result.output
    assert f"Cohort autumn-2026: Course {autumn}" in result.output
    last = result.output.rstrip().splitlines()[-2:]  # a run by cohort ends with its summary
    assert last[0].split() == ["cohort", "course", "result", "add", "change", "move", "delete"]
    assert last[1].split()[:3] == ["autumn-2026", str(autumn), "changes"]
    assert 'due_at: (none) → "2026-11-13T17:00:00Z"' in result.output
    assert 'unlock_at: (none) → "2026-10-19T08:00:00Z"' in result.output


def test_all_cohorts_apply_each_in_its_course_with_a_summary(sandbox, canvas, cohort_spec):
    spec, autumn, spring = cohort_spec
    result = run(sandbox, "apply", str(spec), "--all-cohorts", "--yes")
    assert result.code == 0, result.output
    assert "Summary:" in result.output
    assert "autumn-2026" in result.output and "spring-2027" in result.output
    autumn_items = {
        i.title for m in canvas.get_course(autumn).get_modules() for i in m.get_module_items()
    }
    spring_items = {
        i.title for m in canvas.get_course(spring).get_modules() for i in m.get_module_items()
    }
    assert "Face-to-face day 1: Birmingham, Conference Centre" in autumn_items
    assert "How to find the venue" in autumn_items
    assert "Live online session 1" in spring_items
    assert "How to find the venue" not in spring_items
    spring_mit = next(
        a for a in canvas.get_course(spring).get_assignments() if a.name.startswith("MIT")
    )
    assert spring_mit.due_at == "2027-04-09T16:00:00Z"  # week 6 Friday 17:00 BST
    # Idempotent across cohorts.
    again = run(sandbox, "plan", str(spec), "--all-cohorts", "--detailed-exitcode")
    assert again.code == 0, again.output


def test_one_failing_cohort_does_not_stop_the_others(sandbox, canvas, tmp_path):
    autumn = make_course(canvas, "NPQLTD autumn 2026", "NPQLTD-A26")
    spec = make_cohort_spec(tmp_path / "spec", autumn, 999999)  # spring's course is missing
    result = run(sandbox, "apply", str(spec), "--all-cohorts", "--yes")
    assert result.code == 5, result.output
    lines = result.output.splitlines()
    summary = lines[lines.index("Summary:") :]
    assert any("autumn-2026" in line and "applied" in line for line in summary)
    assert any("spring-2027" in line and "failed (exit 5)" in line for line in summary)
    assert "spring-2027: Error:" in result.output
    assert canvas.get_course(autumn).get_modules()[0].name.startswith("Block 1")


def test_apply_refuses_a_course_that_does_not_look_like_the_cohorts(sandbox, canvas, tmp_path):
    autumn = make_course(canvas, "Chemistry year 9", "CHEM-9")
    spring = make_course(canvas, "NPQLTD spring 2027", "NPQLTD-S27")
    spec = make_cohort_spec(tmp_path / "spec", autumn, spring)
    before = len(sandbox.writes())
    result = run(sandbox, "apply", str(spec), "--cohort", "autumn-2026", "--yes")
    assert result.code == 1, result.output
    assert "does not look like this cohort's course" in result.output
    assert len(sandbox.writes()) == before
    forced = run(sandbox, "apply", str(spec), "--cohort", "autumn-2026", "--yes", "--force")
    assert forced.code == 0, forced.output
    assert canvas.get_course(autumn).name == "NPQLTD autumn 2026"


def test_apply_refuses_a_blueprint_child_course(sandbox, canvas, tmp_path):
    autumn = make_course(canvas, "NPQLTD autumn 2026", "NPQLTD-A26")
    parent = make_course(canvas, "Blueprint", "BP")
    canvas.get_course(parent).update(course={"blueprint": True})
    canvas._Canvas__requester.request(
        "PUT",
        f"courses/{parent}/blueprint_templates/default/update_associations",
        _kwargs=[("course_ids_to_add[]", autumn)],
    )
    spec = make_cohort_spec(tmp_path / "spec", autumn, 2)
    result = run(sandbox, "plan", str(spec), "--cohort", "autumn-2026")
    assert result.code == 1, result.output
    assert f"is a Blueprint child of course {parent}" in result.output


def test_adopt_a_cohorts_course_by_cohort_name(sandbox, canvas, cohort_spec):
    """adopt --cohort takes the cohort's course and its dates; the guard refuses a course
    that is not the cohort's before anything is bound."""
    spec, autumn, _ = cohort_spec
    assert run(sandbox, "apply", str(spec), "--cohort", "autumn-2026", "--yes").code == 0
    course = canvas.get_course(autumn)
    next(p for p in course.get_pages() if p.title.startswith("canvas-npq manifest")).delete()

    before = len(sandbox.writes())
    wrong = run(sandbox, "adopt", str(spec), "--cohort", "spring-2027", "--course", str(autumn))
    assert wrong.code == 1 and "does not look like this cohort's course" in wrong.output
    assert len(sandbox.writes()) == before

    adopted = run(sandbox, "adopt", str(spec), "--cohort", "autumn-2026", "--yes")
    assert adopted.code == 0, adopted.output
    assert (
        f"Course {autumn} " in adopted.output and "Already managed by canvas-npq" in adopted.output
    )
    assert "Next: canvas-npq plan" in adopted.output and "--cohort autumn-2026" in adopted.output
    # Bound with the cohort's dates: the plan for the cohort has nothing to do.
    plan = run(sandbox, "plan", str(spec), "--cohort", "autumn-2026", "--detailed-exitcode")
    assert plan.code == 0, plan.output
