"""One plan file format for every run, described by ``canvas-npq schema --plan``:
real plans (one course, several cohorts) validate against it, and format 1 files
(a bare plan for ``--course``) are still applied."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from canvas_npq.cli.main import cli
from tests.cohorts.specs import make_cohort_spec
from tests.e2e.conftest import TOKEN, CourseFixture
from tests.e2e.test_cohorts import make_course

pytestmark = pytest.mark.e2e


def plan_schema() -> dict:
    result = CliRunner().invoke(cli, ["schema", "--plan"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def test_a_course_plan_and_a_cohorts_plan_have_one_shape_and_match_the_schema(
    course: CourseFixture, tmp_path: Path
) -> None:
    schema = plan_schema()
    single = course.cli("plan", "--json")
    assert single.code == 0, single.output
    one = json.loads(single.output)
    jsonschema.validate(one, schema)
    (entry,) = one["plans"]
    assert entry["course_id"] == course.course_id and entry["cohort"] is None
    assert entry["summary"]["create"] == sum(c["action"] == "create" for c in entry["changes"])
    assert entry["summary"]["create"] > 10
    # After an apply that edits a page, an update with its field diff validates too.
    assert course.cli("apply", "--yes").code == 0
    (course.spec / "welcome.md").write_text("New words.\n", encoding="utf-8")
    again = json.loads(course.cli("plan", "--json").output)
    jsonschema.validate(again, schema)
    (update,) = [c for c in again["plans"][0]["changes"] if c["action"] == "update"]
    assert update["fields"] and update["canvas_id"]


def test_a_plan_per_cohort_matches_the_schema(course: CourseFixture, tmp_path: Path) -> None:
    autumn = make_course(course.canvas, "NPQLTD autumn 2026", "NPQLTD-A26")
    spring = make_course(course.canvas, "NPQLTD spring 2027", "NPQLTD-S27")
    spec = make_cohort_spec(tmp_path / "cohorts", autumn, spring)
    env = {"CANVAS_API_URL": course.sandbox.url, "CANVAS_API_TOKEN": TOKEN}
    argv = ["plan", str(spec), "--all-cohorts", "--out", str(tmp_path / "p.json")]
    result = CliRunner().invoke(cli, argv, env=env)
    assert result.exit_code == 0, result.output
    saved = json.loads((tmp_path / "p.json").read_text())
    jsonschema.validate(saved, plan_schema())
    assert [(p["cohort"], p["course_id"]) for p in saved["plans"]] == [
        ("autumn-2026", autumn),
        ("spring-2027", spring),
    ]
    # The same run as Markdown: a table of the cohorts, then each cohort's plan.
    argv = ["plan", str(spec), "--all-cohorts", "--format", "markdown"]
    markdown = CliRunner().invoke(cli, argv, env=env).stdout
    assert markdown.startswith("## canvas-npq plan")
    assert "| course | add | change | move | delete |" in markdown
    assert "### Cohort autumn-2026: Course" in markdown and "### Cohort spring-2027:" in markdown


def test_a_format_1_plan_file_is_refused_for_want_of_a_digest(
    course: CourseFixture, tmp_path: Path
) -> None:
    """Format 1 files carry no digest, so an edit to one would go unnoticed: refused
    (exit 9) before any write; plan again."""
    plan_file = tmp_path / "plan.json"
    assert course.cli("plan", "--out", str(plan_file)).code == 0
    (entry,) = json.loads(plan_file.read_text())["plans"]
    entry["format_version"] = 1  # how format 1 saved a --course plan: the bare plan
    plan_file.write_text(json.dumps(entry))
    env = {"CANVAS_API_URL": course.sandbox.url, "CANVAS_API_TOKEN": TOKEN}
    before = len(course.sandbox.writes())
    result = CliRunner().invoke(cli, ["apply", str(plan_file), "--yes"], env=env)
    assert result.exit_code == 9, result.output
    assert "records no digest" in result.output
    assert len(course.sandbox.writes()) == before


def test_an_unknown_plan_format_is_refused_clearly(course: CourseFixture, tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps({"format_version": 9, "plans": []}))
    env = {"CANVAS_API_URL": course.sandbox.url, "CANVAS_API_TOKEN": TOKEN}
    before = len(course.sandbox.requests)
    result = CliRunner().invoke(cli, ["apply", str(plan_file), "--yes"], env=env)
    assert result.exit_code == 1
    assert "unsupported plan format 9 (this canvas-npq reads formats 1, 2)" in result.output
    assert len(course.sandbox.requests) == before
