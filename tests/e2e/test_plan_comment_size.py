"""The pull-request comment of the NPQLTD spec for fresh cohorts stays under GitHub's
comment limit: the full Markdown plan of two fresh cohorts is itself about that size,
so the comment carries the summary (with what the workflow adds to it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from canvas_npq.canvas.client import CanvasConfig, Connection
from canvas_npq.canvas.courses import create_course
from canvas_npq.cli.main import cli
from canvas_npq.render.markdown_summary import GITHUB_COMMENT_LIMIT
from canvas_npq.sandbox import Sandbox
from canvas_npq.spec import load_spec
from canvas_npq.spec.cohorts import load_cohorts

pytestmark = pytest.mark.e2e
NPQLTD = Path(__file__).parents[2] / "course_spec" / "npqltd"
WORKFLOW_ADDS = 300  # the marker and the link to the run the example workflow adds


def test_the_npqltd_comment_fits_while_the_full_plan_would_not(tmp_path: Path) -> None:
    with Sandbox(token="size-token").start() as sandbox:
        conn = Connection(CanvasConfig(sandbox.url, "size-token"))
        cohorts = load_cohorts(NPQLTD)
        for cohort in cohorts:
            course = load_spec(NPQLTD, cohort).course
            sis_id = str(cohort.course).removeprefix("sis_course_id:")
            create_course(conn, 1, course.name, course.course_code, sis_course_id=sis_id)
        env = {"CANVAS_API_URL": sandbox.url, "CANVAS_API_TOKEN": "size-token"}
        both = CliRunner().invoke(
            cli, ["plan", str(NPQLTD), "--all-cohorts", "--format", "markdown"], env=env
        )
        assert both.exit_code == 0, both.output
        assert len(both.stdout) > GITHUB_COMMENT_LIMIT * 0.9  # why a summary is needed
        for cohort in cohorts:
            comment = tmp_path / f"{cohort.name}.md"
            argv = ["plan", str(NPQLTD), "--cohort", cohort.name, "--summary-out", str(comment)]
            one = CliRunner().invoke(cli, argv, env=env)
            assert one.exit_code == 0, one.output
            text = comment.read_text()
            assert f"Cohort {cohort.name}" in text and "| block |" in text
            assert len(text) + WORKFLOW_ADDS < GITHUB_COMMENT_LIMIT
