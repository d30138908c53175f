"""End-to-end fixtures: a sandbox on a free loopback port, a fresh course, the CLI."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from canvasapi import Canvas
from click.testing import CliRunner

from canvas_npq.cli.main import cli
from canvas_npq.sandbox import Sandbox
from canvas_npq.spec.cohorts import load_cohorts

TOKEN = "e2e-token-not-secret"
SMALL_SPEC = Path(__file__).parent / "spec_small"


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(host="127.0.0.1", port=0, token=TOKEN).start() as running:
        yield running


def course_args(spec: Path, course_id: int | str) -> list[str]:
    """``--course ID``, and for a spec with cohorts (NPQLTD's) the cohort whose dates and
    settings to use: its first, on a test course that does not look like it (--force)."""
    args = ["--course", str(course_id)]
    cohorts = load_cohorts(spec)
    return [*args, "--cohort", cohorts[0].name, "--force"] if cohorts else args


@dataclass
class Result:
    code: int
    output: str


@dataclass
class CourseFixture:
    sandbox: Sandbox
    canvas: Canvas
    course_id: int
    spec: Path

    @property
    def course(self):
        return self.canvas.get_course(self.course_id)

    def cli(self, *args: str, spec: Path | None = None) -> Result:
        """Run canvas-npq as an admin would, against this course."""
        argv = list(args)
        if argv and argv[0] in ("plan", "apply"):
            argv[1:1] = [str(spec or self.spec), *course_args(spec or self.spec, self.course_id)]
        runner = CliRunner()
        env = {"CANVAS_API_URL": self.sandbox.url, "CANVAS_API_TOKEN": TOKEN}
        outcome = runner.invoke(cli, argv, env=env, catch_exceptions=False)
        return Result(outcome.exit_code, outcome.output)

    def writes_during(self, *args: str) -> tuple[Result, int]:
        before = len(self.sandbox.writes())
        result = self.cli(*args)
        return result, len(self.sandbox.writes()) - before


@pytest.fixture
def course(sandbox: Sandbox, tmp_path: Path) -> CourseFixture:
    canvas = Canvas(sandbox.url, TOKEN)
    created = canvas.get_account(1).create_course(
        course={"name": "Test cohort", "course_code": "T"}
    )
    spec = tmp_path / "spec"
    shutil.copytree(SMALL_SPEC, spec)
    return CourseFixture(sandbox, canvas, created.id, spec)
