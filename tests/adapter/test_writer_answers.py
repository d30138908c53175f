"""The writer keeps Canvas's answers to its page writes (``writer.answers``), and marks
them untrusted whenever an answer does not show what Canvas did."""

from __future__ import annotations

import re
from typing import Any

import pytest
import requests
import responses

from canvas_npq.canvas.client import CanvasConfig, Connection
from canvas_npq.canvas.errors import NotFound
from canvas_npq.canvas.reader import CourseState, _Listed
from canvas_npq.canvas.writer import CanvasCourseWriter
from canvas_npq.model import Kind

BASE = "http://127.0.0.1:9"
API = f"{BASE}/api/v1/courses/7"
IDS = {"page.unit-1": 11}


def page(page_id: int, title: str, body: str = "<p>x</p>") -> dict[str, Any]:
    return {
        "page_id": page_id,
        "url": title.lower().replace(" ", "-"),
        "title": title,
        "body": body,
        "published": False,
        "front_page": False,
    }


LISTED = [_Listed(None, page(11, "Unit 1")), _Listed(None, page(90, "canvas-npq manifest"))]


@pytest.fixture
def writer():
    state = CourseState(course_id=7, page_slugs={11: "unit-1"}, manifest_page_id=90)
    conn = Connection(CanvasConfig(BASE, "t0ken"), max_attempts=1)
    return CanvasCourseWriter(conn, state)


def after(writer: CanvasCourseWriter) -> list[tuple[int, str]] | None:
    pages = writer.answers.listing(LISTED, (Kind.PAGE,))
    return None if pages is None else [(p.page_id, p.body) for p in pages]


@responses.activate
def test_page_writes_and_the_manifests_are_kept_as_answered(writer):
    responses.put(f"{API}/pages/page_id:11", json=page(11, "Unit 1", "<p>stored</p>"))
    responses.post(f"{API}/pages", json=page(12, "Unit 2"))
    responses.put(f"{API}/pages/page_id:90", json=page(90, "canvas-npq manifest", "<p>m</p>"))
    writer.update(Kind.PAGE, 11, {"body": "<p>sent</p>"}, IDS.__getitem__)
    writer.create(Kind.PAGE, "unit-2", {"title": "Unit 2"}, IDS.__getitem__, None)
    writer.write_manifest({"page.unit-1": {"id": 11}})
    assert after(writer) == [(11, "<p>stored</p>"), (12, "<p>x</p>"), (90, "<p>m</p>")]


@responses.activate
def test_a_deleted_page_is_left_out_whether_deleted_now_or_gone_already(writer):
    responses.delete(f"{API}/pages/page_id:11", json=page(11, "Unit 1"))
    responses.delete(f"{API}/pages/page_id:90", status=404, json={"message": "page not found"})
    writer.delete(Kind.PAGE, 11)
    writer.delete(Kind.PAGE, 90)
    assert after(writer) == []


@pytest.mark.parametrize(
    "answer",
    [
        {"body": b"", "status": 200},  # no answer at all
        {"json": {}},
        {"json": {"page_id": 11, "url": "unit-1"}},  # no body
        {"json": [page(11, "Unit 1")]},
    ],
)
@responses.activate
def test_an_incomplete_answer_to_a_page_update_is_not_trusted(writer, answer):
    responses.put(f"{API}/pages/page_id:11", **answer)
    assert writer.update(Kind.PAGE, 11, {"body": "<p>sent</p>"}, IDS.__getitem__)
    assert writer.answers.untrusted is not None
    assert after(writer) is None
    assert writer.state.page_slugs[11] == "unit-1"  # as it was: no url in the answer


@responses.activate
def test_a_put_that_made_another_page_is_not_trusted(writer):
    # Canvas's upsert: no page had the id, so the PUT made a new one (removed again)
    responses.put(f"{API}/pages/page_id:11", json=page(77, "Unit 1"))
    responses.delete(f"{API}/pages/page_id:77", json=page(77, "Unit 1"))
    with pytest.raises(NotFound):
        writer.update(Kind.PAGE, 11, {"body": "<p>sent</p>"}, IDS.__getitem__)
    assert after(writer) is None


@responses.activate
def test_a_lost_page_create_found_by_listing_is_not_trusted(writer):
    responses.post(f"{API}/pages", body=requests.ReadTimeout("slow"))  # it may have been made
    found = {**page(12, "Unit 2"), "body": '<div data-canvas-npq-id="unit-2"></div>'}
    responses.get(re.compile(f"{API}/pages.*"), json=[found])
    assert writer.create(Kind.PAGE, "unit-2", {"title": "Unit 2"}, IDS.__getitem__, None) == 12
    assert writer.answers.untrusted == "the create of page 'unit-2' was not answered"
    assert after(writer) is None


@responses.activate
def test_a_page_write_whose_answer_is_not_kept_is_not_trusted(writer):
    # any write to the pages that does not keep its answer (a new write path) counts
    responses.put(f"{API}/pages/page_id:11", json=page(11, "Unit 1", "<p>stored</p>"))
    writer.update(Kind.PAGE, 11, {"body": "<p>sent</p>"}, IDS.__getitem__)
    assert after(writer) is not None
    writer._send("PUT", "/pages/page_id:11", wiki_page={"body": "<p>again</p>"})
    assert after(writer) is None
