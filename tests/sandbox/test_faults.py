"""Fault injection and throttle emulation (canvas-api.md §3, §21.17, §21.19)."""

from __future__ import annotations

import threading
import time

import pytest
import requests
from canvasapi import Canvas
from canvasapi.course import Course
from canvasapi.exceptions import CanvasException, Forbidden, RateLimitExceeded

from canvas_npq.sandbox import Sandbox

from .conftest import Http


def test_nth_matching_request_fails_with_status(sandbox: Sandbox, http: Http) -> None:
    sandbox.inject("status", "/users/self", status=500, nth=2)
    assert [http.get("/users/self").status_code for _ in range(3)] == [200, 500, 200]
    failed = sandbox.requests[1]
    assert (failed.path, failed.status) == ("/api/v1/users/self", 500)


def test_status_fault_does_not_run_the_request(sandbox: Sandbox, canvas: Canvas) -> None:
    sandbox.inject("status", "/accounts/1/courses", method="POST", status=503)
    with pytest.raises(CanvasException):
        canvas.get_account(1).create_course(course={"name": "Never"})
    assert sandbox.store.courses == {}


def test_throttle_fault_403_is_canvas_plain_text(
    sandbox: Sandbox, http: Http, canvas: Canvas
) -> None:
    sandbox.inject("throttle", "/users/self", times=2)
    response = http.get("/users/self")
    assert response.status_code == 403
    assert response.headers["Content-Type"].startswith("text/plain")
    assert response.text == "403 Forbidden (Rate Limit Exceeded)\n"
    assert response.headers["X-Rate-Limit-Remaining"] == "0.0"
    assert "X-Request-Cost" not in response.headers
    with pytest.raises(Forbidden, match="Rate Limit Exceeded"):  # canvasapi 3.6: Forbidden
        canvas.get_current_user()


def test_throttle_fault_429_maps_to_rate_limit_exceeded(sandbox: Sandbox, canvas: Canvas) -> None:
    sandbox.inject("throttle", "/users/self", status=429)
    with pytest.raises(RateLimitExceeded):
        canvas.get_current_user()


def test_drop_commits_then_closes_the_connection(sandbox: Sandbox, http: Http) -> None:
    sandbox.inject("drop", "/accounts/*/courses", method="POST")
    with pytest.raises(requests.ConnectionError):
        http.post("/accounts/1/courses", data={"course[name]": "Committed"})
    assert [c.name for c in sandbox.store.courses.values()] == ["Committed"]
    assert http.post("/accounts/1/courses", data={"course[name]": "Again"}).status_code == 200


def test_blank_commits_then_answers_an_empty_object(sandbox: Sandbox, http: Http) -> None:
    sandbox.inject("blank", "/accounts/*/courses", method="POST")
    answer = http.post("/accounts/1/courses", data={"course[name]": "Committed"})
    assert (answer.status_code, answer.json()) == (200, {})
    assert [c.name for c in sandbox.store.courses.values()] == ["Committed"]
    assert http.post("/accounts/1/courses", data={"course[name]": "Again"}).json()["id"]


def test_delay_fault(sandbox: Sandbox, http: Http) -> None:
    sandbox.inject("delay", "/users/self", delay_ms=150)
    started = time.perf_counter()
    assert http.get("/users/self").status_code == 200
    assert time.perf_counter() - started >= 0.15


def test_faults_over_the_control_endpoint(sandbox: Sandbox, http: Http) -> None:
    control = requests.Session()
    control.headers["Authorization"] = f"Bearer {sandbox.token}"
    armed = control.post(
        f"{sandbox.url}/__sandbox__/faults",
        json={"kind": "status", "path": "/courses/*", "status": 404, "method": "GET"},
        timeout=5,
    )
    assert armed.status_code == 201
    assert control.get(f"{sandbox.url}/__sandbox__/faults", timeout=5).json()[0]["kind"] == "status"
    course = http.post("/accounts/1/courses", data={"course[name]": "C"}).json()
    assert http.get(f"/courses/{course['id']}").status_code == 404
    assert http.get(f"/courses/{course['id']}").status_code == 200
    control.delete(f"{sandbox.url}/__sandbox__/faults", timeout=5)
    assert control.get(f"{sandbox.url}/__sandbox__/faults", timeout=5).json() == []
    bad = control.post(f"{sandbox.url}/__sandbox__/faults", json={"kind": "explode"}, timeout=5)
    assert bad.status_code == 400
    log = control.get(f"{sandbox.url}/__sandbox__/requests", timeout=5).json()
    assert [entry["status"] for entry in log] == [200, 404, 200]


def test_throttle_enforcement_refuses_when_in_flight_requests_fill_the_bucket() -> None:
    with Sandbox(latency_ms=400) as sandbox:
        sandbox.throttle.enforce = True
        statuses: list[int] = []
        barrier = threading.Barrier(16)

        def call() -> None:
            barrier.wait()
            response = requests.get(
                f"{sandbox.url}/api/v1/users/self",
                headers={"Authorization": f"Bearer {sandbox.token}"},
                timeout=10,
            )
            statuses.append(response.status_code)

        threads = [threading.Thread(target=call) for _ in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert statuses.count(200) in (12, 13)  # 12 x 50 reaches hwm 600, minus a little drain
        assert statuses.count(403) == 16 - statuses.count(200)


def test_throttle_settings_over_the_control_endpoint(sandbox: Sandbox) -> None:
    control = requests.Session()
    control.headers["Authorization"] = f"Bearer {sandbox.token}"
    settings = control.put(
        f"{sandbox.url}/__sandbox__/throttle", json={"enforce": True, "status": 429}, timeout=5
    ).json()
    assert (settings["enforce"], settings["status"], settings["hwm"]) == (True, 429, 600.0)
    assert sandbox.throttle.status == 429


def test_sequential_client_never_trips_the_bucket(sandbox: Sandbox, course: Course) -> None:
    sandbox.throttle.enforce = True
    for n in range(30):
        course.create_module(module={"name": f"M{n}"})
    assert all(r.status == 200 for r in sandbox.requests)


def test_halt_runs_nothing_from_the_nth_matching_request_on(sandbox: Sandbox, http: Http) -> None:
    sandbox.inject("halt", "/accounts/*/courses", method="POST", nth=2)
    assert http.post("/accounts/1/courses", data={"course[name]": "First"}).status_code == 200
    assert http.post("/accounts/1/courses", data={"course[name]": "Never"}).status_code == 503
    assert http.get("/users/self").status_code == 503  # any path, once halted
    assert [c.name for c in sandbox.store.courses.values()] == ["First"]
    sandbox.faults.clear()
    assert http.get("/users/self").status_code == 200


def test_faults_from_the_command_line() -> None:
    from click.testing import CliRunner

    from canvas_npq.cli.main import cli
    from canvas_npq.sandbox.faults import parse_fault

    fault = parse_fault("drop,method=POST,path=/courses/*/modules,nth=2")
    assert (fault.kind, fault.method, fault.path, fault.nth) == (
        "drop",
        "POST",
        "/courses/*/modules",
        2,
    )
    assert parse_fault("throttle,status=429,times=0").status == 429
    assert parse_fault("halt,nth=40").times == 0
    for bad in ("explode", "status,colour=red", "status,nth=0", "status,nth=x"):
        with pytest.raises(ValueError):
            parse_fault(bad)
    result = CliRunner().invoke(cli, ["sandbox", "--fail", "status,colour=red"])
    assert result.exit_code == 64  # a usage error
    assert "unknown fault option" in result.output
