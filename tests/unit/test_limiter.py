"""The adaptive limit on requests in flight: it follows Canvas's throttle headers."""

from __future__ import annotations

import threading
import time

from canvas_npq.canvas.limiter import START, AdaptiveLimit, shared_limit


def answer(limit: AdaptiveLimit, remaining: float | None, cost: float | None = 0.1) -> None:
    limit.acquire()
    limit.release(remaining, cost)


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


def test_halves_when_the_bucket_runs_low_or_a_request_is_refused() -> None:
    limit = AdaptiveLimit(cap=16, start=8)
    answer(limit, remaining=120)
    assert limit.limit == 4
    limit.acquire()
    limit.release(remaining=0.0, cost=None, refused=True)
    assert limit.limit == 2
    for _ in range(5):
        limit.acquire()
        limit.release(refused=True)
    assert limit.limit == 1  # never below one
    assert limit.stats.shrunk == 3


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
