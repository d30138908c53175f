"""The cohort schedule: order, weeks, local time; the schedule command."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from canvas_npq import sync
from canvas_npq.cli.main import cli
from canvas_npq.preview.schedule import build_schedule, week_of
from tests.preview.conftest import NPQLTD, edit


def test_week_one_is_the_seven_days_from_the_start_day() -> None:
    start = date(2027, 1, 13)  # a Wednesday: weeks run Wednesday to Tuesday
    assert week_of(date(2027, 1, 12), start) is None
    assert week_of(start, start) == 1
    assert week_of(date(2027, 1, 19), start) == 1
    assert week_of(date(2027, 1, 20), start) == 2


def test_every_dated_thing_in_order_with_weeks(spec_dir: Path) -> None:
    edit(
        spec_dir / "course.yaml",
        "        due_at: week 3 friday 17:00",
        "        unlock_at: week 2\n        due_at: week 3 friday 17:00\n"
        "        lock_at: week 3 friday 17:00",
    )
    edit(spec_dir / "course.yaml", "    track_completion: true", "    unlock_at: week 1")
    spec, _ = sync.load(spec_dir)
    entries = build_schedule(spec, date(2027, 1, 11))
    assert [(e.week, e.what, e.object_id) for e in entries] == [
        (1, "module_unlock", "block-1"),
        (1, "event", "welcome-webinar"),
        (2, "unlock", "mit-1"),
        (3, "due", "mit-1"),  # same moment as the lock: due is listed first
        (3, "lock", "mit-1"),
    ]
    event = entries[1]
    assert event.at.isoformat() == "2027-01-12T16:00:00+00:00"
    assert event.end is not None and event.end.hour == 17
    assert event.location == "Online (the joining link is in your welcome email)"


def test_spring_cohort_times_are_local_after_the_clocks_change() -> None:
    spec, _ = sync.load(NPQLTD, "spring-2027")
    entries = build_schedule(spec, date(2027, 3, 1))
    webinar = next(e for e in entries if e.object_id == "webinar-1")
    assert webinar.week == 7
    assert (webinar.at.hour, webinar.at.utcoffset().total_seconds()) == (16, 3600)  # type: ignore[union-attr]
    assert [e.at for e in entries] == sorted(e.at for e in entries)


def test_schedule_command_text_and_json(spec_dir: Path) -> None:
    runner = CliRunner()
    text = runner.invoke(cli, ["schedule", str(spec_dir), "--cohort", "first-cohort"])
    assert text.exit_code == 0, text.output
    assert "Cohort first-cohort, starting Mon 11 Jan 2027 (times in Europe/London)" in text.output
    assert "Week 3\n  Fri 29 Jan 2027 17:00" in text.output
    as_json = runner.invoke(cli, ["schedule", str(spec_dir), "--json"])
    data = json.loads(as_json.output)
    assert data["cohort"] == "first-cohort" and data["time_zone"] == "Europe/London"
    assert data["entries"][1] == {
        "at": "2027-01-29T17:00:00+00:00",
        "end": None,
        "week": 3,
        "what": "due",
        "title": "MIT 1: Exploring your priority",
        "id": "mit-1",
        "kind": "mit",
        "location": None,
        "section": None,
    }


def test_schedule_of_an_unknown_cohort_names_the_known_ones(spec_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["schedule", str(spec_dir), "--cohort", "frist-cohort"])
    assert result.exit_code == 1
    assert "no cohort named 'frist-cohort'" in result.output
    assert "first-cohort" in result.output


def test_quiz_dates_and_a_sections_own_dates_are_listed(tmp_path: Path) -> None:
    import shutil

    from tests.cohorts.specs import make_cohort_spec

    spec_root = make_cohort_spec(tmp_path / "spec", 1, 2)
    cohorts = spec_root / "cohorts.yaml"
    edit(
        cohorts,
        "    delivery: blended\n",
        "    delivery: blended\n    sections:\n      - name: Group A\n        dates:\n"
        "          mit-1: {due_at: week 7 friday 17:00}\n"
        "          face-to-face-1: {start_at: week 2 thursday 09:30}\n",
    )
    spec, _ = sync.load(spec_root, "autumn-2026")
    entries = build_schedule(spec, date(2026, 10, 5))
    own = [(e.week, e.what, e.object_id, e.section) for e in entries if e.section]
    assert own == [(2, "event", "face-to-face-1", "Group A"), (7, "due", "mit-1", "Group A")]
    [times] = [e for e in entries if e.section and e.what == "event"]
    assert (times.at.hour, times.at.minute) == (9, 30)  # local, as written
    assert times.end is not None and (times.end - times.at).seconds == 6 * 3600 + 1800
    assert times.label.endswith("(Group A)")
    everyone = [e for e in entries if e.object_id == "face-to-face-1" and not e.section]
    assert len(everyone) == 1  # the event's own times stay for the other sections

    quiz_spec = tmp_path / "npqltd"
    shutil.copytree(NPQLTD, quiz_spec)
    edit(
        quiz_spec / "course.yaml",
        "        questions: quizzes/block-1-check.yaml\n",
        "        questions: quizzes/block-1-check.yaml\n        due_at: week 4 friday 17:00\n",
    )
    npqltd, _ = sync.load(quiz_spec, "autumn-2026")
    [quiz] = [e for e in build_schedule(npqltd, None) if e.object_id == "b1-knowledge-check"]
    assert (quiz.what, quiz.kind) == ("due", "quiz")

    shown = CliRunner().invoke(
        cli, ["schedule", str(spec_root), "--cohort", "autumn-2026", "--json"]
    )
    data = json.loads(shown.output)
    assert {"section": "Group A", "id": "mit-1"}.items() <= next(
        e for e in data["entries"] if e["section"] and e["id"] == "mit-1"
    ).items()


def test_the_preview_schedule_links_quizzes_and_names_a_sections_own_dates(
    tmp_path: Path,
) -> None:
    from canvas_npq.cli.preview import build_preview
    from tests.cohorts.specs import make_cohort_spec

    spec_root = make_cohort_spec(tmp_path / "spec", 1, 2)
    edit(
        spec_root / "cohorts.yaml",
        "    delivery: blended\n",
        "    delivery: blended\n    sections:\n      - name: Group A\n        dates:\n"
        "          mit-1: {due_at: week 7 friday 17:00}\n",
    )
    schedule = build_preview(str(spec_root), "autumn-2026").documents["schedule.html"]
    assert 'href="assignment-mit-1.html">MIT 1' in schedule
    assert "(Group A)</a>" in schedule

    quiz_spec = tmp_path / "npqltd"
    import shutil

    shutil.copytree(NPQLTD, quiz_spec)
    edit(
        quiz_spec / "course.yaml",
        "        questions: quizzes/block-1-check.yaml\n",
        "        questions: quizzes/block-1-check.yaml\n        due_at: week 4 friday 17:00\n",
    )
    site = build_preview(str(quiz_spec), "autumn-2026")
    assert 'href="quiz-b1-knowledge-check.html"' in site.documents["schedule.html"]
    assert "quiz-b1-knowledge-check.html" in site.documents
