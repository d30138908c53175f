"""``--debug`` shows canvas-npq's own requests and decisions, not the libraries'
internals (markdown-it alone logged some 30,000 lines per plan), and never the token."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from canvas_npq.cli.main import cli
from tests.e2e.conftest import TOKEN, CourseFixture

pytestmark = pytest.mark.e2e


def test_debug_logs_requests_and_decisions_only(course: CourseFixture) -> None:
    before = len(course.sandbox.requests)
    env = {"CANVAS_API_URL": course.sandbox.url, "CANVAS_API_TOKEN": TOKEN}
    result = CliRunner().invoke(
        cli, ["--debug", "plan", str(course.spec), "--course", str(course.course_id)], env=env
    )
    assert result.exit_code == 0, result.output
    served = len(course.sandbox.requests) - before
    logged = [line for line in result.stderr.splitlines() if line.split(" ")[0] in LEVELS]
    sources = {line.split(" ")[1].rstrip(":").split(".")[0] for line in logged}
    assert sources <= {"canvas_npq", "canvasapi"}, sources
    requests_logged = [
        line for line in logged if line.startswith("INFO canvasapi") and "Request:" in line
    ]
    assert len(requests_logged) == served  # one line per request, every request
    assert len(logged) < 10 * served
    assert TOKEN not in result.output and TOKEN[-4:] not in result.stderr


LEVELS = {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}
