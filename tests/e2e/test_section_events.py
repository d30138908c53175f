"""An event's own times per facilitator group end to end, with the teacher's token: the
sections get child events (the others at the event's times), a re-run sends nothing, a
change made in Canvas is put back, and times the spec drops are removed."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from canvasapi import Canvas

from canvas_npq.sandbox import Sandbox
from tests.cohorts.specs import make_cohort_spec
from tests.e2e.test_sections import run

pytestmark = pytest.mark.e2e
SECTIONS = """    sections:
      - name: Group A
        dates:
          face-to-face-1: {start_at: week 2 thursday 09:30, end_at: week 2 thursday 15:00}
"""
# autumn-2026 starts Monday 2026-10-05 in Europe/London (BST, UTC+1)
OWN = ("2026-10-05T08:30:00Z", "2026-10-05T15:00:00Z")
GROUP_A = ("2026-10-15T08:30:00Z", "2026-10-15T14:00:00Z")


@pytest.fixture
def sandbox():
    from tests.e2e.test_sections import CLOCK

    with Sandbox(clock=lambda: CLOCK).start() as running:
        yield running


def course_events(sandbox, course: int) -> list[dict]:
    params = {"context_codes[]": f"course_{course}", "all_events": "true", "per_page": 100}
    headers = {"Authorization": f"Bearer {sandbox.token}"}
    url = f"{sandbox.url}/api/v1/calendar_events"
    listed = requests.get(url, params=params, headers=headers, timeout=10).json()
    return [e for e in listed if e["context_code"] == f"course_{course}"]


def the_event(sandbox, course: int) -> dict:
    [event] = [e for e in course_events(sandbox, course) if "Face-to-face day 1" in e["title"]]
    return event


def times(event: dict) -> dict[str, tuple[str, str]]:
    return {c["title"]: (c["start_at"], c["end_at"]) for c in event["child_events"]}


def with_sections(spec: Path, sections: str) -> None:
    cohorts = spec / "cohorts.yaml"
    text = cohorts.read_text().replace(
        "    delivery: blended\n", "    delivery: blended\n" + sections, 1
    )
    cohorts.write_text(text)


def test_section_times_apply_once_drift_is_put_back_and_removal_restores(sandbox, tmp_path):
    canvas = Canvas(sandbox.url, sandbox.token)
    account = canvas.get_account(1)
    autumn = account.create_course(course={"name": "NPQLTD autumn 2026", "course_code": "A"})
    spring = account.create_course(course={"name": "NPQLTD spring 2027", "course_code": "S"})
    group_a = autumn.create_course_section(course_section={"name": "Group A"})
    autumn.create_course_section(course_section={"name": "Group B"})
    spec = make_cohort_spec(tmp_path / "spec", autumn.id, spring.id)
    with_sections(spec, SECTIONS)

    first = run(sandbox, "apply", str(spec), "--cohort", "autumn-2026", "--yes")
    assert first.code == 0, first.output
    event = the_event(sandbox, autumn.id)
    title = event["title"]
    # Group B, which the spec does not name, keeps the event's own times
    assert times(event) == {f"{title} (Group A)": GROUP_A, f"{title} (Group B)": OWN}
    assert event["hidden"] is True
    assert (event["start_at"], event["end_at"]) == (OWN[0], GROUP_A[1])

    before = len(sandbox.writes())
    again = run(sandbox, "apply", str(spec), "--cohort", "autumn-2026", "--yes")
    assert again.code == 0, again.output
    assert len(sandbox.writes()) == before

    # A facilitator moves Group A's session in Canvas: the plan shows it, apply puts it back.
    moved = {
        "calendar_event[child_event_data][0][start_at]": "2026-10-16T08:30:00Z",
        "calendar_event[child_event_data][0][end_at]": "2026-10-16T14:00:00Z",
        "calendar_event[child_event_data][0][context_code]": f"course_section_{group_a.id}",
    }
    requests.put(
        f"{sandbox.url}/api/v1/calendar_events/{event['id']}",
        headers={"Authorization": f"Bearer {sandbox.teacher_token}"},
        data=moved,
        timeout=10,
    )
    plan = run(sandbox, "plan", str(spec), "--cohort", "autumn-2026")
    assert "section_times" in plan.output, plan.output
    repaired = run(sandbox, "apply", str(spec), "--cohort", "autumn-2026", "--yes")
    assert repaired.code == 0, repaired.output
    assert times(the_event(sandbox, autumn.id)) == {
        f"{title} (Group A)": GROUP_A,
        f"{title} (Group B)": OWN,
    }

    # The spec drops the section's times: the children go, the event has its own again.
    (spec / "cohorts.yaml").write_text((spec / "cohorts.yaml").read_text().replace(SECTIONS, "", 1))
    dropped = run(sandbox, "apply", str(spec), "--cohort", "autumn-2026", "--yes")
    assert dropped.code == 0, dropped.output
    plain = the_event(sandbox, autumn.id)
    assert plain["child_events"] == [] and plain["hidden"] is False
    assert (plain["start_at"], plain["end_at"]) == OWN
    assert [s.name for s in autumn.get_sections()] == ["Group A", "Group B"]  # none made


def test_a_saved_plan_with_section_times_applies_without_being_stale(sandbox, tmp_path):
    canvas = Canvas(sandbox.url, sandbox.token)
    account = canvas.get_account(1)
    autumn = account.create_course(course={"name": "NPQLTD autumn 2026", "course_code": "A"})
    spring = account.create_course(course={"name": "NPQLTD spring 2027", "course_code": "S"})
    autumn.create_course_section(course_section={"name": "Group A"})
    spec = make_cohort_spec(tmp_path / "spec", autumn.id, spring.id)
    # the course first, so that the saved plan uploads nothing (it would need a
    # relative spec path): then the section times alone
    assert run(sandbox, "apply", str(spec), "--cohort", "autumn-2026", "--yes").code == 0
    with_sections(spec, SECTIONS)
    plan_file = tmp_path / "plan.json"
    planned = run(sandbox, "plan", str(spec), "--cohort", "autumn-2026", "--out", str(plan_file))
    assert plan_file.exists(), planned.output

    # the plan file names no section ids: apply reads the sections again to send them
    applied = run(sandbox, "apply", str(plan_file), "--yes")
    assert applied.code == 0, applied.output
    title = the_event(sandbox, autumn.id)["title"]
    assert times(the_event(sandbox, autumn.id)) == {f"{title} (Group A)": GROUP_A}
