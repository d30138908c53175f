"""``apply --json``: the outcome per course and per object on stdout, the report on
stderr, for CI to act on."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from canvas_npq.cli.main import cli
from tests.e2e.conftest import TOKEN, CourseFixture

pytestmark = pytest.mark.e2e


def apply_json(course: CourseFixture) -> tuple[int, dict, str]:
    env = {"CANVAS_API_URL": course.sandbox.url, "CANVAS_API_TOKEN": TOKEN}
    argv = ["apply", str(course.spec), "--course", str(course.course_id), "--yes", "--json"]
    result = CliRunner().invoke(cli, argv, env=env)
    return result.exit_code, json.loads(result.stdout), result.stderr


def test_every_object_is_reported_done_and_the_report_goes_to_stderr(
    course: CourseFixture,
) -> None:
    code, outcome, report = apply_json(course)
    assert code == 0, report
    assert outcome["exit_code"] == 0 and outcome["format_version"] == 1
    (result,) = outcome["courses"]
    assert result["course"] == course.course_id
    assert result["status"] == "applied" and result["exit_code"] == 0
    objects = result["objects"]
    assert len(objects) == sum(result["summary"].values()) > 10
    assert {o["outcome"] for o in objects} == {"done"}
    assert all(isinstance(o["canvas_id"], int) for o in objects if o["action"] == "create")
    assert "Verified: the course now matches the spec." in report

    code, again, _ = apply_json(course)
    assert code == 0
    assert again["courses"][0]["status"] == "no changes"
    assert again["courses"][0]["objects"] == []


def test_a_stopped_apply_names_the_failed_object_and_what_was_not_done(
    course: CourseFixture,
) -> None:
    course.sandbox.inject("status", "/courses/*/assignments", method="POST", status=400, nth=1)
    try:
        code, outcome, report = apply_json(course)
    finally:
        course.sandbox.app.faults.clear()
    assert code == 4, report
    (result,) = outcome["courses"]
    assert outcome["exit_code"] == result["exit_code"] == 4
    assert result["status"] == "partly applied" and "apply stopped" in result["message"]
    by_outcome: dict[str, list[dict]] = {}
    for entry in result["objects"]:
        by_outcome.setdefault(entry["outcome"], []).append(entry)
    (failed,) = by_outcome["failed"]
    assert failed["action"] == "create" and failed["address"].startswith("assignment.")
    assert failed["error"]
    assert by_outcome["done"] and by_outcome["not done"]
