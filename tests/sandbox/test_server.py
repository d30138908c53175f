"""The HTTP layer: auth, error shapes, headers, latency, the request log and the CLI."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
import requests
from canvasapi import Canvas
from canvasapi.exceptions import InvalidAccessToken, ResourceDoesNotExist

from canvas_npq.sandbox import Sandbox

from .conftest import Http


def test_wrong_token_is_401_invalid_access_token(sandbox: Sandbox) -> None:
    response = requests.get(
        f"{sandbox.url}/api/v1/users/self", headers={"Authorization": "Bearer nope"}, timeout=5
    )
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="canvas-lms"'
    assert response.json() == {"errors": [{"message": "Invalid access token."}]}


def test_missing_token_is_401_unauthenticated(sandbox: Sandbox) -> None:
    response = requests.get(f"{sandbox.url}/api/v1/users/self", timeout=5)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="canvas-lms"'
    assert response.json() == {
        "status": "unauthenticated",
        "errors": [{"message": "user authorization required"}],
    }


def test_canvasapi_raises_invalid_access_token(sandbox: Sandbox) -> None:
    with pytest.warns(UserWarning):
        canvas = Canvas(sandbox.url, "wrong-token")
    with pytest.raises(InvalidAccessToken):
        canvas.get_current_user()


def test_access_token_query_parameter_is_accepted(sandbox: Sandbox) -> None:
    response = requests.get(
        f"{sandbox.url}/api/v1/users/self", params={"access_token": sandbox.token}, timeout=5
    )
    assert response.status_code == 200


def test_current_user_is_seeded(canvas: Canvas) -> None:
    user = canvas.get_current_user()
    assert user.id == 1
    assert user.name == "Sandbox Admin"


def test_unknown_resource_is_canvas_404(http: Http, canvas: Canvas) -> None:
    response = http.get("/courses/999999")
    assert response.status_code == 404
    assert response.json() == {"errors": [{"message": "The specified resource does not exist."}]}
    assert http.get("/no/such/route").status_code == 404
    with pytest.raises(ResourceDoesNotExist):
        canvas.get_course(999999)


def test_every_api_response_carries_throttle_headers(http: Http) -> None:
    response = http.get("/users/self")
    assert float(response.headers["X-Request-Cost"]) >= 0
    remaining = float(response.headers["X-Rate-Limit-Remaining"])
    assert 0 < remaining <= 600
    assert http.get("/courses/424242").headers["X-Rate-Limit-Remaining"]


def test_json_bodies_are_accepted(http: Http) -> None:
    created = http.post("/accounts/1/courses", json={"course": {"name": "From JSON"}})
    assert created.status_code == 200
    assert created.json()["name"] == "From JSON"
    module = http.post(
        f"/courses/{created.json()['id']}/modules", json={"module": {"name": "JSON module"}}
    )
    assert module.json()["name"] == "JSON module"


def test_request_log_records_api_calls_and_writes(sandbox: Sandbox, http: Http) -> None:
    http.get("/users/self", params={"include[]": "x"})
    http.post("/accounts/1/courses", data={"course[name]": "Logged"})
    http.get("/courses/1234567")
    assert [(r.method, r.path, r.status) for r in sandbox.requests] == [
        ("GET", "/api/v1/users/self", 200),
        ("POST", "/api/v1/accounts/1/courses", 200),
        ("GET", "/api/v1/courses/1234567", 404),
    ]
    assert sandbox.requests[0].query == "include%5B%5D=x"
    assert [r.method for r in sandbox.writes()] == ["POST"]
    sandbox.reset_log()
    assert sandbox.requests == []


def test_control_endpoints_are_not_logged(sandbox: Sandbox, http: Http) -> None:
    health = requests.get(
        f"{sandbox.url}/__sandbox__/health",
        headers={"Authorization": f"Bearer {sandbox.token}"},
        timeout=5,
    )
    assert health.json() == {"ok": True}
    assert sandbox.requests == []


def test_latency_delays_each_response() -> None:
    with Sandbox(latency_ms=120) as slow:
        started = time.perf_counter()
        requests.get(
            f"{slow.url}/api/v1/users/self",
            headers={"Authorization": f"Bearer {slow.token}"},
            timeout=5,
        )
        assert time.perf_counter() - started >= 0.12


def test_module_cli_prints_base_url_then_serves() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "canvas_npq.sandbox", "--port", "0", "--token", "cli-token"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        response = requests.get(
            f"{url}/api/v1/users/self", headers={"Authorization": "Bearer cli-token"}, timeout=5
        )
        assert response.status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert process.returncode == 0
