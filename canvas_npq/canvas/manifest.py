"""The manifest: canvas-npq's record of what it manages, kept in the course itself.

Modules and module items have no field Canvas would let us tag, so their ownership
is recorded here, with every other managed object as a second line of evidence (a
page whose marker a facilitator deleted is still recognised). Alongside each Canvas id
the manifest keeps a fingerprint of every field as last applied, which is how the
plan tells an edit made in Canvas (drift) from a change in the spec.

It lives in an unpublished page (students never see it), so it needs no local state
file and every admin and CI run sharing the course sees the same record.

The manifest also names its **owner**: the spec (by its folder's name) that manages the
course. Two specs planning one course would each rewrite the other's record on every
run, so a spec that is not the owner is refused until someone takes the course over
on purpose. A manifest written before owners were recorded has none: the next apply
records it.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

MANIFEST_TITLE = "canvas-npq manifest (do not edit)"
MANIFEST_ATTRIBUTE = "data-canvas-npq-manifest"
MANIFEST_VERSION = 1
_PRE = re.compile(r"<pre[^>]*>(.*?)</pre>", re.DOTALL)


def is_manifest(body: str | None) -> bool:
    return bool(body) and MANIFEST_ATTRIBUTE in body  # type: ignore[operator]


def encode_manifest(objects: dict[str, Any], owner: str | None = None) -> str:
    record: dict[str, Any] = {"version": MANIFEST_VERSION, "objects": objects}
    if owner:
        record["owner"] = {"spec": owner}
    data = json.dumps(
        record,
        sort_keys=True,
        ensure_ascii=True,
        separators=(",", ":"),
    )
    return (
        f'<div {MANIFEST_ATTRIBUTE}="{MANIFEST_VERSION}">'
        "<p>canvas-npq keeps its record of the objects it manages in this course here. "
        "Students cannot see this page. Please do not edit or delete it.</p>"
        f"<pre>{html.escape(data, quote=False)}</pre></div>"
    )


def _decode(body: str) -> dict[str, Any]:
    match = _PRE.search(body or "")
    if not match:
        return {}
    try:
        data = json.loads(html.unescape(re.sub(r"<[^>]+>", "", match.group(1))))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def decode_manifest(body: str) -> dict[str, Any]:
    """The manifest's objects, or an empty record if the page is unreadable."""
    objects = _decode(body).get("objects")
    return objects if isinstance(objects, dict) else {}


def decode_owner(body: str) -> str | None:
    """The name of the spec the manifest says owns the course, if it names one."""
    owner = _decode(body).get("owner")
    spec = owner.get("spec") if isinstance(owner, dict) else None
    return spec if isinstance(spec, str) and spec else None
