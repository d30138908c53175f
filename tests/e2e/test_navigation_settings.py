"""A spec with its own framework file, navigation and settings, end to end against the
sandbox: planned, applied, then a no-op; drift in Canvas shown field by field and put
back; only what the spec names is touched."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.e2e

OWN_FRAMEWORK = Path(__file__).resolve().parents[1] / "fixtures" / "specs" / "own-framework"


@pytest.fixture
def spec(course, tmp_path: Path) -> Path:
    target = tmp_path / "own-framework"
    shutil.copytree(OWN_FRAMEWORK, target)
    course.spec = target
    return target


def api(course, method: str, path: str, **kwargs):
    response = requests.request(
        method,
        f"{course.sandbox.url}/api/v1/courses/{course.course_id}{path}",
        headers={"Authorization": f"Bearer {course.sandbox.token}"},
        timeout=10,
        **kwargs,
    )
    assert response.status_code == 200, response.text
    return response.json()


def tabs(course) -> dict[str, dict]:
    return {tab["id"]: tab for tab in api(course, "GET", "/tabs", params={"per_page": 100})}


def plan_changes(course) -> list[dict]:
    result = course.cli("plan", "--json")
    return json.loads(result.output)["plans"][0]["changes"]


def test_apply_sets_navigation_settings_and_framework_outcomes_then_no_op(course, spec):
    planned = plan_changes(course)
    by_address = {c["address"]: c for c in planned}
    assert by_address["tab.modules"]["action"] == "update"
    assert by_address["course_settings.course"]["action"] == "update"

    first = course.cli("apply", "--yes")
    assert first.code == 0, first.output

    live = tabs(course)
    order = sorted(live.values(), key=lambda t: t["position"])
    assert [t["id"] for t in order][:5] == [
        "home",
        "modules",
        "announcements",
        "discussions",
        "grades",
    ]
    assert order[-1]["id"] == "settings"
    hidden = {tab_id for tab_id, tab in live.items() if tab.get("hidden")}
    assert hidden == {"quizzes", "collaborations", "conferences", "outcomes"}
    settings = api(course, "GET", "/settings")
    assert settings["hide_final_grades"] is True
    assert settings["allow_student_forum_attachments"] is False
    assert settings["lock_all_announcements"] is False  # not named: left at Canvas's default

    guids = {
        link.outcome["vendor_guid"]
        for link in course.course.get_all_outcome_links_in_context(outcome_style="full")
    }
    assert "canvas-npq:npqlol-2026-01:2a" in guids

    again, writes = course.writes_during("apply", "--yes")
    assert again.code == 0, again.output
    assert writes == 0
    assert course.cli("plan", "--detailed-exitcode").code == 0


def test_drift_in_canvas_is_shown_per_field_and_put_back(course, spec):
    assert course.cli("apply", "--yes").code == 0
    api(course, "PUT", "/tabs/quizzes", data={"hidden": "false"})
    api(course, "PUT", "/tabs/grades", data={"position": "2"})
    api(course, "PUT", "/settings", data={"hide_final_grades": "false"})
    api(course, "PUT", "/tabs/people", data={"hidden": "true"})  # unmanaged: left alone

    changes = {c["address"]: c for c in plan_changes(course)}
    quizzes = changes["tab.quizzes"]["fields"]
    assert [(f["name"], f["old"], f["new"], f["drift"]) for f in quizzes] == [
        ("hidden", False, True, True)
    ]
    settings = changes["course_settings.course"]["fields"]
    assert [(f["name"], f["new"], f["drift"]) for f in settings] == [
        ("hide_final_grades", True, True)
    ]
    assert "tab.people" not in changes

    assert course.cli("apply", "--yes").code == 0
    live = tabs(course)
    assert live["quizzes"]["hidden"] is True
    assert live["grades"]["position"] == 5
    assert live["people"]["hidden"] is True  # the facilitator's choice stands
    assert api(course, "GET", "/settings")["hide_final_grades"] is True
    assert course.cli("plan", "--detailed-exitcode").code == 0


def test_a_spec_without_navigation_or_settings_reads_neither(course):
    assert course.cli("apply", "--yes").code == 0
    before = len(course.sandbox.requests)
    assert course.cli("plan").code == 0
    paths = [(r.path, r.query) for r in course.sandbox.requests[before:]]
    assert not [p for p in paths if p[0].endswith(("/settings", "/tabs"))]
    assert not [p for p in paths if "tabs" in p[1]]


def test_managing_navigation_and_settings_costs_one_read(course, spec):
    assert course.cli("apply", "--yes").code == 0
    before = len(course.sandbox.requests)
    assert course.cli("plan").code == 0
    reads = course.sandbox.requests[before:]
    assert [r.path for r in reads if r.path.endswith("/settings")] == [
        f"/api/v1/courses/{course.course_id}/settings"
    ]
    assert not [r for r in reads if r.path.endswith("/tabs")]  # tabs come with the course


def test_a_saved_plan_reads_the_same_tabs_and_settings_when_applied(course, spec, tmp_path):
    from click.testing import CliRunner

    from canvas_npq.cli.main import cli
    from tests.e2e.conftest import TOKEN

    plan_file = tmp_path / "plan.json"
    assert course.cli("plan", "--out", str(plan_file)).code == 0
    env = {"CANVAS_API_URL": course.sandbox.url, "CANVAS_API_TOKEN": TOKEN}
    applied = CliRunner().invoke(cli, ["apply", str(plan_file), "--yes"], env=env)
    assert applied.exit_code == 0, applied.output  # not refused as stale
    assert tabs(course)["modules"]["position"] == 2
    assert api(course, "GET", "/settings")["hide_final_grades"] is True


def test_a_library_read_without_the_spec_still_sees_what_the_manifest_manages(course, spec):
    from canvas_npq import sync
    from canvas_npq.canvas.client import CanvasConfig, Connection
    from canvas_npq.model import Address, Kind
    from tests.e2e.conftest import TOKEN

    assert course.cli("apply", "--yes").code == 0
    conn = Connection(CanvasConfig(course.sandbox.url, TOKEN))
    _, desired = sync.load(spec)
    with_spec = sync.read(conn, course.course_id, managing=desired)
    before = len(course.sandbox.requests)
    without = sync.read(conn, course.course_id)  # as the library docs' first example
    late = [r.path for r in course.sandbox.requests[before:]]
    assert late.count(f"/api/v1/courses/{course.course_id}/tabs") == 1
    assert late.count(f"/api/v1/courses/{course.course_id}/settings") == 1
    quizzes = Address(Kind.TAB, "quizzes")
    assert without.snapshot.get(quizzes) == with_spec.snapshot.get(quizzes)
    plan = sync.plan(desired, without)
    assert plan.empty
    sync.check_fresh(plan, with_spec)  # the two reads agree: not stale
