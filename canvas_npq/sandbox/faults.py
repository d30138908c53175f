"""Fault injection: make the Nth matching API request fail, stall, or lose its reply.

Kinds:
  ``status``   answer with an error status (Canvas-shaped body) without running the request
  ``throttle`` answer with Canvas's throttle reply (403 text/plain, or 429) (canvas-api.md §3)
  ``delay``    sleep ``delay_ms`` and then run the request normally
  ``drop``     run the request (the change is committed) and close the connection unanswered,
               as a timeout after a successful POST looks to a client (§21.19)
  ``login``    answer 200 with an HTML login page without running the request, as a
               single-sign-on proxy in front of Canvas does
  ``truncate`` run the request and answer with the first half of its body only
  ``blank``    run the request and answer 200 with an empty JSON object (``{}``): valid
               JSON that shows nothing of what was done
  ``halt``     from the nth matching request on, run no request at all (whatever its
               path): each waits ``delay_ms`` (or until the faults are disarmed) and is
               answered with ``status`` (default 503) without running. With ``path="*"``
               and ``nth=i+1`` the course is left exactly as a client killed after request
               ``i`` leaves it; with a path, as one killed just before that request.

Paths are shell-style patterns matched against the request path; a pattern that does not
start with ``/api/`` or ``*`` is taken relative to ``/api/v1``. ``*/download*`` matches
file downloads, which are not under ``/api/v1``.
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

KINDS = ("status", "throttle", "delay", "drop", "halt", "login", "truncate", "blank")
LOGIN_PAGE = (
    "<!DOCTYPE html><html><head><title>Sign in</title></head><body>"
    '<form method="post" action="/idp/login"><input name="username">'
    '<input name="password" type="password"><button>Sign in</button></form></body></html>'
)
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
        if self.kind == "halt":
            self.times = 0  # everything from the nth on
            if self.status == 500:
                self.status = 503
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; expected one of {KINDS}")
        if self.kind == "throttle" and self.status not in (403, 429):
            self.status = 403
        if self.nth < 1:
            raise ValueError("nth counts from 1")

    def matches(self, method: str, path: str) -> bool:
        pattern = self.path if self.path.startswith(("/api/", "*")) else f"/api/v1{self.path}"
        return (self.method == "*" or self.method.upper() == method) and fnmatchcase(path, pattern)

    @property
    def exhausted(self) -> bool:
        return self.times != 0 and self.fired >= self.times

    def response(self) -> Response:
        if self.kind == "login":
            return Response(LOGIN_PAGE, status=200, content_type="text/html; charset=utf-8")
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
        self._disarmed = threading.Event()

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
            self._disarmed = threading.Event()
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
            self._disarmed.set()

    def wait_disarmed(self, seconds: float) -> None:
        """Block (a halted request) for ``seconds`` or until the faults are cleared."""
        with self._lock:
            event = self._disarmed
        event.wait(seconds)

    def list(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def take(self, method: str, path: str) -> Fault | None:
        """The fault that applies to this request, if any (the first armed one wins).

        Once a ``halt`` has fired, it applies to every request, whatever its path."""
        with self._lock:
            for fault in self._faults:
                if fault.kind == "halt" and fault.fired:
                    fault.fired += 1
                    return fault
            for fault in self._faults:
                if fault.exhausted or not fault.matches(method, path):
                    continue
                fault.seen += 1
                if fault.seen >= fault.nth:
                    fault.fired += 1
                    return fault
            return None


def parse_fault(text: str) -> Fault:
    """A fault from the command line: ``KIND[,key=value...]``, e.g.
    ``status,path=/courses/*/modules,method=POST,nth=3,status=503`` or
    ``throttle,status=429,times=2`` or ``drop,method=POST,nth=5`` or ``halt,nth=40``."""
    kind, _, rest = text.partition(",")
    options: dict[str, Any] = {}
    for part in filter(None, rest.split(",")):
        key, sep, value = part.partition("=")
        key = key.strip().replace("-", "_")
        if not sep or key not in {"path", "method", "nth", "times", "status", "delay_ms"}:
            raise ValueError(f"unknown fault option {part!r}")
        options[key] = (
            float(value)
            if key == "delay_ms"
            else (int(value) if key in {"nth", "times", "status"} else value)
        )
    return Fault(kind=kind.strip(), **options)
