"""The lock checked with the course's whole pages listing (``acquire(pages=)``): the
listing handed over as the pages' read under the lock is the one taken after our lock
page was stored and seen as the only live lock, and on a race the retried one."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from canvas_npq import sync
from canvas_npq.canvas.client import CanvasConfig, Connection
from canvas_npq.canvas.errors import CanvasError
from canvas_npq.canvas.lock import LOCK_TITLE, CourseLock, LockRecord
from canvas_npq.canvas.reader import listing

BASE = "http://127.0.0.1:9"
API = f"{BASE}/api/v1/courses/7"
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)


class Pages:
    """A course's pages as Canvas keeps them: listed (whole, or searched by title),
    created and deleted. ``before_listing`` runs before each whole listing is answered
    (another run acting meanwhile)."""

    def __init__(self) -> None:
        self.rows: dict[int, dict[str, Any]] = {}
        self.next_id = 100
        self.log: list[str] = []
        self.before_listing: list[Any] = []

    def add(self, title: str, body: str) -> int:
        self.next_id += 1
        self.rows[self.next_id] = {"page_id": self.next_id, "title": title, "body": body}
        return self.next_id

    def list(self, request: Any) -> tuple[int, dict[str, str], str]:
        query = parse_qs(urlsplit(request.url).query)
        term = (query.get("search_term") or [""])[0].lower()
        self.log.append(f"GET search={term}" if term else "GET all")
        if not term and self.before_listing:
            self.before_listing.pop(0)(self)
        rows = [r for _, r in sorted(self.rows.items()) if term in r["title"].lower()]
        return 200, {}, json.dumps(rows)

    def create(self, request: Any) -> tuple[int, dict[str, str], str]:
        form = parse_qs(request.body if isinstance(request.body, str) else request.body.decode())
        page_id = self.add(form["wiki_page[title]"][0], form["wiki_page[body]"][0])
        self.log.append(f"POST {page_id}")
        return 200, {}, json.dumps(self.rows[page_id])

    def delete(self, request: Any) -> tuple[int, dict[str, str], str]:
        page_id = int(request.url.rsplit(":", 1)[-1])
        self.log.append(f"DELETE {page_id}")
        self.rows.pop(page_id, None)
        return 200, {}, "{}"


@pytest.fixture
def pages() -> Pages:
    course = Pages()
    course.add("Unit 1", "<p>first version</p>")
    return course


@pytest.fixture
def conn(pages: Pages):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add_callback(responses.GET, re.compile(f"{API}/pages.*"), callback=pages.list)
        mock.add_callback(responses.POST, f"{API}/pages", callback=pages.create)
        mock.add_callback(
            responses.DELETE, re.compile(f"{API}/pages/page_id:\\d+"), callback=pages.delete
        )
        yield Connection(CanvasConfig(BASE, "t0ken"), max_attempts=1)


def other_lock(nonce: str, expires: datetime) -> tuple[str, str]:
    record = LockRecord("another run", "elsewhere", 1, nonce, NOW, expires)
    return f"{LOCK_TITLE} {nonce[:8]}", record.to_body()


def new_lock(conn: Connection) -> CourseLock:
    return CourseLock(conn, 7, clock=lambda: NOW, sleep=lambda seconds: None)


def read_pages(conn: Connection) -> Any:
    return listing(conn, "courses/7/pages", include=["body"])


def test_the_listing_handed_over_is_the_one_taken_after_our_page_was_stored(conn, pages):
    lock = new_lock(conn)
    mine = lock.acquire(pages=read_pages(conn))

    # one search before, our page, then the whole listing instead of a second search
    assert pages.log == ["GET search=canvas-npq lock", f"POST {mine.page_id}", "GET all"]
    listed = lock.take_pages()
    assert listed is not None
    # the reader's listed objects, our own lock page among them
    assert [(p.page_id, p.title) for p in listed] == [
        (101, "Unit 1"),
        (mine.page_id, f"{LOCK_TITLE} {mine.nonce[:8]}"),
    ]
    assert listed[0].body == "<p>first version</p>"
    assert lock.take_pages() is None  # given once: a later read lists the pages itself
    lock.release()
    assert pages.log[-1] == f"DELETE {mine.page_id}"


def test_on_a_race_only_the_listing_of_the_attempt_that_took_the_lock_is_used(conn, pages):
    rival: list[int] = []

    def race(course: Pages) -> None:
        # Another run stored its lock page before our listing began: both runs see
        # each other and withdraw.
        rival.append(course.add(*other_lock("b" * 32, NOW + timedelta(minutes=30))))

    def edited(course: Pages) -> None:  # a page changed before the second try's listing
        course.rows[101]["body"] = "<p>second version</p>"

    pages.before_listing = [race, edited]
    lock = new_lock(conn)
    lock_nonces: list[str] = []
    real_create, real_delete = lock.create, lock.delete

    def delete(record: LockRecord) -> None:
        real_delete(record)
        if record.nonce == lock_nonces[0]:  # ours withdrawn: the rival withdraws too
            pages.rows.pop(rival[0], None)

    def create() -> LockRecord:
        made = real_create()
        lock_nonces.append(made.nonce)
        return made

    lock.create, lock.delete = create, delete  # type: ignore[method-assign]
    mine = lock.acquire(pages=read_pages(conn))

    first = 102
    assert pages.log == [
        "GET search=canvas-npq lock",
        f"POST {first}",
        "GET all",  # saw the rival: withdrawn
        f"DELETE {first}",
        "GET search=canvas-npq lock",
        f"POST {mine.page_id}",
        "GET all",  # the listing that took the lock
    ]
    listed = lock.take_pages()
    assert listed is not None
    assert [p.page_id for p in listed] == [101, mine.page_id]
    assert listed[0].body == "<p>second version</p>"


def test_a_lock_held_by_another_run_is_refused_and_nothing_is_handed_over(conn, pages):
    pages.add(*other_lock("c" * 32, NOW + timedelta(minutes=30)))
    lock = new_lock(conn)
    with pytest.raises(CanvasError, match="locked by another apply: another run"):
        lock.acquire(pages=read_pages(conn))
    assert lock.take_pages() is None
    assert pages.log == ["GET search=canvas-npq lock"]


def test_expired_locks_the_check_deletes_are_not_in_the_listing_handed_over(conn, pages):
    def died(course: Pages) -> None:  # left by a run that died, stored meanwhile
        course.add(*other_lock("d" * 32, NOW - timedelta(minutes=1)))

    pages.before_listing = [died]
    lock = new_lock(conn)
    mine = lock.acquire(pages=read_pages(conn))
    listed = lock.take_pages()
    assert listed is not None
    assert [p.page_id for p in listed] == [101, mine.page_id]
    assert pages.log[-1] == "DELETE 103"


def test_a_page_with_a_lock_body_but_another_title_is_not_a_lock(conn, pages):
    # The search matches titles: the whole listing finds the same lock pages.
    pages.add("Notes", other_lock("e" * 32, NOW + timedelta(minutes=30))[1])
    lock = new_lock(conn)
    mine = lock.acquire(pages=read_pages(conn))
    assert [p.page_id for p in lock.take_pages() or ()] == [101, 102, mine.page_id]


def test_a_listing_without_our_page_does_not_take_the_lock(conn, pages):
    def lost(course: Pages) -> None:  # our page missing from the listing
        course.rows.pop(max(course.rows))

    pages.before_listing = [lost]
    lock = new_lock(conn)
    mine = lock.acquire(pages=read_pages(conn))
    assert pages.log.count("GET all") == 2
    assert [p.page_id for p in lock.take_pages() or ()] == [101, mine.page_id]


def test_a_check_that_fails_leaves_no_lock_page_behind(conn, pages):
    def fails() -> list[Any]:
        raise CanvasError("Canvas did not answer")

    lock = new_lock(conn)
    with pytest.raises(CanvasError, match="did not answer"):
        lock.acquire(pages=fails)
    assert list(pages.rows) == [101]
    assert lock.held is None and lock.take_pages() is None


def test_sync_read_takes_the_pages_from_the_lock_it_is_given(conn, pages, monkeypatch):
    lock = new_lock(conn)
    lock.acquire(pages=read_pages(conn))
    given: dict[str, Any] = {}

    def read_course(conn: Connection, course_id: int, **options: Any) -> Any:
        given.update(options["reuse"] or {})
        raise RuntimeError("read")

    monkeypatch.setattr(sync, "read_course", read_course)
    with pytest.raises(RuntimeError):
        sync.read(conn, 7, locked=lock)
    assert [p.page_id for p in given["pages"]] == [101, 102]
    with pytest.raises(ValueError, match="course 7's, not 8's"):
        sync.read(conn, 8, locked=lock)
