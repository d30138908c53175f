"""Import's and adopt's pure steps for announcements, section dates, the menu and settings."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from canvas_npq.adopt.extras import relative_date
from canvas_npq.adopt.importer import propose, spec_files
from canvas_npq.adopt.matching import match
from canvas_npq.model import FIELDS, Address, Kind, Resource, Snapshot
from tests.unit.builders import res


def _course() -> Resource:
    return res(Kind.COURSE, "course", 1, syllabus_body=None, default_view="modules")


def _snapshot(*resources: Resource, unowned: tuple[dict[str, Any], ...] = ()) -> Snapshot:
    return Snapshot.of([_course(), *resources], {}, {"course_id": 1, "unowned": unowned})


def _tab(tab_id: str, position: int, hidden: bool = False) -> Resource:
    return Resource(Address(Kind.TAB, tab_id), {"hidden": hidden, "position": position}, 1)


def _override(override_id: int, section: str, assignment: str | None = None) -> dict[str, Any]:
    return {
        "kind": "assignment_override",
        "id": override_id,
        "title": f"MIT 1 ({section})",
        "assignment_id": 30,
        "assignment": assignment,
        "section": section,
    }


def _announcement(topic_id: int, title: str) -> dict[str, Any]:
    return {"kind": "announcement", "id": topic_id, "title": title, "posted": True}


def test_propose_binds_announcements_and_the_section_dates_of_managed_assignments() -> None:
    assignment = {
        "kind": "assignment",
        "id": 30,
        "title": "MIT 1",
        "group_id": 5,
        "grading_type": "pass_fail",
        "submission_types": ["online_upload"],
    }
    group = {"kind": "assignment_group", "id": 5, "title": "Tasks"}
    other = {**_override(41, "Group B"), "assignment_id": 99}  # an assignment left alone
    live = _snapshot(
        unowned=(
            group,
            assignment,
            _override(40, "Group A"),
            _override(42, "Group A"),  # a second one for the section
            _override(43, "section:7"),  # its section was not read by name
            other,
            _announcement(50, "Welcome"),
            _announcement(51, "!!!"),
        )
    )
    proposal = propose(live)
    assert proposal.bind["assignment_override.mit-1@Group A"] == 40
    assert proposal.bind["announcement.welcome"] == 50
    reasons = {entry.canvas_id: entry.reason for entry in proposal.unmanaged}
    assert reasons[42] == "a second override of the assignment for that section"
    assert reasons[43] == "its section could not be found by name"
    assert reasons[41] == "its assignment is not managed"
    assert "no letter or digit" in reasons[51]


def test_the_menu_is_written_in_place_up_to_a_tab_a_spec_cannot_name() -> None:
    tabs = [
        _tab("home", 1),
        _tab("modules", 2),
        _tab("announcements", 3),
        _tab("context_external_tool_9", 4),  # an external tool's tab ends the order
        _tab("people", 5, hidden=True),
        _tab("files", 6, hidden=True),
        _tab("settings", 7),
    ]
    spec = yaml.safe_load(spec_files(_snapshot(*tabs)).files["course.yaml"])
    assert spec["navigation"] == {
        "order": ["modules", "announcements"],
        "hidden": ["people", "files"],
    }


def test_a_menu_with_nothing_a_spec_can_name_writes_no_navigation() -> None:
    tabs = [_tab("home", 1), _tab("context_external_tool_9", 2), _tab("settings", 3)]
    spec = yaml.safe_load(spec_files(_snapshot(*tabs)).files["course.yaml"])
    assert "navigation" not in spec


def test_settings_are_written_whole_as_the_course_has_them() -> None:
    values = {name: False for name in FIELDS[Kind.COURSE_SETTINGS]}
    values["hide_final_grades"] = True
    settings = Resource(Address(Kind.COURSE_SETTINGS, "course"), values, 1)
    spec = yaml.safe_load(spec_files(_snapshot(settings)).files["course.yaml"])
    assert spec["settings"] == values
    assert "settings" not in yaml.safe_load(spec_files(_snapshot()).files["course.yaml"])


def test_announcements_keep_an_absolute_date_only_when_they_have_one() -> None:
    waiting = res(Kind.ANNOUNCEMENT, "block-2", 60, title="Block 2", message="<p>Soon</p>")
    posted = res(
        Kind.ANNOUNCEMENT, "hello", 61, title="Hello", message="<p>Hi</p>", delayed_post_at=None
    )
    files = spec_files(_snapshot(posted, waiting))
    spec = yaml.safe_load(files.files["course.yaml"])
    assert spec["announcements"] == [
        {
            "id": "block-2",
            "title": "Block 2",
            "delayed_post_at": "2026-10-05T07:00:00Z",
            "body": "announcements/block-2.md",
        },
        {"id": "hello", "title": "Hello", "body": "announcements/hello.md"},
    ]
    assert files.files["announcements/block-2.md"] == "Soon\n"


def test_section_dates_go_to_one_cohort_that_is_the_course() -> None:
    mit = res(Kind.ASSIGNMENT, "mit-1", 30, due_at="2026-11-02T17:00:00Z")
    dated = res(Kind.ASSIGNMENT_OVERRIDE, "mit-1@Group A", 40, due_at="2026-11-09T17:00:00Z")
    undated = res(Kind.ASSIGNMENT_OVERRIDE, "mit-1@Group B", 41, section="Group B")
    files = spec_files(_snapshot(mit, dated, undated), cohort="autumn")
    assert files.cohort == "autumn"
    cohorts = yaml.safe_load(files.files["cohorts.yaml"])
    assert cohorts == {
        "cohorts": [
            {
                "name": "autumn",
                "course": 1,
                "start": "2026-11-02",  # the course's earliest date, in its zone
                "sections": [
                    {"name": "Group A", "dates": {"mit-1": {"due_at": "2026-11-09T17:00:00Z"}}}
                ],
            }
        ]
    }
    assert "cohorts.yaml" not in spec_files(_snapshot(mit)).files


def test_adopt_matches_section_dates_by_assignment_and_section_name() -> None:
    desired = Snapshot.of(
        [
            res(Kind.ASSIGNMENT, "mit-1"),
            res(Kind.ASSIGNMENT_OVERRIDE, "mit-1@Group A", due_at="2026-11-09T17:00:00Z"),
            res(Kind.ASSIGNMENT_OVERRIDE, "mit-1@Group C", section="Group C"),
            res(Kind.ANNOUNCEMENT, "welcome", title="Welcome"),
        ]
    )
    live = Snapshot.of(
        [res(Kind.ASSIGNMENT, "mit-1", 30)],
        meta={
            "unowned": (
                {**_override(40, "Group A"), "assignment": "assignment.mit-1"},
                {**_override(41, "Group B"), "assignment": "assignment.mit-1"},
                {**_override(42, "Group A"), "assignment_id": 31},  # another assignment's
                _announcement(50, "welcome "),
            )
        },
    )
    matching = match(desired, live)
    assert matching.bind == {
        "assignment_override.mit-1@Group A": 40,
        "announcement.welcome": 50,
    }
    assert [str(m.address) for m in matching.missing] == ["assignment_override.mit-1@Group C"]
    label = next(m.title for m in matching.matched if m.address.kind is Kind.ASSIGNMENT_OVERRIDE)
    assert label == "MIT 1 (Group A)"


LONDON = ZoneInfo("Europe/London")
START = date(2026, 10, 5)  # a Monday


@pytest.mark.parametrize(
    ("instant", "written"),
    [
        ("2026-10-05T08:00:00Z", "week 1 monday 09:00"),  # BST: 09:00 in London
        ("2026-11-06T17:00:00Z", "week 5 friday 17:00"),  # GMT from 25 October
        ("2026-10-04T09:00:00Z", "2026-10-04T09:00:00Z"),  # before the start
        ("2026-10-06T09:00:30Z", "2026-10-06T09:00:30Z"),  # seconds: no relative form
        ("2026-10-25T01:30:00Z", "2026-10-25T01:30:00Z"),  # 01:30 happens twice that night
    ],
)
def test_a_date_is_relative_to_the_start_only_where_that_is_exact(
    instant: str, written: str
) -> None:
    assert relative_date(instant, START, LONDON) == written


def test_start_writes_every_date_relative_and_a_cohort_without_sections() -> None:
    mit = res(Kind.ASSIGNMENT, "mit-1", 30, due_at="2026-11-06T17:00:00Z")
    event = res(Kind.CALENDAR_EVENT, "webinar-1", 70)
    files = spec_files(_snapshot(mit, event), cohort="autumn", start=START)
    spec = yaml.safe_load(files.files["course.yaml"])
    assert spec["assignments"][0]["due_at"] == "week 5 friday 17:00"
    assert spec["events"][0]["start_at"] == "week 3 tuesday 17:00"
    assert spec["events"][0]["end_at"] == "week 3 tuesday 18:15"
    cohorts = yaml.safe_load(files.files["cohorts.yaml"])
    assert cohorts["cohorts"] == [{"name": "autumn", "course": 1, "start": "2026-10-05"}]


def test_adopt_leaves_the_menu_and_settings_out_of_matching() -> None:
    """They exist in every course: neither "already managed" nor "missing"."""
    settings = Resource(Address(Kind.COURSE_SETTINGS, "course"), {"hide_final_grades": True})
    desired = Snapshot.of(
        [
            Resource(Address(Kind.TAB, "modules"), {"hidden": False, "position": 2}),
            Resource(Address(Kind.TAB, "conferences"), {"hidden": True}),  # not in the course
            settings,
        ]
    )
    live = Snapshot.of([_tab("modules", 3), Resource(settings.address, {}, 1)])
    matching = match(desired, live)
    assert not matching.missing and not matching.matched and matching.already_owned == 0
