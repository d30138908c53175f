"""Plans to and from plain JSON-able data, for ``--json`` and saved plan files.

A saved plan holds Canvas ids, titles and field values, never the API token.
"""

from __future__ import annotations

from typing import Any

from canvas_npq.model import Address
from canvas_npq.plan.model import (
    READABLE_PLAN_FORMATS,
    Action,
    Change,
    FieldChange,
    Plan,
    Retained,
)


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """One plan as an entry of a plan file's ``plans`` (the file carries the format)."""
    return {
        "course_id": plan.course_id,
        "live_fingerprint": plan.live_fingerprint,
        "summary": {**plan.counts(), "retained": len(plan.retained)},
        "changes": [_change_to_dict(c) for c in plan.changes],
        "retained": [
            {
                "address": str(r.address),
                "title": r.title,
                "canvas_id": r.canvas_id,
                "block": r.block,
                "reason": r.reason,
            }
            for r in plan.retained
        ],
        "warnings": list(plan.warnings),
        "manifest_changed": plan.manifest_changed,
        "manifest": dict(plan.manifest),
        "order": {k: list(v) for k, v in plan.order.items()},
        "spec_root": plan.spec_root,
        "owner": plan.owner,
    }


def _change_to_dict(change: Change) -> dict[str, Any]:
    return {
        "action": change.action.value,
        "address": str(change.address),
        "title": change.title,
        "block": change.block,
        "canvas_id": change.canvas_id,
        "after": change.after,
        "drift": change.drift,
        "reason": change.reason,
        "fields": [
            {"name": f.name, "old": f.old, "new": f.new, "drift": f.drift} for f in change.fields
        ],
        "desired": dict(change.desired),
    }


def plan_from_dict(data: dict[str, Any]) -> Plan:
    """A plan from an entry of a plan file (format 1 entries carried their own version)."""
    version = data.get("format_version")
    if version is not None and version not in READABLE_PLAN_FORMATS:
        raise ValueError(
            f"unsupported plan format {version!r} (this canvas-npq reads formats "
            f"{', '.join(map(str, READABLE_PLAN_FORMATS))})"
        )

    def tuple_if_list(value: Any) -> Any:
        return tuple(value) if isinstance(value, list) else value

    changes = tuple(
        Change(
            Action(c["action"]),
            Address.parse(c["address"]),
            c["title"],
            block=c.get("block"),
            canvas_id=c.get("canvas_id"),
            fields=tuple(
                FieldChange(f["name"], tuple_if_list(f["old"]), tuple_if_list(f["new"]), f["drift"])
                for f in c.get("fields", ())
            ),
            desired={k: tuple_if_list(v) for k, v in c.get("desired", {}).items()},
            after=c.get("after"),
            reason=c.get("reason", ""),
        )
        for c in data["changes"]
    )
    retained = tuple(
        Retained(
            Address.parse(r["address"]), r["title"], r.get("canvas_id"), r["reason"], r.get("block")
        )
        for r in data.get("retained", ())
    )
    return Plan(
        course_id=data.get("course_id"),
        changes=changes,
        retained=retained,
        manifest=data.get("manifest", {}),
        manifest_changed=bool(data.get("manifest_changed")),
        live_fingerprint=data.get("live_fingerprint", ""),
        warnings=tuple(data.get("warnings", ())),
        order={k: tuple(v) for k, v in data.get("order", {}).items()},
        spec_root=str(data.get("spec_root") or ""),
        owner=data.get("owner") or None,
    )
