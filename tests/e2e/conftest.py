"""End-to-end fixtures: a sandbox on a free loopback port, a fresh course, the CLI.

The course is created with the account admin's token, as a provider's Canvas admin
would; canvas-npq then runs with the teacher's token (enrolled in the course by the
sandbox), as the admins' guide tells providers to do. ``course.cli(..., token=TOKEN)``
runs a step as the admin instead, for the steps Canvas keeps for account admins.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from canvasapi import Canvas
from click.testing import CliRunner

from canvas_npq.cli.main import cli
from canvas_npq.sandbox import Sandbox
from canvas_npq.spec.cohorts import load_cohorts

TOKEN = "e2e-token-not-secret"  # the account admin's
TEACHER_TOKEN = "e2e-teacher-token-not-secret"
SMALL_SPEC = Path(__file__).parent / "spec_small"


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(
        host="127.0.0.1", port=0, token=TOKEN, teacher_token=TEACHER_TOKEN
    ).start() as running:
        yield running


def course_args(spec: Path, course_id: int | str, given: Sequence[str] = ()) -> list[str]:
    """``--course ID``, and for a spec with cohorts (NPQLTD's) the cohort whose dates and
    settings to use, unless ``given`` names one: its first, on a test course that does
    not look like it (--force)."""
    args = ["--course", str(course_id)]
    if "--cohort" in given:
        return args
    cohorts = load_cohorts(spec)
    return [*args, "--cohort", cohorts[0].name, "--force"] if cohorts else args


@dataclass
class Result:
    code: int
    output: str


@dataclass
class CourseFixture:
    sandbox: Sandbox
    canvas: Canvas  # the admin's, for setting up and inspecting the course
    course_id: int
    spec: Path
    token: str = TEACHER_TOKEN  # the token canvas-npq runs with

    @property
    def course(self):
        return self.canvas.get_course(self.course_id)

    def cli(self, *args: str, spec: Path | None = None, token: str | None = None) -> Result:
        """Run canvas-npq as a provider would (the teacher's token unless ``token``)."""
        argv = list(args)
        if argv and argv[0] in ("plan", "apply"):
            target = course_args(spec or self.spec, self.course_id, argv)
            argv[1:1] = [str(spec or self.spec), *target]
        runner = CliRunner()
        env = {"CANVAS_API_URL": self.sandbox.url, "CANVAS_API_TOKEN": token or self.token}
        outcome = runner.invoke(cli, argv, env=env, catch_exceptions=False)
        return Result(outcome.exit_code, outcome.output)

    def requests_during(self, *args: str, spec: Path | None = None) -> tuple[Result, list[Any]]:
        """Run canvas-npq (see ``cli``) and return what the sandbox was sent meanwhile."""
        before = len(self.sandbox.requests)
        result = self.cli(*args, spec=spec)
        return result, self.sandbox.requests[before:]

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


QUIZ_SPEC = Path(__file__).parent / "spec_quiz"


@pytest.fixture
def quiz_course(course: CourseFixture) -> CourseFixture:
    """A course whose spec is the quizzes' end-to-end spec (``spec_quiz``)."""
    shutil.rmtree(course.spec)
    shutil.copytree(QUIZ_SPEC, course.spec)
    return course
