"""Events in the spec: validation with file:line, and the calendar events they become."""

from __future__ import annotations

from pathlib import Path

import pytest

from canvas_npq.model import Address, Kind
from canvas_npq.model.markers import owner_of
from canvas_npq.spec import SpecError, build_desired, load_spec

SPEC = """\
course:
  name: Test course
  course_code: TEST
blocks:
  - id: block-1
    title: Block 1
events:
  - id: f2f-1
    title: Face-to-face day 1
    kind: face_to_face
    block: block-1
    start_at: 2026-10-05T09:30
    end_at: 2026-10-05T16:00
    location_name: Teaching School Hub
    location_address: 1 High Street, Leeds
    description: e.md
  - id: webinar-1
    title: Webinar 1
    kind: webinar
    start_at: 2026-11-10T16:00
    end_at: 2026-11-10T17:15
    online_url: https://meet.example.org/npqltd-w1
    description: e.md
"""


def load(tmp_path: Path, text: str = SPEC):
    (tmp_path / "e.md").write_text("## Agenda\n\nThree sessions.\n")
    (tmp_path / "course.yaml").write_text(text)
    return load_spec(tmp_path)


def problems(tmp_path: Path, text: str) -> list:
    with pytest.raises(SpecError) as caught:
        load(tmp_path, text)
    return caught.value.problems


def line_of(text: str, fragment: str) -> int:
    return next(n for n, content in enumerate(text.splitlines(), 1) if fragment in content)


def test_events_become_calendar_events_in_utc_with_the_marker(tmp_path: Path) -> None:
    desired = build_desired(load(tmp_path))
    day = desired.resources[Address(Kind.CALENDAR_EVENT, "f2f-1")]
    assert day.block == "block-1"
    assert day.fields["start_at"] == "2026-10-05T08:30:00Z"  # 09:30 BST
    assert day.fields["end_at"] == "2026-10-05T15:00:00Z"
    assert day.fields["location_name"] == "Teaching School Hub"
    assert owner_of(day.fields["description"]) == "f2f-1"
    webinar = desired.resources[Address(Kind.CALENDAR_EVENT, "webinar-1")]
    assert webinar.fields["start_at"] == "2026-11-10T16:00:00Z"  # GMT by then
    assert webinar.fields["location_name"] == ""
    description = webinar.fields["description"]
    assert description.index("https://meet.example.org/npqltd-w1") < description.index("Agenda")


def test_an_event_that_ends_before_it_starts_is_refused(tmp_path: Path) -> None:
    text = SPEC.replace("end_at: 2026-11-10T17:15", "end_at: 2026-11-10T15:00")
    [problem] = problems(tmp_path, text)
    assert problem.line == line_of(text, "end_at: 2026-11-10T15:00")
    assert "end_at (2026-11-10T15:00+00:00) is not after start_at" in problem.message


def test_an_event_in_an_unknown_block_is_refused(tmp_path: Path) -> None:
    text = SPEC.replace("block: block-1", "block: block-2")
    [problem] = problems(tmp_path, text)
    assert problem.line == line_of(text, "block: block-2")
    assert problem.message == "unknown block 'block-2' in event 'f2f-1'"
    assert problem.hint == "Did you mean 'block-1'?"


def test_an_event_needs_a_start_and_a_real_date(tmp_path: Path) -> None:
    text = SPEC.replace("    start_at: 2026-10-05T09:30\n", "").replace(
        "start_at: 2026-11-10T16:00", "start_at: next tuesday"
    )
    found = problems(tmp_path, text)
    messages = [(p.line, p.message) for p in found]
    assert (line_of(text, "- id: f2f-1"), "missing required key 'start_at' in event 'f2f-1'") in (
        messages
    )
    assert any(
        line == line_of(text, "next tuesday") and "is not a date" in message
        for line, message in messages
    )


def test_an_unknown_event_kind_is_refused(tmp_path: Path) -> None:
    text = SPEC.replace("kind: webinar", "kind: webinnar")
    [problem] = problems(tmp_path, text)
    assert problem.line == line_of(text, "kind: webinnar")
    assert problem.hint == "Did you mean 'webinar'?"
