"""The Canvas reader against mocked HTTP: one list call per collection, ownership rules."""

from __future__ import annotations

import json

import pytest
import responses
from responses import matchers

from canvas_npq.canvas.client import CanvasConfig, Connection
from canvas_npq.canvas.errors import AuthenticationError
from canvas_npq.canvas.manifest import encode_manifest
from canvas_npq.canvas.reader import read_course
from canvas_npq.model import Address, Kind
from canvas_npq.model.markers import wrap_owned

BASE = "http://127.0.0.1:9"
API = f"{BASE}/api/v1/courses/7"


@pytest.fixture
def conn():
    return Connection(CanvasConfig(BASE, "secret-token"), max_attempts=2)


def course_json():
    return {"id": 7, "name": "NPQLTD", "course_code": "LTD", "time_zone": "Europe/London"}


def _plain_listing(request) -> tuple[bool, str]:
    """The plain topics listing, which Canvas answers without announcements."""
    return "only_announcements" not in request.url, "an announcements listing"


def mock_course(
    rsps,
    pages=(),
    groups=(),
    assignments=(),
    modules=(),
    discussions=(),
    outcome_groups=(),
    outcome_links=(),
    events=(),
    announcements=(),
    sections=(),
):
    rsps.get(API, json=course_json())
    rsps.get(f"{API}/pages", json=list(pages))
    # Canvas lists the assignments inside their groups (include[]=assignments); there is
    # no GET .../assignments mocked: the reader must not make it.
    rsps.get(f"{API}/assignment_groups", json=nest(groups, assignments))
    rsps.get(f"{API}/modules", json=list(modules))
    rsps.get(f"{API}/discussion_topics", json=list(discussions), match=[_plain_listing])
    rsps.get(
        f"{API}/discussion_topics",
        json=list(announcements),
        match=[matchers.query_param_matcher({"only_announcements": "true"}, strict_match=False)],
    )
    rsps.get(f"{API}/outcome_groups", json=list(outcome_groups))
    rsps.get(f"{API}/outcome_group_links", json=list(outcome_links))
    rsps.get(f"{BASE}/api/v1/calendar_events", json=list(events))
    rsps.get(f"{API}/rubrics", json=[])
    rsps.get(f"{API}/files", json=[])
    rsps.get(f"{API}/folders", json=[])
    rsps.get(f"{API}/sections", json=list(sections))
    rsps.get(f"{API}/quizzes", json=[])


def nest(groups, assignments):
    """The groups as ``include[]=assignments`` lists them: each with its assignments (a
    group an assignment names but ``groups`` leaves out is made, as Canvas has one)."""
    listed = [{**g, "assignments": []} for g in groups]
    for assignment in assignments:
        group_id = assignment.get("assignment_group_id")
        group = next((g for g in listed if g["id"] == group_id), None)
        if group is None:
            group = {"id": group_id, "name": f"Group {group_id}", "position": 9, "assignments": []}
            listed.append(group)
        group["assignments"].append(assignment)
    return listed


def page(page_id, title, body, url=None):
    return {
        "page_id": page_id,
        "url": url or title.lower().replace(" ", "-"),
        "title": title,
        "body": body,
        "published": True,
    }


@responses.activate
def test_reads_each_collection_once_with_bodies_and_items_inlined(conn):
    mock_course(responses)
    read_course(conn, 7)
    gets = [c.request.url for c in responses.calls]
    assert len(gets) == 13  # no sections (none dated); questions only for owned quizzes
    assert any("only_announcements=true" in url for url in gets)
    assert any("include%5B%5D=body" in url and "per_page=100" in url for url in gets)
    assert any("modules" in url and "include%5B%5D=items" in url for url in gets)
    assert all(c.request.headers["Authorization"] == "Bearer secret-token" for c in responses.calls)


@responses.activate
def test_marked_page_is_owned_and_hand_made_page_is_not(conn):
    mock_course(
        responses,
        pages=[
            page(1, "Unit 1", wrap_owned("unit-1", "<p>x</p>")),
            page(2, "Facilitator notes", "<p>mine</p>"),
        ],
    )
    snapshot, state = read_course(conn, 7)
    pages = snapshot.of_kind(Kind.PAGE)
    assert [(str(p.address), p.canvas_id) for p in pages] == [("page.unit-1", 1)]
    assert state.page_slugs == {1: "unit-1", 2: "facilitator-notes"}


@responses.activate
def test_manifest_names_modules_and_items_and_survives_a_lost_marker(conn):
    manifest = {
        "module.block-1": {"id": 40, "applied": {}},
        "module_item.unit-1": {"id": 400, "applied": {}},
        "page.unit-1": {"id": 1, "applied": {}},
    }
    mock_course(
        responses,
        pages=[
            page(1, "Unit 1", "<p>a facilitator removed the marker</p>"),
            page(9, "canvas-npq manifest (do not edit)", encode_manifest(manifest)),
        ],
        modules=[
            {
                "id": 40,
                "name": "Block 1",
                "position": 1,
                "published": True,
                "unlock_at": None,
                "require_sequential_progress": False,
                "items": [
                    {
                        "id": 400,
                        "type": "Page",
                        "page_url": "unit-1",
                        "title": "Unit 1",
                        "position": 1,
                        "indent": 0,
                        "published": True,
                    },
                    {
                        "id": 401,
                        "type": "SubHeader",
                        "title": "Added by hand",
                        "position": 2,
                        "indent": 0,
                        "published": True,
                    },
                ],
            },
            {"id": 41, "name": "Hand-made module", "position": 2, "items": []},
        ],
    )
    snapshot, state = read_course(conn, 7)
    assert state.manifest_page_id == 9
    item = snapshot.get(Address(Kind.MODULE_ITEM, "unit-1"))
    assert item.fields["content"] == "page.unit-1"
    assert snapshot.get(Address(Kind.PAGE, "unit-1")).canvas_id == 1
    assert snapshot.order["course:modules"] == ("module.block-1", "foreign:41")
    assert snapshot.order["module.block-1"] == ("module_item.unit-1", "foreign:401")


@responses.activate
def test_a_copied_page_with_the_same_marker_is_left_alone(conn):
    mock_course(
        responses,
        pages=[
            page(1, "Unit 1", wrap_owned("unit-1", "<p>x</p>")),
            page(5, "Unit 1 copy", wrap_owned("unit-1", "<p>x</p>")),
        ],
    )
    snapshot, _ = read_course(conn, 7)
    assert snapshot.get(Address(Kind.PAGE, "unit-1")).canvas_id == 1
    assert "id 5" in snapshot.meta["warnings"][0]


@responses.activate
def test_assignment_submissions_and_group_membership_are_facts(conn):
    mock_course(
        responses,
        groups=[
            {
                "id": 3,
                "name": "Tasks",
                "position": 1,
                "integration_data": {"canvas_npq_id": "tasks"},
            }
        ],
        assignments=[
            {
                "id": 50,
                "name": "MIT 1",
                "description": wrap_owned("mit-1", "<p>Do</p>"),
                "assignment_group_id": 3,
                "grading_type": "pass_fail",
                "points_possible": 0.0,
                "submission_types": ["online_upload"],
                "due_at": "2026-11-02T17:00:00Z",
                "unlock_at": None,
                "lock_at": None,
                "published": True,
                "has_submitted_submissions": True,
            },
            {
                "id": 51,
                "name": "Hand-made quiz",
                "description": None,
                "assignment_group_id": 3,
                "submission_types": ["online_quiz"],
            },
        ],
    )
    snapshot, _ = read_course(conn, 7)
    mit = snapshot.get(Address(Kind.ASSIGNMENT, "mit-1"))
    assert mit.fields["assignment_group"] == "assignment_group.tasks"
    assert mit.fields["due_at"] == "2026-11-02T17:00:00Z"
    assert mit.facts["has_submitted_submissions"] is True
    group = snapshot.get(Address(Kind.ASSIGNMENT_GROUP, "tasks"))
    assert group.facts["assignments"] == ("assignment.mit-1", "foreign:51")


@responses.activate
def test_wrong_token_is_an_authentication_error_without_the_token(conn):
    responses.get(
        API,
        status=401,
        json={"errors": [{"message": "Invalid access token."}]},
        headers={"WWW-Authenticate": 'Bearer realm="canvas-lms"'},
    )
    with pytest.raises(AuthenticationError) as raised:
        read_course(conn, 7)
    assert "secret-token" not in str(raised.value)


@responses.activate
def test_module_with_over_100_items_is_read_from_its_items_endpoint(conn):
    manifest = {"module.big": {"id": 40, "applied": {}}}
    mock_course(
        responses,
        pages=[page(9, "canvas-npq manifest (do not edit)", encode_manifest(manifest))],
        modules=[{"id": 40, "name": "Big", "position": 1, "items_count": 101}],
    )
    responses.get(
        f"{API}/modules/40/items",
        json=[{"id": 7000, "type": "SubHeader", "title": "x", "position": 1}],
    )
    snapshot, _ = read_course(conn, 7)
    assert snapshot.order["module.big"] == ("foreign:7000",)
    assert json.loads(json.dumps(dict(snapshot.meta["manifest"]))) == manifest
