"""Canvas's request throttle: a leaky bucket per access token (canvas-api.md §3).

Before a request runs, the bucket drains by ``outflow × elapsed seconds`` and the request
reserves ``up_front_cost``; afterwards the reservation is swapped for the real cost.
``X-Rate-Limit-Remaining`` is ``hwm − count``. When enforcement is on, a request that
finds the bucket at or above ``hwm`` is refused; otherwise the sandbox only reports the
headers, so a single-threaded client never notices the bucket.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from werkzeug.wrappers import Response


@dataclass
class ThrottleSettings:
    hwm: float = 600.0
    maximum: float = 800.0
    outflow: float = 10.0
    up_front_cost: float = 50.0
    enforce: bool = False
    status: int = 403  # 403 as in the open-source middleware; 429 on newer hosted Canvas
    # What each request costs once it has run: None charges the time the sandbox spent on
    # it, as Canvas charges its CPU and database time; a number makes the bucket
    # independent of how busy this machine is (for tests of a client's pacing).
    fixed_cost: float | None = None


@dataclass
class _Bucket:
    count: float = 0.0
    updated: float = 0.0


@dataclass
class Throttle:
    """Leaky buckets keyed by client identifier (the token)."""

    settings: ThrottleSettings = field(default_factory=ThrottleSettings)
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[str, _Bucket] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _drain(self, key: str) -> _Bucket:
        now = self.clock()
        bucket = self._buckets.setdefault(key, _Bucket(updated=now))
        bucket.count = max(0.0, bucket.count - (now - bucket.updated) * self.settings.outflow)
        bucket.updated = now
        return bucket

    def reserve(self, key: str) -> tuple[bool, float]:
        """Start a request: ``(allowed, remaining)``. A refused request reserves nothing."""
        with self._lock:
            bucket = self._drain(key)
            if self.settings.enforce and bucket.count >= self.settings.hwm:
                return False, 0.0
            bucket.count = min(self.settings.maximum, bucket.count + self.settings.up_front_cost)
            return True, self.settings.hwm - bucket.count

    def settle(self, key: str, cost: float) -> float:
        """Finish a request: replace its reservation with ``cost``; returns remaining."""
        with self._lock:
            bucket = self._drain(key)
            bucket.count += cost - self.settings.up_front_cost
            bucket.count = min(self.settings.maximum, max(0.0, bucket.count))
            return self.settings.hwm - bucket.count

    def reset(self) -> None:
        with self._lock:
            self._buckets.clear()


def throttled_response(status: int = 403) -> Response:
    """Canvas's throttled reply: plain text, ``X-Rate-Limit-Remaining: 0.0`` and no
    ``X-Request-Cost`` (§3). 429 is what newer hosted Canvas sends instead; its body text
    follows the developer docs ("429 Forbidden (Rate Limit Exceeded)")."""
    response = Response(
        f"{status} Forbidden (Rate Limit Exceeded)\n",
        status=status,
        content_type="text/plain; charset=utf-8",
    )
    response.headers["X-Rate-Limit-Remaining"] = "0.0"
    return response
