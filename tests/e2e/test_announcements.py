"""Announcements end to end, with the teacher's token: first apply, a re-run that sends
nothing, drift put back, and a posted announcement kept as it is without --prune."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.e2e

ANNOUNCEMENTS = """
announcements:
  - id: welcome-note
    title: "Welcome to the programme"
    body: welcome-announcement.md
  - id: block-2-open
    title: "Block 2 is open"
    delayed_post_at: 2030-01-07T08:00
    body: block-2-open.md
"""


def setup_spec(course) -> None:
    (course.spec / "welcome-announcement.md").write_text("Welcome, everyone.\n")
    (course.spec / "block-2-open.md").write_text("Block 2 is open: start with unit 2.1.\n")
    path = course.spec / "course.yaml"
    path.write_text(path.read_text(encoding="utf-8") + ANNOUNCEMENTS, encoding="utf-8")


def edit(course, old: str, new: str) -> None:
    path = course.spec / "course.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def announcements(course) -> dict[str, Any]:
    topics = course.course.get_discussion_topics(only_announcements=True)
    return {t.title: t for t in topics}


def test_announcements_apply_once_repair_drift_and_keep_posted_ones(course):
    setup_spec(course)
    first = course.cli("apply", "--yes")
    assert first.code == 0, first.output
    live = announcements(course)
    assert set(live) == {"Welcome to the programme", "Block 2 is open"}
    assert live["Welcome to the programme"].published  # posted at once
    waiting = live["Block 2 is open"]
    assert not waiting.published and waiting.delayed_post_at == "2030-01-07T08:00:00Z"
    assert "Discussion" not in {t.title for t in course.course.get_discussion_topics()}

    again, writes = course.writes_during("apply", "--yes")
    assert again.code == 0 and writes == 0, again.output

    # A facilitator's own announcement, and an edit to the waiting one in Canvas.
    course.course.create_discussion_topic(
        title="Room change", message="<p>Room 4</p>", is_announcement=True
    )
    waiting.update(title="Block 2 is open!!")
    plan = course.cli("plan")
    assert "drift" in plan.output.lower(), plan.output
    assert "Room change" not in plan.output
    repaired = course.cli("apply", "--yes")
    assert repaired.code == 0, repaired.output
    assert "Block 2 is open" in announcements(course)
    assert course.writes_during("apply", "--yes")[1] == 0

    # The posted one: a change in the spec is held back, with the reason in the plan.
    (course.spec / "welcome-announcement.md").write_text("Welcome, all of you.\n")
    plan = course.cli("plan")
    assert "already posted" in plan.output, plan.output
    held, writes = course.writes_during("apply", "--yes")
    assert held.code == 0 and writes == 0, held.output
    assert "Welcome, everyone." in announcements(course)["Welcome to the programme"].message

    # Left out of the spec, it is kept without --prune and deleted with it.
    edit(course, "  - id: welcome-note\n", "  - id: welcome-note-2\n")  # now a new object
    kept = course.cli("apply", "--yes")
    assert kept.code == 0, kept.output
    assert "already posted" in kept.output
    titles = [t.title for t in course.course.get_discussion_topics(only_announcements=True)]
    assert titles.count("Welcome to the programme") == 2  # the posted one stays
    pruned = course.cli("apply", "--yes", "--prune")
    assert pruned.code == 0, pruned.output
    assert "--prune deletes it" in pruned.output, pruned.output
    final = announcements(course)
    assert set(final) == {"Welcome to the programme", "Block 2 is open", "Room change"}
