"""The WSGI application: auth, throttle headers, latency, faults, dispatch and the log.

Every authenticated API response carries ``X-Request-Cost`` and ``X-Rate-Limit-Remaining``
(canvas-api.md §3; like Canvas, 401s and throttled replies have no cost). Unknown routes
answer 404 with Canvas's body. Control endpoints live under ``/__sandbox__/`` (a path
Canvas does not use) and are left out of the request log.
"""

from __future__ import annotations

import contextlib
import json
import socket
import sys
import threading
import time
import traceback
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Request, Response

from . import errors, permissions
from .api import ApiRequest, json_response
from .faults import Fault, FaultInjector
from .params import Params, parse_pairs
from .resources import router
from .store import SELF_USER_ID, Store
from .throttle import Throttle, throttled_response

CONTROL_PREFIX = "/__sandbox__"


# The one POST that changes nothing: Canvas's GraphQL endpoint (queries only; the
# sandbox serves no mutation).
READ_POSTS = frozenset({"/api/graphql"})


class RequestRecord(NamedTuple):
    """One logged API request. ``query`` is the raw query string."""

    method: str
    path: str
    query: str
    status: int

    @property
    def is_read(self) -> bool:
        """A request that reads: GET, HEAD, and a GraphQL query."""
        return self.method in ("GET", "HEAD") or (self.method == "POST" and self.path in READ_POSTS)


class SandboxApp:
    """The Canvas look-alike as a WSGI callable."""

    def __init__(
        self,
        store: Store,
        token: str,
        latency_ms: float = 0,
        throttle: Throttle | None = None,
        faults: FaultInjector | None = None,
        *,
        users: dict[str, int] | None = None,
        refusal_status: int = 403,
    ) -> None:
        self.store = store
        self.token = token  # the account admin's
        # Every token the sandbox accepts and whose it is (the admin's included).
        self.users: dict[str, int] = {token: SELF_USER_ID, **(users or {})}
        # How a refused action is answered: 403 (current Canvas) or 401 (older Canvas,
        # site-admin feature api_auth_error_updates off).
        self.refusal_status = refusal_status
        self.latency_ms = latency_ms
        self.throttle = throttle or Throttle()
        self.faults = faults or FaultInjector()
        self.url_map = router.build_map()
        self.log: list[RequestRecord] = []
        self._log_lock = threading.Lock()

    # -- WSGI ------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        if request.path.startswith(CONTROL_PREFIX):
            from .control import handle_control

            response = handle_control(self, request)
            return response(environ, start_response)
        response, drop = self._handle(request)
        self._record(request, response.status_code)
        if drop:
            _drop_connection(environ)
            start_response("200 OK", [])  # goes nowhere: the socket is already shut
            return []
        return response(environ, start_response)

    def _record(self, request: Request, status: int) -> None:
        record = RequestRecord(
            request.method, request.path, request.query_string.decode("latin-1"), status
        )
        with self._log_lock:
            self.log.append(record)

    # -- one API request -------------------------------------------------------------

    def _handle(self, request: Request) -> tuple[Response, bool]:
        """One API request: ``(response, drop_connection)``.

        The latency is spent while the request holds its throttle reservation, so slow
        concurrent requests fill the bucket as they do on Canvas (§3).
        """
        adapter = self.url_map.bind_to_environ(request.environ)
        try:
            endpoint, args = adapter.match()
        except HTTPException:
            endpoint, args = None, {}

        token = self.token
        if endpoint is None or not router.is_public(endpoint):
            try:
                token = self._authenticate(request)
            except errors.ApiError as exc:
                self._wait()
                return _error_response(exc), False

        fault = self.faults.take(request.method, request.path)
        if fault is not None and fault.kind == "halt":
            self.faults.wait_disarmed(fault.delay_ms / 1000)
            return fault.response(), False
        if fault is not None and fault.delay_ms:
            time.sleep(fault.delay_ms / 1000)
        if fault is not None and fault.kind in ("throttle", "status", "login"):
            self._wait()
            return fault.response(), False

        key = f"token:{token}"  # Canvas keeps one bucket per access token
        allowed, _ = self.throttle.reserve(key)
        if not allowed:
            self._wait()
            return throttled_response(self.throttle.settings.status), False
        self._wait()
        started = time.perf_counter()
        response = self._dispatch(request, endpoint, args, self.users[token])
        fixed = self.throttle.settings.fixed_cost
        cost = fixed if fixed is not None else round(time.perf_counter() - started, 6)
        remaining = self.throttle.settle(key, cost)
        response.headers["X-Request-Cost"] = repr(float(cost))
        response.headers["X-Rate-Limit-Remaining"] = repr(round(remaining, 4))
        if fault is not None and fault.kind == "truncate":
            body = response.get_data()
            response.set_data(body[: len(body) // 2])  # the change is committed
        if fault is not None and fault.kind == "blank" and response.status_code < 400:
            response.set_data(b"{}")  # the change is committed
        return response, fault is not None and fault.kind == "drop"

    def _wait(self) -> None:
        if self.latency_ms:
            time.sleep(self.latency_ms / 1000)

    def _authenticate(self, request: Request) -> str:
        """The token the request carries, if the sandbox knows it."""
        header = request.headers.get("Authorization", "")
        if header:
            scheme, _, credential = header.partition(" ")
            if scheme.lower() != "bearer" or credential.strip() not in self.users:
                raise errors.invalid_token()
            return credential.strip()
        query_token = request.args.get("access_token")
        if query_token is None:
            raise errors.unauthenticated()
        if query_token not in self.users:
            raise errors.invalid_token()
        return query_token

    def _dispatch(
        self, request: Request, endpoint: str | None, args: Mapping[str, Any], user_id: int
    ) -> Response:
        if endpoint is None:
            return _error_response(errors.not_found())
        try:
            params = _parse_params(request)
            with self.store.lock:
                user = self.store.users[user_id]
                permissions.authorize(self.store, user, endpoint, args, params)
                base_url = request.host_url.rstrip("/")
                api_request = ApiRequest(
                    http=request, store=self.store, params=params, base_url=base_url, user=user
                )
                result = router.handler(endpoint)(api_request, **args)
        except errors.ApiError as exc:
            if errors.is_refusal(exc) and exc.status != self.refusal_status:
                exc = errors.forbidden(self.refusal_status)
            return _error_response(exc)
        except Exception:
            traceback.print_exc(file=sys.stderr)
            return _error_response(errors.server_error())
        if isinstance(result, Response):
            return result
        return json_response(result)


def _parse_params(request: Request) -> Params:
    """Query string, then body (form or JSON), folded into Rails-style nested params."""
    pairs: list[tuple[str, Any]] = list(request.args.items(multi=True))
    params = parse_pairs(pairs)
    if request.mimetype == "application/json":
        raw = request.get_data(cache=True)
        if raw.strip():
            try:
                body = json.loads(raw)
            except ValueError as exc:
                raise errors.bad_request("Invalid JSON body") from exc
            if isinstance(body, dict):
                _deep_merge(params, body)
            else:
                params["_json"] = body
        return params
    form_pairs: list[tuple[str, Any]] = list(request.form.items(multi=True))
    form_pairs += list(request.files.items(multi=True))
    _deep_merge(params, parse_pairs(form_pairs))
    return params


def _deep_merge(into: dict[str, Any], other: dict[str, Any]) -> None:
    for key, value in other.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _deep_merge(into[key], value)
        else:
            into[key] = value


def _error_response(exc: errors.ApiError) -> Response:
    if exc.content_type.startswith("application/json"):
        response = json_response(exc.body, status=exc.status)
    else:
        response = Response(exc.body, status=exc.status, content_type=exc.content_type)
    for name, value in exc.headers.items():
        response.headers[name] = value
    return response


def _drop_connection(environ: dict[str, Any]) -> None:
    """Close the client socket without answering (the change is already committed)."""
    sock = environ.get("werkzeug.socket")
    if sock is None:
        return
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


__all__ = ["Fault", "RequestRecord", "SandboxApp"]
