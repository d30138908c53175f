"""The Canvas writer: the request bodies are the product of apply, so assert them."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest
import responses

from canvas_npq.canvas.client import CanvasConfig, Connection
from canvas_npq.canvas.errors import WriteRejected
from canvas_npq.canvas.manifest import decode_manifest
from canvas_npq.canvas.reader import CourseState
from canvas_npq.canvas.writer import CanvasCourseWriter
from canvas_npq.model import Kind

BASE = "http://127.0.0.1:9"
API = f"{BASE}/api/v1/courses/7"
IDS = {"assignment_group.tasks": 3, "module.block-1": 40, "page.unit-1": 11, "assignment.mit-1": 50}


@pytest.fixture
def writer():
    state = CourseState(course_id=7, page_slugs={11: "unit-1"})
    return CanvasCourseWriter(Connection(CanvasConfig(BASE, "t0ken")), state)


def form(call):
    return parse_qsl(call.request.body, keep_blank_values=True)


@responses.activate
def test_page_create_sends_title_body_published_in_one_request(writer):
    responses.post(f"{API}/pages", json={"page_id": 12, "url": "unit-2"})
    fields = {"title": "Unit 2", "body": "<div>x</div>", "published": True}
    assert writer.create(Kind.PAGE, "unit-2", fields, IDS.__getitem__, None) == 12
    assert form(responses.calls[0]) == [
        ("wiki_page[title]", "Unit 2"),
        ("wiki_page[body]", "<div>x</div>"),
        ("wiki_page[published]", "true"),
    ]
    assert writer.state.page_slugs[12] == "unit-2"


@responses.activate
def test_page_update_addresses_the_page_by_id_not_slug(writer):
    responses.put(f"{API}/pages/page_id:11", json={"page_id": 11, "url": "renamed"})
    writer.update(Kind.PAGE, 11, {"title": "Renamed"}, IDS.__getitem__)
    assert responses.calls[0].request.url.endswith("/pages/page_id:11")
    assert writer.state.page_slugs[11] == "renamed"


@responses.activate
def test_assignment_create_resolves_the_group_and_sends_lists_and_dates(writer):
    responses.post(f"{API}/assignments", json={"id": 51}, status=201)
    fields = {
        "name": "MIT 2",
        "description": "<p>d</p>",
        "assignment_group": "assignment_group.tasks",
        "grading_type": "pass_fail",
        "points_possible": 0.0,
        "submission_types": ("online_text_entry", "online_upload"),
        "unlock_at": None,
        "due_at": "2026-11-02T17:00:00Z",
        "lock_at": None,
        "published": True,
    }
    writer.create(Kind.ASSIGNMENT, "mit-2", fields, IDS.__getitem__, None)
    sent = form(responses.calls[0])
    assert ("assignment[assignment_group_id]", "3") in sent
    assert ("assignment[submission_types][]", "online_text_entry") in sent
    assert ("assignment[submission_types][]", "online_upload") in sent
    assert ("assignment[due_at]", "2026-11-02T17:00:00Z") in sent
    assert ("assignment[unlock_at]", "") in sent
    assert ("assignment[published]", "true") in sent


@responses.activate
def test_group_create_carries_the_ownership_marker(writer):
    responses.post(f"{API}/assignment_groups", json={"id": 4})
    writer.create(Kind.ASSIGNMENT_GROUP, "journal", {"name": "Journal"}, IDS.__getitem__, 2)
    assert form(responses.calls[0]) == [
        ("name", "Journal"),
        ("integration_data[canvas_npq_id]", "journal"),
        ("position", "2"),
    ]


@responses.activate
def test_published_module_takes_a_second_put_that_does_not_cascade(writer):
    responses.post(f"{API}/modules", json={"id": 41})
    responses.put(f"{API}/modules/41", json={"id": 41})
    fields = {
        "name": "Block 2",
        "unlock_at": None,
        "require_sequential_progress": False,
        "published": True,
    }
    writer.create(Kind.MODULE, "block-2", fields, IDS.__getitem__, 2)
    assert ("module[position]", "2") in form(responses.calls[0])
    assert form(responses.calls[1]) == [
        ("module[published]", "true"),
        ("module[skip_content_tags]", "true"),
    ]


@responses.activate
def test_page_item_is_created_by_slug_without_a_title(writer):
    responses.post(f"{API}/modules/40/items", json={"id": 400})
    fields = {
        "module": "module.block-1",
        "type": "Page",
        "content": "page.unit-1",
        "title": "",
        "indent": 1,
        "external_url": "",
        "new_tab": False,
        "published": True,
    }
    writer.create(Kind.MODULE_ITEM, "unit-1", fields, IDS.__getitem__, 3)
    assert form(responses.calls[0]) == [
        ("module_item[type]", "Page"),
        ("module_item[indent]", "1"),
        ("module_item[page_url]", "unit-1"),
        ("module_item[position]", "3"),
    ]
    assert len(responses.calls) == 1  # a page item follows its page's published state


@responses.activate
def test_link_item_is_published_with_a_second_request(writer):
    responses.post(f"{API}/modules/40/items", json={"id": 401})
    responses.put(f"{API}/modules/40/items/401", json={"id": 401})
    fields = {
        "module": "module.block-1",
        "type": "ExternalUrl",
        "content": None,
        "title": "EEF guide",
        "indent": 0,
        "external_url": "https://eef.example/",
        "new_tab": True,
        "published": True,
    }
    writer.create(Kind.MODULE_ITEM, "eef", fields, IDS.__getitem__, None)
    assert ("module_item[external_url]", "https://eef.example/") in form(responses.calls[0])
    assert form(responses.calls[1]) == [("module_item[published]", "true")]


@responses.activate
def test_content_item_update_never_sends_title_or_published(writer):
    sent = writer.update_item(
        400, "Page", "module.block-1", {"published": False, "title": "x"}, IDS.__getitem__
    )
    assert sent is False
    assert len(responses.calls) == 0


@responses.activate
def test_first_manifest_write_creates_an_unpublished_page(writer):
    responses.post(f"{API}/pages", json={"page_id": 99, "url": "m"})
    responses.put(f"{API}/pages/page_id:99", json={"page_id": 99, "url": "m"})
    writer.write_manifest({"page.unit-1": {"id": 11, "applied": {}}})
    writer.write_manifest({"page.unit-1": {"id": 12, "applied": {}}})
    first, second = form(responses.calls[0]), form(responses.calls[1])
    assert ("wiki_page[published]", "false") in first
    body = dict(second)["wiki_page[body]"]
    assert decode_manifest(body) == {"page.unit-1": {"id": 12, "applied": {}}}
    assert writer.writes == 2


@responses.activate
def test_validation_error_is_reported_not_raised_raw(writer):
    responses.post(
        f"{API}/assignments",
        status=400,
        json={"errors": {"due_at": [{"attribute": "due_at", "message": "Invalid datetime"}]}},
    )
    with pytest.raises(WriteRejected, match="Invalid datetime"):
        writer.create(Kind.ASSIGNMENT, "x", {"name": "x"}, IDS.__getitem__, None)
