"""Completion requirements, prerequisites, discussions, calendar events and course
settings against mocked HTTP: the request bodies sent and what is read back."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest
import responses

from canvas_npq.canvas.client import CanvasConfig, Connection
from canvas_npq.canvas.errors import CanvasError, NotFound
from canvas_npq.canvas.manifest import encode_manifest
from canvas_npq.canvas.reader import CourseState, read_course
from canvas_npq.canvas.writer import CanvasCourseWriter
from canvas_npq.model import Address, Kind

BASE = "http://127.0.0.1:9"
API = f"{BASE}/api/v1/courses/7"
IDS = {"module.block-1": 40, "module.block-2": 41, "page.unit-1": 11, "assignment.mit-1": 50}


@pytest.fixture
def conn():
    return Connection(CanvasConfig(BASE, "t0ken"), max_attempts=2)


@pytest.fixture
def writer(conn):
    return CanvasCourseWriter(conn, CourseState(course_id=7, page_slugs={11: "unit-1"}))


def form(call):
    return parse_qsl(call.request.body, keep_blank_values=True)


# -- modules ------------------------------------------------------------------------------


@responses.activate
def test_new_modules_are_published_with_their_items_in_one_batch_request(writer):
    responses.put(f"{API}/modules", json={"completed": [40, 41], "progress": None})
    writer.publish_modules([41, 40, 41])
    assert len(responses.calls) == 1
    # no skip_content_tags: Canvas publishes each module's items with it; no async
    assert form(responses.calls[0]) == [
        ("event", "publish"),
        ("module_ids[]", "40"),
        ("module_ids[]", "41"),
    ]
    assert writer.writes == 1


@responses.activate
def test_a_module_canvas_did_not_publish_fails_the_batch_publish(writer):
    responses.put(f"{API}/modules", json={"completed": [40], "progress": None})
    with pytest.raises(NotFound, match="did not publish modules 41"):
        writer.publish_modules([40, 41])


@responses.activate
def test_a_batch_publish_answer_without_the_modules_done_is_an_error(writer):
    responses.put(f"{API}/modules", json={"completed": None, "progress": {"id": 9}})
    with pytest.raises(CanvasError, match="did not say which modules it published"):
        writer.publish_modules([40])


@responses.activate
def test_module_create_sends_its_prerequisites_as_canvas_ids(writer):
    responses.post(f"{API}/modules", json={"id": 42})
    fields = {
        "name": "Block 3",
        "unlock_at": "2026-12-01T09:00:00Z",
        "require_sequential_progress": True,
        "published": False,
        "prerequisites": ("module.block-1", "module.block-2"),
    }
    assert writer.create(Kind.MODULE, "block-3", fields, IDS.__getitem__, 3) == 42
    assert form(responses.calls[0]) == [
        ("module[name]", "Block 3"),
        ("module[unlock_at]", "2026-12-01T09:00:00Z"),
        ("module[require_sequential_progress]", "true"),
        ("module[prerequisite_module_ids][]", "40"),
        ("module[prerequisite_module_ids][]", "41"),
        ("module[position]", "3"),
    ]


@responses.activate
def test_module_update_can_clear_prerequisites(writer):
    responses.put(f"{API}/modules/41", json={"id": 41})
    writer.update(Kind.MODULE, 41, {"prerequisites": ()}, IDS.__getitem__)
    assert form(responses.calls[0]) == [("module[prerequisite_module_ids]", "")]


@responses.activate
def test_module_item_create_sends_the_completion_requirement(writer):
    responses.post(f"{API}/modules/40/items", json={"id": 400})
    fields = {
        "module": "module.block-1",
        "type": "Assignment",
        "content": "assignment.mit-1",
        "title": None,
        "indent": 1,
        "published": True,
        "completion": "must_submit",
    }
    writer.create(Kind.MODULE_ITEM, "mit-1", fields, IDS.__getitem__, None)
    assert form(responses.calls[0]) == [
        ("module_item[type]", "Assignment"),
        ("module_item[indent]", "1"),
        ("module_item[content_id]", "50"),
        ("module_item[completion_requirement][type]", "must_submit"),
    ]


@responses.activate
def test_module_item_update_sets_and_clears_the_requirement(writer):
    responses.put(f"{API}/modules/40/items/400", json={"id": 400})
    writer.update_item(400, "Page", "module.block-1", {"completion": "must_view"}, IDS.__getitem__)
    writer.update_item(400, "Page", "module.block-1", {"completion": None}, IDS.__getitem__)
    assert form(responses.calls[0]) == [("module_item[completion_requirement][type]", "must_view")]
    # Canvas clears a requirement only when the whole parameter is blank; a blank
    # [type] is refused with 400 "Invalid completion requirement type".
    assert form(responses.calls[1]) == [("module_item[completion_requirement]", "")]


def mock_reads(rsps, modules, manifest, discussions=(), events=()):
    rsps.get(API, json={"id": 7, "name": "N", "course_code": "N", "time_zone": "Europe/London"})
    body = encode_manifest(manifest)
    rsps.get(f"{API}/pages", json=[{"page_id": 1, "url": "m", "title": "m", "body": body}])
    rsps.get(f"{API}/assignment_groups", json=[])
    rsps.get(f"{API}/assignments", json=[])
    rsps.get(f"{API}/modules", json=modules)
    rsps.get(f"{API}/discussion_topics", json=list(discussions))
    rsps.get(f"{API}/outcome_groups", json=[])
    rsps.get(f"{API}/outcome_group_links", json=[])
    rsps.get(f"{BASE}/api/v1/calendar_events", json=list(events))
    rsps.get(f"{API}/rubrics", json=[])
    rsps.get(f"{API}/files", json=[])
    rsps.get(f"{API}/folders", json=[])
    rsps.get(f"{API}/sections", json=[])
    rsps.get(f"{API}/quizzes", json=[])


def module(module_id, position, prerequisites=(), items=()):
    return {
        "id": module_id,
        "name": f"Block {position}",
        "position": position,
        "unlock_at": None,
        "require_sequential_progress": False,
        "published": True,
        "prerequisite_module_ids": list(prerequisites),
        "items": list(items),
    }


@responses.activate
def test_reader_maps_prerequisites_and_requirements_to_the_model(conn):
    item = {
        "id": 400,
        "type": "SubHeader",
        "title": "Start",
        "position": 1,
        "indent": 0,
        "published": True,
        "completion_requirement": {"type": "must_view", "completed": False},
    }
    mock_reads(
        responses,
        [module(40, 1), module(41, 2, prerequisites=[40, 39], items=[item]), module(39, 3)],
        {"module.block-1": {"id": 40}, "module.block-2": {"id": 41}, "module_item.h": {"id": 400}},
    )
    snapshot, _ = read_course(conn, 7)
    second = snapshot.get(Address(Kind.MODULE, "block-2"))
    assert second is not None
    # Module 39 is not canvas-npq's: it shows as foreign, so the plan can remove it.
    assert second.fields["prerequisites"] == ("foreign:39", "module.block-1")
    header = snapshot.get(Address(Kind.MODULE_ITEM, "h"))
    assert header is not None and header.fields["completion"] == "must_view"


# -- discussions --------------------------------------------------------------------------


@responses.activate
def test_discussion_create_sends_top_level_params_with_the_marker(writer):
    responses.post(f"{API}/discussion_topics", json={"id": 70})
    fields = {
        "title": "Learning community",
        "message": '<div data-canvas-npq-id="d1"><p>Share</p></div>',
        "published": True,
        "discussion_type": "threaded",
        "require_initial_post": False,
    }
    assert writer.create(Kind.DISCUSSION, "d1", fields, IDS.__getitem__, None) == 70
    assert form(responses.calls[0]) == [
        ("title", "Learning community"),
        ("message", '<div data-canvas-npq-id="d1"><p>Share</p></div>'),
        ("published", "true"),
        ("discussion_type", "threaded"),
        ("require_initial_post", "false"),
    ]


@responses.activate
def test_discussion_update_and_delete_address_the_topic(writer):
    responses.put(f"{API}/discussion_topics/70", json={"id": 70})
    responses.delete(f"{API}/discussion_topics/70", json={"id": 70})
    writer.update(Kind.DISCUSSION, 70, {"title": "Renamed"}, IDS.__getitem__)
    writer.delete(Kind.DISCUSSION, 70)
    assert form(responses.calls[0]) == [("title", "Renamed")]
    assert responses.calls[1].request.method == "DELETE"


@responses.activate
def test_discussion_module_item_links_by_content_id(writer):
    responses.post(f"{API}/modules/40/items", json={"id": 401})
    fields = {
        "module": "module.block-1",
        "type": "Discussion",
        "content": "discussion.d1",
        "title": None,
        "indent": 0,
        "published": True,
        "completion": "must_contribute",
    }
    writer.create(
        Kind.MODULE_ITEM, "d1", fields, {"module.block-1": 40, "discussion.d1": 70}.get, 2
    )
    assert form(responses.calls[0]) == [
        ("module_item[type]", "Discussion"),
        ("module_item[indent]", "0"),
        ("module_item[content_id]", "70"),
        ("module_item[completion_requirement][type]", "must_contribute"),
        ("module_item[position]", "2"),
    ]
    assert len(responses.calls) == 1  # the item mirrors the topic's published state


def topic(topic_id, key, replies, can_unpublish):
    return {
        "id": topic_id,
        "title": f"Topic {topic_id}",
        "message": f'<div data-canvas-npq-id="{key}"><p>x</p></div>',
        "published": True,
        "discussion_type": "threaded",
        "require_initial_post": False,
        "discussion_subentry_count": replies,
        "can_unpublish": can_unpublish,
    }


@responses.activate
def test_reader_tells_participants_replies_from_a_facilitators(conn):
    mock_reads(
        responses,
        [],
        {},
        discussions=[
            topic(70, "d-student", 2, False),
            topic(71, "d-teacher", 1, True),
            topic(72, "d-empty", 0, True),
            {"id": 73, "title": "Hand-made", "message": "<p>mine</p>"},
        ],
    )
    snapshot, _ = read_course(conn, 7)
    facts = {
        r.address.key: r.facts["has_participant_replies"] for r in snapshot.of_kind(Kind.DISCUSSION)
    }
    assert facts == {"d-student": True, "d-teacher": False, "d-empty": False}


# -- calendar events -----------------------------------------------------------------------

EVENT = {
    "title": "Face-to-face day 1",
    "description": '<div data-canvas-npq-id="f2f-1"><p>Agenda</p></div>',
    "start_at": "2026-10-05T08:30:00Z",
    "end_at": "2026-10-05T15:00:00Z",
    "location_name": "Teaching School Hub",
    "location_address": None,
}


@responses.activate
def test_event_create_posts_to_the_course_calendar(writer):
    responses.post(f"{BASE}/api/v1/calendar_events", json={"id": 90}, status=201)
    assert writer.create(Kind.CALENDAR_EVENT, "f2f-1", EVENT, IDS.__getitem__, None) == 90
    assert form(responses.calls[0]) == [
        ("calendar_event[title]", "Face-to-face day 1"),
        ("calendar_event[description]", '<div data-canvas-npq-id="f2f-1"><p>Agenda</p></div>'),
        ("calendar_event[start_at]", "2026-10-05T08:30:00Z"),
        ("calendar_event[end_at]", "2026-10-05T15:00:00Z"),
        ("calendar_event[location_name]", "Teaching School Hub"),
        ("calendar_event[location_address]", ""),
        ("calendar_event[context_code]", "course_7"),
    ]


@responses.activate
def test_event_update_and_delete_use_the_event_id(writer):
    responses.put(f"{BASE}/api/v1/calendar_events/90", json={"id": 90})
    responses.delete(f"{BASE}/api/v1/calendar_events/90", json={"id": 90})
    writer.update(Kind.CALENDAR_EVENT, 90, {"location_name": None}, IDS.__getitem__)
    writer.delete(Kind.CALENDAR_EVENT, 90)
    assert form(responses.calls[0]) == [("calendar_event[location_name]", "")]
    assert responses.calls[1].request.method == "DELETE"
    assert writer.writes == 2


@responses.activate
def test_reader_asks_for_every_event_of_the_course_and_claims_marked_ones(conn):
    mock_reads(
        responses,
        [],
        {},
        events=[
            {"id": 90, "context_code": "course_7", **EVENT},
            {"id": 91, "context_code": "course_7", "title": "Staff party", "description": ""},
        ],
    )
    snapshot, _ = read_course(conn, 7)
    [event] = snapshot.of_kind(Kind.CALENDAR_EVENT)
    assert (event.address.key, event.canvas_id) == ("f2f-1", 90)
    assert event.fields["start_at"] == "2026-10-05T08:30:00Z"
    assert event.fields["location_address"] == ""
    url = next(c.request.url for c in responses.calls if "calendar_events" in c.request.url)
    assert "context_codes%5B%5D=course_7" in url and "all_events=" in url


# -- course syllabus and front page ----------------------------------------------------------


@responses.activate
def test_course_update_sends_syllabus_and_home_page(writer):
    responses.put(API, json={"id": 7})
    fields = {"syllabus_body": "<h2>Blocks</h2>", "default_view": "wiki"}
    writer.update(Kind.COURSE, 7, fields, IDS.__getitem__)
    assert form(responses.calls[0]) == [
        ("course[syllabus_body]", "<h2>Blocks</h2>"),
        ("course[default_view]", "wiki"),
    ]


@responses.activate
def test_front_page_is_set_in_the_same_request_that_publishes_the_page(writer):
    responses.post(f"{API}/pages", json={"page_id": 12, "url": "home"})
    fields = {"title": "Home", "body": "<p>Hi</p>", "published": True, "front_page": True}
    writer.create(Kind.PAGE, "home", fields, IDS.__getitem__, None)
    assert form(responses.calls[0]) == [
        ("wiki_page[title]", "Home"),
        ("wiki_page[body]", "<p>Hi</p>"),
        ("wiki_page[published]", "true"),
        ("wiki_page[front_page]", "true"),
    ]


@responses.activate
def test_reader_asks_for_the_syllabus(conn):
    mock_reads(responses, [], {})
    read_course(conn, 7)
    assert "include%5B%5D=syllabus_body" in responses.calls[0].request.url
