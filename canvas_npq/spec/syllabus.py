"""The course syllabus, generated from the spec: overview, blocks, events, assessment.

Its headings use the spec's ``labels:`` (the provider's words for a block, a task...).

A pure function of a validated spec, so the syllabus always says what the course
holds: a retitled block, a moved event or a new task changes it in the same apply.
Dates are shown as wall-clock times in the course time zone.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from canvas_npq.spec.markdown import render_markdown
from canvas_npq.spec.model import AssignmentSpec, CourseSpec, UnitSpec

MARKED = {
    "complete_incomplete": "Complete / incomplete",
    "not_graded": "Not graded",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip() or "–"


def _row(*cells: str) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _day(value: datetime, zone: ZoneInfo) -> str:
    local = value.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %Y}"


def _minutes(total: int) -> str:
    hours, minutes = divmod(total, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h {minutes:02d} min" if minutes else f"{hours} h"


def syllabus_markdown(spec: CourseSpec) -> str:
    """The syllabus as Markdown (``course.syllabus`` must be set)."""
    settings = spec.course.syllabus
    assert settings is not None, "the spec declares no syllabus"
    zone = ZoneInfo(spec.course.time_zone)
    words = spec.labels
    parts = [settings.overview_markdown.strip(), f"## {words.blocks}"]
    heads = (words.block, words.mit_focus, words.study_time, words.opens)
    rows = [_row(*heads), "| --- | --- | --- | --- |"]
    for block in spec.blocks:
        minutes = sum(
            item.study_minutes or 0
            for item in block.items
            if isinstance(item, UnitSpec | AssignmentSpec)
        )
        rows.append(
            _row(
                block.title,
                block.mit_focus or "",
                _minutes(minutes) if minutes else "",
                _day(block.unlock_at, zone) if block.unlock_at else "",
            )
        )
    parts.append("\n".join(rows))

    if spec.events:
        parts.append(f"## {words.events}")
        heads = (words.date, words.time, words.event, words.where)
        rows = [_row(*heads), "| --- | --- | --- | --- |"]
        for event in sorted(spec.events, key=lambda e: e.start_at):
            start = event.start_at.astimezone(zone)
            end = event.end_at.astimezone(zone)
            where = event.location_name or ("Online" if event.online_url else "")
            if event.location_address:
                where = f"{where}, {event.location_address}" if where else event.location_address
            rows.append(
                _row(
                    _day(event.start_at, zone),
                    f"{start:%H:%M}–{end:%H:%M}",
                    event.title,
                    where,
                )
            )
        parts.append("\n".join(rows))

    tasks = list(spec.all_assignments())
    if tasks or settings.assessment_markdown:
        parts.append(f"## {words.assessment}")
        if settings.assessment_markdown:
            parts.append(settings.assessment_markdown.strip())
        if tasks:
            heads = (words.task, words.block, words.marked, words.due)
            rows = [_row(*heads), "| --- | --- | --- | --- |"]
            for task_block, item in tasks:
                marked = MARKED.get(item.grading) or f"Out of {item.points or 0:g} points"
                due = _day(item.due_at, zone) if item.due_at else ""
                where = task_block.title if task_block is not None else words.course_wide
                rows.append(_row(item.title, where, marked, due))
            parts.append("\n".join(rows))
    return "\n\n".join(part for part in parts if part) + "\n"


def render_syllabus(spec: CourseSpec) -> str:
    """The syllabus HTML Canvas stores as the course's ``syllabus_body``."""
    return render_markdown(syllabus_markdown(spec))
