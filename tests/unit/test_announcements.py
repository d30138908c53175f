"""Announcements: the spec (dates per cohort, a block's opening), and the planner's care
for an announcement Canvas has already posted."""

from __future__ import annotations

from pathlib import Path

import pytest

from canvas_npq.model import Address, Kind, Snapshot
from canvas_npq.model.markers import owner_of
from canvas_npq.plan import Action
from canvas_npq.plan.builder import PlanOptions, build_plan
from canvas_npq.spec import SpecError, build_desired, load_spec
from tests.unit.builders import applied_manifest, res

SPEC = """\
course:
  name: Test course
  course_code: TEST
blocks:
  - id: block-1
    title: Block 1
    unlock_at: week 1 monday 08:00
  - id: block-2
    title: Block 2
    unlock_at: week 8 monday 08:00
announcements:
  - id: block-2-open
    title: Block 2 is open
    block: block-2
    body: a.md
  - id: reminder
    title: MIT 1 is due on Friday
    delayed_post_at: week 7 wednesday 12:00
    body: a.md
"""

COHORTS = """\
cohorts:
  - name: autumn-2026
    course: 1
    start: 2026-10-05
  - name: spring-2027
    course: 2
    start: 2027-03-01
    exclude: [reminder]
    overrides:
      block-2-open:
        title: "Block 2 is open: welcome back"
"""


def write(tmp_path: Path, text: str = SPEC) -> Path:
    (tmp_path / "a.md").write_text("Block 2 is open. Start with **unit 2.1**.\n")
    (tmp_path / "course.yaml").write_text(text)
    (tmp_path / "cohorts.yaml").write_text(COHORTS)
    return tmp_path


def announcements(tmp_path: Path, cohort: str) -> dict[str, dict]:
    desired = build_desired(load_spec(tmp_path, cohort))
    return {r.address.key: dict(r.fields) for r in desired.of_kind(Kind.ANNOUNCEMENT)}


def test_announcements_are_timed_per_cohort_and_default_to_their_block_opening(tmp_path):
    write(tmp_path)
    autumn = announcements(tmp_path, "autumn-2026")
    # week 8 monday 08:00 from 2026-10-05 is 2026-11-23, GMT by then
    assert autumn["block-2-open"]["delayed_post_at"] == "2026-11-23T08:00:00Z"
    # week 7 wednesday 12:00 is 2026-11-18
    assert autumn["reminder"]["delayed_post_at"] == "2026-11-18T12:00:00Z"
    assert owner_of(autumn["block-2-open"]["message"]) == "block-2-open"
    assert "<strong>unit 2.1</strong>" in autumn["block-2-open"]["message"]


def test_a_cohort_can_leave_one_out_and_change_another(tmp_path):
    write(tmp_path)
    spring = announcements(tmp_path, "spring-2027")
    assert set(spring) == {"block-2-open"}
    assert spring["block-2-open"]["title"] == "Block 2 is open: welcome back"
    # 2027-03-01 + 7 weeks = 2027-04-19, BST: 08:00 local is 07:00Z
    assert spring["block-2-open"]["delayed_post_at"] == "2027-04-19T07:00:00Z"


def test_an_explicit_date_wins_over_the_block_opening(tmp_path):
    text = SPEC.replace(
        "    block: block-2\n", "    block: block-2\n    delayed_post_at: week 8 sunday 18:00\n"
    )
    write(tmp_path, text)
    autumn = announcements(tmp_path, "autumn-2026")
    assert autumn["block-2-open"]["delayed_post_at"] == "2026-11-29T18:00:00Z"


def test_an_announcement_in_an_unknown_block_is_refused_with_its_line(tmp_path):
    text = SPEC.replace("block: block-2\n    body", "block: block-3\n    body")
    write(tmp_path, text)
    with pytest.raises(SpecError) as caught:
        load_spec(tmp_path, "autumn-2026")
    [problem] = caught.value.problems
    assert "unknown block 'block-3' in announcement 'block-2-open'" in problem.message
    assert problem.line == text.splitlines().index("    block: block-3") + 1


def test_an_announcement_without_a_body_is_refused(tmp_path):
    text = SPEC.replace(
        "    delayed_post_at: week 7 wednesday 12:00\n    body: a.md\n",
        "    delayed_post_at: week 7 wednesday 12:00\n",
    )
    write(tmp_path, text)
    with pytest.raises(SpecError) as caught:
        load_spec(tmp_path, "autumn-2026")
    assert any("missing required key 'body'" in p.message for p in caught.value.problems)


# -- the planner ---------------------------------------------------------------------


def snapshots(live_facts: dict, **desired_values):
    want = res(Kind.ANNOUNCEMENT, "block-2-open", **desired_values)
    have = res(Kind.ANNOUNCEMENT, "block-2-open", canvas_id=55, facts=live_facts)
    desired = Snapshot.of([want])
    live = Snapshot.of([have], meta={"manifest": applied_manifest(have)})
    return desired, live


def test_a_waiting_announcement_is_updated_like_any_object():
    desired, live = snapshots({"posted": False}, message="<p>New text</p>")
    plan = build_plan(desired, live)
    [change] = plan.changes
    assert change.action is Action.UPDATE
    assert [f.name for f in change.fields] == ["message"]
    assert change.reason == "changed in the spec"
    assert not plan.warnings


def test_a_posted_announcement_is_not_changed_without_prune():
    desired, live = snapshots({"posted": True}, message="<p>New text</p>")
    plan = build_plan(desired, live)
    assert plan.changes == ()
    assert plan.empty  # its record is left as it was, too
    [warning] = plan.warnings
    assert "'Block 1 is open' [block-2-open] is already posted" in warning
    assert "its message in the spec are not sent" in warning
    assert "--prune" in warning


def test_prune_changes_a_posted_announcement_and_the_plan_warns():
    desired, live = snapshots({"posted": True}, message="<p>New text</p>")
    plan = build_plan(desired, live, PlanOptions(prune=True))
    [change] = plan.changes
    assert change.action is Action.UPDATE and change.canvas_id == 55
    assert "already posted" in change.reason
    [warning] = plan.warnings
    assert "--prune changes its message" in warning


def test_a_posted_announcement_left_out_of_the_spec_is_kept_without_prune():
    have = res(Kind.ANNOUNCEMENT, "old", canvas_id=56, facts={"posted": True})
    live = Snapshot.of([have], meta={"manifest": applied_manifest(have)})
    plan = build_plan(Snapshot.of([]), live)
    assert plan.changes == ()
    [kept] = plan.retained
    assert kept.address == Address(Kind.ANNOUNCEMENT, "old")
    assert kept.reason == (
        "already posted: participants may have read it; run with --prune to delete it"
    )
    pruned = build_plan(Snapshot.of([]), live, PlanOptions(prune=True))
    [delete] = pruned.changes
    assert delete.action is Action.DELETE and delete.canvas_id == 56
    assert any("--prune deletes it" in w for w in pruned.warnings)


def test_a_waiting_announcement_left_out_is_deleted_with_prune_and_no_warning():
    have = res(Kind.ANNOUNCEMENT, "old", canvas_id=57, facts={"posted": False})
    live = Snapshot.of([have], meta={"manifest": applied_manifest(have)})
    plan = build_plan(Snapshot.of([]), live, PlanOptions(prune=True))
    [delete] = plan.changes
    assert delete.action is Action.DELETE
    assert plan.warnings == ()
