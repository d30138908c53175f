"""Outcomes from the framework catalogue: spec keys, the desired groups and outcomes."""

from __future__ import annotations

from pathlib import Path

import pytest

from canvas_npq.model import Kind
from canvas_npq.model.markers import key_of_vendor_guid, vendor_guid
from canvas_npq.spec import SpecError, load_spec
from canvas_npq.spec.desired import build_desired

HEADER = """\
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
      - type: unit
        id: u
        title: U
        body: u.md
        covers: ["2.4", 4d]
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "u.md").write_text("Text\n", encoding="utf-8")
    (tmp_path / "course.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(SpecError) as caught:
        load_spec(write(tmp_path, text))
    return [str(p) for p in caught.value.problems]


def test_all_statements_in_a_group_per_area_under_the_framework_group(tmp_path: Path) -> None:
    desired = build_desired(load_spec(write(tmp_path, HEADER + "outcomes: {}\n")))
    groups = {r.address.key: r for r in desired.of_kind(Kind.OUTCOME_GROUP)}
    assert list(groups) == ["framework", "area-2", "area-3", "area-4"]  # area 1 has none
    assert groups["framework"].fields["parent"] is None  # the course's root group
    assert groups["area-2"].fields["parent"] == "outcome_group.framework"
    assert groups["area-2"].fields["title"] == "2. Designing Effective Professional Development"
    outcomes = {r.address.key: r for r in desired.of_kind(Kind.OUTCOME)}
    assert len(outcomes) == 74  # 25 learn that + 49 learn how to
    theory = outcomes["2.4"].fields
    assert theory["group"] == "outcome_group.area-2"
    assert theory["vendor_guid"] == "canvas-npq:npqltd-2020-10:2.4"
    assert theory["display_name"] == "NPQLTD 2.4"
    assert theory["title"].startswith("2.4 Professional development should be developed")
    assert len(theory["title"]) <= 255
    assert "Ideally, they should check whether teachers learn" in theory["description"]
    assert outcomes["4d"].fields["group"] == "outcome_group.area-4"


def test_used_creates_only_the_cited_statements_and_their_areas(tmp_path: Path) -> None:
    text = HEADER + "outcomes:\n  title: NPQLTD framework\n  statements: used\n"
    desired = build_desired(load_spec(write(tmp_path, text)))
    assert sorted(r.address.key for r in desired.of_kind(Kind.OUTCOME)) == ["2.4", "4d"]
    groups = {r.address.key: r.fields["title"] for r in desired.of_kind(Kind.OUTCOME_GROUP)}
    assert groups == {
        "framework": "NPQLTD framework",
        "area-2": "2. Designing Effective Professional Development",
        "area-4": "4. Implementation",
    }


def test_no_outcomes_key_means_no_outcomes(tmp_path: Path) -> None:
    desired = build_desired(load_spec(write(tmp_path, HEADER)))
    assert not desired.of_kind(Kind.OUTCOME) and not desired.of_kind(Kind.OUTCOME_GROUP)


def test_outcomes_without_a_framework_is_an_error_at_its_line(tmp_path: Path) -> None:
    text = HEADER.replace("framework: npqltd-2020-10\n", "") + "outcomes:\n  statements: all\n"
    found = problems(tmp_path, text)
    at = f"course.yaml:{text.splitlines().index('outcomes:') + 2}:"  # its mapping's first line
    assert any(p.startswith(at) and "needs a framework" in p for p in found), found


def test_unknown_key_and_bad_choice_in_outcomes(tmp_path: Path) -> None:
    found = problems(tmp_path, HEADER + "outcomes:\n  statement: used\n  title: X\n")
    assert any("course.yaml:18:" in p and "Did you mean 'statements'" in p for p in found), found
    found = problems(tmp_path, HEADER + "outcomes:\n  statements: some\n")
    assert any("course.yaml:18:" in p and "cannot be 'some'" in p for p in found), found


@pytest.mark.parametrize("key", ["framework", "area-2", "2.4", "4d"])
def test_vendor_guid_round_trips_to_the_address_key(key: str) -> None:
    assert key_of_vendor_guid(vendor_guid("npqltd-2020-10", key)) == key


@pytest.mark.parametrize("guid", [None, "", "sis-outcome-17", "canvas-npqX"])
def test_foreign_vendor_guids_mark_nothing(guid: str | None) -> None:
    assert key_of_vendor_guid(guid) is None
