"""A local Canvas LMS look-alike for demos, end-to-end tests and benchmarks.

``Sandbox`` runs a real HTTP server (werkzeug, threaded) that answers Canvas's REST API
under ``/api/v1`` with Canvas's JSON shapes, status codes, pagination and quirks, so
canvasapi works against it unmodified::

    with Sandbox() as sandbox:
        canvas = canvasapi.Canvas(sandbox.url, sandbox.token)
        course = canvas.get_account(1).create_course(course={"name": "Demo"})
        assert sandbox.writes()[-1].method == "POST"

``serve_forever`` (and ``python -m canvas_npq.sandbox``) runs it in the foreground.
See ``STATUS.md`` for what is covered.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from .faults import Fault, FaultInjector
from .server import RequestRecord, SandboxApp
from .store import STUDENT_USER_ID, TEACHER_USER_ID, Store
from .throttle import Throttle, ThrottleSettings

DEFAULT_TOKEN = "sandbox-token"  # the account admin's
DEFAULT_TEACHER_TOKEN = "sandbox-teacher-token"
DEFAULT_STUDENT_TOKEN = "sandbox-student-token"

__all__ = [
    "DEFAULT_STUDENT_TOKEN",
    "DEFAULT_TEACHER_TOKEN",
    "DEFAULT_TOKEN",
    "Fault",
    "RequestRecord",
    "Sandbox",
    "Store",
    "ThrottleSettings",
    "serve_forever",
]


class _QuietHandler(WSGIRequestHandler):
    """No per-request access log on stderr (the sandbox keeps its own log)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


class Sandbox:
    """A Canvas sandbox server on a background thread.

    Three tokens, three people (``roles.py``): ``token`` is an account admin's,
    ``teacher_token`` a teacher's and ``student_token`` a student's; the teacher and the
    student are enrolled in every course the sandbox creates, whoever creates it.
    ``auth_error_401=True`` answers a refused action with 401 as older Canvas does
    (``api_auth_error_updates`` off) instead of 403.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str = DEFAULT_TOKEN,
        latency_ms: float = 0,
        *,
        clock: Callable[[], datetime] | None = None,
        teacher_token: str = DEFAULT_TEACHER_TOKEN,
        student_token: str = DEFAULT_STUDENT_TOKEN,
        auth_error_401: bool = False,
    ) -> None:
        if len({token, teacher_token, student_token}) != 3:
            raise ValueError("the admin, teacher and student tokens must differ")
        self.host = host
        self.token = token
        self.teacher_token = teacher_token
        self.student_token = student_token
        self.store = Store(clock=clock)
        self.app = SandboxApp(
            self.store,
            token=token,
            latency_ms=latency_ms,
            throttle=Throttle(),
            users={teacher_token: TEACHER_USER_ID, student_token: STUDENT_USER_ID},
            refusal_status=401 if auth_error_401 else 403,
        )
        self._requested_port = port
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> Sandbox:
        """Bind and serve on a daemon thread; returns ``self``."""
        if self._server is not None:
            return self
        self._server = make_server(
            self.host, self._requested_port, self.app, threaded=True, request_handler=_QuietHandler
        )
        self._server.daemon_threads = True  # type: ignore[attr-defined]  # threaded=True
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.01},  # keeps stop() quick
            name="canvas-sandbox",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("sandbox is not running")
        return self._server.server_port

    @property
    def url(self) -> str:
        """The base URL a client passes to canvasapi, e.g. ``http://127.0.0.1:41234``."""
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    # -- request log -------------------------------------------------------------------

    @property
    def requests(self) -> list[RequestRecord]:
        """Every API request so far: ``(method, path, query, status)``."""
        return list(self.app.log)

    def writes(self) -> list[RequestRecord]:
        """Logged requests that could change state (all but GET/HEAD and GraphQL queries)."""
        return [r for r in self.app.log if not r.is_read]

    def reset_log(self) -> None:
        self.app.log.clear()

    # -- knobs -------------------------------------------------------------------------

    @property
    def latency_ms(self) -> float:
        return self.app.latency_ms

    @latency_ms.setter
    def latency_ms(self, value: float) -> None:
        self.app.latency_ms = value

    @property
    def faults(self) -> FaultInjector:
        return self.app.faults

    def inject(self, kind: str, path: str = "*", **options: Any) -> Fault:
        """Arm a fault (see :mod:`canvas_npq.sandbox.faults`), e.g.
        ``inject("status", "/courses/*/pages/*", method="PUT", status=500, nth=2)``."""
        return self.app.faults.add(Fault(kind=kind, path=path, **options))

    @property
    def throttle(self) -> ThrottleSettings:
        """Throttle settings; set ``enforce = True`` to refuse requests over the line."""
        return self.app.throttle.settings


def serve_forever(
    host: str = "127.0.0.1",
    port: int = 0,
    token: str = DEFAULT_TOKEN,
    latency_ms: float = 0,
    faults: Sequence[Fault] = (),
    throttle_status: int | None = None,
    *,
    teacher_token: str = DEFAULT_TEACHER_TOKEN,
    student_token: str = DEFAULT_STUDENT_TOKEN,
    auth_error_401: bool = False,
) -> None:
    """Serve in the foreground: print the base URL as the first stdout line, then serve
    until Ctrl-C or SIGTERM. ``faults`` are armed from the start; ``throttle_status``
    (403 or 429) turns on the throttle's enforcement."""
    sandbox = Sandbox(
        host=host,
        port=port,
        token=token,
        latency_ms=latency_ms,
        teacher_token=teacher_token,
        student_token=student_token,
        auth_error_401=auth_error_401,
    )
    for fault in faults:
        sandbox.faults.add(fault)
    if throttle_status is not None:
        sandbox.throttle.enforce = True
        sandbox.throttle.status = throttle_status
    sandbox.start()
    print(sandbox.url, flush=True)
    stopped = threading.Event()

    def request_stop(signum: int, frame: Any) -> None:
        stopped.set()

    previous = signal.signal(signal.SIGTERM, request_stop)
    try:
        while not stopped.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        sandbox.stop()
        print("sandbox stopped", file=sys.stderr, flush=True)
