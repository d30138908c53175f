"""labels: the provider's words for blocks, tasks and the like, wherever participants read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from canvas_npq.cli.main import cli
from canvas_npq.model import Kind
from canvas_npq.spec import SpecError, build_desired, load_spec
from canvas_npq.spec.model import Labels
from canvas_npq.spec.syllabus import syllabus_markdown

NPQLTD = Path(__file__).parents[2] / "course_spec" / "npqltd"

# An ITT partnership's NPQLTD: "Topics" and "partnership implementation tasks".
ITT_LABELS = """\
labels:
  block: Topic
  blocks: Topics
  mit_focus: Partnership implementation task focus
  task: Partnership implementation task
  intended_outcomes: What this topic covers
  learn_that: Participants learn that
  learn_how_to: Participants learn how to

"""


@pytest.fixture
def itt(tmp_path: Path) -> Path:
    root = tmp_path / "itt"
    shutil.copytree(NPQLTD, root)
    text = (root / "course.yaml").read_text()
    (root / "course.yaml").write_text(text.replace("course:\n", ITT_LABELS + "course:\n", 1))
    return root


def test_the_syllabus_uses_the_providers_words(itt: Path) -> None:
    text = syllabus_markdown(load_spec(itt))
    assert "## Topics" in text and "## Blocks" not in text
    assert "| Topic | Partnership implementation task focus | Study time | Opens |" in text
    assert "| Partnership implementation task | Topic | Marked | Due |" in text
    assert "| Date | Time | Event | Where |" in text
    assert "MIT focus" not in text


def test_the_intended_outcomes_tables_use_the_providers_words(itt: Path) -> None:
    desired = build_desired(load_spec(itt))
    unit = next(r for r in desired if r.kind is Kind.PAGE and r.address.key == "unit-1-1a")
    body = unit.fields["body"]
    assert "<h2>What this topic covers</h2>" in body and "Intended outcomes" not in body
    assert "<h3>Participants learn that</h3>" in body


def test_without_labels_the_words_are_the_npqltds(tmp_path: Path) -> None:
    spec = load_spec(NPQLTD)
    assert spec.labels == Labels()
    text = syllabus_markdown(spec)
    assert "## Blocks" in text and "| Block | MIT focus | Study time | Opens |" in text


def test_an_unknown_label_names_the_known_ones(itt: Path) -> None:
    text = (itt / "course.yaml").read_text().replace("  blocks: Topics", "  blokcs: Topics")
    (itt / "course.yaml").write_text(text)
    with pytest.raises(SpecError) as caught:
        load_spec(itt)
    [problem] = caught.value.problems
    assert problem.message == "unknown key 'blokcs' in labels"
    assert problem.hint == "Did you mean 'blocks'?"


def test_the_schema_lists_every_label_with_its_default() -> None:
    schema = json.loads(CliRunner().invoke(cli, ["schema"]).output)
    labels = schema["$defs"]["labels"]["properties"]
    assert labels["blocks"]["default"] == "Blocks"
    assert labels["mit_focus"]["default"] == "MIT focus"
    assert set(labels) == set(Labels.__dataclass_fields__)
