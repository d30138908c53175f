"""The adaptive limit on requests in flight: it follows Canvas's throttle headers."""

from __future__ import annotations

import threading
import time

from canvas_npq.canvas.limiter import START, AdaptiveLimit, shared_limit


def answer(limit: AdaptiveLimit, remaining: float | None, cost: float | None = 0.1) -> None:
    """One answer while the limit is in use: every slot taken, one comes back."""
    for _ in range(limit.limit):
        limit.acquire()
    limit.release(remaining, cost)
    for _ in range(limit.in_flight):
        limit.release()


def test_grows_one_per_round_of_roomy_answers_up_to_the_cap() -> None:
    limit = AdaptiveLimit(cap=6)
    assert limit.limit == START == 4
    for _ in range(4):
        answer(limit, remaining=550)
    assert limit.limit == 5  # a whole round (4 answers) of room: one more
    for _ in range(100):
        answer(limit, remaining=550)
    assert limit.limit == 6  # never above the cap


def test_does_not_grow_when_one_more_request_would_leave_little_room() -> None:
    limit = AdaptiveLimit(cap=16)
    for _ in range(50):
        answer(limit, remaining=240)  # one more up-front cost (50) would leave 190
    assert limit.limit == START


def test_expensive_requests_do_not_grow_it() -> None:
    limit = AdaptiveLimit(cap=16)
    for _ in range(50):
        answer(limit, remaining=550, cost=12.0)
    assert limit.limit == START


def test_halves_when_a_request_is_refused() -> None:
    limit = AdaptiveLimit(cap=16, start=8)
    limit.acquire()
    limit.release(remaining=0.0, cost=None, refused=True)
    assert limit.limit == 4
    limit.acquire()
    limit.release(refused=True)
    assert limit.limit == 2
    for _ in range(5):
        limit.acquire()
        limit.release(refused=True)
    assert limit.limit == 1  # never below one


def test_a_nearly_full_bucket_leaves_room_for_little_more_than_what_runs() -> None:
    limit = AdaptiveLimit(cap=16, start=8)
    for _ in range(3):
        limit.acquire()
    limit.release(remaining=120)  # below the floor, two others still running
    assert limit.limit <= 2
    limit.release(remaining=400)
    limit.release(remaining=400)
    assert limit.limit <= 2  # room is never a reason to grow by more than a round


def test_an_unused_limit_is_not_grown() -> None:
    # Answers with room to spare while fewer requests run than allowed: growing the
    # limit then would let a later burst start more requests than the bucket holds.
    limit = AdaptiveLimit(cap=32)
    for _ in range(100):
        limit.acquire()
        limit.release(remaining=590, cost=0.1)
    assert limit.limit == START


def test_never_more_than_the_last_answer_has_room_for() -> None:
    limit = AdaptiveLimit(cap=32, start=12)
    for _ in range(3):
        limit.acquire()
    limit.release(remaining=300, cost=0.1)  # two still in flight, room for three more
    assert limit.limit == 2 + 3


def test_no_answer_changes_nothing() -> None:
    limit = AdaptiveLimit(cap=8)
    answer(limit, remaining=None, cost=None)  # e.g. the connection failed
    assert (limit.limit, limit.in_flight) == (START, 0)


def test_never_more_in_flight_than_the_limit() -> None:
    limit = AdaptiveLimit(cap=3, start=3)
    in_flight = 0
    seen = 0
    lock = threading.Lock()

    def request() -> None:
        nonlocal in_flight, seen
        limit.acquire()
        with lock:
            in_flight += 1
            seen = max(seen, in_flight)
        time.sleep(0.01)
        with lock:
            in_flight -= 1
        limit.release(remaining=100)  # tight: the limit shrinks while requests run

    threads = [threading.Thread(target=request) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen <= 3 and limit.stats.peak == seen
    assert limit.limit == 1


def test_one_limit_per_canvas_and_token() -> None:
    a = shared_limit("https://a.example", "token-1", 4)
    assert shared_limit("https://a.example", "token-1", 8) is a
    assert a.cap == 8  # the larger cap of the connections that share it
    assert shared_limit("https://a.example", "token-2", 4) is not a
    assert shared_limit("https://b.example", "token-1", 4) is not a
