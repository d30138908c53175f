"""The manifest that records bound objects, so that the next plan shows only real changes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from canvas_npq.model import Snapshot
from canvas_npq.model.fields import RECORDED_FIELDS, fingerprint


def adopted_manifest(desired: Snapshot, live: Snapshot) -> dict[str, Any]:
    """The manifest after binding: every desired object found in ``live``, with its id.

    A field that already matches the spec is recorded as the spec's value, exactly as
    apply would record it, so a course that matches its spec plans ``No changes.``. A
    field that differs is recorded as Canvas has it now: the next plan shows it as a
    change in the spec, not as an edit made in Canvas (drift). Entries for objects
    not in the spec are kept as they were.
    """
    old: Mapping[str, Any] = live.meta.get("manifest", {}) or {}
    manifest: dict[str, Any] = {key: dict(entry) for key, entry in old.items()}
    for want in desired:
        have = live.get(want.address)
        if have is None:
            continue
        before = (old.get(str(want.address)) or {}).get("applied", {})
        applied = {}
        for name, value in want.fields.items():
            current = have.fields.get(name)
            if value == current:
                applied[name] = fingerprint(value)
            else:
                applied[name] = before.get(name) or fingerprint(current)
        entry = {**(old.get(str(want.address)) or {}), "id": have.canvas_id, "applied": applied}
        same_file = all(
            want.fields.get(n) == have.fields.get(n) for n in ("name", "folder", "size")
        )
        if want.kind in RECORDED_FIELDS and not entry.get("recorded") and same_file:
            # Canvas reports no content hash: a file of the spec's name, folder and size
            # is taken to hold the spec's bytes.
            entry["recorded"] = {n: want.fields[n] for n in RECORDED_FIELDS[want.kind]}
            applied.update({n: fingerprint(want.fields[n]) for n in RECORDED_FIELDS[want.kind]})
        manifest[str(want.address)] = entry
    return manifest


def as_bound(live: Snapshot, manifest: Mapping[str, Any]) -> Snapshot:
    """``live`` as the next read will see it once ``manifest`` is recorded: with each
    file's recorded content hash and spec path (Canvas reports neither), so the plan
    shown before binding is the plan ``plan`` will show after it."""
    resources = []
    for resource in live:
        recorded = (manifest.get(str(resource.address)) or {}).get("recorded") or {}
        if resource.kind in RECORDED_FIELDS and recorded:
            fields = dict(resource.fields)
            fields.update({n: recorded[n] for n in RECORDED_FIELDS[resource.kind] if n in recorded})
            resource = replace(resource, fields=fields)
        resources.append(resource)
    return Snapshot.of(resources, live.order, {**live.meta, "manifest": dict(manifest)})


def recorded_owner(live: Snapshot) -> str | None:
    """The spec the course's manifest names as its owner (None: none recorded)."""
    owner = live.meta.get("manifest_owner")
    return owner if isinstance(owner, str) and owner else None


def is_managed(live: Snapshot) -> bool:
    """True when a spec already manages the course: its manifest records objects."""
    return bool(live.meta.get("manifest")) or recorded_owner(live) is not None


def owner_conflict(live: Snapshot, course_id: int | str, mine: str | None) -> str | None:
    """Why spec ``mine`` may not plan the course, or None when it may.

    A course has one spec. Were two to plan it, each would rewrite the other's record
    of managed objects on every run and neither would ever show "No changes". A
    course whose manifest names no owner (written before owners were recorded) may be
    planned by any spec; the next apply records it.
    """
    owner = recorded_owner(live)
    if owner is None or mine is None or owner == mine:
        return None
    return (
        f"Course {course_id} is managed by the spec {owner!r} (its canvas-npq manifest "
        f"records it), not by this spec {mine!r}. Two specs managing one course would undo "
        f"each other's record on every run. Plan and apply with {owner!r}; or, to make "
        f"{mine!r} the course's spec from now on, pass --force (then {owner!r} is refused)."
    )


def import_conflict(live: Snapshot, course_id: int | str, out_name: str) -> str | None:
    """Why importing the course would take it over silently, or None when it would not."""
    if not is_managed(live):
        return None
    owner = recorded_owner(live)
    by = f"the spec {owner!r}" if owner else "a canvas-npq spec"
    return (
        f"Course {course_id} is already managed by {by} (its canvas-npq manifest records "
        f"{len(live.meta.get('manifest') or {})} objects). Importing would bind it to "
        f"{out_name!r} and the two specs would fight over it. Pass --no-bind to write the "
        "spec only (nothing is written to the course), or --take-over to make "
        f"{out_name!r} the course's spec from now on"
        + (f" (then {owner!r} is refused)." if owner else ".")
    )
