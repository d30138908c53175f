"""The JSON Schema of a plan file (``plan --json`` and ``plan --out``), for programs
that read plans: ``canvas-npq schema --plan``. A test validates real plans against it."""

from __future__ import annotations

from typing import Any

from canvas_npq.plan.model import PLAN_FORMAT_VERSION, Action

_ID = {"type": ["integer", "null"], "description": "The Canvas id, when the object exists."}
_COUNTS = ["create", "update", "move", "replace", "delete", "retained"]


def plan_json_schema() -> dict[str, Any]:
    """The schema of the current plan file format."""
    change = {
        "type": "object",
        "required": ["action", "address", "title", "fields"],
        "properties": {
            "action": {"enum": [action.value for action in Action]},
            "address": {
                "type": "string",
                "description": "kind.key: the object's stable address (e.g. page.unit-1-1f).",
            },
            "title": {"type": "string"},
            "block": {"type": ["string", "null"], "description": "The block it belongs to."},
            "canvas_id": _ID,
            "after": {
                "type": ["string", "null"],
                "description": "Where it goes in its container ('' = first).",
            },
            "drift": {"type": "boolean", "description": "Edited in Canvas since last applied."},
            "reason": {"type": "string", "description": "Why (for people; apply ignores it)."},
            "fields": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name", "old", "new"],
                    "properties": {
                        "name": {"type": "string"},
                        "old": {"description": "The value in Canvas now."},
                        "new": {"description": "The value apply sends."},
                        "drift": {"type": "boolean"},
                    },
                },
            },
            "desired": {
                "type": "object",
                "description": "Every managed field, as the spec has it.",
            },
        },
    }
    retained = {
        "type": "object",
        "required": ["address", "title", "reason"],
        "properties": {
            "address": {"type": "string"},
            "title": {"type": "string"},
            "canvas_id": _ID,
            "block": {"type": ["string", "null"]},
            "reason": {"type": "string"},
        },
    }
    entry = {
        "type": "object",
        "required": ["course_id", "live_fingerprint", "summary", "changes", "cohort"],
        "properties": {
            "course_id": {"type": ["integer", "string"], "description": "The Canvas course."},
            "cohort": {
                "type": ["string", "null"],
                "description": "The cohort's name in cohorts.yaml; null for --course.",
            },
            "header": {"type": "string", "description": "How the plan is headed for people."},
            "live_fingerprint": {
                "type": "string",
                "minLength": 1,
                "description": "The course as it was read; apply refuses the plan if it "
                "changed since (exit 7).",
            },
            "summary": {
                "type": "object",
                "required": _COUNTS,
                "properties": {name: {"type": "integer", "minimum": 0} for name in _COUNTS},
            },
            "changes": {"type": "array", "items": change},
            "retained": {"type": "array", "items": retained},
            "warnings": {"type": "array", "items": {"type": "string"}},
            "manifest_changed": {"type": "boolean"},
            "manifest": {"type": "object"},
            "order": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
            "spec_root": {
                "type": "string",
                "description": "The spec folder files are uploaded from, relative to where "
                "plan ran when inside it.",
            },
            "block_titles": {"type": "object", "additionalProperties": {"type": "string"}},
            "blueprint": {
                "type": "object",
                "required": ["course", "associated"],
                "properties": {
                    "course": {"type": ["integer", "string"]},
                    "associated": {"type": "array", "items": {"type": ["integer", "string"]}},
                },
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "canvas-npq plan file",
        "description": "The output of `canvas-npq plan --json` and `plan --out FILE`: one "
        "entry per course, whether the run named one course or several cohorts.",
        "type": "object",
        "required": ["format_version", "plans"],
        "properties": {
            "format_version": {"const": PLAN_FORMAT_VERSION},
            "plans": {"type": "array", "minItems": 1, "items": entry},
            "digest": {
                "type": "string",
                "pattern": "^(sha256|hmac-sha256):[0-9a-f]{64}$",
                "description": "Of the rest of the file (HMAC with CANVAS_NPQ_PLAN_KEY when "
                "set): apply refuses a file whose content does not match it.",
            },
        },
    }
