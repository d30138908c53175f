"""Requests in flight adapt to Canvas's throttle: with the throttle enforced and a cap
far above what the bucket allows, apply is never refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from canvas_npq.canvas.client import CanvasConfig, Connection
from canvas_npq.canvas.courses import create_course
from canvas_npq.cli.main import cli
from canvas_npq.sandbox import Sandbox

pytestmark = pytest.mark.e2e

NPQLTD = Path(__file__).resolve().parents[2] / "course_spec" / "npqltd"
TOKEN = "adaptive-token"


@pytest.mark.parametrize("status", [403, 429])
def test_a_first_apply_at_a_cap_of_32_is_never_refused(status: int) -> None:
    # 32 requests at once would reserve 1,600 of a 600 bucket: only a client that
    # follows X-Rate-Limit-Remaining stays under the line.
    with Sandbox(token=TOKEN, latency_ms=20) as sandbox:
        sandbox.app.throttle.settings.enforce = True
        sandbox.app.throttle.settings.status = status
        # A request's cost is what Canvas's CPU spent on it; charging the sandbox's own
        # time would make the bucket depend on how busy the test machine is.
        sandbox.app.throttle.settings.fixed_cost = 0.05
        course_id = create_course(Connection(CanvasConfig(sandbox.url, TOKEN)), 1, "C", "C")
        sandbox.reset_log()
        env = {"CANVAS_API_URL": sandbox.url, "CANVAS_API_TOKEN": TOKEN}
        argv = [
            "apply",
            str(NPQLTD),
            "--course",
            str(course_id),
            "--cohort",
            "autumn-2026",
            "--yes",
            "--force",
        ]
        result = CliRunner().invoke(cli, [*argv, "--concurrency", "32"], env=env)
        assert result.exit_code == 0, result.output
        refused = [r for r in sandbox.requests if r.status in (403, 429)]
        assert not refused, f"{len(refused)} requests refused by the throttle"
        assert len(sandbox.requests) > 300  # the whole course was written
