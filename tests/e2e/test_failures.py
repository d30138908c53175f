"""Canvas failing under an apply: lost answers, throttling, 400/401/404, cut-off
listings. Each run either converges or stops with a truthful exit code, and the next
run finishes the job without duplicates."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest

from canvas_npq import sync
from canvas_npq.apply import ApplyFailed
from canvas_npq.canvas.client import CanvasConfig, Connection
from tests.e2e.conftest import TOKEN

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch, sandbox):
    """Retries and pacing wait for nothing here: the sandbox answers at once."""
    monkeypatch.setattr(sync, "connect", lambda config: Connection(config, sleep=lambda s: None))
    sandbox.faults.clear()
    yield
    sandbox.faults.clear()


def _no_duplicates(course) -> None:
    modules = list(course.course.get_modules(include=["items"]))
    assert max(Counter(m.name for m in modules).values()) == 1
    for module in modules:
        titles = Counter(i["title"] for i in module.items)
        assert max(titles.values(), default=1) == 1, titles
    pages = Counter(p.title for p in course.course.get_pages())
    assert max(pages.values()) == 1, pages
    assert max(Counter(a.name for a in course.course.get_assignments()).values()) == 1


@pytest.mark.parametrize("lose_the_answer", [False, True])
def test_a_module_item_deleted_between_plan_and_apply_is_created_again_in_place(
    course, lose_the_answer
):
    assert course.cli("apply", "--yes").code == 0
    path = course.spec / "course.yaml"
    path.write_text(
        path.read_text().replace(
            "        file: action-plan\n", "        file: action-plan\n        indent: 2\n"
        )
    )
    _, desired = sync.load(course.spec)
    conn = Connection(CanvasConfig(course.sandbox.url, TOKEN))
    live = sync.read(conn, course.course_id)
    plan = sync.plan(desired, live)
    assert [str(c.address) for c in plan.changes] == ["module_item.b2-action-plan"]
    module = next(m for m in course.course.get_modules() if m.name.startswith("Block 2"))
    before = [(i.type, i.title) for i in module.get_module_items()]
    next(i for i in module.get_module_items() if i.type == "File").delete()
    if lose_the_answer:
        # The create runs but its answer is lost, and the run dies before anything else
        # reaches Canvas: the next run finds the item by its pending record.
        sandbox = course.sandbox
        sandbox.inject("drop", "/courses/*/modules/*/items", method="POST", nth=1)
        sandbox.inject("halt", "/courses/*/modules/*/items", method="GET", nth=1, delay_ms=0)
        try:
            with pytest.raises(ApplyFailed):
                sync.apply(plan, Connection(CanvasConfig(sandbox.url, TOKEN), max_attempts=1), live)
        finally:
            sandbox.faults.clear()
        assert course.cli("apply", "--yes").code == 0
    else:
        result = sync.apply(plan, conn, live)
        assert any("deleted in Canvas after the plan was made" in n for n in result.notes)
    assert not sync.verify(desired, conn, course.course_id).changes
    assert [(i.type, i.title) for i in module.get_module_items()] == before
    assert next(i for i in module.get_module_items() if i.type == "File").indent == 2
    _no_duplicates(course)


def test_a_first_apply_killed_after_creating_a_file_item_leaves_no_duplicate(course):
    """A file item carries no marker and no title of the spec's: the pending record
    names its file, and the next run claims the item by it."""
    sandbox = course.sandbox
    _, desired = sync.load(course.spec)
    config = dataclasses.replace(CanvasConfig(sandbox.url, TOKEN), concurrency=1)
    conn = Connection(config, max_attempts=1)
    live = sync.read(conn, course.course_id)
    # Items are created one module after another: block 1's five, then block 2's three.
    sandbox.inject("drop", "/courses/*/modules/*/items", method="POST", nth=8)
    sandbox.inject("halt", "/courses/*/modules/*/items", method="GET", nth=1, delay_ms=0)
    try:
        with pytest.raises(ApplyFailed):
            sync.apply(sync.plan(desired, live), conn, live)
    finally:
        sandbox.faults.clear()
    module = next(m for m in course.course.get_modules() if m.name.startswith("Block 2"))
    assert [i.type for i in module.get_module_items()][-1] == "File"  # made, not recorded

    assert course.cli("apply", "--yes").code == 0
    assert [i.type for i in module.get_module_items()].count("File") == 1
    assert course.cli("plan", "--detailed-exitcode").code == 0
    _no_duplicates(course)


def test_lost_answers_to_creates_are_adopted_not_duplicated(course):
    sandbox = course.sandbox
    sandbox.inject("drop", "/courses/*/modules", method="POST", nth=2)
    sandbox.inject("drop", "/courses/*/modules/*/items", method="POST", nth=3)
    sandbox.inject("drop", "/courses/*/pages", method="POST", nth=1)  # the lock page
    sandbox.inject("drop", "/courses/*/pages", method="POST", nth=2)
    sandbox.inject("drop", "/courses/*/assignments", method="POST", nth=1)
    sandbox.inject("drop", "/courses/*/assignment_groups", method="POST", nth=1)
    sandbox.inject("drop", "/courses/*/discussion_topics", method="POST", nth=1)
    sandbox.inject("status", "/courses/*/modules", method="PUT", status=502, nth=1)  # publish
    result = course.cli("apply", "--yes")
    assert result.code == 0, result.output
    assert all(f.fired for f in sandbox.faults.list())
    assert "Verified" in result.output
    _no_duplicates(course)
    assert course.cli("plan", "--detailed-exitcode").code == 0


def test_lost_answers_to_event_outcome_rubric_and_file_item_creates_are_adopted(course):
    sandbox = course.sandbox
    sandbox.inject("drop", "/calendar_events", method="POST", nth=1)
    sandbox.inject("drop", "/courses/*/outcome_groups/*/subgroups", method="POST", nth=2)
    sandbox.inject("drop", "/courses/*/outcome_groups/*/outcomes", method="POST", nth=2)
    sandbox.inject("drop", "/courses/*/modules/*/items", method="POST", nth=8)  # the file
    sandbox.inject("drop", "/courses/*/rubrics", method="POST", nth=1)
    result = course.cli("apply", "--yes", "--concurrency", "1")
    assert result.code == 0, result.output
    assert all(f.fired for f in sandbox.faults.list())
    _no_duplicates(course)
    events = Counter(
        e.title
        for e in course.canvas.get_calendar_events(
            context_codes=[f"course_{course.course_id}"], all_events=True
        )
    )
    assert max(events.values()) == 1, events
    groups = course.course.get_outcome_groups_in_context()
    assert max(Counter(g.title for g in groups).values()) == 1
    links = course.course.get_all_outcome_links_in_context()
    assert max(Counter(link.outcome["title"] for link in links).values()) == 1
    module = next(m for m in course.course.get_modules() if m.name.startswith("Block 2"))
    assert [i.type for i in module.get_module_items()].count("File") == 1
    assert len(list(course.course.get_rubrics())) == 1
    assert course.cli("plan", "--detailed-exitcode").code == 0


def test_throttling_403_and_429_are_waited_out(course):
    sandbox = course.sandbox
    sandbox.inject("throttle", "/courses/*/pages", method="POST", status=403, times=2)
    sandbox.inject("throttle", "/courses/*/modules", method="POST", status=429, times=2)
    sandbox.inject("throttle", "/courses/*/assignment_groups", method="GET", status=403, times=1)
    result = course.cli("apply", "--yes")
    assert result.code == 0, result.output
    assert "permission" not in result.output.lower()
    _no_duplicates(course)


def test_a_value_canvas_rejects_names_the_spec_object_and_file(course):
    course.sandbox.inject("status", "/courses/*/assignments", method="POST", status=400)
    result = course.cli("apply", "--yes")
    assert result.code == 4, result.output
    assert "Canvas rejected a value: injected fault" in result.output
    assert "defined at course.yaml:" in result.output
    assert "Traceback" not in result.output
    course.sandbox.faults.clear()
    assert course.cli("apply", "--yes").code == 0
    _no_duplicates(course)


def test_token_revoked_mid_apply_exits_3_and_the_next_run_resumes(course):
    course.sandbox.inject("status", "*", status=401, nth=29, times=0)
    # One request at a time, so the 29th is always an API call: with several in flight
    # it may be a file's upload to the file store, which carries no token, and a
    # refused upload is a failed write (exit 4), not a refused token.
    result = course.cli("apply", "--yes", "--concurrency", "1")
    assert result.code == 3, result.output
    assert "refused the API token" in result.output
    course.sandbox.faults.clear()
    # The run could not release its lock (the token was refused); once it expires
    # (or, on this machine, once that process has gone) the next run goes ahead.
    for page in course.course.get_pages(search_term="canvas-npq lock"):
        page.delete()
    result = course.cli("apply", "--yes")
    assert result.code == 0, result.output
    _no_duplicates(course)
    assert course.cli("plan", "--detailed-exitcode").code == 0


def test_a_listing_that_does_not_finish_aborts_the_plan(course):
    course.sandbox.inject("status", "/courses/*/modules", method="GET", status=500, times=0)
    writes = len(course.sandbox.writes())
    result = course.cli("plan")
    assert result.code == 5, result.output
    assert "did not finish" in result.output
    result = course.cli("apply", "--yes")
    assert result.code == 5, result.output
    assert len(course.sandbox.writes()) == writes


def test_an_object_deleted_between_plan_and_apply_is_created_again(course):
    assert course.cli("apply", "--yes").code == 0
    path = course.spec / "welcome.md"
    path.write_text(path.read_text() + "\nOne more line.\n")
    _, desired = sync.load(course.spec)
    conn = Connection(CanvasConfig(course.sandbox.url, TOKEN))
    live = sync.read(conn, course.course_id)
    plan = sync.plan(desired, live)
    welcome = next(p for p in course.course.get_pages() if p.title == "Welcome")
    welcome.delete()
    result = sync.apply(plan, conn, live)
    assert any("deleted in Canvas after the plan was made" in n for n in result.notes)
    assert not sync.verify(desired, conn, course.course_id).changes
    _no_duplicates(course)
