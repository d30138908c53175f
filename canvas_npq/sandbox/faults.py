"""Fault injection: make the Nth matching API request fail, stall, or lose its reply.

Kinds:
  ``status``   answer with an error status (Canvas-shaped body) without running the request
  ``throttle`` answer with Canvas's throttle reply (403 text/plain, or 429) (canvas-api.md §3)
  ``delay``    sleep ``delay_ms`` and then run the request normally
  ``drop``     run the request (the change is committed) and close the connection unanswered,
               as a timeout after a successful POST looks to a client (§21.19)

Paths are shell-style patterns matched against the request path; a pattern that does not
start with ``/api/`` is taken relative to ``/api/v1``.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import asdict, dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from werkzeug.wrappers import Response

from . import errors
from .api import json_response
from .throttle import throttled_response

KINDS = ("status", "throttle", "delay", "drop")
_ids = itertools.count(1)


@dataclass
class Fault:
    kind: str
    path: str = "*"
    method: str = "*"
    nth: int = 1  # the first matching request that fails
    times: int = 1  # how many matching requests fail from the nth on (0 = forever)
    status: int = 500
    delay_ms: float = 0
    id: int = field(default_factory=lambda: next(_ids))
    seen: int = 0
    fired: int = 0

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; expected one of {KINDS}")
        if self.kind == "throttle" and self.status not in (403, 429):
            self.status = 403
        if self.nth < 1:
            raise ValueError("nth counts from 1")

    def matches(self, method: str, path: str) -> bool:
        pattern = (
            self.path
            if self.path.startswith("/api/") or self.path == "*"
            else f"/api/v1{self.path}"
        )
        return (self.method == "*" or self.method.upper() == method) and fnmatchcase(path, pattern)

    @property
    def exhausted(self) -> bool:
        return self.times != 0 and self.fired >= self.times

    def response(self) -> Response:
        if self.kind == "throttle":
            return throttled_response(self.status)
        return _status_response(self.status)

    def describe(self) -> dict[str, Any]:
        return asdict(self)


def _status_response(status: int) -> Response:
    canned = {
        400: errors.bad_request("injected fault"),
        401: errors.invalid_token(),
        403: errors.forbidden(),
        404: errors.not_found(),
        409: errors.bad_request("injected conflict", status=409),
        422: errors.bad_request("injected fault", status=422),
    }
    exc = canned.get(status) or errors.server_error()
    response = json_response(exc.body, status=status)
    for name, value in exc.headers.items():
        response.headers[name] = value
    return response


class FaultInjector:
    """The armed faults; thread-safe, consulted once per API request."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def list(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def take(self, method: str, path: str) -> Fault | None:
        """The fault that applies to this request, if any (the first armed one wins)."""
        with self._lock:
            for fault in self._faults:
                if fault.exhausted or not fault.matches(method, path):
                    continue
                fault.seen += 1
                if fault.seen >= fault.nth:
                    fault.fired += 1
                    return fault
            return None
