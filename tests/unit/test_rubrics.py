"""Rubrics in the spec: their YAML files, validation with file:line, desired criteria,
and the planner sending an aligned rubric again when its outcome changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from canvas_npq.model import Address, Kind, Resource, Snapshot
from canvas_npq.model.fields import FIELDS, normalize_value
from canvas_npq.plan import build_plan
from canvas_npq.spec import SpecError, load_spec
from canvas_npq.spec.desired import build_desired

COURSE = """\
framework: npqltd-2020-10
course:
  name: Test course
  course_code: TEST
assignment_groups:
  - id: tasks
    name: Tasks
blocks:
  - id: b
    title: B
    items:
      - type: mit
        id: mit-1
        title: MIT 1
        description: u.md
        rubric: rubrics/mit-1.yaml
outcomes:
  statements: used
"""

RUBRIC = """\
title: MIT 1 rubric
criteria:
  - include: rubrics/shared.yaml
  - description: Problem
    outcome: 4D
    use_range: true
    ratings:
      - {description: Not yet, points: 0}
      - {description: Complete, points: 2, long_description: Specific and evidenced.}
"""

SHARED = """\
criteria:
  - description: Anonymised
    long_description: "No **names**; see [the guide](https://example.org/g)."
    ratings:
      - {description: Complete, points: 1}
"""


def write(tmp_path: Path, course: str = COURSE, rubric: str = RUBRIC, shared: str = SHARED):
    (tmp_path / "rubrics").mkdir(exist_ok=True)
    (tmp_path / "u.md").write_text("Do it.\n", encoding="utf-8")
    (tmp_path / "course.yaml").write_text(course, encoding="utf-8")
    (tmp_path / "rubrics" / "mit-1.yaml").write_text(rubric, encoding="utf-8")
    (tmp_path / "rubrics" / "shared.yaml").write_text(shared, encoding="utf-8")
    return tmp_path


def problems(tmp_path: Path, **files: str) -> list[str]:
    with pytest.raises(SpecError) as caught:
        load_spec(write(tmp_path, **files))
    return [str(p) for p in caught.value.problems]


def test_rubric_is_read_with_its_included_criteria(tmp_path: Path) -> None:
    spec = load_spec(write(tmp_path))
    (_, mit), = spec.all_items()  # fmt: skip
    rubric = mit.rubric
    assert rubric.title == "MIT 1 rubric" and rubric.use_for_grading
    assert [c.description for c in rubric.criteria] == ["Anonymised", "Problem"]
    assert rubric.criteria[1].outcome == "4d" and rubric.criteria[1].use_range
    assert str(rubric.criteria[0].source) == "rubrics/shared.yaml:2"


def test_desired_rubric_is_keyed_by_its_assignment_and_aligned(tmp_path: Path) -> None:
    desired = build_desired(load_spec(write(tmp_path)))
    rubric = desired.get(Address(Kind.RUBRIC, "mit-1"))
    assert rubric is not None and rubric.block == "b"
    assert rubric.fields["assignment"] == "assignment.mit-1"
    shared, problem = rubric.fields["criteria"]
    assert shared["long_description"] == "No names; see the guide (https://example.org/g)."
    assert shared["outcome"] is None and shared["points"] == 1.0
    assert problem["outcome"] == "outcome.4d"
    assert problem["points"] == 2.0  # the top rating's, as Canvas computes it
    assert [r["description"] for r in problem["ratings"]] == ["Complete", "Not yet"]
    # An aligned criterion shows its outcome's description in Canvas.
    assert problem["long_description"].startswith("Identifying a specific area for improvement")
    # statements: used includes what rubrics align to.
    assert [r.address.key for r in desired.of_kind(Kind.OUTCOME)] == ["4d"]


def test_problems_name_the_rubric_file_and_line(tmp_path: Path) -> None:
    rubric = RUBRIC.replace("    use_range: true\n", "    use_rang: true\n    outcome_x: 1\n")
    found = problems(tmp_path, rubric=rubric)
    assert any(p.startswith("rubrics/mit-1.yaml:6:") and "Did you mean 'use_range'" in p
               for p in found), found  # fmt: skip


def test_outcome_must_be_a_statement_of_the_framework(tmp_path: Path) -> None:
    found = problems(tmp_path, rubric=RUBRIC.replace("outcome: 4D", "outcome: 4z"))
    assert any(p.startswith("rubrics/mit-1.yaml:5:") and "4z is not a statement" in p
               for p in found), found  # fmt: skip
    found = problems(tmp_path, rubric=RUBRIC.replace("outcome: 4D", "outcome: four"))
    assert any("'four' in 'outcome' is not a framework statement id" in p for p in found)


def test_alignment_needs_outcomes_in_course_yaml(tmp_path: Path) -> None:
    course = COURSE.replace("outcomes:\n  statements: used\n", "")
    found = problems(tmp_path, course=course)
    assert any(p.startswith("rubrics/mit-1.yaml:5:") and "creates no outcomes" in p
               for p in found), found  # fmt: skip


def test_long_description_on_an_aligned_criterion_is_refused(tmp_path: Path) -> None:
    rubric = RUBRIC.replace("    outcome: 4D\n", "    outcome: 4D\n    long_description: X\n")
    found = problems(tmp_path, rubric=rubric)
    assert any(p.startswith("rubrics/mit-1.yaml:6:") and "has no effect" in p for p in found)


def test_missing_rubric_file_and_criteria_without_ratings(tmp_path: Path) -> None:
    found = problems(tmp_path, course=COURSE.replace("rubrics/mit-1.yaml", "rubrics/nope.yaml"))
    assert any(p.startswith("course.yaml:16:") and "not found" in p for p in found), found
    found = problems(tmp_path, shared="criteria:\n  - description: A\n    ratings: []\n")
    assert any(p.startswith("rubrics/shared.yaml:3:") and "no ratings" in p for p in found)
    gone = RUBRIC.replace("rubrics/shared.yaml", "rubrics/gone.yaml")
    found = problems(tmp_path, rubric=gone)
    assert any(p.startswith("rubrics/mit-1.yaml:3:") and "not found" in p for p in found)


def _resource(kind: Kind, key: str, canvas_id: int | None = None, **values) -> Resource:
    fields = {n: normalize_value(t, values.get(n)) for n, t in FIELDS[kind].items()}
    return Resource(Address(kind, key), fields, canvas_id=canvas_id)


def test_an_aligned_rubric_is_sent_again_after_its_outcome_changes() -> None:
    criteria = [{"description": "P", "outcome": "outcome.4d", "ratings": [{"points": 1}]}]
    rubric = dict(title="R", assignment="assignment.mit-1", criteria=criteria)
    desired = Snapshot.of(
        [
            _resource(Kind.OUTCOME, "4d", title="4d New"),
            _resource(Kind.RUBRIC, "mit-1", **rubric),
        ]
    )
    live = Snapshot.of(
        [
            _resource(Kind.OUTCOME, "4d", 5, title="4d Old"),
            _resource(Kind.RUBRIC, "mit-1", 9, **rubric),
        ]
    )
    plan = build_plan(desired, live)
    assert [(str(c.address), c.action.value) for c in plan.changes] == [
        ("outcome.4d", "update"),
        ("rubric.mit-1", "update"),
    ]
    assert "sent again" in plan.changes[1].reason
    same_outcome = Snapshot.of(
        [_resource(Kind.OUTCOME, "4d", 5, title="4d New"), *live.of_kind(Kind.RUBRIC)]
    )
    assert build_plan(desired, same_outcome).changes == ()
