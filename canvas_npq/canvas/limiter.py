"""How many requests to Canvas may be in flight at once, adapted to Canvas's throttle.

Canvas throttles each access token with a leaky bucket (canvas-api.md §3): every
request reserves an up-front cost of 50 while it runs, then is charged what it really
cost; the bucket drains at 10 units a second; at 600 (``hwm``) requests are refused.
Every answer says how much room is left (``X-Rate-Limit-Remaining``) and what the
request cost (``X-Request-Cost``). So the safe number of requests in flight is not a
constant: it depends on how expensive the requests are and on what else uses the
token.

:class:`AdaptiveLimit` grows the number in flight by one for each round of answers
that leave plenty of room (additive increase) and halves it when the room runs low or
a request is refused (multiplicative decrease), never above the cap
(``--concurrency``). One limit is shared by every connection of this process to the
same Canvas with the same token, since they drain the same bucket: cohorts applied
side by side share it.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass

START = 4  # requests in flight before Canvas has said anything about its bucket
UP_FRONT_COST = 50.0  # what Canvas reserves for each request in flight
ROOMY = 200.0  # remaining at or above this with one more in flight (cheap requests): grow
TIGHT = 150.0  # remaining below this: shrink (three requests' up-front cost)
EXPENSIVE = 5.0  # X-Request-Cost above this (seconds of Canvas's time): do not grow


@dataclass
class LimitStats:
    peak: int = 0  # the most requests in flight at once
    grown: int = 0
    shrunk: int = 0


class AdaptiveLimit:
    """A counting gate whose size follows Canvas's throttle headers (AIMD)."""

    def __init__(self, cap: int, start: int = START) -> None:
        self.cap = max(1, cap)
        self.limit = max(1, min(start, self.cap))
        self.in_flight = 0
        self.stats = LimitStats()
        self._good = 0  # roomy answers since the limit last changed
        self._cond = threading.Condition()

    def widen_cap(self, cap: int) -> None:
        """Another connection shares this limit with a cap of its own: the larger holds
        (each connection's own thread pool still bounds what it sends)."""
        with self._cond:
            self.cap = max(self.cap, cap)

    def acquire(self) -> None:
        with self._cond:
            while self.in_flight >= self.limit:
                self._cond.wait()
            self.in_flight += 1
            self.stats.peak = max(self.stats.peak, self.in_flight)

    def release(
        self, remaining: float | None = None, cost: float | None = None, refused: bool = False
    ) -> None:
        """A request finished: what Canvas said about its bucket (None when it said
        nothing, e.g. the connection failed)."""
        with self._cond:
            self.in_flight -= 1
            if refused or (remaining is not None and remaining < TIGHT):
                if self.limit > 1:
                    self.limit = max(1, self.limit // 2)
                    self.stats.shrunk += 1
                self._good = 0
            elif self._roomy(remaining, cost):
                self._good += 1
                if self._good >= self.limit and self.limit < self.cap:
                    self.limit += 1  # one more after a whole round of roomy answers
                    self.stats.grown += 1
                    self._good = 0
            self._cond.notify_all()

    @staticmethod
    def _roomy(remaining: float | None, cost: float | None) -> bool:
        # One more request in flight reserves another up-front cost: grow only if the
        # bucket would still be roomy with it, and the requests are cheap.
        if remaining is None or remaining < ROOMY + UP_FRONT_COST:
            return False
        return cost is None or cost <= EXPENSIVE


_SHARED: dict[tuple[str, str], AdaptiveLimit] = {}
_SHARED_LOCK = threading.Lock()


def shared_limit(origin: str, token: str, cap: int) -> AdaptiveLimit:
    """The limit for every connection to ``origin`` with ``token`` in this process (the
    token is kept only as a digest)."""
    key = (origin, hashlib.sha256(token.encode("utf-8")).hexdigest())
    with _SHARED_LOCK:
        limit = _SHARED.get(key)
        if limit is None:
            limit = _SHARED[key] = AdaptiveLimit(cap)
        else:
            limit.widen_cap(cap)
        return limit
