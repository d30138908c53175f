"""Outcome groups and outcomes over HTTP: the requests Canvas's outcome API wants."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

import pytest
import responses

from canvas_npq.canvas.client import CanvasConfig, Connection
from canvas_npq.canvas.reader import CourseState, read_course
from canvas_npq.canvas.writer import CanvasCourseWriter
from canvas_npq.model import Address, Kind

BASE = "http://127.0.0.1:9"
API = f"{BASE}/api/v1/courses/7"
IDS = {"outcome_group.framework": 21, "outcome_group.area-2": 22, "outcome_group.area-4": 24}


@pytest.fixture
def writer():
    return CanvasCourseWriter(Connection(CanvasConfig(BASE, "t0ken")), CourseState(course_id=7))


def form(call):
    return parse_qsl(call.request.body, keep_blank_values=True)


@responses.activate
def test_framework_group_goes_under_the_root_group_found_by_its_redirect(writer):
    responses.get(
        f"{API}/root_outcome_group",
        status=302,
        headers={"Location": f"{API}/outcome_groups/20"},
    )
    responses.get(f"{API}/outcome_groups/20", json={"id": 20, "title": "Course"})
    responses.post(f"{API}/outcome_groups/20/subgroups", json={"id": 21})
    fields = {
        "title": "NPQLTD",
        "description": "<p>d</p>",
        "vendor_guid": "canvas-npq:npqltd-2020-10",
        "parent": None,
    }
    assert writer.create(Kind.OUTCOME_GROUP, "framework", fields, IDS.__getitem__, None) == 21
    assert form(responses.calls[-1]) == [
        ("title", "NPQLTD"),
        ("description", "<p>d</p>"),
        ("vendor_guid", "canvas-npq:npqltd-2020-10"),
    ]
    assert writer.state.root_outcome_group_id == 20
    assert writer.writes == 1  # the redirect lookup is a read


@responses.activate
def test_outcome_is_created_and_linked_in_its_group_in_one_post(writer):
    responses.post(
        f"{API}/outcome_groups/22/outcomes", json={"outcome": {"id": 300}, "outcome_group": {}}
    )
    fields = {
        "title": "2.4 Professional development…",
        "display_name": "NPQLTD 2.4",
        "description": "<p>t</p>",
        "vendor_guid": "canvas-npq:npqltd-2020-10:2.4",
        "group": "outcome_group.area-2",
    }
    assert writer.create(Kind.OUTCOME, "2.4", fields, IDS.__getitem__, None) == 300
    assert ("vendor_guid", "canvas-npq:npqltd-2020-10:2.4") in form(responses.calls[0])
    assert writer.state.outcome_groups[300] == 22


@responses.activate
def test_outcome_update_puts_the_outcome_and_moves_its_link(writer):
    writer.state.outcome_groups[300] = 22
    responses.put(f"{BASE}/api/v1/outcomes/300", json={"id": 300})
    responses.put(f"{API}/outcome_groups/24/outcomes/300", json={"outcome": {"id": 300}})
    fields = {"title": "New title", "group": "outcome_group.area-4"}
    writer.update(Kind.OUTCOME, 300, fields, IDS.__getitem__)
    assert form(responses.calls[0]) == [("title", "New title")]
    assert form(responses.calls[1]) == [("move_from", "22")]
    assert writer.state.outcome_groups[300] == 24
    assert writer.writes == 2


@responses.activate
def test_outcome_delete_unlinks_it_from_its_group(writer):
    writer.state.outcome_groups[300] = 22
    responses.delete(f"{API}/outcome_groups/22/outcomes/300", json={})
    writer.delete(Kind.OUTCOME, 300)
    assert responses.calls[0].request.method == "DELETE"


def _group(gid, title, guid, parent):
    return {
        "id": gid,
        "title": title,
        "vendor_guid": guid,
        "description": "",
        "parent_outcome_group": {"id": parent} if parent else None,
    }


@responses.activate
def test_reader_knows_owned_groups_and_outcomes_by_vendor_guid():
    conn = Connection(CanvasConfig(BASE, "t0ken"), max_attempts=1)
    responses.get(API, json={"id": 7, "name": "C", "course_code": "C", "time_zone": "UTC"})
    responses.get(
        f"{API}/outcome_groups",
        json=[
            _group(20, "Course", None, None),
            _group(21, "NPQLTD", "canvas-npq:npqltd-2020-10", 20),
            _group(22, "2. Designing", "canvas-npq:npqltd-2020-10:area-2", 21),
            _group(23, "Hand-made", None, 20),
        ],
    )
    outcome = {
        "id": 300,
        "title": "2.4 PD",
        "display_name": "NPQLTD 2.4",
        "description": "<p>t</p>",
    }
    responses.get(
        f"{API}/outcome_group_links",
        json=[
            {"outcome": {**outcome, "vendor_guid": "canvas-npq:npqltd-2020-10:2.4"},
             "outcome_group": {"id": 22}},
            {"outcome": {"id": 301, "title": "Mine", "vendor_guid": None},
             "outcome_group": {"id": 23}},
        ],
    )  # fmt: skip
    responses.get(re.compile(rf"{API}/\w+"), json=[])  # every other collection: empty
    responses.get(f"{BASE}/api/v1/calendar_events", json=[])  # the course's events
    snapshot, state = read_course(conn, 7)
    assert any("outcome_style=full" in c.request.url for c in responses.calls)
    assert state.root_outcome_group_id == 20
    groups = {r.address.key: r for r in snapshot.of_kind(Kind.OUTCOME_GROUP)}
    assert set(groups) == {"framework", "area-2"}
    assert groups["framework"].fields["parent"] is None
    assert groups["area-2"].fields["parent"] == "outcome_group.framework"
    owned = snapshot.get(Address(Kind.OUTCOME, "2.4"))
    assert owned is not None and owned.canvas_id == 300
    assert owned.fields["group"] == "outcome_group.area-2"
    assert len(snapshot.of_kind(Kind.OUTCOME)) == 1  # the hand-made outcome is not ours
    assert state.outcome_groups == {300: 22}
