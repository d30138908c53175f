"""The preview's Announcements page: each announcement as participants will read it,
newest first, with when Canvas posts it in the course's time zone."""

from __future__ import annotations

from canvas_npq.model import Kind
from canvas_npq.preview.course import PreviewCourse
from canvas_npq.preview.layout import esc
from canvas_npq.preview.links import LinkTargets, participant_html


def announcements_content(course: PreviewCourse, targets: LinkTargets) -> str:
    found = sorted(
        course.of_kind(Kind.ANNOUNCEMENT),
        key=lambda a: str(a.fields.get("delayed_post_at") or ""),
        reverse=True,
    )
    parts = [
        '<h1 class="page-title">Announcements</h1>',
        f'<p class="muted">Each is posted by Canvas at its time ({esc(course.time_zone)}); '
        "participants see it, and are notified, from then on.</p>",
    ]
    for announcement in found:
        when = course.local(announcement.fields.get("delayed_post_at"))
        posted = (
            f"Posted {when:%A} {when.day} {when:%B %Y, %H:%M %Z}"
            if when
            else ("Posted when the course is first applied")
        )
        body = participant_html(str(announcement.fields.get("message") or ""), targets)
        parts.append(
            f'<article class="announcement" id="{esc(announcement.address.key)}">'
            f"<h2>{esc(announcement.title)}</h2>"
            f'<div class="muted">{esc(posted)}</div>'
            f'<div class="user_content">{body}</div></article>'
        )
    if not found:
        parts.append('<p class="muted">No announcements.</p>')
    return "".join(parts)
