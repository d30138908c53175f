"""The JSON Schema for course.yaml is generated from the validator's own key tables."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from canvas_npq.spec import json_schema, keys
from canvas_npq.spec.schema import SCHEMA_DIALECT

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
