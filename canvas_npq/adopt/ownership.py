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
