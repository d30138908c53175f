"""Announcements against mocked HTTP: what the writer sends and how the reader tells a
posted announcement, a waiting one and a facilitator's own apart."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest
import responses

from canvas_npq.canvas.client import CanvasConfig, Connection
from canvas_npq.canvas.reader import CourseState, read_course
from canvas_npq.canvas.writer import CanvasCourseWriter
from canvas_npq.model import Address, Kind
from canvas_npq.model.markers import wrap_owned
from tests.adapter.test_reader import API, BASE, mock_course


@pytest.fixture
def conn():
    return Connection(CanvasConfig(BASE, "t0ken"), max_attempts=2)


@pytest.fixture
def writer(conn):
    return CanvasCourseWriter(conn, CourseState(course_id=7))


def form(call):
    return parse_qsl(call.request.body, keep_blank_values=True)


def no_ref(address: str) -> int:
    raise AssertionError(f"nothing to resolve, asked for {address}")


FIELDS = {
    "title": "Block 2 is open",
    "message": wrap_owned("block-2-open", "<p>Welcome</p>"),
    "delayed_post_at": "2026-11-23T08:00:00Z",
}


@responses.activate
def test_create_is_one_post_with_is_announcement_and_the_post_time(writer):
    responses.post(f"{API}/discussion_topics", json={"id": 90})
    assert writer.create(Kind.ANNOUNCEMENT, "block-2-open", FIELDS, no_ref, None) == 90
    [call] = responses.calls
    assert form(call) == [
        ("title", "Block 2 is open"),
        ("message", FIELDS["message"]),
        ("delayed_post_at", "2026-11-23T08:00:00Z"),
        ("is_announcement", "true"),
    ]


@responses.activate
def test_create_without_a_date_sends_none_so_canvas_posts_it_now(writer):
    responses.post(f"{API}/discussion_topics", json={"id": 91})
    writer.create(Kind.ANNOUNCEMENT, "now", {**FIELDS, "delayed_post_at": None}, no_ref, None)
    sent = dict(form(responses.calls[0]))
    assert "delayed_post_at" not in sent
    assert sent["is_announcement"] == "true"


@responses.activate
def test_update_sends_only_the_changed_fields_to_the_topic(writer):
    responses.put(f"{API}/discussion_topics/90", json={"id": 90})
    writer.update(Kind.ANNOUNCEMENT, 90, {"delayed_post_at": "2026-11-24T08:00:00Z"}, no_ref)
    [call] = responses.calls
    assert call.request.method == "PUT"
    assert form(call) == [("delayed_post_at", "2026-11-24T08:00:00Z")]


@responses.activate
def test_delete_addresses_the_topic(writer):
    responses.delete(f"{API}/discussion_topics/90", json={"id": 90})
    writer.delete(Kind.ANNOUNCEMENT, 90)
    assert responses.calls[0].request.url == f"{API}/discussion_topics/90"


def topic(topic_id, title, message, published, delayed):
    return {
        "id": topic_id,
        "title": title,
        "message": message,
        "published": published,
        "delayed_post_at": delayed,
        "posted_at": "2026-10-01T09:00:00Z",
        "is_announcement": True,
    }


@responses.activate
def test_reader_marks_posted_and_waiting_announcements_and_skips_a_facilitators(conn):
    mock_course(
        responses,
        announcements=[
            topic(1, "Block 1 is open", wrap_owned("block-1-open", "<p>a</p>"), True, None),
            topic(
                2,
                "Block 2 is open",
                wrap_owned("block-2-open", "<p>b</p>"),
                False,
                "2026-11-23T08:00:00Z",
            ),
            topic(3, "Room change", "<p>my own</p>", True, None),
        ],
    )
    snapshot, _ = read_course(conn, 7)
    posted = snapshot.get(Address(Kind.ANNOUNCEMENT, "block-1-open"))
    waiting = snapshot.get(Address(Kind.ANNOUNCEMENT, "block-2-open"))
    assert posted is not None and posted.facts["posted"] is True
    assert waiting is not None and waiting.facts["posted"] is False
    assert waiting.fields["delayed_post_at"] == "2026-11-23T08:00:00Z"
    assert waiting.canvas_id == 2
    assert [r.canvas_id for r in snapshot.of_kind(Kind.ANNOUNCEMENT)] == [1, 2]
    unowned = [u for u in snapshot.meta["unowned"] if u["kind"] == "announcement"]
    assert unowned == [
        {
            "kind": "announcement",
            "id": 3,
            "title": "Room change",
            "delayed_post_at": None,
            "posted": True,
        }
    ]
