"""The text view of a plan: dates shown as the instant sent and as local time."""

from __future__ import annotations

from canvas_npq.model import Kind, Snapshot
from canvas_npq.plan import build_plan
from canvas_npq.render.text import describe_field, render_plan
from tests.unit.builders import res


def test_a_date_is_shown_in_utc_and_in_the_courses_local_time_across_the_clock_change():
    (line,) = describe_field(
        Kind.ASSIGNMENT,
        "due_at",
        "2026-10-23T16:00:00Z",  # BST: 17:00 in London
        "2026-10-30T17:00:00Z",  # GMT: 17:00 in London
        "Europe/London",
    )
    assert line == (
        'due_at: "2026-10-23T16:00:00Z" (Fri 23 Oct 2026 17:00 BST)'
        ' → "2026-10-30T17:00:00Z" (Fri 30 Oct 2026 17:00 GMT)'
    )


def test_without_a_time_zone_or_a_date_the_value_is_shown_as_it_is():
    assert describe_field(Kind.ASSIGNMENT, "due_at", None, "2026-10-30T17:00:00Z") == [
        'due_at: (none) → "2026-10-30T17:00:00Z"'
    ]


def test_render_plan_uses_the_time_zone_the_plan_gives_the_course():
    meta = {"course_id": 7, "manifest": {}}
    live = Snapshot.of(
        [
            res(Kind.COURSE, "course", canvas_id=7, time_zone="UTC"),
            res(Kind.ASSIGNMENT, "mit-1", canvas_id=9, due_at="2026-10-23T16:00:00Z"),
        ],
        meta=meta,
    )
    desired = Snapshot.of(
        [
            res(Kind.COURSE, "course", time_zone="Europe/London"),
            res(Kind.ASSIGNMENT, "mit-1", due_at="2026-10-30T17:00:00Z"),
        ],
        meta=meta,
    )
    text = render_plan(build_plan(desired, live), time_zone="UTC")
    assert "(Fri 30 Oct 2026 17:00 GMT)" in text
