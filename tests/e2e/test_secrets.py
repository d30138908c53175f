"""The API token never leaves canvas-npq except in the Authorization header to the
configured Canvas: a canary token is run through success and failure paths, with
``--debug``, and every byte of output, every file written and every page stored in
the course is searched for it (whole, and the last characters canvasapi would log)."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from canvasapi import Canvas
from click.testing import CliRunner

from canvas_npq import sync
from canvas_npq.canvas.client import Connection
from canvas_npq.cli.main import cli
from canvas_npq.sandbox import Sandbox
from tests.e2e.conftest import SMALL_SPEC

pytestmark = pytest.mark.e2e

CANARY = "canary-Tok3n-QZXWVJ-mkqpZQXW"
PIECES = (CANARY, CANARY[-4:], CANARY[:12], CANARY[8:20])


@pytest.fixture(scope="module")
def canary_sandbox() -> Iterator[Sandbox]:
    with Sandbox(token=CANARY) as running:
        yield running


def _leaks(text: str) -> list[str]:
    return [piece for piece in PIECES if piece in text]


class Run:
    def __init__(self, sandbox: Sandbox, tmp: Path) -> None:
        self.sandbox = sandbox
        self.tmp = tmp
        self.outputs: list[str] = []
        self.spec = tmp / "spec"
        shutil.copytree(SMALL_SPEC, self.spec)
        self.token_file = tmp / "token.txt"
        self.token_file.write_text(CANARY + "\n", encoding="utf-8")
        canvas = Canvas(sandbox.url, CANARY)
        self.course_id = canvas.get_account(1).create_course(course={"name": "Canary"}).id

    def cli(self, *args: str, env_token: bool = True, url: str | None = None) -> int:
        env = {"CANVAS_API_URL": url or self.sandbox.url}
        if env_token:
            env["CANVAS_API_TOKEN"] = CANARY
        result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=True)
        text = result.stdout + result.stderr
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            text += repr(result.exception) + str(result.exception)
        self.outputs.append(text)
        return result.exit_code


def test_the_token_appears_nowhere(
    canary_sandbox: Sandbox,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Retries and pacing wait for nothing: the sandbox answers at once.
    monkeypatch.setattr(sync, "connect", lambda config: Connection(config, sleep=lambda s: None))
    run = Run(canary_sandbox, tmp_path)
    spec, course = str(run.spec), str(run.course_id)
    caplog.set_level(logging.DEBUG)

    # Success paths, with --debug, the token from the environment or a file.
    assert (
        run.cli("--debug", "plan", spec, "--course", course, "--out", str(tmp_path / "p.json")) == 0
    )
    assert run.cli("--debug", "apply", spec, "--course", course, "--yes") == 0
    assert (
        run.cli(
            "--debug",
            "plan",
            spec,
            "--course",
            course,
            "--json",
            "--token-file",
            str(run.token_file),
            env_token=False,
        )
        == 0
    )
    # Failure paths: Canvas errors part-way, a lost answer, throttling, a 401 (the
    # token revoked), plain http to another host, a bad spec.
    (run.spec / "welcome.md").write_text("Changed words.\n", encoding="utf-8")
    canary_sandbox.inject("status", "/courses/*/pages/*", method="PUT", status=500, times=0)
    assert run.cli("--debug", "apply", spec, "--course", course, "--yes") not in (0, 1)
    canary_sandbox.faults.clear()
    canary_sandbox.inject("drop", "/courses/*/pages/*", method="PUT", times=1)
    canary_sandbox.inject("throttle", "/courses/*", method="GET", status=429, times=1)
    run.cli("--debug", "apply", spec, "--course", course, "--yes")
    canary_sandbox.faults.clear()
    canary_sandbox.inject("status", "*", status=401, times=0)
    assert run.cli("--debug", "apply", spec, "--course", course, "--yes") == 3
    canary_sandbox.faults.clear()
    assert run.cli("--debug", "plan", spec, "--course", course, url="http://canvas.example") == 1
    (run.spec / "course.yaml").write_text("course: [\n", encoding="utf-8")
    assert run.cli("--debug", "apply", spec, "--course", course, "--yes") == 1

    everything = "\n".join(run.outputs)
    assert "GET" in everything  # --debug really logged requests
    assert not _leaks(everything), _leaks(everything)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert not _leaks(logged), _leaks(logged)
    for path in tmp_path.rglob("*"):
        if path.is_file() and path != run.token_file:
            assert not _leaks(path.read_text(encoding="utf-8", errors="replace")), path
    with canary_sandbox.store.lock:
        stored = repr(vars(canary_sandbox.store))
    assert not _leaks(stored.replace(f"token:{CANARY}", ""))
