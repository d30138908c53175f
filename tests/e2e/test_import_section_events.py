"""``import`` and ``adopt`` of an event with its own times per section, against the
sandbox: the times go to the generated cohorts.yaml, plan finds nothing to do, and a
section's time edited in the spec is planned and applied to its section copy."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
import yaml

from tests.e2e.conftest import CourseFixture
from tests.e2e.test_adopt import new_course

pytestmark = pytest.mark.e2e

GROUP_A = ("2026-10-06T09:30:00Z", "2026-10-06T15:30:00Z")  # week 1 tuesday, in UTC
GROUP_B = ("2026-10-08T09:30:00Z", "2026-10-08T15:30:00Z")  # week 1 thursday
MOVED_B = ("2026-10-09T09:30:00Z", "2026-10-09T15:30:00Z")  # week 1 friday


def build_by_hand(course: CourseFixture) -> None:
    """Two sections and one face-to-face day, a copy of it at its own time for each."""
    group_a = course.course.create_course_section(course_section={"name": "Group A"})
    group_b = course.course.create_course_section(course_section={"name": "Group B"})
    data = {
        "calendar_event[context_code]": f"course_{course.course_id}",
        "calendar_event[title]": "Face-to-face day 1",
        "calendar_event[description]": "<p>Bring your plan.</p>",
    }
    for index, (section, (start, end)) in enumerate(((group_a, GROUP_A), (group_b, GROUP_B))):
        prefix = f"calendar_event[child_event_data][{index}]"
        data[f"{prefix}[start_at]"] = start
        data[f"{prefix}[end_at]"] = end
        data[f"{prefix}[context_code]"] = f"course_section_{section.id}"
    created = requests.post(
        f"{course.sandbox.url}/api/v1/calendar_events",
        headers={"Authorization": f"Bearer {course.sandbox.token}"},
        data=data,
        timeout=10,
    )
    assert created.ok, created.text


def section_copies(course: CourseFixture) -> dict[str, tuple[str, str]]:
    params = {
        "context_codes[]": f"course_{course.course_id}",
        "all_events": "true",
        "per_page": 100,
    }
    listed = requests.get(
        f"{course.sandbox.url}/api/v1/calendar_events",
        params=params,
        headers={"Authorization": f"Bearer {course.sandbox.token}"},
        timeout=10,
    ).json()
    [event] = [e for e in listed if e["context_code"] == f"course_{course.course_id}"]
    return {c["title"]: (c["start_at"], c["end_at"]) for c in event["child_events"]}


def test_import_writes_an_event_s_section_times_and_plan_finds_nothing_to_do(
    course: CourseFixture, tmp_path: Path
) -> None:
    build_by_hand(course)
    out = tmp_path / "autumn"
    result = course.cli(
        "import", str(out), "--course", str(course.course_id), "--start", "2026-10-05"
    )
    assert result.code == 0, result.output
    assert "Round trip: the spec reproduces the course exactly." in result.output
    assert "Face-to-face day 1" not in result.output  # not among what is left out

    spec = yaml.safe_load((out / "course.yaml").read_text(encoding="utf-8"))
    [event] = spec["events"]
    cohorts = yaml.safe_load((out / "cohorts.yaml").read_text(encoding="utf-8"))
    [cohort] = cohorts["cohorts"]
    assert cohort["sections"] == [
        {
            "name": "Group A",
            "dates": {
                event["id"]: {"start_at": "week 1 tuesday 09:30", "end_at": "week 1 tuesday 15:30"}
            },
        },
        {
            "name": "Group B",
            "dates": {
                event["id"]: {
                    "start_at": "week 1 thursday 09:30",
                    "end_at": "week 1 thursday 15:30",
                }
            },
        },
    ]
    plan = course.cli("plan", "--detailed-exitcode", spec=out)
    assert plan.code == 0, plan.output
    assert "No changes. The course matches the spec." in plan.output

    # Managed from now on: Group B's day moves in the spec, and only its copy with it.
    text = (out / "cohorts.yaml").read_text(encoding="utf-8")
    (out / "cohorts.yaml").write_text(text.replace("week 1 thursday", "week 1 friday"))
    plan = course.cli("plan", spec=out)
    assert "Plan: 0 to add, 1 to change, 0 to move, 0 to delete." in plan.output, plan.output
    assert '- Group B: "2026-10-08T09:30:00Z"' in plan.output
    assert '+ Group B: "2026-10-09T09:30:00Z"' in plan.output
    assert "Group A:" not in plan.output  # unchanged
    applied = course.cli("apply", "--yes", spec=out)
    assert applied.code == 0, applied.output
    assert section_copies(course) == {
        "Face-to-face day 1 (Group A)": GROUP_A,
        "Face-to-face day 1 (Group B)": MOVED_B,
    }
    assert course.cli("plan", "--detailed-exitcode", spec=out).code == 0


def test_adopt_binds_an_event_with_section_times_in_a_copy(
    course: CourseFixture, tmp_path: Path
) -> None:
    build_by_hand(course)
    spec = tmp_path / "autumn"
    assert course.cli("import", str(spec), "--course", str(course.course_id)).code == 0

    copy = new_course(course)
    build_by_hand(copy)
    adopted = copy.cli(
        "adopt", str(spec), "--course", str(copy.course_id), "--cohort", "autumn", "--yes"
    )
    assert adopted.code == 0, adopted.output
    assert "Matched to existing Canvas objects (1):" in adopted.output, adopted.output
    assert "calendar event   Face-to-face day 1  [face-to-face-day-1]" in adopted.output
    assert "No changes. The course matches the spec." in adopted.output
    before = len(copy.sandbox.writes())
    applied = copy.cli("apply", "--cohort", "autumn", "--yes", spec=spec)
    assert applied.code == 0, applied.output
    assert len(copy.sandbox.writes()) == before, applied.output
