"""The lock keeper: renews in the background, and is set when the lock is lost or
cannot be renewed while it is still held."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

from canvas_npq.canvas.errors import CanvasError
from canvas_npq.canvas.lock import LockKeeper, LockLost, LockRecord

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=timezone.utc)


class StubLock:
    """A held lock whose renewals answer as told; time moves on a minute per renewal."""

    def __init__(self, answers: list[BaseException | None]) -> None:
        self.course_id = 7
        self.ttl = timedelta(minutes=3)
        self.now = NOW
        self.answers = answers
        self.tries = 0
        self.held = LockRecord("me", "host", 1, "n", NOW, NOW + self.ttl, page_id=5)

    def clock(self) -> datetime:
        return self.now

    def renew(self) -> LockRecord:
        self.tries += 1
        self.now += timedelta(minutes=1)
        answer = self.answers.pop(0) if self.answers else None
        if answer is not None:
            raise answer
        self.held = LockRecord(**{**self.held.__dict__, "expires_at": self.now + self.ttl})
        return self.held


def _wait(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_renewals_keep_it_held_and_a_passing_failure_is_retried() -> None:
    lock = StubLock([None, CanvasError("Canvas did not answer"), None, None])
    with LockKeeper(lock, interval=0.001) as keeper:  # type: ignore[arg-type]
        _wait(lambda: lock.tries >= 4)
    assert not keeper.is_set() and keeper.renewals >= 3


def test_a_lock_that_cannot_be_renewed_in_time_sets_the_keeper_before_it_expires() -> None:
    # Interval of a minute (by the stub's clock, a renewal takes one): two failures in
    # a row leave too little time for a third try.
    lock = StubLock([CanvasError("no answer")] * 10)
    keeper = LockKeeper(lock, interval=60)  # type: ignore[arg-type]
    keeper._done.wait = lambda timeout=None: False  # no real waiting between tries
    with keeper:
        _wait(keeper.is_set)
    assert "could not be renewed before it expires" in keeper.reason
    assert lock.now < lock.held.expires_at  # stopped while the lock was still held


def test_a_removed_lock_sets_the_keeper_at_once() -> None:
    lock = StubLock([LockLost("the lock of course 7 was removed by another run")])
    with LockKeeper(lock, interval=0.001) as keeper:  # type: ignore[arg-type]
        _wait(keeper.is_set)
    assert keeper.reason == "stopped: the lock of course 7 was removed by another run"
    assert lock.tries == 1
