"""The human view of a plan and of an apply: grouped by block, field by field."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from canvas_npq.apply import Applied, ApplyResult
from canvas_npq.model import FIELDS, FieldType, Kind
from canvas_npq.model.sectiontimes import parse_section_time
from canvas_npq.plan import Action, Change, Plan

MAX_DIFF_LINES = 8
_TAG = re.compile(r"<[^>]+>")
_BLOCKISH = re.compile(r"</?(p|h[1-6]|li|tr|div|pre|blockquote|ul|ol|table)\b[^>]*>")
# Between two cells of a table row: shown as " | " so a row reads as its cells.
_CELL_GAP = re.compile(r"</t[dh]>\s*<t[dh]\b[^>]*>")


def _visible_text(html: str) -> list[str]:
    text = _CELL_GAP.sub(" | ", html or "")
    text = _BLOCKISH.sub("\n", text)
    text = _TAG.sub("", text)
    import html as html_module

    lines = [html_module.unescape(line).strip() for line in text.splitlines()]
    return [line for line in lines if line]


def _short(value: Any, limit: int = 60) -> str:
    if value is None or value == "":
        return "(none)"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f'"{text}"' if isinstance(value, str) else text


def _local(value: Any, time_zone: str | None) -> str:
    """A UTC instant as Canvas stores it, followed by the cohort's local time."""
    if not isinstance(value, str) or not value or not time_zone:
        return _short(value)
    try:
        zone = ZoneInfo(time_zone)
        instant = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (ZoneInfoNotFoundError, ValueError):
        return _short(value)
    local = instant.astimezone(zone)
    return f'"{value}" ({local:%a %d %b %Y %H:%M} {local.tzname()})'


def _section_time_lines(old: Any, new: Any, time_zone: str | None) -> list[str]:
    """An event's section times, as the sections that lose (-) and get (+) each time."""
    before, after = set(old or ()), set(new or ())
    lines = [f"    - {_section_time(e, time_zone)}" for e in sorted(before - after)]
    lines += [f"    + {_section_time(e, time_zone)}" for e in sorted(after - before)]
    return ["section_times:", *lines]


def _section_time(entry: str, time_zone: str | None) -> str:
    section, start_at, end_at = parse_section_time(entry)
    return f"{section}: {_local(start_at, time_zone)} to {_local(end_at, time_zone)}"


def _criteria_lines(criteria: Any) -> list[str]:
    """A rubric's criteria as lines of text, one per criterion and per rating."""
    lines = []
    for criterion in criteria or ():
        aligned = f" [{criterion.get('outcome')}]" if criterion.get("outcome") else ""
        lines.append(f"{criterion.get('description')}{aligned}: {_short(criterion.get('points'))}")
        if criterion.get("long_description"):
            lines.append(f"  {criterion.get('long_description')}")
        for rating in criterion.get("ratings") or ():
            text = f"  - {rating.get('description')} ({_short(rating.get('points'))})"
            if rating.get("long_description"):
                text += f": {rating.get('long_description')}"
            lines.append(text)
    return lines


def _answer_line(answer: Any) -> str:
    """One answer: a choice (``*`` right, ``-`` not), a matching pair, or a number."""
    if "left" in answer:
        line = f"   * {answer.get('left')} → {answer.get('right')}"
    elif "exact" in answer:
        if answer.get("exact") is not None:
            line = f"   * {_short(answer.get('exact'))} ± {_short(answer.get('margin') or 0)}"
        else:
            line = f"   * {_short(answer.get('start'))} to {_short(answer.get('end'))}"
    else:
        line = f"   {'*' if answer.get('correct') else '-'} {answer.get('text')}"
    if answer.get("comments"):
        line += f" (feedback: {' '.join(_visible_text(answer['comments']))})"
    return line


def _question_lines(questions: Any) -> list[str]:
    """A quiz's questions as lines of text: each question, then its answers (* right),
    its distractors and its feedback."""
    lines = []
    for number, question in enumerate(questions or (), start=1):
        kind = str(question.get("type") or "").removesuffix("_question")
        text = " ".join(_visible_text(question.get("text") or ""))
        lines.append(f"{number}. [{kind}, {_short(question.get('points'))}] {text}")
        lines.extend(_answer_line(answer) for answer in question.get("answers") or ())
        lines.extend(f"   - {d} (distractor)" for d in question.get("distractors") or ())
        for name in ("correct_comments", "incorrect_comments", "neutral_comments"):
            if question.get(name):
                feedback = " ".join(_visible_text(question[name]))
                lines.append(f"   {name.removesuffix('_comments')} feedback: {feedback}")
    return lines


def describe_field(
    kind: Kind, name: str, old: Any, new: Any, time_zone: str | None = None
) -> list[str]:
    """Lines describing one field change, old → new; HTML as a diff of visible text.

    Dates are shown as the UTC instant sent to Canvas and, given ``time_zone``, as
    local time there, so a cohort's resolved dates can be checked at a glance.
    """
    field_type = FIELDS[kind].get(name)
    if field_type is FieldType.DATETIME:
        return [f"{name}: {_local(old, time_zone)} → {_local(new, time_zone)}"]
    if kind is Kind.CALENDAR_EVENT and name == "section_times":
        return _section_time_lines(old, new, time_zone)
    if field_type in (FieldType.HTML, FieldType.CRITERIA, FieldType.QUESTIONS):
        if field_type is FieldType.HTML:
            before, after = _visible_text(old or ""), _visible_text(new or "")
        elif field_type is FieldType.QUESTIONS:
            before, after = _question_lines(old), _question_lines(new)
        else:
            before, after = _criteria_lines(old), _criteria_lines(new)
        diff = [
            line
            for line in difflib.unified_diff(before, after, lineterm="", n=0)
            if not line.startswith(("---", "+++", "@@"))
        ]
        if not diff and field_type is not FieldType.HTML:
            return [f"{name}: sent again ({len(after)} lines unchanged in the spec)"]
        if not diff:
            return [f"{name}: markup changed (same visible text)"]
        shown = [f"    {line[:100]}" for line in diff[:MAX_DIFF_LINES]]
        if len(diff) > MAX_DIFF_LINES:
            shown.append(f"    … {len(diff) - MAX_DIFF_LINES} more changed lines")
        return [f"{name}:", *shown]
    return [f"{name}: {_short(old)} → {_short(new)}"]


def visible_diff(
    kind: Kind, name: str, old: Any, new: Any, context: int = 1, limit: int = 40
) -> list[str] | None:
    """The changed lines of an HTML or rubric field's visible text, in unified-diff form
    (``-`` old, ``+`` new, `` `` context), or None for any other field.

    Each changed place comes whole with ``context`` unchanged lines either side, places
    apart by a ``…`` line. Places are added while the total stays within ``limit``
    lines (the first always whole), so a change is never cut in the middle; what is
    left out is counted on the last line.
    """
    field_type = FIELDS[kind].get(name)
    if field_type is FieldType.HTML:
        before, after = _visible_text(old or ""), _visible_text(new or "")
    elif field_type is FieldType.CRITERIA:
        before, after = _criteria_lines(old), _criteria_lines(new)
    else:
        return None
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    places: list[list[str]] = []
    for group in matcher.get_grouped_opcodes(context):
        place: list[str] = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                place.extend(f"  {line}" for line in before[i1:i2])
                continue
            place.extend(f"- {line}" for line in before[i1:i2])
            place.extend(f"+ {line}" for line in after[j1:j2])
        places.append(place)
    shown: list[str] = []
    for index, place in enumerate(places):
        if shown and len(shown) + 1 + len(place) > limit:
            rest = places[index:]
            changed = sum(1 for p in rest for line in p if line[:1] in "+-")
            shown.append(
                f"… {changed} more changed line{'s' if changed != 1 else ''} in "
                f"{len(rest)} more place{'s' if len(rest) != 1 else ''}, not shown"
            )
            break
        if shown:
            shown.append("…")
        shown.extend(place)
    return shown


def plan_time_zone(plan: Plan, time_zone: str | None) -> str | None:
    """The zone to show local times in: the course's, or the one the plan sets."""
    for change in plan.changes:
        if change.address.kind is Kind.COURSE and (change.desired or {}).get("time_zone"):
            return str(change.desired["time_zone"])
    return time_zone


def _change_lines(change: Change, verbose: bool, time_zone: str | None = None) -> list[str]:
    kind = change.address.kind
    label = f"{kind.label:<16}"
    ident = f"[{change.address.key}]"
    head = f"  {change.action.symbol:<3} {label} {change.title}  {ident}"
    if change.canvas_id is not None:
        head += f" (id {change.canvas_id})"
    if change.drift:
        head += "  DRIFT"
    lines = [head]
    if change.action in (Action.UPDATE, Action.REPLACE, Action.MOVE) or (
        verbose and change.action is Action.CREATE
    ):
        for f in change.fields:
            marker = " (edited in Canvas)" if f.drift else ""
            described = describe_field(kind, f.name, f.old, f.new, time_zone)
            lines.append(f"        {described[0]}{marker}")
            lines.extend(f"        {line}" for line in described[1:])
    if change.action is Action.MOVE:
        lines.append(f"        now after: {change.after or '(first)'}")
    resent = change.action is Action.UPDATE and any(f.old == f.new for f in change.fields)
    if (change.action in (Action.REPLACE, Action.DELETE) or resent) and change.reason:
        lines.append(f"        why: {change.reason}")  # a value sent again needs a reason
    return lines


def render_plan(
    plan: Plan,
    block_titles: Mapping[str, str] | None = None,
    verbose: bool = False,
    header: str | None = None,
    time_zone: str | None = None,
) -> str:
    """The plan for people: every change grouped by block, then kept objects, then totals.

    ``time_zone`` (the course's) adds local times to dates; when the plan itself
    changes the course's time zone, that new zone is used.
    """
    block_titles = dict(block_titles or {})
    time_zone = plan_time_zone(plan, time_zone)
    out: list[str] = []
    if header:
        out.append(header)
        out.append("")
    for warning in plan.warnings:
        out.append(f"Warning: {warning}")
    if plan.warnings:
        out.append("")
    if not plan.changes:
        if plan.manifest_changed:
            out.append("No changes to course content.")
            out.append("canvas-npq will update its record of managed objects (one write).")
        else:
            out.append("No changes. The course matches the spec.")
    else:
        groups: dict[str | None, list[Change]] = {}
        for change in plan.changes:
            groups.setdefault(change.block, []).append(change)
        order: list[str | None] = [b for b in block_titles if b in groups]
        order += sorted((b for b in groups if b is not None and b not in block_titles), key=str)
        if None in groups:
            order.insert(0, None)
        for block in order:
            out.append(_group_title(block, block_titles))
            for change in groups[block]:
                out.extend(_change_lines(change, verbose, time_zone))
            out.append("")
    if plan.retained:
        out.append("Kept, not deleted:")
        for kept in plan.retained:
            ident = f"[{kept.address.key}]"
            out.append(
                f"  !   {kept.address.kind.label:<16} {kept.title}  {ident} (id {kept.canvas_id})"
            )
            out.append(f"        why: {kept.reason}")
        out.append("")
    if plan.changes:
        out.append(plan.summary())
    return "\n".join(out).rstrip() + "\n"


def _group_title(block: str | None, titles: Mapping[str, str]) -> str:
    if block is None:
        return "Course-wide"
    title = titles.get(block)
    return f"{title}  [{block}]" if title else f"[{block}]"


def render_applied(applied: Applied) -> str:
    change = applied.change
    verb = {
        Action.CREATE: "created",
        Action.UPDATE: "updated",
        Action.MOVE: "moved",
        Action.REPLACE: "replaced",
        Action.DELETE: "deleted",
    }[change.action]
    note = "" if applied.sent else " (nothing to send: Canvas follows the content)"
    return (
        f"  {change.action.symbol:<3} {verb} {change.address.kind.label} "
        f"{change.title!r} (id {applied.canvas_id}){note}"
    )


def render_apply_summary(result: ApplyResult) -> str:
    counts: dict[str, int] = {}
    for applied in result.applied:
        counts[applied.change.action.value] = counts.get(applied.change.action.value, 0) + 1
    parts = [
        f"{counts.get(a.value, 0)} {word}"
        for a, word in (
            (Action.CREATE, "created"),
            (Action.UPDATE, "updated"),
            (Action.MOVE, "moved"),
            (Action.REPLACE, "replaced"),
            (Action.DELETE, "deleted"),
        )
    ]
    if result.questions_written:  # objects of their own, planned as part of their quiz
        parts.append(f"{result.questions_written} quiz questions written")
    writes = f"{result.writes} write requests"
    objects = result.objects_written
    if objects:  # every object written, ideally in one request each
        writes += f" for {objects} objects written ({result.writes / objects:.2f} each)"
    return f"Apply complete: {', '.join(parts)}; {writes}."


def block_titles_from(blocks: Iterable[Any]) -> dict[str, str]:
    return {block.id: block.title for block in blocks}
