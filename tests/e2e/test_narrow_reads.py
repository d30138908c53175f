"""Apply reads again, under the lock and to verify, only the listings its plan writes
(``sync.read(since=, changed_by=)``): what the plan writes is always read fresh, so a
course changed there meanwhile is still refused as stale."""

from __future__ import annotations

import pytest

from canvas_npq import sync
from canvas_npq.canvas.client import CanvasConfig
from canvas_npq.plan.saved import StalePlan

from .conftest import TOKEN

pytestmark = pytest.mark.e2e


def _edit_unit(course, text: str) -> None:
    unit = course.spec / "block-1" / "unit-1-1.md"
    unit.write_text(unit.read_text(encoding="utf-8") + f"\n{text}\n", "utf-8")


def _read_and_plan(course):
    conn = sync.connect(CanvasConfig(course.sandbox.url, TOKEN))
    _, desired = sync.load(course.spec)
    live = sync.read(conn, course.course_id)
    return conn, desired, live, sync.plan(desired, live)


def test_a_body_edit_reads_only_pages_again(course) -> None:
    assert course.cli("apply", "--yes").code == 0
    _edit_unit(course, "A new paragraph.")
    conn, _, live, plan = _read_and_plan(course)
    assert [c.address.key for c in plan.changes] == ["unit-1-1"]

    before = len(course.sandbox.requests)
    again = sync.read(conn, course.course_id, since=live, changed_by=plan)
    paths = {r.path for r in course.sandbox.requests[before:]}
    assert paths == {f"/api/v1/courses/{course.course_id}/pages"}
    sync.check_fresh(plan, again)  # nothing changed: the plan is current


def test_an_edit_in_canvas_to_what_the_plan_writes_is_still_seen(course) -> None:
    assert course.cli("apply", "--yes").code == 0
    _edit_unit(course, "A new paragraph.")
    conn, _, live, plan = _read_and_plan(course)
    page = next(p for p in course.course.get_pages() if p.title.startswith("1.1a"))
    page.edit(wiki_page={"body": "<p>Edited by a facilitator meanwhile.</p>"})

    again = sync.read(conn, course.course_id, since=live, changed_by=plan)
    with pytest.raises(StalePlan):
        sync.check_fresh(plan, again)


def test_a_change_elsewhere_is_left_to_the_next_plan(course) -> None:
    assert course.cli("apply", "--yes").code == 0
    _edit_unit(course, "A new paragraph.")
    conn, desired, live, plan = _read_and_plan(course)
    assignment = next(a for a in course.course.get_assignments() if a.name.startswith("MIT 1"))
    assignment.edit(assignment={"points_possible": 7})

    again = sync.read(conn, course.course_id, since=live, changed_by=plan)
    sync.check_fresh(plan, again)  # the plan writes no assignment: still current
    assert course.cli("apply", "--yes").code == 0
    fresh = sync.plan(desired, sync.read(conn, course.course_id))
    assert fresh.empty  # the next full read saw the edit and apply repaired it
