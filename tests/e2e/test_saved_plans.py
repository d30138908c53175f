"""Saved plans (`plan --out`, `apply PLANFILE`), Markdown plans and the course lock."""

from __future__ import annotations

import json
import shutil
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from canvas_npq import sync
from canvas_npq.apply import AnySignal
from canvas_npq.canvas.client import CanvasConfig, Connection
from canvas_npq.canvas.lock import CourseLock, LockHeld, LockLost
from canvas_npq.cli.main import cli
from canvas_npq.plan.builder import live_fingerprint
from tests.e2e.conftest import TOKEN, Result

pytestmark = pytest.mark.e2e


def run(course, *args: str) -> Result:
    env = {"CANVAS_API_URL": course.sandbox.url, "CANVAS_API_TOKEN": TOKEN}
    outcome = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return Result(outcome.exit_code, outcome.output)


def test_apply_planfile_applies_exactly_the_saved_plan(course, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a saved plan uploads from a spec folder below here
    plan_file = tmp_path / "plan.json"
    planned = course.cli("plan", "--out", str(plan_file))
    assert planned.code == 0, planned.output
    (saved,) = json.loads(plan_file.read_text())["plans"]
    assert saved["course_id"] == course.course_id and saved["live_fingerprint"]
    # The spec changes after planning: the saved plan, not the spec, is applied.
    yaml_path = course.spec / "course.yaml"
    yaml_path.write_text(yaml_path.read_text().replace("title: Welcome", "title: Hello"))

    result = run(course, "apply", str(plan_file), "--yes")
    assert result.code == 0, result.output
    assert "Applied the saved plan." in result.output
    assert "Welcome" in {p.title for p in course.course.get_pages()}
    assert "Hello" not in {p.title for p in course.course.get_pages()}


def test_stale_saved_plan_is_refused_with_exit_7_and_nothing_written(course, tmp_path):
    plan_file = tmp_path / "plan.json"
    assert course.cli("plan", "--out", str(plan_file)).code == 0
    course.course.update(course={"name": "Renamed in Canvas after planning"})
    before = len(course.sandbox.writes())

    result = run(course, "apply", str(plan_file), "--yes")
    assert result.code == 7, result.output
    assert "stale" in result.output and "Nothing was applied" in result.output
    assert len(course.sandbox.writes()) == before
    assert course.course.name == "Renamed in Canvas after planning"


def test_unreadable_plan_file_is_an_input_error(course, tmp_path):
    bad = tmp_path / "plan.json"
    bad.write_text("{not json")
    before = len(course.sandbox.requests)
    result = run(course, "apply", str(bad), "--yes")
    assert result.code == 1
    assert "plan.json" in result.output and "not a plan file" in result.output
    assert len(course.sandbox.requests) == before


def test_plan_format_markdown_is_a_pull_request_comment(course):
    result = course.cli("plan", "--format", "markdown")
    assert result.code == 0, result.output
    text = result.output
    assert text.startswith("## canvas-npq plan")
    assert "### Course " in text
    assert "| `+` | page | Welcome | `welcome` |" in text
    assert "<details><summary>Block 1: Leading improvement:" in text
    assert "**Plan: " in text


def _lock(course, holder: str, now: datetime) -> CourseLock:
    conn = Connection(CanvasConfig(course.sandbox.url, TOKEN))
    return CourseLock(conn, course.course_id, holder=holder, clock=lambda: now)


def test_apply_refuses_with_exit_6_naming_the_holder_while_another_holds_the_lock(course):
    other = _lock(course, "ci-runner-7", datetime.now(timezone.utc))
    other.acquire()
    before = len(course.sandbox.writes())

    result = course.cli("apply", "--yes")
    assert result.code == 6, result.output
    assert "locked by another apply: ci-runner-7 on" in result.output
    assert len(course.sandbox.writes()) == before  # nothing but the lock was ever written

    other.release()
    again = course.cli("apply", "--yes")
    assert again.code == 0, again.output
    titles = {p.title for p in course.course.get_pages()}
    assert not any(t.startswith("canvas-npq lock") for t in titles)  # released


def test_an_expired_lock_is_cleared_and_apply_proceeds(course):
    long_ago = datetime.now(timezone.utc) - timedelta(hours=3)
    _lock(course, "a run that died", long_ago).acquire()
    result = course.cli("apply", "--yes")
    assert result.code == 0, result.output
    titles = {p.title for p in course.course.get_pages()}
    assert not any(t.startswith("canvas-npq lock") for t in titles)


def test_racing_lock_takers_never_both_hold_the_lock(course):
    now = datetime.now(timezone.utc)
    first, second = _lock(course, "first", now), _lock(course, "second", now)
    first.sleep = second.sleep = lambda seconds: None
    # Both create their lock page before either verifies: both see the other and withdraw.
    mine_first, mine_second = first.create(), second.create()
    assert first._live_others(mine_first) and second._live_others(mine_second)
    first.delete(mine_first)
    second.delete(mine_second)
    # Then one takes it, and the other is refused.
    first.acquire()
    with pytest.raises(Exception, match="locked by another apply: first"):
        second.acquire()
    first.release()
    second.acquire()
    second.release()
    assert first.records() == []


def _wait_for(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_held_lock_is_renewed_so_a_long_apply_keeps_the_course(course):
    clock = [datetime.now(timezone.utc)]
    mine = _lock(course, "a long apply", clock[0])
    mine.clock = lambda: clock[0]
    record = mine.acquire()
    with mine.keep_alive(interval=0.01) as keeper:
        # Past the lock's first expiry: renewed, it still holds the course.
        clock[0] = record.expires_at + timedelta(minutes=5)
        _wait_for(lambda: mine.held is not None and mine.held.expires_at > clock[0])
        other = _lock(course, "another run", clock[0])
        with pytest.raises(LockHeld, match="locked by another apply: a long apply"):
            other.acquire()
        assert not keeper.is_set()
    mine.release()
    assert mine.records() == []


def test_a_lost_lock_stops_the_apply_before_its_next_write(course):
    mine = _lock(course, "a long apply", datetime.now(timezone.utc))
    record = mine.acquire()
    with mine.keep_alive(interval=0.01) as keeper:
        page = course.course.get_page(f"page_id:{record.page_id}")
        page.delete()  # as a run that took the lock for expired would
        _wait_for(keeper.is_set)
        assert "removed by another run" in keeper.reason
        signal = AnySignal(threading.Event(), keeper)
        assert signal.is_set() and signal.reason == keeper.reason


def test_renewing_a_lock_deleted_a_moment_ago_leaves_no_page_behind(course):
    """Canvas refuses (403) a PUT to a page deleted meanwhile, which renew reads as the
    lock lost once the list no longer shows the page; nothing is created."""
    mine = _lock(course, "a long apply", datetime.now(timezone.utc))
    record = mine.acquire()
    listings = [[record]]  # listed just before another run deleted it, then as Canvas says
    real = mine.records
    mine.records = lambda: listings.pop() if listings else real()
    course.course.get_page(f"page_id:{record.page_id}").delete()
    with pytest.raises(LockLost, match="removed by another run"):
        mine.renew()
    titles = [p.title for p in course.course.get_pages()]
    assert titles == [], titles


def test_a_plan_made_in_one_checkout_is_applied_from_another(course, tmp_path, monkeypatch):
    """CI's plan and apply jobs check the repository out to different folders: the
    plan names the spec folder relative to where it was made."""
    first, second = tmp_path / "job-1", tmp_path / "job-2"
    shutil.copytree(course.spec, first / "course_spec")
    shutil.copytree(course.spec, second / "course_spec")
    monkeypatch.chdir(first)
    assert course.cli("plan", "--out", "plan.json", spec=Path("course_spec")).code == 0
    assert json.loads((first / "plan.json").read_text())["plans"][0]["spec_root"] == "course_spec"
    shutil.rmtree(first / "course_spec")  # the first job's checkout is gone

    monkeypatch.chdir(second)
    result = run(course, "apply", str(first / "plan.json"), "--yes")
    assert result.code == 0, result.output
    assert course.cli("plan", "--detailed-exitcode", spec=Path("course_spec")).code == 0


def test_a_file_changed_since_the_plan_is_refused_before_any_write(course, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plan_file = tmp_path / "plan.json"
    assert course.cli("plan", "--out", str(plan_file)).code == 0
    (course.spec / "handouts" / "action-plan.docx").write_bytes(b"edited after review")
    before = len(course.sandbox.writes())

    result = run(course, "apply", str(plan_file), "--yes")
    assert result.code == 7, result.output
    assert "'handouts/action-plan.docx'" in result.output and "has changed" in result.output
    assert len(course.sandbox.writes()) == before


def test_an_apply_with_nothing_to_do_clears_a_lock_left_by_a_run_that_died(course):
    assert course.cli("apply", "--yes").code == 0
    _lock(
        course, "a run killed after its last write", datetime.now(timezone.utc) - timedelta(hours=2)
    ).acquire()
    live = _lock(course, "someone applying now", datetime.now(timezone.utc))

    result, writes = course.writes_during("apply", "--yes")
    assert result.code == 0, result.output
    assert "Removed the lock left by a run that stopped: a run killed after" in result.output
    assert writes == 1  # the stale lock's page, nothing else
    assert [r.holder for r in live.records()] == []

    live.acquire()  # a live lock is never cleared, even with nothing to do
    result, writes = course.writes_during("apply", "--yes")
    assert result.code == 0 and writes == 0 and "Removed" not in result.output
    assert [r.holder for r in live.records()] == ["someone applying now"]
    live.release()


def test_the_locks_pages_listing_reads_as_a_fresh_listing_of_the_pages(course):
    """The read under the lock takes the pages from the lock's own listing: the course
    it reads, manifest, content and lock pages alike, is the one a fresh read gives."""
    assert course.cli("apply", "--yes").code == 0
    conn = Connection(CanvasConfig(course.sandbox.url, TOKEN))
    held = sync.lock(conn, course.course_id, list_pages=True)
    assert held.held is not None
    mine = held.held.page_id
    before = len(course.sandbox.requests)
    under = sync.read(conn, course.course_id, locked=held)
    pages = f"/api/v1/courses/{course.course_id}/pages"
    assert pages not in {r.path for r in course.sandbox.requests[before:]}
    fresh = sync.read(conn, course.course_id)
    assert pages in {r.path for r in course.sandbox.requests[before:]}
    held.release()

    assert under.snapshot == fresh.snapshot
    assert live_fingerprint(under.snapshot) == live_fingerprint(fresh.snapshot)
    state, again = under.state, fresh.state
    assert state.manifest_page_id == again.manifest_page_id is not None
    assert state.page_slugs == again.page_slugs and state.page_slugs
    assert state.lock_pages == again.lock_pages
    assert [p["page_id"] for p in state.lock_pages] == [mine]  # ours, read under it


@pytest.mark.parametrize("saved", [False, True], ids=["spec", "saved plan"])
def test_a_page_edited_between_plan_and_lock_is_seen_by_the_locks_listing(
    course, tmp_path, monkeypatch, saved
):
    """The pages under the lock come from the lock's own listing: a page edited in
    Canvas after apply read the course, before it took the lock, makes the plan stale."""
    assert course.cli("apply", "--yes").code == 0
    yaml_path = course.spec / "course.yaml"
    yaml_path.write_text(yaml_path.read_text().replace("title: Welcome", "title: Hello"))
    plan_file = tmp_path / "plan.json"
    assert course.cli("plan", "--out", str(plan_file)).code == 0
    welcome = next(p for p in course.course.get_pages() if p.title == "Welcome")
    take_lock = sync.lock

    def edited_first(conn, course_id, **options):
        welcome.edit(wiki_page={"body": "<p>Edited in Canvas after the plan</p>"})
        return take_lock(conn, course_id, **options)

    monkeypatch.setattr(sync, "lock", edited_first)
    before = len(course.sandbox.writes())
    if saved:
        result = run(course, "apply", str(plan_file), "--yes")
    else:
        result = course.cli("apply", "--yes")

    assert result.code == 7, result.output
    assert "stale" in result.output and "Nothing was applied" in result.output
    # the edit, our lock page taken and removed again, and nothing else written
    assert [w.method for w in course.sandbox.writes()[before:]] == ["PUT", "POST", "DELETE"]
    assert "Welcome" in {p.title for p in course.course.get_pages()}
