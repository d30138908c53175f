"""A framework catalogue in the spec folder: checked like the packaged ones, at file:line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from canvas_npq.cli.coverage import spec_coverage
from canvas_npq.cli.main import cli
from canvas_npq.framework.files import FrameworkFileError, framework_for, is_framework_file
from canvas_npq.model import Address, Kind
from canvas_npq.spec import SpecError, load_spec
from canvas_npq.spec.desired import build_desired

FIXTURE = Path(__file__).parents[1] / "fixtures" / "specs" / "own-framework"
FRAMEWORK_FILE = "frameworks/npqlol-2026-01.yaml"


@pytest.fixture
def spec_dir(tmp_path: Path) -> Path:
    target = tmp_path / "spec"
    shutil.copytree(FIXTURE, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, fragment: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, text in enumerate(lines, 1) if fragment in text)


def problems(spec_dir: Path) -> list[str]:
    with pytest.raises(SpecError) as caught:
        load_spec(spec_dir)
    return [str(problem) for problem in caught.value.problems]


def test_a_file_reference_is_told_apart_from_a_packaged_id() -> None:
    assert is_framework_file("frameworks/npqsl.yaml")
    assert is_framework_file("npqsl.YML")
    assert not is_framework_file("npqltd-2020-10")


def test_the_spec_folder_framework_is_loaded_with_its_statements(spec_dir: Path) -> None:
    framework = framework_for(FRAMEWORK_FILE, spec_dir)
    assert framework.id == "npqlol-2026-01"
    assert [s.id for s in framework.statements] == ["1.1", "1.2", "1a", "1b", "2.1", "2a", "2b"]
    assert framework.get("2b").heading == "Review sessions, by"


def test_covers_outcomes_rubrics_and_intended_outcomes_use_the_file(spec_dir: Path) -> None:
    spec = load_spec(spec_dir)
    desired = build_desired(spec)
    outcome = desired.get(Address(Kind.OUTCOME, "2a"))
    assert outcome is not None
    assert outcome.fields["vendor_guid"] == "canvas-npq:npqlol-2026-01:2a"
    assert outcome.fields["display_name"] == "NPQLOL 2a"
    assert desired.get(Address(Kind.OUTCOME, "1.2")) is None  # statements: used
    unit = desired.get(Address(Kind.PAGE, "unit-1-1"))
    assert unit is not None and "Agreeing with staff what outdoor learning" in unit.fields["body"]
    rubric = desired.get(Address(Kind.RUBRIC, "mit-1"))
    assert rubric is not None
    assert rubric.fields["criteria"][0]["outcome"] == "outcome.2a"


def test_coverage_reports_against_the_file(spec_dir: Path) -> None:
    report = spec_coverage(load_spec(spec_dir))
    assert report.framework.id == "npqlol-2026-01"
    assert report.uncovered == ("1.2",)


def test_a_citation_the_file_lacks_is_reported_at_its_course_yaml_line(spec_dir: Path) -> None:
    course_yaml = spec_dir / "course.yaml"
    edit(course_yaml, 'covers: ["1.1", 1a, "2.1"]', 'covers: ["1.1", 1c, "2.1"]')
    (found,) = problems(spec_dir)
    assert found.startswith(f"course.yaml:{line_of(course_yaml, '1c')}:")
    assert "1c, which is not a statement of" in found


def test_a_misnumbered_statement_is_reported_at_its_line_in_the_file(spec_dir: Path) -> None:
    path = spec_dir / FRAMEWORK_FILE
    edit(path, "- id: 1b", "- id: 1c")
    found = problems(spec_dir)
    expected = f"{FRAMEWORK_FILE}:{line_of(path, '- id: 1c')}:"
    assert any(p.startswith(expected) and "expected '1b' here, got '1c'" in p for p in found)


def test_an_unknown_key_is_reported_at_its_line_in_the_file(spec_dir: Path) -> None:
    path = spec_dir / FRAMEWORK_FILE
    edit(path, "    title: Safe and Effective Sessions", "    titel: Safe and Effective Sessions")
    found = problems(spec_dir)
    area_line = line_of(path, "- number: 2")
    assert any(f"{FRAMEWORK_FILE}:{area_line}:" in p and "unknown key 'titel'" in p for p in found)


def test_the_id_must_match_the_file_name(spec_dir: Path) -> None:
    path = spec_dir / FRAMEWORK_FILE
    edit(path, "id: npqlol-2026-01", "id: npqlol-2026-02")
    (found,) = problems(spec_dir)
    assert found.startswith(f"{FRAMEWORK_FILE}:{line_of(path, 'id: npqlol')}:")
    assert "does not match the file name" in found


def test_a_file_may_not_take_a_packaged_framework_id(spec_dir: Path) -> None:
    (spec_dir / "frameworks" / "npqltd-2020-10.yaml").write_text(
        (spec_dir / FRAMEWORK_FILE).read_text().replace("npqlol-2026-01", "npqltd-2020-10")
    )
    edit(spec_dir / "course.yaml", FRAMEWORK_FILE, "frameworks/npqltd-2020-10.yaml")
    found = problems(spec_dir)
    assert any("is the id of a framework canvas-npq packages" in p for p in found)


def test_invalid_yaml_in_the_file_is_reported_with_its_line(spec_dir: Path) -> None:
    path = spec_dir / FRAMEWORK_FILE
    edit(path, "  - number: 2\n", "  - number: 2\n   bad: [\n")
    found = problems(spec_dir)
    assert any(p.startswith(f"{FRAMEWORK_FILE}:") and "not valid YAML" in p for p in found)


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("../outside.yaml", "leaves the spec folder"),
        ("/etc/framework.yaml", "absolute path"),
        ("frameworks/missing.yaml", "not found"),
    ],
)
def test_the_file_must_be_inside_the_spec_folder(
    spec_dir: Path, reference: str, message: str
) -> None:
    (spec_dir.parent / "outside.yaml").write_text((spec_dir / FRAMEWORK_FILE).read_text())
    course_yaml = spec_dir / "course.yaml"
    edit(course_yaml, FRAMEWORK_FILE, reference)
    found = problems(spec_dir)
    at_framework = f"course.yaml:{line_of(course_yaml, 'framework:')}:"
    assert any(p.startswith(at_framework) and message in p for p in found), found


def test_a_symlink_out_of_the_spec_folder_is_refused(spec_dir: Path) -> None:
    outside = spec_dir.parent / "elsewhere.yaml"
    shutil.copy(spec_dir / FRAMEWORK_FILE, outside)
    (spec_dir / "frameworks" / "linked.yaml").symlink_to(outside)
    edit(spec_dir / "course.yaml", FRAMEWORK_FILE, "frameworks/linked.yaml")
    assert any("outside the spec folder" in p for p in problems(spec_dir))


def test_framework_for_raises_a_framework_file_error(spec_dir: Path) -> None:
    with pytest.raises(FrameworkFileError, match="not found"):
        framework_for("frameworks/nope.yaml", spec_dir)


def test_schema_framework_prints_the_framework_file_schema() -> None:
    result = CliRunner().invoke(cli, ["schema", "--framework"])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.output)
    assert schema["required"] == ["areas", "id", "title"]
    assert schema["additionalProperties"] is False
    assert set(schema["$defs"]["area"]["properties"]) >= {"learn_that", "learn_how_to"}


def test_schema_framework_accepts_the_packaged_catalogue() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    packaged = Path(__file__).parents[2] / "canvas_npq/framework/data/npqltd-2020-10.yaml"
    result = CliRunner().invoke(cli, ["schema", "--framework"])
    jsonschema.validate(yaml.safe_load(packaged.read_text()), json.loads(result.output))
    jsonschema.validate(
        yaml.safe_load((FIXTURE / FRAMEWORK_FILE).read_text()), json.loads(result.output)
    )
