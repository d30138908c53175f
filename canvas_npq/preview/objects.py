"""The preview of one page, assignment or discussion, as its Canvas page shows it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from canvas_npq.model import Address, Resource
from canvas_npq.preview.course import PreviewCourse, href_of, when
from canvas_npq.preview.layout import esc
from canvas_npq.preview.links import LinkTargets, participant_html

SUBMISSION_TYPES: Mapping[str, str] = {
    "online_text_entry": "a text entry box",
    "online_upload": "a file upload",
    "online_url": "a website URL",
    "media_recording": "a media recording",
    "online_quiz": "a quiz",
    "discussion_topic": "a discussion post",
    "external_tool": "an external tool",
    "on_paper": "on paper",
    "none": "nothing",
    "not_graded": "nothing (not graded)",
}
GRADING: Mapping[str, str] = {
    "pass_fail": "Complete / incomplete",
    "not_graded": "Not graded",
}

Pager = tuple[tuple[str, str] | None, tuple[str, str] | None]  # (href, title) either side


def unpublished(resource: Resource) -> str:
    if resource.fields.get("published", True):
        return ""
    return ' <span class="pill unpublished" title="Participants do not see it">Unpublished</span>'


def body(html: object, targets: LinkTargets) -> str:
    return f'<div class="user_content">{participant_html(str(html or ""), targets)}</div>'


def pager(links: Pager) -> str:
    before, after = links
    if before is None and after is None:
        return ""
    left = f'<a class="prev" href="{esc(before[0])}">◀ Previous</a>' if before else "<span></span>"
    right = f'<a class="next" href="{esc(after[0])}">Next ▶</a>' if after else "<span></span>"
    return f'<nav class="pager" aria-label="Module sequence">{left}{right}</nav>'


def page_content(page: Resource, targets: LinkTargets, links: Pager) -> str:
    return (
        f'<h1 class="page-title">{esc(page.title)}{unpublished(page)}</h1>'
        f"{body(page.fields.get('body'), targets)}{pager(links)}"
    )


def _points(value: Any) -> str:
    number = float(value or 0)
    return f"{number:g}"


def assignment_details(course: PreviewCourse, assignment: Resource) -> str:
    fields = assignment.fields
    rows = []
    due = course.local(fields.get("due_at"))
    rows.append(("Due", when(due) if due else "No due date"))
    grading = str(fields.get("grading_type") or "points")
    if grading == "points":
        rows.append(("Points", _points(fields.get("points_possible"))))
    else:
        rows.append(("Marked", GRADING.get(grading, grading)))
    types = [SUBMISSION_TYPES.get(t, t) for t in fields.get("submission_types") or ()]
    if types:
        rows.append(("Submitting", " or ".join(types)))
    unlock, lock = course.local(fields.get("unlock_at")), course.local(fields.get("lock_at"))
    if unlock or lock:
        span = f"{when(unlock) if unlock else 'now'} until {when(lock) if lock else 'the end'}"
        rows.append(("Available", span))
    cells = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows)
    return f'<dl class="details-box">{cells}</dl>'


def rubric_table(rubric: Resource) -> str:
    """The rubric as Canvas shows it under an assignment: criteria × ratings, points."""
    fields = rubric.fields
    rows = []
    total = 0.0
    for criterion in fields.get("criteria") or ():
        ratings = "".join(
            '<div class="rating">'
            f'<div class="points">{esc(_points(r["points"]))} pts</div>'
            f"<div>{esc(r['description'])}</div>"
            + (
                f'<div class="long">{esc(r["long_description"])}</div>'
                if r["long_description"]
                else ""
            )
            + "</div>"
            for r in criterion["ratings"]
        )
        long = criterion["long_description"]
        outcome = ' <span class="pill">Framework outcome</span>' if criterion.get("outcome") else ""
        total += float(criterion["points"])
        rows.append(
            "<tr>"
            f'<th scope="row">{esc(criterion["description"])}{outcome}'
            + (f'<div class="long">{esc(long)}</div>' if long else "")
            + "</th>"
            f'<td><div class="ratings">{ratings}</div></td>'
            f'<td class="points">{esc(_points(criterion["points"]))} pts</td>'
            "</tr>"
        )
    return (
        f'<h2 id="rubric">{esc(fields.get("title") or "Rubric")}</h2>'
        '<table class="rubric"><thead><tr><th>Criteria</th><th>Ratings</th><th>Pts</th></tr>'
        f"</thead><tbody>{''.join(rows)}</tbody>"
        f'<tfoot><tr><td colspan="3" class="points">Total points: {esc(_points(total))}'
        "</td></tr></tfoot></table>"
    )


def assignment_content(
    course: PreviewCourse, assignment: Resource, targets: LinkTargets, links: Pager
) -> str:
    rubric = course.rubric_of(assignment)
    return (
        f'<h1 class="page-title">{esc(assignment.title)}{unpublished(assignment)}</h1>'
        f"{assignment_details(course, assignment)}"
        f"{body(assignment.fields.get('description'), targets)}"
        f"{rubric_table(rubric) if rubric is not None else ''}{pager(links)}"
    )


def discussion_content(discussion: Resource, targets: LinkTargets, links: Pager) -> str:
    fields = discussion.fields
    notes = []
    if fields.get("require_initial_post"):
        notes.append("Participants must post before seeing replies.")
    if fields.get("discussion_type") == "threaded":
        notes.append("Threaded replies.")
    note = f'<p class="muted">{esc(" ".join(notes))}</p>' if notes else ""
    return (
        f'<h1 class="page-title">{esc(discussion.title)}{unpublished(discussion)}</h1>'
        f"{note}{body(fields.get('message'), targets)}"
        '<p class="muted"><em>Replies from participants appear here.</em></p>'
        f"{pager(links)}"
    )


def sequence(course: PreviewCourse) -> dict[Address, Pager]:
    """Previous and next for each page, assignment and discussion in the modules, as
    Canvas's module sequence footer links them (across modules, skipping headers)."""
    steps: list[tuple[Address, str]] = []
    for _, items in course.modules():
        for item in items:
            target = course.ref(item.fields.get("content"))
            if target is not None and target.address.kind.value in (
                "page",
                "assignment",
                "discussion",
            ):
                steps.append((target.address, target.title))
    found: dict[Address, Pager] = {}
    for index, (address, _) in enumerate(steps):
        if address in found:
            continue
        before = steps[index - 1] if index > 0 else None
        after = steps[index + 1] if index + 1 < len(steps) else None
        found[address] = (
            (href_of(before[0]), before[1]) if before else None,
            (href_of(after[0]), after[1]) if after else None,
        )
    return found
