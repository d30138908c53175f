"""Every failure class the exit-code table (docs/provider-admins.md) names, provoked for
real against the sandbox: the code, the message, no traceback, and whether anything was written.

One row per class. Each row sets the course up, arms what goes wrong and says what it
runs; the test checks the code, that the message says what it must (and never what it
must not, such as "Nothing was changed" after a write), and the writes.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from canvas_npq import sync
from canvas_npq.canvas.client import CanvasConfig, Connection
from canvas_npq.canvas.lock import CourseLock
from canvas_npq.cli.main import cli
from canvas_npq.plan.saved import plan_digest
from tests.e2e.conftest import TOKEN, CourseFixture

pytestmark = pytest.mark.e2e


@dataclass
class Row:
    name: str
    argv: Callable[[CourseFixture], list[str]]  # what is run
    code: int
    says: tuple[str, ...]  # in the output
    arm: Callable[[CourseFixture], None] = lambda course: None  # what goes wrong
    applied_first: bool = False  # the course is applied once before
    writes: bool | None = False  # None: may write (the apply had started)
    never_says: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)


def plan_args(course: CourseFixture, *extra: str) -> list[str]:
    return ["plan", str(course.spec), "--course", str(course.course_id), *extra]


def apply_args(course: CourseFixture, *extra: str) -> list[str]:
    return ["apply", str(course.spec), "--course", str(course.course_id), "--yes", *extra]


def _bad_spec(course: CourseFixture) -> None:
    path = course.spec / "course.yaml"
    path.write_text(path.read_text().replace("title: Welcome", "title: [Welcome", 1))


def _plan_file(
    course: CourseFixture, edit: Callable[[dict], None] | None = None, resign: bool = False
) -> list[str]:
    out = course.spec.parent / "plan.json"
    assert course.cli("plan", "--out", str(out)).code == 0
    if edit is not None:
        data = json.loads(out.read_text())
        edit(data)
        if resign:  # anyone can compute a plain digest: the content is checked too
            data["digest"] = plan_digest(data)
        out.write_text(json.dumps(data))
    return ["apply", str(out), "--yes"]


def _hold_lock(course: CourseFixture) -> None:
    conn = Connection(CanvasConfig(course.sandbox.url, TOKEN))
    now = datetime.now(timezone.utc)
    CourseLock(conn, course.course_id, holder="ci-runner-7", clock=lambda: now).acquire()


def _stale(course: CourseFixture) -> list[str]:
    argv = _plan_file(course)
    course.course.update(course={"name": "Renamed in Canvas after planning"})
    return argv


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _lose_the_race(course: CourseFixture) -> list[str]:
    """import reads the course, then an apply records objects before import binds."""
    real_read = sync.read
    calls = []

    def read(conn, course_id, bind=None, **options):  # type: ignore[no-untyped-def]
        calls.append(bind)
        live = real_read(conn, course_id, bind=bind, **options)
        if len(calls) == 2:  # import has read the course; before it takes the lock
            path = course.spec / "course.yaml"
            path.write_text(path.read_text().replace("title: Welcome", "title: Hello", 1))
            assert course.cli("apply", "--yes").code == 0  # the other run records its work
        return live

    _race_patches.append(("read", read))
    # --take-over: the course is managed by the spec already, as a course being moved
    # to a new spec folder is
    return [
        "import",
        "--course",
        str(course.course_id),
        "--take-over",
        str(course.spec.parent / "imported"),
    ]


_race_patches: list[tuple[str, Callable]] = []

NOTHING = "Nothing was changed"
ROWS = [
    Row("unknown option", lambda c: [*plan_args(c), "--bogus"], 64, ("No such option",)),
    Row("no course named", lambda c: ["plan", str(c.spec)], 64, ("Name the course",)),
    Row(
        "invalid spec",
        lambda c: plan_args(c),
        1,
        ("course.yaml:", "nothing was sent to Canvas"),
        arm=_bad_spec,
    ),
    Row(
        "plan file naming no course",
        lambda c: _plan_file(c, lambda d: d["plans"][0].update(course_id="abc"), resign=True),
        1,
        ("course_id 'abc' is not a Canvas course id",),
        env={},
    ),
    Row(
        "token refused",
        lambda c: plan_args(c),
        3,
        ("Canvas refused the API token",),
        env={"CANVAS_API_TOKEN": "wrong"},
    ),
    Row(
        "single-sign-on login page",
        lambda c: plan_args(c),
        3,
        ("a web page, not API data", "single-sign-on"),
        arm=lambda c: c.sandbox.inject("login", "/courses/*", method="GET"),
    ),
    Row(
        "a write Canvas keeps failing",
        lambda c: apply_args(c),
        4,
        ("apply stopped at create module", "change(s) were made before it"),
        arm=lambda c: c.sandbox.inject("status", "/courses/*/modules", method="POST", times=0),
        writes=None,
        never_says=(NOTHING,),
    ),
    Row(
        "connection cut on the last write (the manifest)",
        lambda c: apply_args(c),
        4,
        ("change(s) were made in the course", "recording them in the course's manifest"),
        arm=lambda c: c.sandbox.inject("drop", "/courses/*/pages/*", method="PUT", times=0),
        writes=None,
        never_says=(NOTHING,),
    ),
    Row(
        "truncated answer to the verifying read",
        lambda c: apply_args(c),
        4,
        ("change(s) were made in the course", "reading the course back to verify it"),
        arm=lambda c: c.sandbox.inject("truncate", "/courses/*/modules", method="GET", nth=3),
        writes=None,
        never_says=(NOTHING,),
    ),
    Row(
        "Canvas unreachable",
        lambda c: plan_args(c),
        5,
        ("Could not reach Canvas at 127.0.0.1", NOTHING),
        env={"CANVAS_API_URL": "PORT"},
    ),
    Row(
        "Canvas failing on a read",
        lambda c: plan_args(c),
        5,
        ("Canvas kept failing", NOTHING),
        arm=lambda c: c.sandbox.inject("status", "/courses/*/pages", method="GET", times=0),
    ),
    Row(
        "no such course",
        lambda c: ["plan", str(c.spec), "--course", "999999"],
        5,
        ("Course 999999 was not found at http://127.0.0.1", NOTHING),
    ),
    Row(
        "no such course (SIS id)",
        lambda c: ["plan", str(c.spec), "--course", "sis_course_id:NOPE-1"],
        5,
        ("Course sis_course_id:NOPE-1 was not found at http://127.0.0.1", NOTHING),
    ),
    Row(
        "lock held",
        lambda c: apply_args(c),
        6,
        ("is locked by another apply", "ci-runner-7"),
        arm=_hold_lock,
        writes=None,  # the lock itself is the other run's write
    ),
    Row("stale saved plan", _stale, 7, ("is stale", "Nothing was applied"), writes=None),
    Row(
        "lost race (import against an apply)",
        _lose_the_race,
        7,
        ("changed while binding", "nothing was written"),
        applied_first=True,
        writes=None,  # the racing apply's own write
    ),
    Row(
        "edited saved plan",
        lambda c: _plan_file(c, lambda d: d["plans"][0]["changes"].clear()),
        9,
        ("does not match its digest", "Nothing was applied"),
    ),
]


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_exit_code(row: Row, course: CourseFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sync, "connect", lambda config: Connection(config, sleep=lambda s: None))
    monkeypatch.chdir(course.spec.parent)
    course.sandbox.faults.clear()
    _race_patches.clear()
    if row.applied_first:
        assert course.cli("apply", "--yes").code == 0
    argv = row.argv(course)
    for name, patched in _race_patches:
        monkeypatch.setattr(sync, name, patched)
    row.arm(course)
    env = {"CANVAS_API_URL": course.sandbox.url, "CANVAS_API_TOKEN": TOKEN, **row.env}
    if env["CANVAS_API_URL"] == "PORT":
        env["CANVAS_API_URL"] = f"http://127.0.0.1:{_closed_port()}"
    before = len(course.sandbox.writes())
    try:
        result = CliRunner().invoke(cli, argv, env=env, catch_exceptions=True)
    finally:
        course.sandbox.faults.clear()
    output = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"crashed: {result.exception!r}\n{output}") from result.exception
    assert "Traceback" not in output, output
    assert result.exit_code == row.code, output
    for text in row.says:
        assert text in output, output
    for text in row.never_says:
        assert text not in output, output
    if row.writes is False:
        assert len(course.sandbox.writes()) == before, output
    assert not (course.spec.parent / "imported").exists()  # import: all or nothing
