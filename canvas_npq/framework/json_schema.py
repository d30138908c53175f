"""A JSON Schema (draft 2020-12) for framework catalogue files, for editors.

Built from the key sets :mod:`canvas_npq.framework.schema` checks, so an editor and
the checker agree on which keys exist; the checker remains the authority for what a
schema cannot say (statements numbered 1, 2, 3 ... and lettered a, b, c ... per area).
"""

from __future__ import annotations

from typing import Any

from canvas_npq.framework.schema import (
    AREA_OPTIONAL,
    AREA_REQUIRED,
    HEADING_KEYS,
    STATEMENT_KEYS,
    TOP_OPTIONAL,
    TOP_REQUIRED,
)

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "https://canvas-npq.invalid/schemas/framework.schema.json"

_TEXT: dict[str, Any] = {"type": "string", "minLength": 1}
_DESCRIPTIONS = {
    "id": "The framework's id; must equal the file name without .yaml (npqsl-2024-01).",
    "title": "The framework's title as the DfE document gives it.",
    "qualification": "The qualification's short name (NPQSL); outcomes are called 'NPQSL 2.4'.",
    "publisher": "Who published the framework (Department for Education).",
    "published": "When, as YYYY-MM.",
    "reference": "The document's reference (DfE-00185-2020).",
    "licence": "The licence the framework text is under.",
    "notes": "Notes for people maintaining this file.",
    "areas": "The framework's areas in document order, numbered 1, 2, 3 ...",
}


def _closed(properties: dict[str, Any], required: frozenset[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": sorted(required),
        "additionalProperties": False,
    }


def framework_json_schema() -> dict[str, Any]:
    """The schema of a framework file (``canvas-npq schema --framework``)."""
    statement = _closed(
        {
            "id": {"type": "string", "pattern": r"^[1-9][0-9]*(\.[1-9][0-9]*|[a-z])$"},
            "text": {**_TEXT, "description": "The statement, verbatim from the document."},
        },
        STATEMENT_KEYS,
    )
    heading = _closed(
        {
            "heading": {**_TEXT, "description": "The heading the statements sit under."},
            "statements": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/statement"}},
        },
        HEADING_KEYS,
    )
    area_properties: dict[str, Any] = {
        "number": {"type": "integer", "minimum": 1},
        "title": _TEXT,
        "description": _TEXT,
        "see_also": _TEXT,
        "learn_that": {
            "type": "array",
            "description": "'Learn that' statements, ids <area>.<n> numbered as printed.",
            "items": {"$ref": "#/$defs/statement"},
        },
        "learn_how_to": {
            "type": "array",
            "description": "'Learn how to' statements under their headings, ids <area><letter> "
            "lettered a, b, c ... across all of the area's headings.",
            "items": {"$ref": "#/$defs/heading"},
        },
    }
    assert set(area_properties) == AREA_REQUIRED | AREA_OPTIONAL
    top_properties: dict[str, Any] = {
        name: {**_TEXT, "description": _DESCRIPTIONS[name]}
        for name in sorted((TOP_REQUIRED | TOP_OPTIONAL) - {"areas", "notes"})
    }
    top_properties["notes"] = {
        "type": "array",
        "items": _TEXT,
        "description": _DESCRIPTIONS["notes"],
    }
    top_properties["areas"] = {
        "type": "array",
        "minItems": 1,
        "items": {"$ref": "#/$defs/area"},
        "description": _DESCRIPTIONS["areas"],
    }
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        "title": "canvas-npq framework catalogue",
        "description": "An NPQ framework as data: areas, 'learn that' and 'learn how to' "
        "statements. See docs/frameworks.md.",
        **_closed(top_properties, TOP_REQUIRED),
        "$defs": {
            "area": _closed(area_properties, AREA_REQUIRED),
            "heading": heading,
            "statement": statement,
        },
    }
