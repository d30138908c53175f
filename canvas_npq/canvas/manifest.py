"""The manifest: canvas-npq's record of what it manages, kept in the course itself.

Modules and module items have no field Canvas would let us tag, so their ownership
is recorded here, with every other managed object as a second line of evidence (a
page whose marker a facilitator deleted is still recognised). Alongside each Canvas id
the manifest keeps a fingerprint of every field as last applied, which is how the
plan tells an edit made in Canvas (drift) from a change in the spec.

It lives in an unpublished page (students never see it), so it needs no local state
file and every admin and CI run sharing the course sees the same record.
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


def encode_manifest(objects: dict[str, Any]) -> str:
    data = json.dumps(
        {"version": MANIFEST_VERSION, "objects": objects},
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


def decode_manifest(body: str) -> dict[str, Any]:
    """The manifest's objects, or an empty record if the page is unreadable."""
    match = _PRE.search(body or "")
    if not match:
        return {}
    try:
        data = json.loads(html.unescape(re.sub(r"<[^>]+>", "", match.group(1))))
    except ValueError:
        return {}
    objects = data.get("objects") if isinstance(data, dict) else None
    return objects if isinstance(objects, dict) else {}
