"""The Markdown view of a plan, for a pull-request comment or a CI job summary.

Same content as the text view: changes grouped by block, field by field, kept objects,
the totals; field details sit in a collapsed ``<details>`` so a long plan stays short.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from canvas_npq.plan import Action, Change, Plan
from canvas_npq.render.text import describe_field


@dataclass(frozen=True)
class MarkdownSection:
    """One course's plan to render: a heading, the plan, its block titles."""

    heading: str
    plan: Plan
    block_titles: Mapping[str, str]


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _details(change: Change) -> str:
    lines: list[str] = []
    if change.action in (Action.UPDATE, Action.REPLACE, Action.MOVE):
        for f in change.fields:
            described = describe_field(change.address.kind, f.name, f.old, f.new)
            mark = " (edited in Canvas)" if f.drift else ""
            lines.append(described[0] + mark)
            lines.extend(line.strip() for line in described[1:])
    if change.action is Action.MOVE:
        lines.append(f"now after: {change.after or '(first)'}")
    if change.action in (Action.REPLACE, Action.DELETE) and change.reason:
        lines.append(f"why: {change.reason}")
    return "<br>".join(_cell(line).replace("<", "&lt;") for line in lines)


def render_plan_markdown(plan: Plan, block_titles: Mapping[str, str], heading: str) -> str:
    """One course's plan as Markdown."""
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
                    f"| {_cell(change.title)}{drift} | {ident} | {_details(change)} |"
                )
            out.append("")
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
        out.append(render_plan_markdown(section.plan, section.block_titles, section.heading))
    return "\n".join(out).rstrip() + "\n"
