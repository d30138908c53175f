"""The course's own views: modules, the index pages, calendar, syllabus, schedule."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from urllib.parse import quote

from canvas_npq.model import Kind, Resource
from canvas_npq.preview.course import PreviewCourse, file_path, href_of, when
from canvas_npq.preview.layout import esc, icon
from canvas_npq.preview.links import LinkTargets, participant_html
from canvas_npq.preview.objects import unpublished
from canvas_npq.preview.schedule import WHAT, ScheduleEntry, format_when

REQUIREMENTS = {
    "must_view": "View",
    "must_submit": "Submit",
    "must_contribute": "Contribute",
    "must_mark_done": "Mark done",
    "min_score": "Score at least",
    "min_percentage": "Score at least a percentage",
}
ITEM_ICONS = {
    "Page": "page",
    "Assignment": "assignment",
    "Discussion": "discussion",
    "ExternalUrl": "link",
    "File": "file",
    "Quiz": "assignment",
}


def _item(course: PreviewCourse, item: Resource) -> str:
    fields = item.fields
    kind = str(fields.get("type") or "")
    indent = int(fields.get("indent") or 0)
    css = f"item indent-{min(indent, 5)}" if indent else "item"
    if kind == "SubHeader":
        title = esc(item.title)
        return f'<li class="{css} subheader">{title}{unpublished(item)}</li>'
    content = course.ref(fields.get("content"))
    details = ""
    if kind == "ExternalUrl":
        url = str(fields.get("external_url") or "")
        new_tab = ' target="_blank" rel="noopener"' if fields.get("new_tab") else ""
        link = f'<a href="{esc(url)}"{new_tab}>{esc(item.title)}</a>'
        details = f'<div class="details">{esc(url)}</div>'
    elif content is not None and content.kind is Kind.FILE:
        link = f'<a href="{esc(quote(file_path(content)))}">{esc(content.title)}</a>'
    elif content is not None:
        link = f'<a href="{esc(href_of(content.address))}">{esc(content.title)}</a>'
        if content.kind is Kind.ASSIGNMENT:
            due = course.local(content.fields.get("due_at"))
            bits = [f"Due {when(due, with_zone=False)}"] if due else []
            if content.fields.get("grading_type") == "points":
                bits.append(f"{float(content.fields.get('points_possible') or 0):g} pts")
            details = f'<div class="details">{esc(" · ".join(bits))}</div>' if bits else ""
    else:
        link = esc(item.title)
    requirement = fields.get("completion")
    pill = (
        f'<span class="pill requirement">{esc(REQUIREMENTS.get(requirement, requirement))}</span>'
        if requirement
        else ""
    )
    kind_class = content.kind.value if content is not None else kind.lower()
    return (
        f'<li class="{css} {esc(kind_class)}">{icon(ITEM_ICONS.get(kind, "page"))}'
        f'<div class="title">{link}{details}</div>{pill}{unpublished(item)}</li>'
    )


def modules_content(course: PreviewCourse) -> str:
    parts = ['<h1 class="page-title">Modules</h1>']
    for module, items in course.modules():
        fields = module.fields
        meta = []
        unlock = course.local(fields.get("unlock_at"))
        if unlock is not None:
            meta.append(f"{icon('lock')} Locked until {esc(when(unlock))}")
        prerequisites = [course.ref(p) for p in fields.get("prerequisites") or ()]
        names = [p.title for p in prerequisites if p is not None]
        if names:
            meta.append(f"Prerequisites: {esc(', '.join(names))}")
        if any(i.fields.get("completion") for i in items):
            order = " in order" if fields.get("require_sequential_progress") else ""
            meta.append(f"Requirements: complete all items{order}")
        meta_html = f'<div class="module-meta">{" · ".join(meta)}</div>' if meta else ""
        rows = "".join(_item(course, item) for item in items)
        parts.append(
            f'<section class="module" id="{esc(module.address.key)}">'
            f"<header><h2>{esc(module.title)}</h2>{unpublished(module)}{meta_html}</header>"
            f'<ul class="items">{rows}</ul></section>'
        )
    if len(parts) == 1:
        parts.append('<p class="muted">This course has no modules.</p>')
    return "".join(parts)


def _link(resource: Resource) -> str:
    return f'<a href="{esc(href_of(resource.address))}">{esc(resource.title)}</a>'


def pages_content(course: PreviewCourse) -> str:
    pages = sorted(course.of_kind(Kind.PAGE), key=lambda r: r.title.lower())
    rows = "".join(
        f"<tr><td>{icon('page')} {_link(p)}"
        + (' <span class="pill">Front page</span>' if p.fields.get("front_page") else "")
        + f"{unpublished(p)}</td></tr>"
        for p in pages
    )
    return (
        '<h1 class="page-title">Pages</h1>'
        f'<table class="list"><thead><tr><th>Page title</th></tr></thead><tbody>{rows}</tbody>'
        "</table>"
    )


def assignments_content(course: PreviewCourse) -> str:
    assignments = course.of_kind(Kind.ASSIGNMENT)
    parts = ['<h1 class="page-title">Assignments</h1>']
    for group in course.assignment_groups():
        mine = [a for a in assignments if a.fields.get("assignment_group") == str(group.address)]
        if not mine:
            continue
        mine.sort(key=lambda a: (a.fields.get("due_at") or "9999", a.title))
        rows = "".join(
            f"<tr><td>{icon('assignment')} {_link(a)}{unpublished(a)}</td>"
            f"<td>{esc(when(course.local(a.fields.get('due_at'))) or 'No due date')}</td></tr>"
            for a in mine
        )
        parts.append(
            f'<h2>{esc(group.title)}</h2><table class="list"><thead><tr><th>Assignment</th>'
            f"<th>Due</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    return "".join(parts)


def discussions_content(course: PreviewCourse) -> str:
    rows = "".join(
        f"<tr><td>{icon('discussion')} {_link(d)}{unpublished(d)}</td></tr>"
        for d in course.of_kind(Kind.DISCUSSION)
    )
    return (
        '<h1 class="page-title">Discussions</h1>'
        f'<table class="list"><thead><tr><th>Discussion</th></tr></thead><tbody>{rows}'
        "</tbody></table>"
    )


def files_content(course: PreviewCourse) -> str:
    files = sorted(course.of_kind(Kind.FILE), key=file_path)
    rows = "".join(
        f'<tr><td>{icon("file")} <a href="{esc(quote(file_path(f)))}">{esc(f.title)}</a></td>'
        f"<td>{esc(f.fields.get('folder') or 'course files')}</td>"
        f"<td>{esc(_size(f.fields.get('size')))}</td></tr>"
        for f in files
    )
    empty = "" if files else '<p class="muted">No files.</p>'
    return (
        '<h1 class="page-title">Files</h1>'
        '<table class="list"><thead><tr><th>Name</th><th>Folder</th><th>Size</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>{empty}"
    )


def _size(value: object) -> str:
    size = int(value) if isinstance(value, int | float) else 0
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} bytes"


def calendar_content(course: PreviewCourse, targets: LinkTargets) -> str:
    events = sorted(course.of_kind(Kind.CALENDAR_EVENT), key=lambda e: e.fields["start_at"])
    parts = [
        '<h1 class="page-title">Calendar</h1>',
        f'<p class="muted">Times are in {esc(course.time_zone)}.</p>',
    ]
    by_day = groupby(events, key=lambda e: course.moment(e.fields["start_at"]).date())
    for day, found in by_day:
        items = []
        for event in found:
            fields = event.fields
            start, end = course.moment(fields["start_at"]), course.local(fields.get("end_at"))
            span = f"{start:%H:%M}" + (f"–{end:%H:%M} {end:%Z}" if end else f" {start:%Z}")
            where = " · ".join(
                str(v) for v in (fields.get("location_name"), fields.get("location_address")) if v
            )
            description = participant_html(str(fields.get("description") or ""), targets)
            items.append(
                f'<article class="event" id="{esc(event.address.key)}">{icon("event")}<div>'
                f"<h3>{esc(event.title)}</h3>"
                f'<div class="muted">{esc(span)}{" · " + esc(where) if where else ""}</div>'
                f'<div class="user_content">{description}</div>'
                "</div></article>"
            )
        parts.append(
            f'<section class="event-day"><h2>{day:%A} {day.day} {day:%B %Y}</h2>'
            f"{''.join(items)}</section>"
        )
    if not events:
        parts.append('<p class="muted">No events.</p>')
    return "".join(parts)


def _entry_link(entry: ScheduleEntry, course: PreviewCourse) -> str:
    # a facilitator group's own date names its section, as Canvas titles its copies
    label = esc(entry.label)
    if entry.kind == "event":
        return f'<a href="calendar.html#{esc(entry.object_id)}">{label}</a>'
    if entry.kind == "block":
        return f'<a href="modules.html#{esc(entry.object_id)}">{label}</a>'
    if entry.kind == "quiz":
        return f'<a href="quiz-{esc(quote(entry.object_id))}.html">{label}</a>'
    return f'<a href="assignment-{esc(quote(entry.object_id))}.html">{label}</a>'


def schedule_content(course: PreviewCourse, entries: Sequence[ScheduleEntry]) -> str:
    who = f"Cohort {course.cohort}" if course.cohort else "This course"
    start = (
        f", starting {course.start:%A} {course.start.day} {course.start:%B %Y}"
        if course.start
        else ""
    )
    rows = []
    current: object = "none yet"
    for entry in entries:
        if entry.week != current:
            current = entry.week
            label = "Before the start" if entry.week is None else f"Week {entry.week}"
            rows.append(f'<tr class="week"><th colspan="3">{esc(label)}</th></tr>')
        where = f'<div class="muted">{esc(entry.location)}</div>' if entry.location else ""
        rows.append(
            f"<tr><td>{esc(format_when(entry))}</td><td>{esc(WHAT[entry.what])}</td>"
            f"<td>{_entry_link(entry, course)}{where}</td></tr>"
        )
    table = (
        '<table class="list"><thead><tr><th>When</th><th>What</th><th>Item</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        if rows
        else '<p class="muted">Nothing dated.</p>'
    )
    return (
        '<h1 class="page-title">Schedule</h1>'
        f'<p class="muted">{esc(who)}{esc(start)}. Times are in {esc(course.time_zone)}; '
        "week 1 is the seven days from the start day.</p>"
        f"{table}"
    )


def syllabus_content(
    course: PreviewCourse, targets: LinkTargets, entries: Sequence[ScheduleEntry]
) -> str:
    syllabus = course.course.fields.get("syllabus_body")
    text = (
        f'<div class="user_content">{participant_html(str(syllabus), targets)}</div>'
        if syllabus
        else '<p class="muted">The spec does not manage the syllabus.</p>'
    )
    rows = "".join(
        f"<tr><td>{esc(format_when(e))}</td><td>{_entry_link(e, course)}</td></tr>"
        for e in entries
        if e.what in ("event", "due")
    )
    summary = (
        '<h2>Course summary</h2><table class="list"><thead><tr><th>Date</th><th>Details</th>'
        f"</tr></thead><tbody>{rows}</tbody></table>"
        if rows
        else ""
    )
    return f'<h1 class="page-title">Course syllabus</h1>{text}{summary}'
