"""A missing, empty or misplaced cohorts.yaml, course.yaml or rubric file: one clear message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from canvas_npq.cli.main import cli
from canvas_npq.spec import Problem, SpecError, load_spec

NPQLTD = Path(__file__).parents[2] / "course_spec" / "npqltd"


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    root = tmp_path / "spec"
    shutil.copytree(NPQLTD, root)
    return root


def problems(root: Path) -> list[Problem]:
    with pytest.raises(SpecError) as caught:
        load_spec(root)
    return caught.value.problems


def test_relative_dates_without_cohorts_yaml_give_one_message_with_an_example(spec: Path) -> None:
    (spec / "cohorts.yaml").unlink()
    [problem] = problems(spec)
    relative = sum(
        1
        for line in (spec / "course.yaml").read_text().splitlines()
        if line.strip().startswith(("unlock_at: week", "start_at: week", "end_at: week"))
    )
    assert problem.file == "course.yaml"
    assert problem.line == 281  # block-2's unlock_at: week 8, the first relative date
    assert problem.message == (
        f"'week 8' and {relative - 1} more dates in the spec count from a cohort's start, "
        "but there is no cohorts.yaml to say when a cohort starts"
    )
    assert problem.hint is not None
    assert problem.hint.startswith("Create cohorts.yaml beside course.yaml, for example:\ncohorts:")
    assert "start: 2026-10-05" in problem.hint


def test_a_folder_named_cohorts_yaml_is_named_as_such(spec: Path) -> None:
    (spec / "cohorts.yaml").unlink()
    (spec / "cohorts.yaml").mkdir()
    [problem] = problems(spec)
    assert problem.file == "cohorts.yaml"
    assert "is a folder, not a file" in problem.message


def test_an_empty_cohorts_yaml_asks_for_the_cohorts_not_for_course(spec: Path) -> None:
    (spec / "cohorts.yaml").write_text("# to do\n")
    [problem] = problems(spec)
    assert (problem.file, problem.message) == ("cohorts.yaml", "file is empty")
    assert problem.hint is not None and problem.hint.startswith("List the cohorts. For example:")
    assert "course:" not in problem.hint.split("\n")[0]


def test_an_empty_rubric_file_says_what_a_rubric_holds(spec: Path) -> None:
    (spec / "rubrics" / "mit-1.yaml").write_text("")
    [problem] = problems(spec)
    assert (problem.file, problem.message) == ("rubrics/mit-1.yaml", "file is empty")
    assert problem.hint is not None and problem.hint.startswith(
        "A rubric file starts with 'title:' and lists its 'criteria:'"
    )


def test_a_folder_named_course_yaml_is_named_as_such(tmp_path: Path) -> None:
    (tmp_path / "course.yaml").mkdir()
    [problem] = problems(tmp_path)
    assert "course.yaml in" in problem.message and "is a folder, not a file" in problem.message


def test_validate_takes_course_yaml_as_well_as_its_folder() -> None:
    on_file = CliRunner().invoke(cli, ["validate", str(NPQLTD / "course.yaml")])
    on_folder = CliRunner().invoke(cli, ["validate", str(NPQLTD)])
    assert on_file.exit_code == 0, on_file.output
    assert on_folder.exit_code == 0
    assert on_file.output.split("\n", 1)[1] == on_folder.output.split("\n", 1)[1]
