"""The course lock: two applies to one course never interleave.

The lock lives in Canvas itself, so it holds across machines and CI runners: an
unpublished page titled ``canvas-npq lock (do not edit) <nonce>`` whose body records
the holder, host, process id and expiry. Canvas has no compare-and-set, so acquiring
is create-then-verify:

1. list the lock pages; one that is not expired and not ours means the course is
   locked (:class:`LockHeld`, naming the holder); expired ones are deleted;
2. create our own lock page;
3. list again: if ours is listed and is the only live lock, we hold it. If another
   appeared, two runs raced: both see each other (each listed after its own create
   returned, so after it was stored), both withdraw their page, wait a random moment
   and try again. A listing without our page does not show the course as it is now:
   we withdraw and try again too.

At most one run can see only its own page, so at most one holds the lock.

The lock pages are searched by title (``search_term``): one request however many pages
the course has. Apply reads the course's pages again as soon as it holds the lock, so
for apply step 3 lists every page of the course instead (``acquire(pages=)``, the
reader's pages listing): that listing began after our page was stored and showed it as
the only live lock, so it is a read of the pages under the lock, and apply takes it
(:meth:`CourseLock.take_pages`) rather than list the pages once more. Step 1, renewing
and the checks after a lost answer keep the search: they need no content.

A lock left behind by a run that died expires (``ttl``) and is cleared by the next
run; on the machine that took it, it is cleared at once when its process no longer
exists.

A run that holds the lock longer than a few minutes keeps it with a
:class:`LockKeeper`, which moves the expiry ``ttl`` ahead every ``ttl / 3``. If the
lock cannot be renewed before it expires, or its page is gone (another run took the
course, taking the lock for expired), the keeper is *set*: given to apply as its
``stop`` signal, it ends the run before the next write, so two runs never write to one
course at once.
"""

from __future__ import annotations

import getpass
import html
import json
import logging
import os
import random
import re
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from canvas_npq.canvas.client import Connection
from canvas_npq.canvas.errors import CanvasError, PermissionDenied, ResponseLost
from canvas_npq.canvas.paging import get_all

LOCK_TITLE = "canvas-npq lock (do not edit)"
LOCK_ATTRIBUTE = "data-canvas-npq-lock"
# What the lock pages are searched by: Canvas's ``search_term`` matches it anywhere in
# a page's title, ignoring case (``WikiPage.search_by_attribute``).
SEARCH_TERM = "canvas-npq lock"
DEFAULT_TTL = timedelta(minutes=30)
log = logging.getLogger(__name__)
_PRE = re.compile(r"<pre[^>]*>(.*?)</pre>", re.DOTALL)

Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _value(page: Any, name: str) -> Any:
    """A listed page's attribute: a JSON row (dict), or the reader's listed object."""
    return page.get(name) if isinstance(page, Mapping) else getattr(page, name, None)


class LockLost(CanvasError):
    """The lock this run held is no longer its own; the run must stop writing."""


class LockHeld(CanvasError):
    """Another run holds the course's lock; nothing was changed."""

    def __init__(self, course_id: int | str, record: LockRecord) -> None:
        super().__init__(
            f"Course {course_id} is locked by another apply: {record.describe()}. "
            "Nothing was changed. Wait for it to finish and run again (a lock left by a run "
            f"that died expires at {record.expires_at.isoformat(timespec='minutes')})."
        )
        self.course_id = course_id
        self.record = record


@dataclass(frozen=True)
class LockRecord:
    holder: str
    host: str
    pid: int
    nonce: str
    acquired_at: datetime
    expires_at: datetime
    page_id: int | None = None

    def describe(self) -> str:
        return (
            f"{self.holder} on {self.host} (pid {self.pid}) since "
            f"{self.acquired_at.isoformat(timespec='seconds')}"
        )

    def to_body(self) -> str:
        data = json.dumps(
            {
                "holder": self.holder,
                "host": self.host,
                "pid": self.pid,
                "nonce": self.nonce,
                "acquired_at": self.acquired_at.isoformat(),
                "expires_at": self.expires_at.isoformat(),
            },
            sort_keys=True,
        )
        return (
            f'<div {LOCK_ATTRIBUTE}="1"><p>canvas-npq is applying changes to this course. '
            "It deletes this page when it is done. Please do not edit it.</p>"
            f"<pre>{html.escape(data, quote=False)}</pre></div>"
        )

    @classmethod
    def from_page(cls, page: Mapping[str, Any] | Any) -> LockRecord | None:
        body = _value(page, "body") or ""
        match = _PRE.search(body) if LOCK_ATTRIBUTE in body else None
        if not match:
            return None
        try:
            data = json.loads(html.unescape(re.sub(r"<[^>]+>", "", match.group(1))))
            return cls(
                holder=str(data["holder"]),
                host=str(data["host"]),
                pid=int(data["pid"]),
                nonce=str(data["nonce"]),
                acquired_at=datetime.fromisoformat(data["acquired_at"]),
                expires_at=datetime.fromisoformat(data["expires_at"]),
                page_id=_value(page, "page_id"),
            )
        except (ValueError, KeyError, TypeError):
            return None


def default_holder() -> str:
    """Who is applying: the CI actor when there is one, else the local user."""
    actor = os.environ.get("GITHUB_ACTOR")
    if actor:
        return f"{actor} (GitHub Actions run {os.environ.get('GITHUB_RUN_ID', '?')})"
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown user"


def _abandoned(record: LockRecord) -> bool:
    """A lock taken on this machine by a process that no longer exists (killed)."""
    if os.name != "posix" or record.host != socket.gethostname() or record.pid == os.getpid():
        return False
    try:
        os.kill(record.pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


class CourseLock:
    """The lock of one course. ``acquire`` then ``release``, or use :func:`course_lock`."""

    def __init__(
        self,
        conn: Connection,
        course_id: int | str,
        *,
        holder: str | None = None,
        ttl: timedelta = DEFAULT_TTL,
        clock: Clock = _utc_now,
        attempts: int = 5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.conn = conn
        self.course_id = course_id
        self.holder = holder or default_holder()
        self.ttl = ttl
        self.clock = clock
        self.attempts = attempts
        self.sleep = sleep
        self.held: LockRecord | None = None
        # The course's pages as the check that took the lock listed them (acquire(pages=)).
        self._pages: list[Any] | None = None

    # -- Canvas ---------------------------------------------------------------------

    def records(self) -> list[LockRecord]:
        """Every lock page in the course, oldest first.

        :calls: ``GET /api/v1/courses/:id/pages?search_term=canvas-npq lock&include[]=body``
            (every page of the list)
        """
        pages = get_all(
            self.conn,
            f"courses/{self.course_id}/pages",
            search_term=SEARCH_TERM,
            include=["body"],
        )
        return _records_in(pages)

    def create(self) -> LockRecord:
        """:calls: ``POST /api/v1/courses/:id/pages`` (unpublished)."""
        now = self.clock()
        record = LockRecord(
            holder=self.holder,
            host=socket.gethostname(),
            pid=os.getpid(),
            nonce=uuid.uuid4().hex,
            acquired_at=now,
            expires_at=now + self.ttl,
        )
        try:
            page = self.conn.send(
                "POST",
                f"courses/{self.course_id}/pages",
                wiki_page={
                    "title": f"{LOCK_TITLE} {record.nonce[:8]}",
                    "body": record.to_body(),
                    "published": False,
                },
            )
        except ResponseLost:
            # The answer was lost: if Canvas made the page, it carries our nonce.
            mine = [r for r in self.records() if r.nonce == record.nonce]
            if not mine:
                raise
            return mine[0]
        return LockRecord(**{**record.__dict__, "page_id": page["page_id"]})

    def delete(self, record: LockRecord) -> None:
        """:calls: ``DELETE /api/v1/courses/:id/pages/page_id::id`` (gone already is fine).

        Canvas still finds a deleted page by ``page_id:N`` and answers 403 to deleting it
        again (another run cleaned it up, or a retried DELETE had worked): a 403 for a
        page the lock pages no longer list is "gone already" too.
        """
        try:
            self.conn.send("DELETE", f"courses/{self.course_id}/pages/page_id:{record.page_id}")
        except PermissionDenied:
            if self._listed(record):
                raise
        except CanvasError as error:
            if "404" not in str(error):
                raise

    def _listed(self, record: LockRecord) -> bool:
        return any(r.page_id == record.page_id for r in self.records())

    # -- the protocol -----------------------------------------------------------------

    def _live_others(
        self, mine: LockRecord | None, records: list[LockRecord] | None = None
    ) -> list[LockRecord]:
        """The live locks other than ``mine`` among ``records`` (default: as searched
        now); expired and abandoned ones are deleted."""
        now = self.clock()
        others = []
        for record in self.records() if records is None else records:
            if mine is not None and record.page_id == mine.page_id:
                continue
            if record.expires_at <= now or _abandoned(record):
                self.delete(record)  # left behind by a run that died
                continue
            others.append(record)
        return others

    def acquire(self, pages: Callable[[], list[Any]] | None = None) -> LockRecord:
        """Take the lock, or raise :class:`LockHeld` naming the run that holds it.

        ``pages`` is a read of the course's whole pages listing, with bodies (the
        reader's). Given, the check after our page is created lists every page with it
        rather than searching the lock pages, and the listing of the attempt that took
        the lock is kept for :meth:`take_pages`.

        :calls: ``GET .../pages?search_term=canvas-npq lock&include[]=body``,
            ``POST /api/v1/courses/:id/pages``, then the search again, or ``pages``;
            each again when two runs raced.
        """
        raced = False
        self._pages = None
        for attempt in range(self.attempts):
            others = self._live_others(None)
            if others:
                if not raced or attempt == self.attempts - 1:
                    raise LockHeld(self.course_id, others[0])
                # A run we raced with may still be withdrawing its page: give it a moment.
                self.sleep(random.uniform(0.1, 0.4) * (attempt + 1))
                continue
            mine = self.create()
            try:
                # Listed after our page was stored: it is in the listing, as is any other
                # run's page stored before the listing began.
                listed = self.conn.read(pages) if pages is not None else None
                records = self.records() if listed is None else _records_in(_searched(listed))
                others = self._live_others(mine, records)
            except BaseException:
                with suppress(Exception):  # not taken: our page is not left behind
                    self.delete(mine)
                raise
            # A listing without our page does not show the course as it is now, so it
            # proves nothing about other runs either: not taken, tried again.
            if not others and any(r.page_id == mine.page_id for r in records):
                self.held = mine
                if listed is not None:  # less the expired locks the check deleted
                    cleared = {r.page_id for r in records if r.page_id != mine.page_id}
                    listed = [p for p in listed if _value(p, "page_id") not in cleared]
                self._pages = listed
                return mine
            self.delete(mine)
            raced = True
            self.sleep(random.uniform(0.05, 0.5) * (attempt + 1))
        raise CanvasError(
            f"Could not take the lock of course {self.course_id}: other runs kept racing for "
            "it. Nothing was changed; try again."
        )

    def take_pages(self) -> list[Any] | None:
        """The course's pages as listed by the check that took the lock
        (``acquire(pages=)``), or None: given once, then forgotten.

        That listing began after our lock page was stored and showed it as the only live
        lock, so no other run could write to the course from then on: it is a read of the
        pages under the lock, as a listing made now would be until this run writes.
        Apply's read under the lock takes it instead of listing the pages again.
        """
        pages, self._pages = self._pages, None
        return pages

    def release(self) -> None:
        self._pages = None
        if self.held is not None:
            self.delete(self.held)
            self.held = None

    def renew(self) -> LockRecord:
        """Move the held lock's expiry ``ttl`` ahead, or raise :class:`LockLost` if its
        page is gone or another run's live lock is there too.

        The page is looked for first. Canvas refuses (403) a PUT to a page deleted
        meanwhile, which is the lock lost too; and a PUT to a page id that does not
        exist at all creates a page (an upsert), which is deleted again.

        :calls: ``GET .../pages?search_term=canvas-npq lock``, then
            ``PUT /api/v1/courses/:id/pages/page_id::id``
        """
        held = self.held
        if held is None:
            raise LockLost(f"Course {self.course_id}: no lock is held to renew")
        now = self.clock()
        records = self.records()
        if not any(r.page_id == held.page_id and r.nonce == held.nonce for r in records):
            raise LockLost(
                f"the lock of course {self.course_id} was removed by another run"
            ) from None
        other = next((r for r in records if r.nonce != held.nonce and r.expires_at > now), None)
        if other is not None:
            raise LockLost(f"course {self.course_id} is locked by another run: {other.describe()}")
        record = LockRecord(**{**held.__dict__, "expires_at": now + self.ttl})
        try:
            page = self.conn.send(
                "PUT",
                f"courses/{self.course_id}/pages/page_id:{held.page_id}",
                wiki_page={"body": record.to_body()},
            )
        except PermissionDenied:
            # Deleted between the two requests: Canvas refuses to edit a deleted page.
            if self._listed(held):
                raise
            raise LockLost(
                f"the lock of course {self.course_id} was removed by another run"
            ) from None
        made = (page or {}).get("page_id")
        if made is not None and made != held.page_id:
            self.delete(LockRecord(**{**record.__dict__, "page_id": made}))
            raise LockLost(
                f"the lock of course {self.course_id} was removed by another run"
            ) from None
        self.held = record
        return record

    def keep_alive(self, interval: float | None = None) -> LockKeeper:
        """A :class:`LockKeeper` for this lock (use it as a context manager)."""
        return LockKeeper(self, interval)


class LockKeeper:
    """Renews a held lock in the background while a ``with`` block runs.

    Set (``is_set()``, with ``reason``) once the lock is lost: its page is gone, or it
    could not be renewed before it expired. Apply takes it as its ``stop`` signal.
    """

    def __init__(self, lock: CourseLock, interval: float | None = None) -> None:
        self.lock = lock
        self.interval = interval if interval is not None else lock.ttl.total_seconds() / 3
        self.reason = ""
        self.renewals = 0
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def is_set(self) -> bool:
        return bool(self.reason)

    def __enter__(self) -> LockKeeper:
        self._thread = threading.Thread(target=self._run, name="canvas-npq-lock", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        while not self._done.wait(self.interval):
            held = self.lock.held
            try:
                self.lock.renew()
                self.renewals += 1
            except LockLost as error:
                self.reason = f"stopped: {error}"
                return
            except Exception as error:  # tried again at the next interval
                log.warning("could not renew the course lock: %s", type(error).__name__)
                next_try = self.lock.clock() + timedelta(seconds=self.interval)
                if held is not None and next_try >= held.expires_at:
                    # Stop while the lock is still ours: the next try would be too late.
                    self.reason = (
                        f"stopped: the lock of course {self.lock.course_id} could not be "
                        "renewed before it expires"
                    )
                    return


def _records_in(pages: list[Any]) -> list[LockRecord]:
    """The lock records among listed pages (those carrying one), oldest first."""
    found = [LockRecord.from_page(page) for page in pages]
    return sorted((r for r in found if r is not None), key=lambda r: r.page_id or 0)


def _searched(pages: list[Any]) -> list[Any]:
    """The pages of a whole listing that the lock pages' search finds: ``SEARCH_TERM``
    in the title, ignoring case, as Canvas's ``search_term`` matches it."""
    term = SEARCH_TERM.casefold()
    return [p for p in pages if term in str(_value(p, "title") or "").casefold()]


def clear_stale(
    conn: Connection,
    course_id: int | str,
    pages: list[dict[str, Any]],
    clock: Clock = _utc_now,
) -> list[LockRecord]:
    """Delete the lock pages left by runs that died (expired, or their process gone
    on this machine) among ``pages`` (as the reader found them); return their records.

    A run killed after its last write leaves its lock behind, and the next apply, with
    nothing to write, takes no lock and so would leave it; it calls this instead.

    :calls: ``DELETE /api/v1/courses/:id/pages/page_id::id`` per stale lock (none for a
        course without one).
    """
    now = clock()
    lock = CourseLock(conn, course_id, clock=clock)
    stale = []
    for page in pages:
        record = LockRecord.from_page(page)
        if record is not None and (record.expires_at <= now or _abandoned(record)):
            lock.delete(record)
            stale.append(record)
    return stale


@contextmanager
def course_lock(conn: Connection, course_id: int | str, **options: Any) -> Iterator[LockRecord]:
    """Hold the course's lock for the duration of the ``with`` block."""
    lock = CourseLock(conn, course_id, **options)
    record = lock.acquire()
    try:
        yield record
    finally:
        lock.release()
