"""Import and adopt of an event with its own times per section (Canvas section copies)."""

from __future__ import annotations

from datetime import date
from typing import Any

import yaml

from canvas_npq.adopt.importer import propose, spec_files
from canvas_npq.adopt.matching import match
from canvas_npq.model import Kind, Resource, Snapshot
from canvas_npq.model.sectiontimes import section_time
from tests.unit.builders import res

A_TIMES = section_time("Group A", "2026-10-06T08:30:00Z", "2026-10-06T14:30:00Z")
B_TIMES = section_time("Group B", "2026-10-07T08:30:00Z", "2026-10-07T14:30:00Z")
SPAN = {"start_at": "2026-10-06T08:30:00Z", "end_at": "2026-10-07T14:30:00Z"}


def _course() -> Resource:
    return res(Kind.COURSE, "course", 1, syllabus_body=None, default_view="modules")


def _event(event_id: int, title: str, *times: str) -> dict[str, Any]:
    return {
        "kind": "calendar_event",
        "id": event_id,
        "title": title,
        **SPAN,
        "section_times": list(times),
    }


def _proposal(*events: dict[str, Any]) -> tuple[dict[str, int], dict[int, str]]:
    live = Snapshot.of([_course()], {}, {"unowned": events, "sections": ("Group A", "Group B")})
    proposal = propose(live)
    return proposal.bind, {u.canvas_id: u.reason for u in proposal.unmanaged}


def test_import_binds_an_event_whose_every_section_has_its_own_copy() -> None:
    bind, left = _proposal(_event(60, "Day 1", A_TIMES, B_TIMES), _event(61, "Day 2"))
    assert bind == {"calendar_event.day-1": 60, "calendar_event.day-2": 61}
    assert left == {}


def test_import_leaves_out_an_event_a_spec_cannot_give_back_and_says_why() -> None:
    unnamed = section_time("section:7", "2026-10-06T08:30:00Z", "2026-10-06T14:30:00Z")
    bind, left = _proposal(
        _event(60, "Only A", A_TIMES),
        _event(61, "Twice A", A_TIMES, A_TIMES, B_TIMES),
        _event(62, "Unnamed", A_TIMES, B_TIMES, unnamed),
    )
    assert bind == {}
    assert "section 'Group B' has no copy of it" in left[60]
    assert "two of its copies are for sections of one name" in left[61]
    assert "'section:7', which is not a section of the course" in left[62]


def _live_event() -> Resource:
    return res(Kind.CALENDAR_EVENT, "day-1", 60, section_times=(A_TIMES, B_TIMES), **SPAN)


def test_an_event_s_section_times_go_to_the_cohort_s_sections_beside_overrides() -> None:
    override = res(
        Kind.ASSIGNMENT_OVERRIDE,
        "mit-1@Group B",
        40,
        section="Group B",
        due_at="2026-11-09T17:00:00Z",
    )
    mit = res(Kind.ASSIGNMENT, "mit-1", 30, due_at="2026-11-02T17:00:00Z")
    live = Snapshot.of([_course(), mit, override, _live_event()], {}, {"course_id": 1})
    files = spec_files(live, cohort="autumn")
    sections = yaml.safe_load(files.files["cohorts.yaml"])["cohorts"][0]["sections"]
    assert sections == [
        {
            "name": "Group A",
            "dates": {
                "day-1": {"start_at": "2026-10-06T08:30:00Z", "end_at": "2026-10-06T14:30:00Z"}
            },
        },
        {
            "name": "Group B",
            "dates": {
                "mit-1": {"due_at": "2026-11-09T17:00:00Z"},
                "day-1": {"start_at": "2026-10-07T08:30:00Z", "end_at": "2026-10-07T14:30:00Z"},
            },
        },
    ]
    event = yaml.safe_load(files.files["course.yaml"])["events"][0]
    assert (event["start_at"], event["end_at"]) == (SPAN["start_at"], SPAN["end_at"])


def test_with_a_start_an_event_s_section_times_are_relative_too() -> None:
    live = Snapshot.of([_course(), _live_event()], {}, {"course_id": 1})
    files = spec_files(live, cohort="autumn", start=date(2026, 10, 5))
    sections = yaml.safe_load(files.files["cohorts.yaml"])["cohorts"][0]["sections"]
    assert sections[1]["dates"] == {
        "day-1": {"start_at": "week 1 wednesday 09:30", "end_at": "week 1 wednesday 15:30"}
    }


def test_adopt_matches_an_event_that_has_section_copies() -> None:
    desired = Snapshot.of([res(Kind.CALENDAR_EVENT, "day-1", title="Day 1")])
    live = Snapshot.of([], meta={"unowned": (_event(60, "Day 1", A_TIMES, B_TIMES),)})
    assert match(desired, live).bind == {"calendar_event.day-1": 60}
