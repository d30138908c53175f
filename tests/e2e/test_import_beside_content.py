"""``import`` and ``adopt`` of what sits beside a course's content, against the sandbox:
announcements (posted and waiting), a section's own dates, the menu and the settings."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.e2e.conftest import CourseFixture
from tests.e2e.test_adopt import new_course

pytestmark = pytest.mark.e2e

WAITING_AT = "2030-01-07T08:00:00Z"


def build_by_hand(course: CourseFixture, posted_text: str = "<p>Welcome, everyone.</p>") -> None:
    """A hand-made course: one assignment with dates for one section, two announcements
    (one posted, one waiting), a rearranged menu and one setting changed."""
    canvas_course = course.course
    group = canvas_course.create_assignment_group(name="Tasks")
    mit = canvas_course.create_assignment(
        assignment={
            "name": "MIT 1",
            "assignment_group_id": group.id,
            "grading_type": "pass_fail",
            "submission_types": ["online_upload"],
            "due_at": "2026-11-02T17:00:00Z",
            "published": True,
        }
    )
    group_a = canvas_course.create_course_section(course_section={"name": "Group A"})
    canvas_course.create_course_section(course_section={"name": "Group B"})
    mit.create_override(
        assignment_override={
            "course_section_id": group_a.id,
            "due_at": "2026-11-09T17:00:00Z",
            "lock_at": "2026-11-16T17:00:00Z",
        }
    )
    canvas_course.create_discussion_topic(
        title="Welcome to the programme", message=posted_text, is_announcement=True
    )
    canvas_course.create_discussion_topic(
        title="Block 2 is open",
        message="<p>Block 2 starts <strong>today</strong>.</p>",
        is_announcement=True,
        delayed_post_at=WAITING_AT,
    )
    tabs = {tab.id: tab for tab in canvas_course.get_tabs()}
    tabs["modules"].update(position=2)
    tabs["people"].update(hidden=True)
    canvas_course.update_settings(hide_final_grades=True, lock_all_announcements=True)


def test_import_writes_announcements_sections_menu_and_settings(
    course: CourseFixture, tmp_path: Path
) -> None:
    build_by_hand(course)
    out = tmp_path / "autumn"
    result = course.cli("import", str(out), "--course", str(course.course_id))
    assert result.code == 0, result.output
    assert "Round trip: the spec reproduces the course exactly." in result.output
    assert "Next: canvas-npq plan" in result.output and "--cohort autumn" in result.output

    spec = yaml.safe_load((out / "course.yaml").read_text(encoding="utf-8"))
    waiting = next(a for a in spec["announcements"] if a["title"] == "Block 2 is open")
    posted = next(a for a in spec["announcements"] if a["title"] != "Block 2 is open")
    assert waiting["delayed_post_at"] == WAITING_AT and "delayed_post_at" not in posted
    body = (out / waiting["body"]).read_text(encoding="utf-8")
    assert body == "Block 2 starts **today**.\n"
    assert spec["navigation"]["order"][0] == "modules"
    assert spec["navigation"]["hidden"] == ["people"]
    assert "home" not in spec["navigation"]["order"]
    assert "settings" not in spec["navigation"]["order"]
    settings = spec["settings"]
    assert settings["hide_final_grades"] is True and settings["lock_all_announcements"] is True
    assert settings["allow_student_discussion_topics"] is True  # every switch, as it is

    cohorts = yaml.safe_load((out / "cohorts.yaml").read_text(encoding="utf-8"))
    (cohort,) = cohorts["cohorts"]
    assert cohort["name"] == "autumn" and cohort["course"] == course.course_id
    assert cohort["start"] == "2026-11-02"  # the course's earliest date
    assert cohort["sections"] == [
        {
            "name": "Group A",
            "dates": {
                "mit-1": {"due_at": "2026-11-09T17:00:00Z", "lock_at": "2026-11-16T17:00:00Z"}
            },
        }
    ]

    before = len(course.sandbox.writes())
    plan = course.cli("plan", "--detailed-exitcode", spec=out)
    assert plan.code == 0, plan.output
    assert "No changes. The course matches the spec." in plan.output
    assert len(course.sandbox.writes()) == before

    # Managed from now on: a section's date, a waiting announcement and the menu are
    # changed in place; the posted announcement is held back without --prune.
    cohorts_text = (out / "cohorts.yaml").read_text(encoding="utf-8")
    (out / "cohorts.yaml").write_text(cohorts_text.replace("2026-11-09", "2026-11-10"))
    (out / waiting["body"]).write_text("Block 2 starts tomorrow.\n", encoding="utf-8")
    (out / posted["body"]).write_text("Welcome, all of you.\n", encoding="utf-8")
    course_yaml = (out / "course.yaml").read_text(encoding="utf-8")
    menu = course_yaml.replace("hidden:\n  - people", "hidden:\n  - grades")
    (out / "course.yaml").write_text(menu, encoding="utf-8")
    plan = course.cli("plan", spec=out)
    assert "Plan: 0 to add, 4 to change" in plan.output, plan.output
    assert "already posted" in plan.output and "DRIFT" not in plan.output
    applied = course.cli("apply", "--yes", spec=out)
    assert applied.code == 0, applied.output
    topics = {t.title: t for t in course.course.get_discussion_topics(only_announcements=True)}
    assert "tomorrow" in topics["Block 2 is open"].message
    assert "Welcome, everyone." in topics["Welcome to the programme"].message
    hidden = {t.id for t in course.course.get_tabs() if getattr(t, "hidden", False)}
    assert hidden == {"grades"}
    assert course.cli("plan", "--detailed-exitcode", spec=out).code == 0


def test_adopt_binds_announcements_and_section_dates_of_a_copy(
    course: CourseFixture, tmp_path: Path
) -> None:
    build_by_hand(course)
    spec = tmp_path / "autumn"
    assert course.cli("import", str(spec), "--course", str(course.course_id)).code == 0

    # This term's copy: the same by hand, its posted welcome worded differently.
    copy = new_course(course)
    build_by_hand(copy, posted_text="<p>Welcome, all.</p>")
    topics_before = len(list(copy.course.get_discussion_topics(only_announcements=True)))
    adopted = copy.cli(
        "adopt", str(spec), "--course", str(copy.course_id), "--cohort", "autumn", "--yes"
    )
    assert adopted.code == 0, adopted.output
    out = adopted.output
    assert "announcement     Welcome to the programme" in out
    assert "announcement     Block 2 is open" in out
    assert "assignment override MIT 1 (Group A)  [mit-1@Group A]" in out
    assert "Not in the course" not in out and "Ambiguous" not in out

    # Bound: the posted announcement is recorded as it is and never edited without
    # --prune; everything else matches the spec, so nothing is written.
    plan = copy.cli("plan", "--cohort", "autumn", spec=spec)
    assert "already posted" in plan.output and "No changes." in plan.output, plan.output
    before = len(copy.sandbox.writes())
    applied = copy.cli("apply", "--cohort", "autumn", "--yes", spec=spec)
    assert applied.code == 0, applied.output
    assert len(copy.sandbox.writes()) == before, applied.output
    topics = {t.title: t for t in copy.course.get_discussion_topics(only_announcements=True)}
    assert len(topics) == topics_before  # none made twice
    assert "Welcome, all." in topics["Welcome to the programme"].message


def test_import_with_the_cohorts_start_writes_dates_relative_to_it(
    course: CourseFixture, tmp_path: Path
) -> None:
    build_by_hand(course)
    out = tmp_path / "autumn"
    result = course.cli(
        "import", str(out), "--course", str(course.course_id), "--start", "2026-10-05"
    )
    assert result.code == 0, result.output
    assert "Round trip: the spec reproduces the course exactly." in result.output
    assert "starting 2026-10-05" in result.output

    spec = yaml.safe_load((out / "course.yaml").read_text(encoding="utf-8"))
    zone = spec["course"]["time_zone"]
    mit = next(a for a in spec["assignments"] if a["id"] == "mit-1")
    waiting = next(a for a in spec["announcements"] if a["title"] == "Block 2 is open")
    cohorts = yaml.safe_load((out / "cohorts.yaml").read_text(encoding="utf-8"))
    (cohort,) = cohorts["cohorts"]
    assert cohort["start"] == "2026-10-05"
    dates = cohort["sections"][0]["dates"]["mit-1"]
    assert zone == "UTC"  # the sandbox's default: wall-clock times equal the instants
    assert mit["due_at"] == "week 5 monday 17:00"
    assert waiting["delayed_post_at"] == "week 171 monday 08:00"
    assert dates == {"due_at": "week 6 monday 17:00", "lock_at": "week 7 monday 17:00"}

    plan = course.cli("plan", "--detailed-exitcode", spec=out)
    assert plan.code == 0, plan.output
    assert "No changes. The course matches the spec." in plan.output
