"""A short Markdown summary of plans, for a pull-request comment: counts per course and
per block, never field details, always under GitHub's comment limit.

A full Markdown plan grows with the course (two fresh NPQLTD cohorts come to some
64,500 characters, at GitHub's 65,536-character limit for a comment), so the comment
carries this summary and points to where the full plan is kept.
"""

from __future__ import annotations

from collections.abc import Sequence

from canvas_npq.plan import Action, Plan
from canvas_npq.render.markdown import MarkdownSection

GITHUB_COMMENT_LIMIT = 65_536
# What a summary may take of it: the rest is room for what a workflow adds (a marker to
# find its comment again, a link to the run).
SUMMARY_LIMIT = GITHUB_COMMENT_LIMIT - 1_536
_COLUMNS = "| block | add | change | move | delete | drift |"


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


def _counts(plan: Plan, block: str | None = None, whole: bool = True) -> list[int]:
    changes = [c for c in plan.changes if whole or c.block == block]
    count = {action: sum(c.action is action for c in changes) for action in Action}
    return [
        count[Action.CREATE] + count[Action.REPLACE],
        count[Action.UPDATE],
        count[Action.MOVE],
        count[Action.DELETE] + count[Action.REPLACE],
        sum(bool(c.drift) for c in changes),
    ]


def _section(section: MarkdownSection) -> list[str]:
    plan = section.plan
    out = [f"### {_cell(section.heading)}", ""]
    out.extend(f"> **Warning:** {_cell(warning)}" for warning in plan.warnings)
    if not plan.changes:
        out.append("No changes. The course matches the spec.")
        out.append("")
        return out
    out.append(f"**{plan.summary()}**")
    out.append("")
    out.append(_COLUMNS)
    out.append("|---|---|---|---|---|---|")
    blocks: list[str | None] = []
    for change in plan.changes:
        if change.block not in blocks:
            blocks.append(change.block)
    titles = section.block_titles
    order = {block: index for index, block in enumerate(titles)}
    blocks.sort(key=lambda b: (b is not None, order.get(b or "", len(order))))
    for block in blocks:
        title = "Course-wide" if block is None else titles.get(block, f"[{block}]")
        cells = " | ".join(str(n) for n in _counts(plan, block, whole=False))
        out.append(f"| {_cell(title)} | {cells} |")
    if plan.retained:
        out.append("")
        out.append(f"{len(plan.retained)} object(s) kept, not deleted (see the full plan).")
    out.append("")
    return out


def render_plans_summary_markdown(
    sections: Sequence[MarkdownSection],
    failures: Sequence[tuple[str, str]] = (),
    limit: int = SUMMARY_LIMIT,
) -> str:
    """The summary of ``sections``, at most ``limit`` characters. Should it still not
    fit (hundreds of blocks), whole courses are left out and counted."""
    head = ["## canvas-npq plan (summary)", ""]
    for name, message in failures:
        first = message.strip().splitlines()[0] if message.strip() else "failed"
        head.append(f"> **{_cell(name)} could not be planned:** {_cell(first)}")
        head.append("")
    tail = ["Field by field, the changes are in the full plan (`plan --format markdown`)."]
    body: list[str] = []
    left_out = 0
    for index, section in enumerate(sections):
        lines = _section(section)
        room = limit - len("\n".join(head + body + lines + tail)) - 200
        if room < 0:
            left_out = len(sections) - index
            break
        body.extend(lines)
    if left_out:
        body.append(f"({left_out} more course(s) not shown here: too long for one comment.)")
    text = "\n".join(head + body + tail).rstrip() + "\n"
    return text if len(text) <= limit else text[: limit - 2].rstrip() + "\n"
