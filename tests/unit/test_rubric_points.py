"""A rubric's points against its assignment's points."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from canvas_npq.cli.main import cli
from canvas_npq.spec import SpecError, load_spec
from canvas_npq.spec.checks import rubric_points

MINIMAL = Path(__file__).parents[1] / "fixtures" / "specs" / "minimal"
NPQLTD = Path(__file__).parents[2] / "course_spec" / "npqltd"


def rubric(top: tuple[int, ...], use_for_grading: bool = True) -> str:
    criteria = "".join(
        f"  - description: Criterion {n}\n"
        "    ratings:\n"
        f"      - {{description: Full, points: {points}}}\n"
        "      - {description: None, points: 0}\n"
        for n, points in enumerate(top, start=1)
    )
    return f"title: Marking\nuse_for_grading: {str(use_for_grading).lower()}\ncriteria:\n{criteria}"


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    root = tmp_path / "spec"
    shutil.copytree(MINIMAL, root)
    text = (root / "course.yaml").read_text()
    (root / "course.yaml").write_text(
        text.replace("        points: 20\n", "        points: 20\n        rubric: marking.yaml\n")
    )
    return root


def assignment_line(root: Path) -> int:
    """The line where the assignment's mapping starts (its "- type: assignment")."""
    lines = (root / "course.yaml").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if "id: final-assessment" in line) - 1


def test_a_rubric_that_totals_the_assignment_points_is_fine(spec: Path) -> None:
    (spec / "marking.yaml").write_text(rubric((12, 8)))
    assert load_spec(spec).warnings == ()


def test_a_grading_rubric_below_the_points_is_an_error_naming_both_and_the_fix(
    spec: Path,
) -> None:
    (spec / "marking.yaml").write_text(rubric((10, 8)))
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == ("course.yaml", assignment_line(spec))
    assert problem.message == (
        "the rubric marking.yaml totals 18 points, but assignment 'final-assessment' has "
        "points: 20: no participant can score above 18, and Canvas would change the "
        "assignment to 18 points when it saves a rubric used for grading"
    )
    assert problem.hint == (
        "Make them equal: set points: 18 in the assignment, or change the top ratings "
        "in marking.yaml to total 20"
    )


def test_a_grading_rubric_above_the_points_is_an_error_too(spec: Path) -> None:
    (spec / "marking.yaml").write_text(rubric((15, 10)))
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    assert "a participant could score 25 out of 20" in caught.value.problems[0].message


def test_a_feedback_only_rubric_that_differs_is_a_warning_shown_by_validate(spec: Path) -> None:
    (spec / "marking.yaml").write_text(rubric((10, 8), use_for_grading=False))
    [warning] = load_spec(spec).warnings
    assert "totals 18 points" in warning.message and "Canvas would change" not in warning.message
    result = CliRunner().invoke(cli, ["validate", str(spec)])
    assert result.exit_code == 0, result.output
    assert f"Warning: course.yaml:{assignment_line(spec)}: the rubric marking.yaml" in result.output


def test_rubric_points_are_the_sum_of_each_criterion_top_rating() -> None:
    spec = load_spec(NPQLTD)
    final = next(a for _, a in spec.all_assignments() if a.id == "final-assessment")
    assert final.rubric is not None and rubric_points(final.rubric) == final.points == 100
