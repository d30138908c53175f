"""The managed fields of each kind, and how their values are normalized.

Canvas does not hand back what it was sent: it sanitizes and re-serializes HTML,
returns every date in UTC with a ``Z``, and stores points as floats. Both the spec
loader and the Canvas reader pass values through :func:`normalize_value`, so that a
field compares equal exactly when Canvas would show the participant the same thing.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from enum import Enum
from typing import Any

from canvas_npq.model.html import normalize_html
from canvas_npq.model.resources import Kind


class FieldType(str, Enum):
    TEXT = "text"
    HTML = "html"
    BOOL = "bool"
    INT = "int"
    NUMBER = "number"
    DATETIME = "datetime"
    SET = "set"  # an unordered list of strings
    REF = "ref"  # the address of another managed object
    CHOICE = "choice"


# The fields canvas-npq owns on each kind. Anything else on a Canvas object (a
# facilitator's peer-review settings, say) is left as it is: unset means unmanaged.
FIELDS: dict[Kind, dict[str, FieldType]] = {
    Kind.COURSE: {
        "name": FieldType.TEXT,
        "course_code": FieldType.TEXT,
        "time_zone": FieldType.TEXT,
    },
    Kind.ASSIGNMENT_GROUP: {
        "name": FieldType.TEXT,
    },
    Kind.PAGE: {
        "title": FieldType.TEXT,
        "body": FieldType.HTML,
        "published": FieldType.BOOL,
    },
    Kind.ASSIGNMENT: {
        "name": FieldType.TEXT,
        "description": FieldType.HTML,
        "assignment_group": FieldType.REF,
        "grading_type": FieldType.CHOICE,
        "points_possible": FieldType.NUMBER,
        "submission_types": FieldType.SET,
        "unlock_at": FieldType.DATETIME,
        "due_at": FieldType.DATETIME,
        "lock_at": FieldType.DATETIME,
        "published": FieldType.BOOL,
    },
    Kind.DISCUSSION: {
        "title": FieldType.TEXT,
        "message": FieldType.HTML,
        "published": FieldType.BOOL,
        "discussion_type": FieldType.CHOICE,
        "require_initial_post": FieldType.BOOL,
    },
    Kind.MODULE: {
        "name": FieldType.TEXT,
        "unlock_at": FieldType.DATETIME,
        "require_sequential_progress": FieldType.BOOL,
        "published": FieldType.BOOL,
        "prerequisites": FieldType.SET,  # addresses of earlier modules
    },
    Kind.MODULE_ITEM: {
        "module": FieldType.REF,
        "type": FieldType.CHOICE,
        "content": FieldType.REF,
        "title": FieldType.TEXT,
        "indent": FieldType.INT,
        "external_url": FieldType.TEXT,
        "new_tab": FieldType.BOOL,
        "published": FieldType.BOOL,
        "completion": FieldType.CHOICE,  # completion_requirement[type], or None
    },
}

# Fields Canvas cannot change on an existing object: a different value means the
# object must be replaced (deleted and created again).
IMMUTABLE_FIELDS: dict[Kind, frozenset[str]] = {
    Kind.MODULE_ITEM: frozenset({"type", "content"}),
}


def normalize_datetime(value: Any) -> str | None:
    """An instant as ``YYYY-MM-DDTHH:MM:SSZ`` in UTC, the form Canvas returns."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if not isinstance(value, datetime):
        raise TypeError(f"not a datetime: {value!r}")
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}: resolve the time zone first")
    return value.astimezone(timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def normalize_value(field_type: FieldType, value: Any) -> Any:
    """Bring a value to the form in which desired and live compare with ``==``."""
    if field_type is FieldType.HTML:
        return normalize_html(value or "")
    if field_type is FieldType.TEXT:
        return (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if field_type is FieldType.BOOL:
        return bool(value)
    if field_type is FieldType.INT:
        return int(value or 0)
    if field_type is FieldType.NUMBER:
        return float(value) if value not in (None, "") else 0.0
    if field_type is FieldType.DATETIME:
        return normalize_datetime(value)
    if field_type is FieldType.SET:
        return tuple(sorted(set(value or ())))
    return value


def fingerprint(value: Any) -> str:
    """A short, stable hash of a normalized value, as recorded in the manifest."""
    data = json.dumps(value, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()[:12]
