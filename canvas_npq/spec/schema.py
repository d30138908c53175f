"""A JSON Schema (draft 2020-12) for ``course.yaml``, generated from the key tables.

Editors use it to autocomplete and check a spec as it is typed. It is derived from
``spec.keys``, the same tables the validator reads, so the two cannot drift apart;
the validator remains the authority for what no schema can say (files exist, ids are
unique, dates run in order).
"""

from __future__ import annotations

import re
from typing import Any

from canvas_npq.spec import keys
from canvas_npq.spec.keys import Key, Table, ValueType

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "https://canvas-npq.invalid/schemas/course.schema.json"

_PATH_PATTERN = r"^[^/\\~]"
_TIME_ZONE_PATTERN = r"^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$"


def _def_name(table: Table) -> str:
    prefix = "item_" if table.label in keys.ITEM_TABLES else ""
    return prefix + table.label.replace(" ", "_")


def _ref(table: Table) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{_def_name(table)}"}


def _value_schema(key: Key) -> dict[str, Any]:
    value_type = key.type
    if value_type in (ValueType.TEXT, ValueType.TITLE):
        schema: dict[str, Any] = {"type": ["string", "number"], "minLength": 1}
        if value_type is ValueType.TITLE:
            schema["maxLength"] = keys.TITLE_MAX_LENGTH
        return schema
    if value_type in (ValueType.ID, ValueType.REF):
        return {"type": ["string", "integer"], "pattern": keys.ID_PATTERN}
    if value_type is ValueType.REF_LIST:
        return {
            "type": "array",
            "items": {"type": ["string", "integer"], "pattern": keys.ID_PATTERN},
            "uniqueItems": True,
        }
    if value_type is ValueType.BOOL:
        return {"type": "boolean"}
    if value_type in (ValueType.INT, ValueType.NUMBER):
        schema = {"type": "integer" if value_type is ValueType.INT else "number"}
        if key.minimum is not None:
            schema["minimum"] = key.minimum
        if key.maximum is not None:
            schema["maximum"] = key.maximum
        return schema
    if value_type is ValueType.DATE:
        return {
            "type": "string",
            "anyOf": [
                {"pattern": keys.DATE_PATTERN},
                {"pattern": re.sub(r"\?P<\w+>", "", keys.RELATIVE_DATE_PATTERN)},
            ],
            "examples": ["2026-10-05T09:00", "week 6 friday 17:00", "start + 14d"],
        }
    if value_type is ValueType.VARIANT:
        return {"type": "object", "description": key.description}
    if value_type is ValueType.URL:
        return {"type": "string", "format": "uri", "pattern": r"^https?://[^\s]+$"}
    if value_type in (ValueType.PATH, ValueType.FILE):
        return {"type": "string", "minLength": 1, "pattern": _PATH_PATTERN}
    if value_type is ValueType.TIME_ZONE:
        return {"type": "string", "pattern": _TIME_ZONE_PATTERN, "examples": ["Europe/London"]}
    if value_type is ValueType.CHOICE:
        return {"const": key.choices[0]} if len(key.choices) == 1 else {"enum": list(key.choices)}
    if value_type is ValueType.CHOICE_LIST:
        return {
            "type": "array",
            "items": {"enum": list(key.choices)},
            "minItems": 1,
            "uniqueItems": True,
        }
    if value_type is ValueType.STATEMENTS:
        return {
            "type": "array",
            "items": {"type": ["string", "number"], "pattern": keys.STATEMENT_PATTERN},
            "uniqueItems": True,
        }
    if value_type is ValueType.OBJECT:
        assert key.table is not None
        return _ref(key.table)
    if value_type is ValueType.OBJECT_LIST:
        assert key.table is not None
        return {"type": "array", "items": _ref(key.table)}
    if value_type is ValueType.ITEM_LIST:
        return {"type": "array", "items": {"$ref": "#/$defs/item"}}
    raise AssertionError(f"no schema for {value_type}")  # pragma: no cover


def _key_schema(key: Key) -> dict[str, Any]:
    schema = {"description": key.description, **_value_schema(key)}
    if key.default is not None:
        schema["default"] = key.default
    return schema


def _table_schema(table: Table) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "description": table.description,
        "properties": {key.name: _key_schema(key) for key in table.keys},
        "additionalProperties": False,
    }
    if table.required:
        schema["required"] = list(table.required)
    if "grading" in table.by_name and "points" in table.by_name:
        schema["if"] = {"properties": {"grading": {"const": "points"}}, "required": ["grading"]}
        schema["then"] = {"required": ["points"]}
    return schema


def _item_schema() -> dict[str, Any]:
    """Any module item: ``type`` picks which item table applies."""
    return {
        "type": "object",
        "description": "A module item; 'type' decides which other keys it takes.",
        "properties": {
            "type": {
                "description": ", ".join(keys.ITEM_TYPES) + ".",
                "enum": list(keys.ITEM_TYPES),
            }
        },
        "required": ["type"],
        "allOf": [
            {
                "if": {"properties": {"type": {"const": name}}, "required": ["type"]},
                "then": _ref(table),
            }
            for name, table in keys.ITEM_TABLES.items()
        ],
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema for ``course.yaml`` (a fresh dict on every call)."""
    defs = {_def_name(table): _table_schema(table) for table in keys.ALL_TABLES[1:]}
    defs["item"] = _item_schema()
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        "title": "canvas-npq course spec (course.yaml)",
        **_table_schema(keys.TOP),
        "$defs": defs,
    }


def cohorts_json_schema() -> dict[str, Any]:
    """The JSON Schema for ``cohorts.yaml`` (a fresh dict on every call)."""
    from canvas_npq.spec import cohorts  # the cohorts' key tables

    tables = (cohorts.COHORT, cohorts.BLUEPRINT, cohorts.HOLIDAY)
    defs = {_def_name(t): _table_schema(t) for t in tables}
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID.replace("course.schema.json", "cohorts.schema.json"),
        "title": "canvas-npq cohorts (cohorts.yaml)",
        **_table_schema(cohorts.TOP),
        "$defs": defs,
    }


def rubric_json_schema() -> dict[str, Any]:
    """The JSON Schema for a rubric file (``rubric:``) and the criteria files rubrics
    ``include`` (a fresh dict on every call): either is accepted."""
    defs = {_def_name(t): _table_schema(t) for t in keys.RUBRIC_TABLES}
    # An entry of criteria: a criterion, or ``include: FILE`` naming a criteria file.
    entry = {"anyOf": [_ref(keys.CRITERION), _ref(keys.CRITERIA_INCLUDE)]}
    for table in (keys.RUBRIC, keys.CRITERIA_FILE):
        defs[_def_name(table)]["properties"]["criteria"]["items"] = entry
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID.replace("course.schema.json", "rubric.schema.json"),
        "title": "canvas-npq rubric (a rubric: file, or a criteria file it includes)",
        "anyOf": [_ref(keys.RUBRIC), _ref(keys.CRITERIA_FILE)],
        "$defs": defs,
    }
