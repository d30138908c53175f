"""The "Intended outcomes" table on unit pages and task descriptions."""

from __future__ import annotations

from pathlib import Path

import pytest

from canvas_npq.framework.catalogue import load_framework
from canvas_npq.model import Address, Kind
from canvas_npq.model.markers import owner_of
from canvas_npq.spec import SpecError, build_desired, load_spec
from canvas_npq.spec.intended import intended_outcomes_html

SPEC = """\
framework: npqltd-2020-10
intended_outcomes: true
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
      - {type: unit, id: u, title: U, body: u.md, covers: ["2d", "2.5", "2.4"]}
      - {type: unit, id: plain, title: Plain, body: u.md}
      - {type: mit, id: t, title: T, description: u.md, covers: ["4e"]}
"""


def load(tmp_path: Path, text: str = SPEC):
    (tmp_path / "u.md").write_text("## The unit\n\nText.\n")
    (tmp_path / "course.yaml").write_text(text)
    return build_desired(load_spec(tmp_path))


def test_the_table_groups_statements_in_framework_order_with_full_text() -> None:
    framework = load_framework("npqltd-2020-10")
    table = intended_outcomes_html(framework, ["2d", "2.5", "2.4"])
    assert table.startswith("<h2>Intended outcomes</h2><h3>Learn that</h3>")
    assert table.index("<td>2.4</td>") < table.index("<td>2.5</td>") < table.index("Learn how to")
    assert table.index("Learn how to") < table.index("<td>2d</td>")
    assert f"<td>{framework.get('2.5').text}</td>" in table
    assert intended_outcomes_html(framework, []) == ""


def test_only_learn_how_to_statements_give_only_that_group() -> None:
    table = intended_outcomes_html(load_framework("npqltd-2020-10"), ["4e"])
    assert "Learn that" not in table and "<h3>Learn how to</h3>" in table


def test_unit_and_task_bodies_end_with_the_table_inside_the_marker(tmp_path: Path) -> None:
    desired = load(tmp_path)
    body = desired.resources[Address(Kind.PAGE, "u")].fields["body"]
    assert owner_of(body) == "u"
    assert body.index("The unit") < body.index("Intended outcomes")
    assert body.endswith("</table></div>")
    description = desired.resources[Address(Kind.ASSIGNMENT, "t")].fields["description"]
    assert "<td>4e</td>" in description
    plain = desired.resources[Address(Kind.PAGE, "plain")].fields["body"]
    assert "Intended outcomes" not in plain


def test_without_the_key_bodies_have_no_table(tmp_path: Path) -> None:
    desired = load(tmp_path, SPEC.replace("intended_outcomes: true\n", ""))
    assert "Intended outcomes" not in desired.resources[Address(Kind.PAGE, "u")].fields["body"]


def test_the_table_needs_a_framework(tmp_path: Path) -> None:
    text = SPEC.replace("framework: npqltd-2020-10\n", "").replace(', covers: ["4e"]', "")
    text = text.replace(', covers: ["2d", "2.5", "2.4"]', "")
    with pytest.raises(SpecError) as caught:
        load(tmp_path, text)
    [problem] = caught.value.problems
    assert problem.line == 1
    assert problem.message == "intended_outcomes needs the framework the statements come from"
