"""Two applies to one course at the same moment, as two processes (two admins, or CI
and an admin): the lock in Canvas keeps them from interleaving."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from datetime import datetime, timezone

import pytest
from canvasapi import Canvas

from canvas_npq.sandbox import Sandbox
from tests.e2e.conftest import SMALL_SPEC

pytestmark = pytest.mark.e2e
TOKEN = "concurrent-token"
CLI = "from canvas_npq.cli.main import main; main()"
CLOCK = datetime(2026, 9, 1, 12, 0, tzinfo=timezone.utc)


def test_two_simultaneous_applies_never_interleave():
    # Latency makes the two runs overlap: each apply takes hundreds of requests.
    with Sandbox(token=TOKEN, latency_ms=3, clock=lambda: CLOCK).start() as sandbox:
        canvas = Canvas(sandbox.url, TOKEN)
        course = canvas.get_account(1).create_course(course={"name": "T", "course_code": "T"})
        env = {**os.environ, "CANVAS_API_URL": sandbox.url, "CANVAS_API_TOKEN": TOKEN}
        argv = [sys.executable, "-c", CLI, "apply", str(SMALL_SPEC), "--course", str(course.id)]
        runs = [
            subprocess.Popen(
                [*argv, "--yes"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
            )
            for _ in range(2)
        ]
        results = [(run.wait(timeout=120), run.stdout.read().decode()) for run in runs]  # type: ignore[union-attr]
        codes = sorted(code for code, _ in results)

        # One applied. The other was refused, nothing written by it: the lock was held
        # (6), or it got the lock after the first finished and found its plan stale (7).
        # Or it came so late it found nothing to do (0).
        assert codes in ([0, 6], [0, 7], [0, 0]), results
        for code, output in results:
            if code == 6:
                assert "is locked by another apply:" in output and "(pid " in output
            if code == 7:
                assert "stale" in output
        titles = Counter(p.title for p in canvas.get_course(course.id).get_pages())
        assert all(count == 1 for count in titles.values()), titles  # no duplicates
        assert not any(title.startswith("canvas-npq lock") for title in titles)
        modules = [m.name for m in canvas.get_course(course.id).get_modules()]
        assert len(modules) == len(set(modules))
