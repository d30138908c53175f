"""Fixtures: a fresh sandbox per test, a canvasapi client on it, and a raw HTTP session."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest
import requests
from canvasapi import Canvas
from canvasapi.course import Course

from canvas_npq.sandbox import Sandbox


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as running:
        yield running


@pytest.fixture
def canvas(sandbox: Sandbox) -> Canvas:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # canvasapi warns about plain-HTTP base URLs
        return Canvas(sandbox.url, sandbox.token)


@pytest.fixture
def course(canvas: Canvas) -> Course:
    return canvas.get_account(1).create_course(
        course={"name": "NPQ Leading Teaching", "course_code": "NPQLT"}, enroll_me=True
    )


class Http:
    """Raw requests against the sandbox API, for checking headers and bodies."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.base = f"{sandbox.url}/api/v1"
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {sandbox.token}"

    def request(self, method: str, path: str, **kwargs: object) -> requests.Response:
        return self.session.request(method, self.base + path, timeout=10, **kwargs)  # type: ignore[arg-type]

    def get(self, path: str, **kwargs: object) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: object) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: object) -> requests.Response:
        return self.request("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: object) -> requests.Response:
        return self.request("DELETE", path, **kwargs)


@pytest.fixture
def http(sandbox: Sandbox) -> Http:
    return Http(sandbox)
