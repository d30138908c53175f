"""Section dates against mocked HTTP: the override bodies the writer sends, and the
reader's claim of the overrides the manifest names (a facilitator's are left alone)."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest
import responses

from canvas_npq.canvas.client import CanvasConfig, Connection
from canvas_npq.canvas.errors import CanvasError
from canvas_npq.canvas.manifest import encode_manifest
from canvas_npq.canvas.reader import CourseState, read_course
from canvas_npq.canvas.writer import CanvasCourseWriter
from canvas_npq.model import Address, Kind
from canvas_npq.model.markers import wrap_owned
from tests.adapter.test_reader import API, BASE, mock_course

IDS = {"assignment.mit-1": 50}
FIELDS = {
    "assignment": "assignment.mit-1",
    "section": "Group A",
    "due_at": "2026-11-20T17:00:00Z",
    "unlock_at": None,
    "lock_at": "2026-11-27T17:00:00Z",
}


@pytest.fixture
def conn():
    return Connection(CanvasConfig(BASE, "t0ken"), max_attempts=2)


@pytest.fixture
def writer(conn):
    state = CourseState(course_id=7, sections={"Group A": 30})
    return CanvasCourseWriter(conn, state)


def form(call):
    return parse_qsl(call.request.body, keep_blank_values=True)


@responses.activate
def test_create_names_the_section_and_only_the_dates_it_overrides(writer):
    responses.post(f"{API}/assignments/50/overrides", json={"id": 70})
    made = writer.create(Kind.ASSIGNMENT_OVERRIDE, "mit-1@Group A", FIELDS, IDS.__getitem__, None)
    assert made == 70
    assert form(responses.calls[0]) == [
        ("assignment_override[due_at]", "2026-11-20T17:00:00Z"),
        ("assignment_override[lock_at]", "2026-11-27T17:00:00Z"),
        ("assignment_override[course_section_id]", "30"),
    ]
    assert writer.state.override_assignments[70] == 50


@responses.activate
def test_an_update_sends_every_date_since_canvas_drops_those_left_out(writer):
    responses.put(f"{API}/assignments/50/overrides/70", json={"id": 70})
    kept = writer.rewrite(
        Kind.ASSIGNMENT_OVERRIDE, 70, FIELDS, IDS.__getitem__, frozenset({"due_at"})
    )
    assert kept == 70
    assert form(responses.calls[0]) == [
        ("assignment_override[due_at]", "2026-11-20T17:00:00Z"),
        ("assignment_override[lock_at]", "2026-11-27T17:00:00Z"),
    ]


def test_a_missing_section_is_refused_before_anything_is_sent(writer):
    fields = {**FIELDS, "section": "Group Z"}
    with pytest.raises(CanvasError, match="no section named 'Group Z'"):
        writer.create(Kind.ASSIGNMENT_OVERRIDE, "mit-1@Group Z", fields, IDS.__getitem__, None)


@responses.activate
def test_reader_claims_the_overrides_the_manifest_names(conn):
    manifest = {"assignment_override.mit-1@Group A": {"id": 70, "applied": {}}}
    page = {"page_id": 1, "url": "m", "title": "m", "body": encode_manifest(manifest)}
    assignment = {
        "id": 50,
        "name": "MIT 1",
        "description": wrap_owned("mit-1", "<p>x</p>"),
        "assignment_group_id": 3,
        "overrides": [
            {
                "id": 70,
                "assignment_id": 50,
                "title": "Group A",
                "course_section_id": 30,
                "due_at": "2026-11-20T17:00:00Z",
                "all_day": False,
                "all_day_date": "2026-11-20",
            },
            {
                "id": 71,
                "assignment_id": 50,
                "title": "Group B",
                "course_section_id": 31,
                "unlock_at": "2026-10-26T09:00:00Z",
            },
            {"id": 72, "assignment_id": 50, "title": "1 student", "student_ids": [5]},
        ],
    }
    sections = [{"id": 30, "name": "Group A"}, {"id": 31, "name": "Group B"}]
    mock_course(responses, pages=[page], assignments=[assignment], sections=sections)
    snapshot, state = read_course(conn, 7)
    # no extra asked for, but the manifest names an override: the sections are read too
    assert any("/sections" in c.request.url for c in responses.calls)
    url = next(c.request.url for c in responses.calls if "/assignment_groups" in c.request.url)
    assert "include%5B%5D=overrides" in url
    assert "override_assignment_dates=false" in url  # its own dates, not the sections'
    owned = snapshot.get(Address(Kind.ASSIGNMENT_OVERRIDE, "mit-1@Group A"))
    assert owned is not None and owned.canvas_id == 70
    assert dict(owned.fields) == {
        "assignment": "assignment.mit-1",
        "section": "Group A",
        "due_at": "2026-11-20T17:00:00Z",
        "unlock_at": None,
        "lock_at": None,
    }
    [foreign] = [u for u in snapshot.meta["unowned"] if u["kind"] == "assignment_override"]
    assert (foreign["id"], foreign["section"]) == (71, "Group B")
    assert snapshot.meta["sections"] == ("Group A", "Group B")
    assert state.sections == {"Group A": 30, "Group B": 31}
    assert state.override_assignments == {70: 50, 71: 50}


# -- an event's own times per section (child events) -----------------------------------

EVENT = {
    "title": "Day 1",
    "description": "<p>Bring a laptop.</p>",
    "start_at": "2026-10-05T08:30:00Z",
    "end_at": "2026-10-15T14:00:00Z",
    "location_name": None,
    "location_address": None,
    "section_times": (
        "Group A: 2026-10-15T08:30:00Z to 2026-10-15T14:00:00Z",
        "Group B: 2026-10-05T08:30:00Z to 2026-10-05T15:00:00Z",
    ),
}


@responses.activate
def test_an_events_section_times_are_sent_as_child_event_data_for_every_section(conn):
    writer = CanvasCourseWriter(
        conn, CourseState(course_id=7, sections={"Group A": 30, "Group B": 31})
    )
    responses.post(f"{BASE}/api/v1/calendar_events", json={"id": 90})
    writer.create(Kind.CALENDAR_EVENT, "day-1", EVENT, IDS.__getitem__, None)
    sent = dict(form(responses.calls[0]))
    assert sent["calendar_event[context_code]"] == "course_7"
    children = {k: v for k, v in sent.items() if "child_event_data" in k}
    assert children == {
        "calendar_event[child_event_data][0][start_at]": "2026-10-15T08:30:00Z",
        "calendar_event[child_event_data][0][end_at]": "2026-10-15T14:00:00Z",
        "calendar_event[child_event_data][0][context_code]": "course_section_30",
        "calendar_event[child_event_data][1][start_at]": "2026-10-05T08:30:00Z",
        "calendar_event[child_event_data][1][end_at]": "2026-10-05T15:00:00Z",
        "calendar_event[child_event_data][1][context_code]": "course_section_31",
    }
    assert "calendar_event[remove_child_events]" not in sent


@responses.activate
def test_times_the_spec_drops_are_removed_with_the_events_own_times(writer):
    responses.put(f"{BASE}/api/v1/calendar_events/90", json={"id": 90})
    changed = {"section_times": (), "start_at": "2026-10-05T08:30:00Z"}
    writer.update(Kind.CALENDAR_EVENT, 90, changed, IDS.__getitem__)
    assert form(responses.calls[0]) == [
        ("calendar_event[remove_child_events]", "1"),
        ("calendar_event[start_at]", "2026-10-05T08:30:00Z"),
    ]


def test_times_for_a_section_the_course_lacks_are_not_sent(writer):
    with pytest.raises(CanvasError, match="no section named 'Group B'"):
        writer.update(
            Kind.CALENDAR_EVENT, 90, {"section_times": EVENT["section_times"]}, IDS.__getitem__
        )


def test_the_reader_names_each_child_by_the_section_canvas_adds_to_its_title():
    from canvas_npq.canvas.sections import child_event_times

    event = {
        "title": "Day 1",
        "child_events": [
            {
                "title": "Day 1 (Group A)",
                "context_code": "course_section_30",
                "start_at": "2026-10-15T08:30:00Z",
                "end_at": "2026-10-15T14:00:00Z",
                "workflow_state": "active",
            },
            {
                "title": "Other",
                "context_code": "course_section_31",
                "start_at": "2026-10-05T08:30:00Z",
                "end_at": "2026-10-05T15:00:00Z",
                "workflow_state": "active",
            },
        ],
    }
    assert child_event_times(event) == [
        "Group A: 2026-10-15T08:30:00Z to 2026-10-15T14:00:00Z",
        "section:31: 2026-10-05T08:30:00Z to 2026-10-05T15:00:00Z",
    ]
