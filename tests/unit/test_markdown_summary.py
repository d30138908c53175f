"""The pull-request comment's summary: counts per course and block, and never longer
than GitHub allows a comment to be, however big the plans."""

from __future__ import annotations

from canvas_npq.model import Address
from canvas_npq.plan import Action, Plan
from canvas_npq.plan.model import Change, FieldChange
from canvas_npq.render.markdown import MarkdownSection
from canvas_npq.render.markdown_summary import (
    GITHUB_COMMENT_LIMIT,
    SUMMARY_LIMIT,
    render_plans_summary_markdown,
)


def big_plan(blocks: int, per_block: int) -> Plan:
    changes = []
    for b in range(blocks):
        for i in range(per_block):
            changes.append(
                Change(Action.CREATE, Address.parse(f"page.b{b}-u{i}"), f"Unit {i}", f"block-{b}")
            )
    drifted = FieldChange("title", "Edited in Canvas", "Unit", True)
    changes.append(
        Change(Action.UPDATE, Address.parse("page.drifted"), "Unit", "block-0", 7, (drifted,))
    )
    return Plan(course_id=1, changes=tuple(changes), live_fingerprint="x")


def test_counts_per_block_in_spec_order_with_drift() -> None:
    titles = {"block-1": "Block 1: Leading", "block-0": "Block 0: Welcome"}
    text = render_plans_summary_markdown(
        [MarkdownSection("Cohort a: Course 1", big_plan(2, 3), titles)]
    )
    assert "### Cohort a: Course 1" in text
    assert "**Plan: 6 to add, 1 to change, 0 to move, 0 to delete.**" in text
    rows = [line for line in text.splitlines() if line.startswith("| Block")]
    assert rows == [
        "| Block 1: Leading | 3 | 0 | 0 | 0 | 0 |",
        "| Block 0: Welcome | 3 | 1 | 0 | 0 | 1 |",
    ]


def test_a_summary_of_huge_plans_stays_under_the_comment_limit() -> None:
    titles = {f"block-{b}": f"Block {b}: " + "a long block title " * 5 for b in range(400)}
    sections = [MarkdownSection(f"Cohort c{n}", big_plan(400, 2), titles) for n in range(5)]
    text = render_plans_summary_markdown(sections, failures=[("c9", "Error: Canvas failed")])
    assert len(text) <= SUMMARY_LIMIT < GITHUB_COMMENT_LIMIT
    assert "more course(s) not shown here" in text
    assert "c9 could not be planned" in text
