"""Assignments that are not in a module (``assignments:`` in course.yaml)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from canvas_npq.cli.coverage import NOT_IN_A_MODULE, spec_coverage
from canvas_npq.model import Address, Kind
from canvas_npq.spec import SpecError, load_spec
from canvas_npq.spec.desired import build_desired
from canvas_npq.spec.syllabus import syllabus_markdown

MINIMAL = Path(__file__).resolve().parents[1] / "fixtures" / "specs" / "minimal"

COURSE_LEVEL = """
assignments:
  - id: portfolio
    title: Reflective portfolio
    description: block-1/mit-1.md
    group: assessment
    grading: points
    points: 40
    due_at: 2027-06-30T17:00
    covers: [2.7]
    rubric: rubrics/portfolio.yaml
    published: false
"""

RUBRIC = """title: Portfolio rubric
criteria:
  - description: Reflection
    ratings:
      - {description: Full, points: 40}
      - {description: None, points: 0}
"""


def spec_folder(tmp_path: Path, extra: str = COURSE_LEVEL) -> Path:
    root = tmp_path / "spec"
    shutil.copytree(MINIMAL, root)
    (root / "rubrics").mkdir()
    (root / "rubrics" / "portfolio.yaml").write_text(RUBRIC, encoding="utf-8")
    course = root / "course.yaml"
    text = course.read_text(encoding="utf-8").replace(
        "  time_zone: Europe/London\n",
        "  time_zone: Europe/London\n  syllabus:\n    overview: pages/welcome.md\n",
    )
    course.write_text(text + extra, encoding="utf-8")
    return root


def test_a_course_level_assignment_is_an_assignment_with_its_rubric_and_no_module_item(
    tmp_path: Path,
) -> None:
    spec = load_spec(spec_folder(tmp_path))
    (portfolio,) = spec.assignments
    assert (portfolio.title, portfolio.points, portfolio.published) == (
        "Reflective portfolio",
        40,
        False,
    )
    desired = build_desired(spec)
    assignment = desired.get(Address(Kind.ASSIGNMENT, "portfolio"))
    assert assignment is not None and assignment.block is None
    assert assignment.fields["assignment_group"] == "assignment_group.assessment"
    assert desired.get(Address(Kind.MODULE_ITEM, "portfolio")) is None
    rubric = desired.get(Address(Kind.RUBRIC, "portfolio"))
    assert rubric is not None and rubric.fields["assignment"] == "assignment.portfolio"


def test_it_is_in_the_syllabus_and_the_framework_coverage(tmp_path: Path) -> None:
    spec = load_spec(spec_folder(tmp_path))
    assert "| Reflective portfolio | Course | Out of 40 points |" in syllabus_markdown(spec)
    entry = next(e for e in spec_coverage(spec).entries if e.statement.id == "2.7")
    assert "portfolio" in entry.covered_by and NOT_IN_A_MODULE in entry.blocks


def test_module_item_keys_are_refused_with_the_line(tmp_path: Path) -> None:
    extra = COURSE_LEVEL.replace("    published: false\n", "    indent: 1\n")
    with pytest.raises(SpecError) as caught:
        load_spec(spec_folder(tmp_path, extra))
    problems = [str(p) for p in caught.value.problems]
    assert any("course.yaml:" in p and "indent" in p for p in problems), problems
