"""The Markdown view of a plan, for a pull-request comment or a CI job summary.

Same content as the text view: changes grouped by block, field by field, kept objects,
the totals; field details sit in a collapsed ``<details>`` so a long plan stays short.
Dates show the cohort's local time beside UTC, as in the text view. A changed body
(or rubric) is shown below its block's table as a ``diff`` block, one line per line,
each change whole with a line of context.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from canvas_npq.plan import Action, Change, Plan
from canvas_npq.render.text import describe_field, plan_time_zone, visible_diff

_BACKTICKS = re.compile(r"`+")


@dataclass(frozen=True)
class MarkdownSection:
    """One course's plan to render: a heading, the plan, its block titles."""

    heading: str
    plan: Plan
    block_titles: Mapping[str, str]
    time_zone: str | None = None  # the course's, to show local times beside UTC


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _shown_fields(change: Change) -> bool:
    return change.action in (Action.UPDATE, Action.REPLACE, Action.MOVE)


def _diffs(change: Change) -> list[tuple[str, list[str]]]:
    """The change's body-like fields whose visible text changed, with their diffs."""
    if not _shown_fields(change):
        return []
    found = []
    for f in change.fields:
        lines = visible_diff(change.address.kind, f.name, f.old, f.new)
        if lines:
            found.append((f.name, lines))
    return found


def _details(change: Change, time_zone: str | None) -> str:
    lines: list[str] = []
    diffs = dict(_diffs(change))
    if _shown_fields(change):
        for f in change.fields:
            mark = " (edited in Canvas)" if f.drift else ""
            if f.name in diffs:
                changed = sum(1 for line in diffs[f.name] if line[:1] in "+-")
                lines.append(f"{f.name}: {changed} lines changed (diff below){mark}")
                continue
            described = describe_field(change.address.kind, f.name, f.old, f.new, time_zone)
            lines.append(described[0] + mark)
            lines.extend(line.strip() for line in described[1:])
    if change.action is Action.MOVE:
        lines.append(f"now after: {change.after or '(first)'}")
    if change.action in (Action.REPLACE, Action.DELETE) and change.reason:
        lines.append(f"why: {change.reason}")
    return "<br>".join(_cell(line).replace("<", "&lt;") for line in lines)


def _diff_block(change: Change, name: str, lines: list[str]) -> list[str]:
    """A fenced diff of one field, fenced with more backticks than the text holds."""
    longest = max((len(run) for line in lines for run in _BACKTICKS.findall(line)), default=0)
    fence = "`" * max(3, longest + 1)
    head = f"`{change.action.symbol}` {change.address.kind.label} {_cell(change.title)}"
    return [f"{head} `{change.address.key}`, {name}:", "", f"{fence}diff", *lines, fence, ""]


def render_plan_markdown(
    plan: Plan, block_titles: Mapping[str, str], heading: str, time_zone: str | None = None
) -> str:
    """One course's plan as Markdown; ``time_zone`` (the course's) adds local times."""
    time_zone = plan_time_zone(plan, time_zone)
    out = [f"### {heading}", ""]
    for warning in plan.warnings:
        out.append(f"> **Warning:** {warning}")
    if plan.warnings:
        out.append("")
    if not plan.changes:
        out.append(
            "No changes to course content; canvas-npq will update its record of managed objects."
            if plan.manifest_changed
            else "No changes. The course matches the spec."
        )
        out.append("")
    else:
        out.append(f"**{plan.summary()}**")
        out.append("")
        groups: dict[str | None, list[Change]] = {}
        for change in plan.changes:
            groups.setdefault(change.block, []).append(change)
        order: list[str | None] = [None] if None in groups else []
        order += [b for b in block_titles if b in groups]
        order += sorted((b for b in groups if b is not None and b not in block_titles), key=str)
        for block in order:
            title = "Course-wide" if block is None else block_titles.get(block, f"[{block}]")
            out.append(
                f"<details><summary>{_cell(title)}: {len(groups[block])} change(s)</summary>"
            )
            out.append("")
            out.append("| | kind | title | id | details |")
            out.append("|---|---|---|---|---|")
            for change in groups[block]:
                drift = " **DRIFT**" if change.drift else ""
                ident = f"`{change.address.key}`"
                if change.canvas_id is not None:
                    ident += f" ({change.canvas_id})"
                out.append(
                    f"| `{change.action.symbol}` | {change.address.kind.label} "
                    f"| {_cell(change.title)}{drift} | {ident} | {_details(change, time_zone)} |"
                )
            out.append("")
            for change in groups[block]:
                for name, lines in _diffs(change):
                    out.extend(_diff_block(change, name, lines))
            out.append("</details>")
            out.append("")
    if plan.retained:
        out.append("Kept, not deleted:")
        out.append("")
        for kept in plan.retained:
            out.append(
                f"- {kept.address.kind.label} {_cell(kept.title)} `{kept.address.key}` "
                f"(id {kept.canvas_id}): {_cell(kept.reason)}"
            )
        out.append("")
    return "\n".join(out)


def render_plans_markdown(
    sections: Sequence[MarkdownSection],
    title: str = "canvas-npq plan",
    failures: Sequence[tuple[str, str]] = (),
) -> str:
    """Several courses' plans: a summary table first, then each plan.

    ``failures`` are ``(name, message)`` of courses that could not be planned.
    """
    out = [f"## {title}", ""]
    for name, message in failures:
        first = message.strip().splitlines()[0] if message.strip() else "failed"
        out.append(f"> **{_cell(name)} could not be planned:** {_cell(first)}")
        out.append("")
    if len(sections) > 1:
        out.append("| course | add | change | move | delete |")
        out.append("|---|---|---|---|---|")
        for section in sections:
            c = section.plan.counts()
            out.append(
                f"| {_cell(section.heading)} | {c['create'] + c['replace']} | {c['update']} "
                f"| {c['move']} | {c['delete'] + c['replace']} |"
            )
        out.append("")
    for section in sections:
        out.append(
            render_plan_markdown(
                section.plan, section.block_titles, section.heading, section.time_zone
            )
        )
    return "\n".join(out).rstrip() + "\n"
