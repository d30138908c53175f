"""navigation: and settings: in course.yaml: what they become, and each refusal at
its file:line with what to do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from canvas_npq.cli.main import cli
from canvas_npq.model import Address, Kind
from canvas_npq.spec import SpecError, load_spec
from canvas_npq.spec.desired import build_desired
from tests.unit.test_spec_validation import HEADER, line, only, problems_of


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "course.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_navigation_and_settings_become_tab_and_settings_resources(tmp_path: Path) -> None:
    text = HEADER + (
        "navigation:\n  order: [modules, announcements]\n  hidden: [quizzes, announcements]\n"
        "settings:\n  hide_final_grades: true\n  lock_all_announcements: false\n"
    )
    spec = load_spec(write(tmp_path, text))
    desired = build_desired(spec)
    tabs = {r.address.key: dict(r.fields) for r in desired.of_kind(Kind.TAB)}
    assert tabs == {
        "modules": {"hidden": False, "position": 2},
        "announcements": {"hidden": True, "position": 3},
        "quizzes": {"hidden": True},
    }
    course_settings = desired.get(Address(Kind.COURSE_SETTINGS, "course"))
    assert course_settings is not None
    assert dict(course_settings.fields) == {
        "hide_final_grades": True,
        "lock_all_announcements": False,
    }


def test_without_the_keys_nothing_is_managed(tmp_path: Path) -> None:
    desired = build_desired(load_spec(write(tmp_path, HEADER)))
    assert not desired.of_kind(Kind.TAB) and not desired.of_kind(Kind.COURSE_SETTINGS)


def test_home_cannot_be_hidden(tmp_path: Path) -> None:
    text = HEADER + "navigation:\n  hidden:\n    - quizzes\n    - home\n"
    problem = only(problems_of(tmp_path, text), "home tab cannot be hidden")
    assert problem.file == "course.yaml"
    assert problem.line == line(text, "- home")
    assert problem.hint == "Remove home from navigation.hidden"


def test_settings_cannot_be_moved(tmp_path: Path) -> None:
    text = HEADER + "navigation:\n  order: [modules, settings]\n"
    problem = only(problems_of(tmp_path, text), "settings tab cannot be moved")
    assert problem.line == line(text, "order:")


def test_an_unknown_tab_gets_a_suggestion(tmp_path: Path) -> None:
    text = HEADER + "navigation:\n  hidden: [quizes]\n"
    problem = only(problems_of(tmp_path, text), "'hidden' cannot be 'quizes'")
    assert problem.line == line(text, "hidden:")
    assert "quizzes" in (problem.hint or "")


def test_a_tab_listed_twice_is_refused(tmp_path: Path) -> None:
    text = HEADER + "navigation:\n  order: [modules, grades, modules]\n"
    only(problems_of(tmp_path, text), "'modules' is listed twice in 'order'")


def test_navigation_naming_no_tab_is_refused(tmp_path: Path) -> None:
    text = HEADER + "navigation:\n  hidden: [home]\n"
    problems = problems_of(tmp_path, text)
    only(problems, "names no tab")


def test_an_unknown_setting_gets_a_suggestion(tmp_path: Path) -> None:
    text = HEADER + "settings:\n  hide_final_grade: true\n"
    problem = only(problems_of(tmp_path, text), "hide_final_grade")
    assert problem.line == line(text, "hide_final_grade")
    assert "hide_final_grades" in (problem.hint or "")


def test_a_setting_must_be_true_or_false(tmp_path: Path) -> None:
    text = HEADER + "settings:\n  hide_final_grades: sometimes\n"
    problem = only(problems_of(tmp_path, text), "hide_final_grades")
    assert problem.line == line(text, "hide_final_grades")


def test_the_course_schema_describes_navigation_and_settings() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    schema = json.loads(result.output)
    navigation = schema["$defs"]["navigation"]["properties"]
    assert "quizzes" in navigation["hidden"]["items"]["enum"]
    settings = schema["$defs"]["settings"]["properties"]
    assert settings["hide_final_grades"] == {
        "type": "boolean",
        "description": settings["hide_final_grades"]["description"],
    }


COHORTS = (
    "cohorts:\n"
    "  - name: autumn-2026\n"
    "    course: 7\n"
    "    start: 2026-10-05\n"
    "  - name: online-2027\n"
    "    course: 8\n"
    "    start: 2027-03-01\n"
    "    overrides:\n"
    "      settings:\n"
    "        hide_final_grades: false\n"
    "      navigation:\n"
    "        hidden: [quizzes, conferences]\n"
)


def test_a_cohort_overrides_the_settings_and_navigation_it_names(tmp_path: Path) -> None:
    text = HEADER + (
        "navigation:\n  order: [modules]\n  hidden: [quizzes]\n"
        "settings:\n  hide_final_grades: true\n  lock_all_announcements: true\n"
    )
    write(tmp_path, text)
    (tmp_path / "cohorts.yaml").write_text(COHORTS, encoding="utf-8")
    autumn = load_spec(tmp_path, "autumn-2026")
    online = load_spec(tmp_path, "online-2027")
    assert autumn.settings == {"hide_final_grades": True, "lock_all_announcements": True}
    assert online.settings == {"hide_final_grades": False, "lock_all_announcements": True}
    assert autumn.navigation is not None and autumn.navigation.hidden == ("quizzes",)
    assert online.navigation is not None and online.navigation.hidden == ("quizzes", "conferences")
    assert online.navigation.order == ("modules",)


def test_a_cohort_cannot_override_settings_the_spec_does_not_manage(tmp_path: Path) -> None:
    write(tmp_path, HEADER)
    (tmp_path / "cohorts.yaml").write_text(COHORTS, encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(tmp_path, "online-2027")
    text = str(caught.value)
    assert "cohort 'online-2027' names 'settings', which is not in the spec" in text


def test_a_cohort_override_of_an_unknown_setting_is_refused_at_its_line(tmp_path: Path) -> None:
    write(tmp_path, HEADER + "settings:\n  hide_final_grades: true\n")
    cohorts = COHORTS.replace("hide_final_grades: false", "hide_final_grade: false")
    (tmp_path / "cohorts.yaml").write_text(cohorts, encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(tmp_path, "online-2027")
    assert "cohorts.yaml:10:9: 'hide_final_grade' cannot be changed for settings" in str(
        caught.value
    )
