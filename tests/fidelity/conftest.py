"""Fixtures for the fidelity tests: a fresh sandbox per test, raw HTTP on it, a course.

The names are generic (``sandbox``, ``http``, ``canvas``, ``course``) because every
``tests/fidelity/test_*.py`` module shares them. The tests speak HTTP to the sandbox, as
canvas-npq does, so what they assert is what a client of real Canvas would see.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from canvasapi import Canvas

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


class Http:
    """Raw requests against the sandbox's ``/api/v1``, with the sandbox's token."""

    def __init__(self, sandbox: Sandbox, token: str | None = None) -> None:
        self.base = f"{sandbox.url}/api/v1"
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token or sandbox.token}"

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("allow_redirects", False)  # redirects are part of what is checked
        return self.session.request(method, self.base + path, timeout=10, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", path, **kwargs)


@pytest.fixture
def http(sandbox: Sandbox) -> Http:
    return Http(sandbox)


@pytest.fixture
def course(http: Http) -> dict[str, Any]:
    """A new course the token's user teaches, as ``POST /accounts/1/courses`` made it."""
    answer = http.post(
        "/accounts/1/courses",
        data={
            "course[name]": "NPQ Leading Teaching",
            "course[course_code]": "NPQLT",
            "enroll_me": "true",
        },
    )
    assert answer.status_code == 200, answer.text
    return answer.json()
