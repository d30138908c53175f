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


class CanvasCourse(Course):
    """canvasapi's Course (``course.id``, ``course.create_page(...)``) that also reads like
    the JSON Canvas answered with (``course["id"]``), so tests written either way share it."""

    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)


@pytest.fixture
def course(canvas: Canvas) -> CanvasCourse:
    """A new course the token's user teaches, made by ``POST /accounts/1/courses``."""
    made = canvas.get_account(1).create_course(
        course={"name": "NPQ Leading Teaching", "course_code": "NPQLT"}, enroll_me=True
    )
    fields = {k: v for k, v in vars(made).items() if not k.startswith("_")}
    return CanvasCourse(made._requester, fields)
