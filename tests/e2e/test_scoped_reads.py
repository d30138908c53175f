"""Reads limited to the kinds a spec manages still see what the manifest records."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.e2e


def _without_events(text: str) -> str:
    return re.sub(r"\nevents:\n(?:  .*\n|\n)*?(?=\S)", "\n", text, count=1)


def test_events_the_spec_dropped_are_still_read_and_pruned(course):
    assert course.cli("apply", "--yes").code == 0
    yaml_path = course.spec / "course.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    yaml_path.write_text(_without_events(text), "utf-8")
    assert "\nevents:" not in yaml_path.read_text(encoding="utf-8")

    # the manifest records the events, so the calendar is read although the spec
    # has none: they show as kept, and prune deletes them
    before = len(course.sandbox.requests)
    plan = course.cli("plan")
    assert "Kept, not deleted" in plan.output and "Webinar 1" in plan.output, plan.output
    assert any("calendar_events" in r.path for r in course.sandbox.requests[before:])

    pruned = course.cli("apply", "--yes", "--prune")
    assert pruned.code == 0, pruned.output
    assert "Verified: the course now matches the spec." in pruned.output
    events = course.canvas.get_calendar_events(
        context_codes=[f"course_{course.course_id}"], all_events=True
    )
    assert not [e for e in events if e.title.startswith(("Webinar 1", "Face-to-face day 1"))]

    # nothing records an event now: the calendar is no longer read
    before = len(course.sandbox.requests)
    assert "No changes" in course.cli("plan").output
    assert not any("calendar_events" in r.path for r in course.sandbox.requests[before:])
