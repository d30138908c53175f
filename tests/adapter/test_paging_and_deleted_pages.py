"""Lists read whole (every ``rel="next"`` page), and pages deleted in Canvas: Canvas
still finds them by ``page_id:N`` and answers 403 to any action on them."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
import responses

from canvas_npq.canvas.blueprint import ensure_blueprint
from canvas_npq.canvas.client import CanvasConfig, Connection
from canvas_npq.canvas.errors import NotFound, PermissionDenied
from canvas_npq.canvas.lock import CourseLock, LockRecord
from canvas_npq.canvas.reader import CourseState
from canvas_npq.canvas.writer import CanvasCourseWriter
from canvas_npq.model import Kind

BASE = "http://127.0.0.1:9"
API = f"{BASE}/api/v1/courses/7"
FORBIDDEN = {
    "status": "unauthorized",
    "errors": [{"message": "user not authorized to perform that action"}],
}
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def conn():
    return Connection(CanvasConfig(BASE, "t0ken"), max_attempts=1)


def lock_page(page_id: int, nonce: str, expires: datetime) -> dict:
    record = LockRecord(
        holder="someone", host="h", pid=1, nonce=nonce, acquired_at=NOW, expires_at=expires
    )
    return {"page_id": page_id, "body": record.to_body(), "title": "canvas-npq lock"}


@responses.activate
def test_lock_pages_are_read_from_every_page_of_the_list(conn):
    later = NOW.replace(hour=13)
    nxt = f"{API}/pages?page=2&per_page=100"
    # the page-2 link is registered first: with its query string it matches only itself
    responses.get(nxt, json=[lock_page(2, "b" * 32, later)])
    responses.get(
        f"{API}/pages",
        json=[lock_page(1, "a" * 32, later)],
        headers={"Link": f'<{nxt}>; rel="next"'},
    )
    lock = CourseLock(conn, 7, clock=lambda: NOW)
    assert [r.page_id for r in lock.records()] == [1, 2]
    assert "page=2" in responses.calls[-1].request.url


@responses.activate
def test_associated_courses_are_read_from_every_page_of_the_list(conn):
    template = f"{API}/blueprint_templates/default"
    responses.get(API, json={"id": 7, "blueprint": True})
    nxt = f"{template}/associated_courses?page=2&per_page=100"
    responses.get(nxt, json=[{"id": 200, "name": "c200"}])
    first = [{"id": n, "name": f"c{n}"} for n in range(100, 200)]
    responses.get(
        f"{template}/associated_courses",
        json=first,
        headers={"Link": f'<{nxt}>; rel="next"'},
    )
    # 200 is on the second page: already associated, so nothing to add
    assert ensure_blueprint(conn, 7, [150, 200]) == []
    assert not [c for c in responses.calls if c.request.method == "PUT"]


@pytest.fixture
def writer(conn):
    state = CourseState(course_id=7, manifest_page_id=5, page_slugs={30: "unit-1"})
    return CanvasCourseWriter(conn, state)


@responses.activate
def test_a_page_deleted_in_canvas_is_not_found_so_it_is_created_again(writer):
    responses.put(f"{API}/pages/page_id:30", status=403, json=FORBIDDEN)
    responses.get(f"{API}/pages", json=[{"page_id": 31, "url": "other"}])
    with pytest.raises(NotFound):
        writer.update(Kind.PAGE, 30, {"title": "Unit 1"}, {}.__getitem__)


@responses.activate
def test_a_403_on_a_page_that_is_still_listed_is_a_real_permission_problem(writer):
    responses.put(f"{API}/pages/page_id:30", status=403, json=FORBIDDEN)
    responses.get(f"{API}/pages", json=[{"page_id": 30, "url": "unit-1"}])
    with pytest.raises(PermissionDenied):
        writer.update(Kind.PAGE, 30, {"title": "Unit 1"}, {}.__getitem__)


@responses.activate
def test_deleting_a_page_canvas_already_deleted_is_done(writer):
    responses.delete(f"{API}/pages/page_id:30", status=403, json=FORBIDDEN)
    responses.get(f"{API}/pages", json=[])
    writer.delete(Kind.PAGE, 30)  # no error: it is gone
    assert [c.request.method for c in responses.calls] == ["DELETE", "GET"]


@responses.activate
def test_a_manifest_page_deleted_in_canvas_is_written_anew(writer):
    responses.put(f"{API}/pages/page_id:5", status=403, json=FORBIDDEN)
    responses.get(f"{API}/pages", json=[])
    responses.post(f"{API}/pages", json={"page_id": 6, "url": "canvas-npq-manifest"})
    writer.write_manifest({"page.unit-1": {"id": 30}})
    assert writer.state.manifest_page_id == 6
    assert [c.request.method for c in responses.calls] == ["PUT", "GET", "POST"]


@responses.activate
def test_releasing_a_lock_whose_page_is_already_deleted_is_fine(conn):
    lock = CourseLock(conn, 7, clock=lambda: NOW)
    record = LockRecord(
        holder="me", host="h", pid=1, nonce="c" * 32, acquired_at=NOW, expires_at=NOW, page_id=9
    )
    responses.delete(f"{API}/pages/page_id:9", status=403, json=FORBIDDEN)
    responses.get(f"{API}/pages", json=[])
    lock.delete(record)
    responses.replace(responses.GET, f"{API}/pages", json=[lock_page(9, "c" * 32, NOW)])
    with pytest.raises(PermissionDenied):
        lock.delete(record)
