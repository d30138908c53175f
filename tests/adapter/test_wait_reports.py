"""The connection tells whoever listens (apply's progress display) of every wait, with
its length and cause: backoff after throttling, and pacing before Canvas's bucket runs
dry."""

from __future__ import annotations

import responses

from canvas_npq.canvas.client import PACE_FLOOR, CanvasConfig, Connection

BASE = "http://127.0.0.1:9"
API = f"{BASE}/api/v1"


def connection() -> tuple[Connection, list[float], list[tuple[float, str]]]:
    sleeps: list[float] = []
    waits: list[tuple[float, str]] = []
    conn = Connection(CanvasConfig(BASE, "t0ken-x"), max_attempts=3, sleep=sleeps.append)
    conn.on_wait = lambda seconds, why: waits.append((seconds, why))
    return conn, sleeps, waits


@responses.activate
def test_a_throttled_request_reports_its_wait_before_sleeping_it() -> None:
    conn, sleeps, waits = connection()
    responses.get(f"{API}/users/self", body="429", status=429, headers={"Retry-After": "7"})
    responses.get(f"{API}/users/self", json={"id": 1})
    conn.get("users/self")
    assert len(waits) == 1 and waits[0][1] == "throttling (rate limit)"
    assert waits[0][0] == sleeps[0] >= 7


@responses.activate
def test_pacing_reports_its_wait() -> None:
    conn, sleeps, waits = connection()
    responses.get(f"{API}/users/self", json={"id": 1}, headers={"X-Rate-Limit-Remaining": "50.0"})
    conn.get("users/self")
    conn.get("users/self")  # paced: the bucket was nearly full
    assert waits == [((PACE_FLOOR - 50.0) / 10.0, "Canvas's rate limit is nearly reached")]
    assert sleeps == [waits[0][0]]


@responses.activate
def test_a_listener_that_fails_never_stops_a_request() -> None:
    conn, _, _ = connection()

    def broken(seconds: float, why: str) -> None:
        raise RuntimeError("display gone")

    conn.on_wait = broken
    responses.get(f"{API}/users/self", body="429", status=429, headers={"Retry-After": "1"})
    responses.get(f"{API}/users/self", json={"id": 1})
    assert conn.get("users/self") == {"id": 1}
