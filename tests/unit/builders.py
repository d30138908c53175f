"""Small builders for desired and live snapshots in planner tests (no spec, no HTTP)."""

from __future__ import annotations

from typing import Any

from canvas_npq.model import FIELDS, Address, Kind, Resource, normalize_value
from canvas_npq.model.fields import OPTIONAL_FIELDS, fingerprint
from canvas_npq.model.markers import wrap_owned

DEFAULTS: dict[Kind, dict[str, Any]] = {
    Kind.COURSE: {"name": "NPQLTD", "course_code": "NPQLTD", "time_zone": "Europe/London"},
    Kind.ASSIGNMENT_GROUP: {"name": "Tasks"},
    Kind.PAGE: {"title": "A page", "body": "<p>Hello</p>", "published": True},
    Kind.ASSIGNMENT: {
        "name": "MIT 1",
        "description": "<p>Do it</p>",
        "assignment_group": "assignment_group.tasks",
        "grading_type": "pass_fail",
        "points_possible": 0,
        "submission_types": ["online_upload"],
        "unlock_at": None,
        "due_at": None,
        "lock_at": None,
        "published": True,
    },
    Kind.DISCUSSION: {
        "title": "Learning community",
        "message": "<p>Share</p>",
        "published": True,
        "discussion_type": "threaded",
        "require_initial_post": False,
    },
    Kind.CALENDAR_EVENT: {
        "title": "Webinar 1",
        "description": "<p>Join us</p>",
        "start_at": "2026-10-20T16:00:00Z",
        "end_at": "2026-10-20T17:15:00Z",
        "location_name": None,
        "location_address": None,
    },
    Kind.ANNOUNCEMENT: {
        "title": "Block 1 is open",
        "message": "<p>Welcome</p>",
        "delayed_post_at": "2026-10-05T07:00:00Z",
    },
    Kind.ASSIGNMENT_OVERRIDE: {
        "assignment": "assignment.mit-1",
        "section": "Group A",
        "due_at": None,
        "unlock_at": None,
        "lock_at": None,
    },
    Kind.MODULE: {
        "name": "Block 1",
        "unlock_at": None,
        "require_sequential_progress": False,
        "published": True,
        "prerequisites": [],
    },
    Kind.MODULE_ITEM: {
        "module": "module.block-1",
        "type": "Page",
        "content": None,
        "title": None,
        "indent": 0,
        "external_url": None,
        "new_tab": False,
        "published": True,
        "completion": None,
    },
}


def res(
    kind: Kind,
    key: str,
    canvas_id: int | None = None,
    block: str | None = None,
    facts: dict[str, Any] | None = None,
    **values: Any,
) -> Resource:
    merged = {**DEFAULTS[kind], **values}
    if kind is Kind.PAGE and "body" not in values:
        merged["body"] = wrap_owned(key, merged["body"])
    optional = OPTIONAL_FIELDS.get(kind, frozenset())
    fields = {
        name: normalize_value(ftype, merged.get(name))
        for name, ftype in FIELDS[kind].items()
        if name not in optional or name in merged
    }
    return Resource(Address(kind, key), fields, block=block, canvas_id=canvas_id, facts=facts or {})


def applied_manifest(*resources: Resource) -> dict[str, Any]:
    """A manifest as canvas-npq would have written it after applying these resources."""
    return {
        str(r.address): {
            "id": r.canvas_id,
            "applied": {name: fingerprint(value) for name, value in r.fields.items()},
        }
        for r in resources
    }
