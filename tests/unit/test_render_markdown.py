"""The Markdown plan (a pull-request comment): local times, and body diffs a reviewer can read."""

from __future__ import annotations

from canvas_npq.model import Kind, Snapshot
from canvas_npq.plan import build_plan
from canvas_npq.render.markdown import MarkdownSection, render_plans_markdown
from canvas_npq.render.text import visible_diff
from tests.unit.builders import res

META = {"course_id": 7, "manifest": {}}


def plan_of(live_fields: dict, desired_fields: dict, kind: Kind = Kind.PAGE):
    live = Snapshot.of([res(kind, "unit-1", canvas_id=9, **live_fields)], meta=META)
    desired = Snapshot.of([res(kind, "unit-1", **desired_fields)], meta=META)
    return build_plan(desired, live)


def paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{text}</p>" for text in texts)


def markdown(plan, time_zone: str | None = None) -> str:
    return render_plans_markdown([MarkdownSection("Course 7", plan, {}, time_zone)])


def test_dates_show_local_time_beside_utc() -> None:
    plan = plan_of(
        {"due_at": "2026-10-23T16:00:00Z"}, {"due_at": "2026-10-30T17:00:00Z"}, Kind.ASSIGNMENT
    )
    text = markdown(plan, "Europe/London")
    assert (
        'due_at: "2026-10-23T16:00:00Z" (Fri 23 Oct 2026 17:00 BST) → '
        '"2026-10-30T17:00:00Z" (Fri 30 Oct 2026 17:00 GMT)'
    ) in text


def test_a_body_diff_is_a_diff_block_one_line_per_line_with_context() -> None:
    old = [f"Paragraph {n}." for n in range(1, 11)]
    new = list(old)
    new[4] = "Paragraph 5, rewritten."
    text = markdown(plan_of({"body": paragraphs(old)}, {"body": paragraphs(new)}))
    assert "body: 2 lines changed (diff below)" in text
    block = text.split("```diff\n", 1)[1].split("\n```", 1)[0]
    assert block.splitlines() == [
        "  Paragraph 4.",
        "- Paragraph 5.",
        "+ Paragraph 5, rewritten.",
        "  Paragraph 6.",
    ]


def test_separate_changes_are_set_apart_and_never_cut_in_the_middle() -> None:
    old = [f"Line {n}." for n in range(1, 101)]
    new = [f"Line {n} (new)." if n % 10 == 0 else f"Line {n}." for n in range(1, 101)]
    lines = visible_diff(Kind.PAGE, "body", paragraphs(old), paragraphs(new), limit=20)
    assert lines is not None
    places = "\n".join(lines[:-1]).split("\n…\n")
    for place in places:  # each shown change whole: its old and new line together
        rows = place.splitlines()
        assert sum(r.startswith("- ") for r in rows) == sum(r.startswith("+ ") for r in rows) == 1
    assert len(places) == 4  # 4 places of 4 lines, and the separators, fit in 20 lines
    assert lines[-1] == "… 12 more changed lines in 6 more places, not shown"


def test_a_first_change_longer_than_the_limit_is_still_shown_whole() -> None:
    old = [f"Old {n}." for n in range(30)]
    new = [f"New {n}." for n in range(30)]
    lines = visible_diff(Kind.PAGE, "body", paragraphs(old), paragraphs(new), limit=10)
    assert lines is not None and len(lines) == 60 and lines[0] == "- Old 0."


def test_a_fence_is_longer_than_any_backticks_in_the_text() -> None:
    plan = plan_of({"body": "<p>Run ```x```</p>"}, {"body": "<p>Run ````y````</p>"})
    assert "`````diff\n- Run ```x```\n+ Run ````y````\n`````" in markdown(plan)


def test_other_fields_than_bodies_have_no_diff() -> None:
    assert visible_diff(Kind.PAGE, "title", "A", "B") is None


def test_a_table_row_reads_as_its_cells_not_run_together() -> None:
    row = "<table><tr><th>Task</th><th>Due</th></tr><tr><td>MIT 1</td><td>{}</td></tr></table>"
    lines = visible_diff(Kind.PAGE, "body", row.format("Mon 2 Nov"), row.format("Tue 3 Nov"))
    assert lines == ["  Task | Due", "- MIT 1 | Mon 2 Nov", "+ MIT 1 | Tue 3 Nov"]
