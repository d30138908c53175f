"""An apply stopped after any request leaves nothing the next apply cannot finish.

The first apply of the NPQLTD spec is run once cleanly to count its requests (N). For
a request index i, the same first apply is run on a fresh course with the sandbox
halted after request i: nothing from request i+1 on is run, which leaves the course
exactly as a process killed (SIGKILL) right after request i leaves it, whether or not
that request's answer arrived. The lock the stopped run held is left behind, as a
killed run leaves it, and expires. Then apply runs again and must succeed, the plan
must say "no changes", nothing may exist twice and every module and item must be
owned.

``make test`` runs a deterministic sample of indexes (the points where a kill is most
likely to orphan something); ``make fault-matrix`` runs every index
(``CANVAS_NPQ_FAULT_MATRIX_SHARD=K/N`` runs every Nth from K, to split it up;
``CANVAS_NPQ_FAULT_MATRIX_SPEC=small``, or ``make fault-matrix SPEC=small``, kills the
small end-to-end spec's apply instead).
``test_sigkill_and_ctrl_c`` does the same with a real process (SIGKILL, then Ctrl-C),
on the small end-to-end spec.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from canvasapi import Canvas
from click.testing import CliRunner

from canvas_npq import sync
from canvas_npq.canvas.client import CanvasConfig, Connection
from canvas_npq.canvas.lock import LOCK_TITLE, LockRecord
from canvas_npq.canvas.manifest import MANIFEST_TITLE
from canvas_npq.cli.main import cli
from canvas_npq.model import Kind
from canvas_npq.model.resources import BUILT_IN_KINDS
from canvas_npq.sandbox import Sandbox
from tests.e2e.conftest import SMALL_SPEC, course_args

pytestmark = pytest.mark.e2e

TOKEN = "kill-matrix-token"
NPQLTD = Path(__file__).resolve().parents[2] / "course_spec" / "npqltd"
# The spec whose first apply is killed: NPQLTD, or (``small``) the end-to-end spec,
# which has what NPQLTD has not: file module items and criteria shared by include.
SPEC = SMALL_SPEC if os.environ.get("CANVAS_NPQ_FAULT_MATRIX_SPEC") == "small" else NPQLTD
EVERY_INDEX = os.environ.get("CANVAS_NPQ_FAULT_MATRIX") == "all"


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(token=TOKEN) as running:
        yield running


class Clock:
    """The lock's clock: moved on by an hour when a stopped run's lock should expire."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(timezone.utc) + self.offset


@pytest.fixture(scope="module")
def lock_clock() -> Clock:
    return Clock()


@pytest.fixture(autouse=True)
def fast_and_faithful(monkeypatch: pytest.MonkeyPatch, lock_clock: Clock) -> None:
    # Retries wait for nothing (the sandbox answers at once), and the course lock uses
    # a clock the test can move on; everything else is the CLI as an admin runs it.
    monkeypatch.setattr(sync, "connect", lambda config: Connection(config, sleep=lambda s: None))
    original_lock = sync.lock
    monkeypatch.setattr(
        sync,
        "lock",
        lambda conn, course, **options: original_lock(
            conn, course, clock=lock_clock, sleep=lambda s: None, **options
        ),
    )


def _new_course(sandbox: Sandbox) -> int:
    canvas = Canvas(sandbox.url, TOKEN)
    return canvas.get_account(1).create_course(course={"name": "Kill matrix"}).id


def _cli(sandbox: Sandbox, *args: str) -> tuple[int, str]:
    env = {"CANVAS_API_URL": sandbox.url, "CANVAS_API_TOKEN": TOKEN}
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.output


def _apply(sandbox: Sandbox, course_id: int) -> tuple[int, str]:
    return _cli(sandbox, "apply", str(SPEC), *course_args(SPEC, course_id), "--yes")


# The kill points ``make test`` runs: right after the first module is created (before
# its items; modules carry no marker, so only the pending record can find it), and
# right after the last item, before the one request that publishes every new module
# with its items (the modules are left unpublished: the next plan publishes them) ...
SAMPLE = [("POST", "/courses/*/modules/*/items", 1), ("PUT", "/courses/*/modules", 1)]
# ... and, with a real process, right after the first module item is created.
SIGKILL_AT = ("POST", "/courses/*/modules/*/items", 2)


def _check_course(
    sandbox: Sandbox,
    course_id: int,
    index: object,
    spec: Path = SPEC,
    now: datetime | None = None,
) -> None:
    canvas = Canvas(sandbox.url, TOKEN)
    course = canvas.get_course(course_id)
    desired = sync.load(spec)[1]
    modules = list(course.get_modules(include=["items"], per_page=100))
    names = Counter(m.name for m in modules)
    assert max(names.values()) == 1, f"kill at {index}: duplicate modules {names}"
    for module in modules:
        keys = Counter(
            (i["type"], i.get("page_url") or i.get("content_id") or i["title"])
            for i in module.items
        )
        assert max(keys.values(), default=1) == 1, f"kill at {index}: duplicate items {keys}"
    pages = Counter(p.title for p in course.get_pages(per_page=100))
    assert max(pages.values()) == 1, f"kill at {index}: duplicate pages {pages}"
    assert pages[MANIFEST_TITLE] == 1
    # A run killed after its last write (while verifying) leaves its lock page; the
    # recovery apply, with nothing to write, clears it once expired (by the real clock,
    # so here it is left, expired by the test's clock). Any other lock is a leak.
    locks = [p for p in course.get_pages(search_term=LOCK_TITLE, include=["body"])]
    live_locks = [
        record
        for record in (LockRecord.from_page(vars(page)) for page in locks)
        if record is not None and record.expires_at > (now or datetime.now(timezone.utc))
    ]
    assert not live_locks, f"kill at {index}: lock left"
    assignments = Counter(a.name for a in course.get_assignments(per_page=100))
    assert max(assignments.values()) == 1, f"kill at {index}: {assignments}"
    # Rubrics and files carry no marker (the manifest names them): a copy left unowned
    # would not show in the snapshot below, so count what Canvas holds.
    rubrics = Counter(r.title for r in course.get_rubrics(per_page=100))
    wanted_rubrics = sum(1 for r in desired if r.kind is Kind.RUBRIC)
    assert sum(rubrics.values()) == wanted_rubrics, f"kill at {index}: rubrics {rubrics}"
    files = Counter(f.display_name for f in course.get_files(per_page=100))
    assert max(files.values(), default=1) == 1, f"kill at {index}: duplicate files {files}"
    conn = Connection(CanvasConfig(sandbox.url, TOKEN))
    live = sync.read(conn, course_id)
    foreign = [e for entries in live.snapshot.order.values() for e in entries if "foreign" in e]
    assert not foreign, f"kill at {index}: objects left unowned {foreign}"
    # Objects canvas-npq creates; tabs and settings exist in every course (never made).
    wanted = Counter(r.kind for r in desired if r.kind not in BUILT_IN_KINDS)
    have = Counter(r.kind for r in live.snapshot if r.kind not in BUILT_IN_KINDS)
    assert have == wanted, f"kill at {index}: {have} != {wanted}"


def _killed_then_reapplied(
    sandbox: Sandbox, lock_clock: Clock, index: int | tuple[str, str, int]
) -> None:
    course_id = _new_course(sandbox)
    sandbox.faults.clear()
    if isinstance(index, int):
        sandbox.inject("halt", "*", nth=index + 1)
    else:
        method, path, nth = index
        sandbox.inject("halt", path, method=method, nth=nth)
    try:
        code, output = _apply(sandbox, course_id)
    finally:
        sandbox.faults.clear()
    if code == 0:
        # Stopped at its very last request, the lock's release: every write was made and
        # verified, so the apply succeeds and says the lock is left to expire.
        assert "the course lock could not be removed" in output, (
            f"kill at {index}: the stopped apply exited 0\n{output}"
        )
    lock_clock.offset += timedelta(hours=1)  # the stopped run's lock expires
    code, output = _apply(sandbox, course_id)
    assert code == 0, f"kill at {index}: the next apply failed\n{output}"
    code, output = _cli(
        sandbox, "plan", str(SPEC), *course_args(SPEC, course_id), "--detailed-exitcode"
    )
    assert code == 0, f"kill at {index}: plan after recovery is not empty\n{output}"
    _check_course(sandbox, course_id, index, now=lock_clock())


def test_apply_killed_after_any_request_converges(sandbox: Sandbox, lock_clock: Clock) -> None:
    indexes: list[int | tuple[str, str, int]] = list(SAMPLE)
    if EVERY_INDEX:
        course_id = _new_course(sandbox)
        sandbox.reset_log()
        code, output = _apply(sandbox, course_id)
        assert code == 0, output
        indexes = list(range(1, len(sandbox.requests)))
        shard = os.environ.get("CANVAS_NPQ_FAULT_MATRIX_SHARD")  # "K/N": every Nth from K
        if shard:
            k, n = (int(part) for part in shard.split("/"))
            indexes = [i for i in indexes if i % n == k]
        print(f"{len(indexes)} kill points of {len(sandbox.requests)} requests", flush=True)
    failures = []
    for index in indexes:
        try:
            _killed_then_reapplied(sandbox, lock_clock, index)
        except AssertionError as error:
            failures.append(str(error).splitlines()[0])
            if not EVERY_INDEX:
                raise
            print(failures[-1], flush=True)
        else:
            if EVERY_INDEX:
                print(f"kill at {index}: ok", flush=True)
    assert not failures, f"{len(failures)} of {len(indexes)} kill points failed:\n" + "\n".join(
        failures
    )


# -- a real process: SIGKILL, and Ctrl-C -------------------------------------------------


def _spawn(sandbox: Sandbox, course_id: int, spec: Path) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "CANVAS_API_URL": sandbox.url,
        "CANVAS_API_TOKEN": TOKEN,
        "PYTHONUNBUFFERED": "1",
    }
    argv = ["apply", str(spec), *course_args(spec, course_id), "--yes"]
    return subprocess.Popen(
        [sys.executable, "-m", "canvas_npq.cli.main", *argv],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_until_halted(sandbox: Sandbox, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while not any(f.fired for f in sandbox.faults.list()):
        assert process.poll() is None, process.communicate()[0]
        assert time.monotonic() < deadline, "the apply never reached the kill point"
        time.sleep(0.01)


def test_sigkill_and_ctrl_c(sandbox: Sandbox, tmp_path: Path) -> None:
    # The small spec: starting real processes is slow enough.
    spec = tmp_path / "spec"
    shutil.copytree(SMALL_SPEC, spec)
    # SIGKILL while a request is held: nothing after the first item's create ever runs.
    course_id = _new_course(sandbox)
    sandbox.faults.clear()
    method, path, nth = SIGKILL_AT
    sandbox.inject("halt", path, method=method, nth=nth, delay_ms=60_000)
    process = _spawn(sandbox, course_id, spec)
    try:
        _wait_until_halted(sandbox, process)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        sandbox.faults.clear()
    # Ctrl-C: the next apply is interrupted while a request is held; it finishes that
    # request, records what it did and exits 4. (The killed run's lock is cleared at
    # once: it was taken on this machine by a process that no longer exists.)
    sandbox.inject("delay", "/courses/*/modules/*/items", method="POST", nth=3, delay_ms=300)
    process = _spawn(sandbox, course_id, spec)
    try:
        deadline = time.monotonic() + 60
        while not any(f.fired for f in sandbox.faults.list()):
            assert process.poll() is None, process.communicate()[0]
            assert time.monotonic() < deadline
            time.sleep(0.005)
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=60)
    finally:
        sandbox.faults.clear()
    assert process.returncode == 4, output
    assert "Stopping after the request in flight" in output
    assert "interrupted (Ctrl-C)" in output
    assert "Traceback" not in output
    # A second Ctrl-C does not wait for the request in flight (held here for a minute).
    sandbox.inject("halt", "/courses/*/modules/*/items", method="POST", nth=2, delay_ms=60_000)
    process = _spawn(sandbox, course_id, spec)
    try:
        _wait_until_halted(sandbox, process)
        process.send_signal(signal.SIGINT)
        time.sleep(0.2)
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=20)
    finally:
        sandbox.faults.clear()
    assert process.returncode == 130, output
    assert "Stopped at once" in output
    code, output = _cli(sandbox, "apply", str(spec), *course_args(spec, course_id), "--yes")
    assert code == 0, output
    _check_course(sandbox, course_id, "SIGKILL, then Ctrl-C", spec)
