"""The JSON Schema for course.yaml is generated from the validator's own key tables."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from canvas_npq.spec import json_schema, keys
from canvas_npq.spec.schema import SCHEMA_DIALECT, rubric_json_schema

MINIMAL = Path(__file__).parents[1] / "fixtures" / "specs" / "minimal"


def definitions(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {"": schema, **schema["$defs"]}


def test_schema_is_json_and_draft_2020_12() -> None:
    schema = json_schema()
    assert json.loads(json.dumps(schema)) == schema
    assert schema["$schema"] == SCHEMA_DIALECT
    assert schema["type"] == "object"


def test_every_table_and_key_of_the_validator_is_in_the_schema() -> None:
    schema = json_schema()
    defs = definitions(schema)
    for table in keys.ALL_TABLES:
        name = (
            ""
            if table is keys.TOP
            else next(
                n for n, d in schema["$defs"].items() if d.get("description") == table.description
            )
        )
        definition = defs[name]
        assert set(definition["properties"]) == set(table.names), table.label
        assert set(definition.get("required", [])) == set(table.required), table.label
        assert definition["additionalProperties"] is False, table.label
        for key in table.keys:
            assert definition["properties"][key.name]["description"] == key.description


def test_every_object_forbids_unknown_keys() -> None:
    for name, definition in definitions(json_schema()).items():
        if name != "item":  # the discriminator; each branch forbids extras itself
            assert definition["additionalProperties"] is False, name


def test_items_are_discriminated_on_type() -> None:
    item = json_schema()["$defs"]["item"]
    assert item["properties"]["type"]["enum"] == list(keys.ITEM_TYPES)
    branches = {b["if"]["properties"]["type"]["const"]: b["then"]["$ref"] for b in item["allOf"]}
    assert branches == {name: f"#/$defs/item_{name}" for name in keys.ITEM_TYPES}


def test_enums_come_from_the_tables() -> None:
    mit = json_schema()["$defs"]["item_mit"]["properties"]
    assert mit["grading"]["enum"] == list(keys.GRADING_TYPES)
    assert mit["submission_types"]["items"]["enum"] == list(keys.SUBMISSION_TYPES)
    assert mit["indent"]["minimum"] == 0 and mit["indent"]["maximum"] == 5


def test_points_grading_requires_points_in_the_schema() -> None:
    for name in ("item_mit", "item_assignment"):
        definition = json_schema()["$defs"][name]
        assert definition["then"] == {"required": ["points"]}


def test_patterns_compile() -> None:
    for pattern in re.findall(r'"pattern": "((?:[^"\\]|\\.)*)"', json.dumps(json_schema())):
        re.compile(json.loads(f'"{pattern}"'))


def _validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    return jsonschema.Draft202012Validator(json_schema())


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(json_schema())


def test_schema_accepts_the_minimal_spec() -> None:
    validator = _validator()
    document = json.loads(
        json.dumps(yaml.safe_load((MINIMAL / "course.yaml").read_text()), default=str)
    )
    assert list(validator.iter_errors(document)) == []


def test_schema_rejects_an_unknown_key() -> None:
    validator = _validator()
    document = json.loads(
        json.dumps(yaml.safe_load((MINIMAL / "course.yaml").read_text()), default=str)
    )
    document["blocks"][0]["items"][1]["titel"] = "Oops"
    messages = [error.message for error in validator.iter_errors(document)]
    assert any("titel" in message for message in messages), messages


# -- rubric files ------------------------------------------------------------------------

RUBRICS = Path(__file__).resolve().parents[2] / "course_spec" / "npqltd" / "rubrics"


def _rubric_validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    schema = rubric_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", sorted(RUBRICS.glob("*.yaml")), ids=lambda p: p.name)
def test_rubric_schema_accepts_every_shipped_rubric_and_criteria_file(path: Path) -> None:
    document = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
    assert list(_rubric_validator().iter_errors(document)) == []


def test_rubric_schema_rejects_a_criterion_without_ratings_and_an_unknown_key() -> None:
    validator = _rubric_validator()
    no_ratings = {"title": "R", "criteria": [{"description": "Plan"}]}
    assert list(validator.iter_errors(no_ratings))
    typo = {
        "title": "R",
        "criteria": [{"description": "Plan", "ratings": [{"description": "Ok", "pts": 1}]}],
    }
    assert list(validator.iter_errors(typo))


def test_every_rubric_key_of_the_validator_is_in_the_rubric_schema() -> None:
    defs = rubric_json_schema()["$defs"]
    for table in keys.RUBRIC_TABLES:
        definition = next(d for d in defs.values() if d.get("description") == table.description)
        assert set(definition["properties"]) == {key.name for key in table.keys}


def test_schema_command_prints_the_rubric_schema() -> None:
    from click.testing import CliRunner

    from canvas_npq.cli.main import cli

    result = CliRunner().invoke(cli, ["schema", "--rubric"])
    assert result.exit_code == 0
    assert json.loads(result.output) == rubric_json_schema()
    assert (
        CliRunner().invoke(cli, ["schema", "--rubric", "--cohorts"]).exit_code == 64
    )  # a usage error, not "changes"
