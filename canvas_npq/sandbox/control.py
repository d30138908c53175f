"""Control endpoints under ``/__sandbox__/`` for tests and demos driven over HTTP.

  GET    /__sandbox__/health              {"ok": true}
  GET    /__sandbox__/requests            the request log
  DELETE /__sandbox__/requests            clear the log
  GET    /__sandbox__/faults              armed faults
  POST   /__sandbox__/faults              arm one: {"kind", "path", "method", "nth", "times",
                                          "status", "delay_ms"} → 201 with the fault
  DELETE /__sandbox__/faults              disarm all
  GET    /__sandbox__/throttle            throttle settings
  PUT    /__sandbox__/throttle            change them: {"enforce", "status", "hwm", "outflow",
                                          "up_front_cost", "maximum"}; resets the buckets

They need the same bearer token as the API and are not written to the request log.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from werkzeug.wrappers import Request, Response

from . import errors
from .api import json_response
from .faults import Fault

if TYPE_CHECKING:
    from .server import SandboxApp


def handle_control(app: SandboxApp, request: Request) -> Response:
    header = request.headers.get("Authorization", "")
    if header != f"Bearer {app.token}":
        return json_response(errors.invalid_token().body, status=401)
    route = request.path[len("/__sandbox__") :].strip("/")
    method = request.method
    try:
        body = _json_body(request)
        if route == "health" and method == "GET":
            return json_response({"ok": True})
        if route == "requests":
            if method == "GET":
                return json_response([{**r._asdict(), "read": r.is_read} for r in app.log])
            if method == "DELETE":
                app.log.clear()
                return json_response({"ok": True})
        if route == "faults":
            if method == "GET":
                return json_response([f.describe() for f in app.faults.list()])
            if method == "POST":
                fault = app.faults.add(Fault(**body))
                return json_response(fault.describe(), status=201)
            if method == "DELETE":
                app.faults.clear()
                return json_response({"ok": True})
        if route == "throttle":
            settings = app.throttle.settings
            if method == "PUT":
                for key, value in body.items():
                    if not hasattr(settings, key):
                        raise ValueError(f"unknown throttle setting {key!r}")
                    setattr(settings, key, type(getattr(settings, key))(value))
                app.throttle.reset()
            if method in ("GET", "PUT"):
                return json_response(asdict(settings))
    except (TypeError, ValueError) as exc:
        return json_response({"message": str(exc)}, status=400)
    return json_response({"message": "unknown control endpoint"}, status=404)


def _json_body(request: Request) -> dict[str, Any]:
    raw = request.get_data()
    if not raw.strip():
        return {}
    body = json.loads(raw)
    if not isinstance(body, dict):
        raise ValueError("expected a JSON object")
    return body
