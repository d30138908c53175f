"""The manifest: canvas-npq's record of what it manages, kept in the course itself.

Modules and module items have no field Canvas would let us tag, so their ownership
is recorded here, with every other managed object as a second line of evidence (a
page whose marker a facilitator deleted is still recognised). Alongside each Canvas id
the manifest keeps a fingerprint of every field as last applied, which is how the
plan tells an edit made in Canvas (drift) from a change in the spec. A quiz's entry
may also hold its ``stamp``: the quiz's ``updatedAt`` (Canvas's GraphQL) when its
questions were last known to be the ones applied, which lets a read skip listing them
(``canvas.graphql``, ``apply.executor``).

It lives in an unpublished page (students never see it), so it needs no local state
file and every admin and CI run sharing the course sees the same record.

The manifest also names its **owner**: the spec (by its folder's name) that manages the
course. Two specs planning one course would each rewrite the other's record on every
run, so a spec that is not the owner is refused until someone takes the course over
on purpose. A manifest written before owners were recorded has none: the next apply
records it.

Canvas refuses a page body over 511 999 characters (``PAGE_BODY_LIMIT``). The NPQLTD
manifest is about 60 000 and grows with the course, so one that would pass
``PAGE_BUDGET`` is split: its objects go to "part" pages and the manifest page lists
their ids. Parts are always new pages, written before the manifest page that names
them, and the parts it no longer names are deleted after it: a run stopped anywhere in
between leaves a manifest page that names complete parts (unnamed parts are ignored
and cleaned up by the next write).
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from canvas_npq.model.limits import PAGE_BODY_LIMIT

MANIFEST_TITLE = "canvas-npq manifest (do not edit)"
MANIFEST_PART_TITLE = "canvas-npq manifest part (do not edit)"
MANIFEST_ATTRIBUTE = "data-canvas-npq-manifest"
MANIFEST_PART_ATTRIBUTE = "data-canvas-npq-manifest-part"
MANIFEST_VERSION = 1
# Characters one manifest page may hold: well under Canvas's limit, as a page body is
# also rewritten by Canvas (links, sanitizing) before it is stored.
PAGE_BUDGET = (PAGE_BODY_LIMIT * 4) // 5
_PRE = re.compile(r"<pre[^>]*>(.*?)</pre>", re.DOTALL)


def is_manifest(body: str | None) -> bool:
    """The manifest page itself (not one of its parts)."""
    return bool(body) and f'{MANIFEST_ATTRIBUTE}="' in body  # type: ignore[operator]


def is_manifest_part(body: str | None) -> bool:
    return bool(body) and f'{MANIFEST_PART_ATTRIBUTE}="' in body  # type: ignore[operator]


def _json(data: dict[str, Any]) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return html.escape(text, quote=False)


def encode_manifest(
    objects: dict[str, Any], parts: list[int] | None = None, owner: str | None = None
) -> str:
    """The manifest page's body; ``parts`` names the part pages holding the objects
    when the manifest is split (then ``objects`` is empty); ``owner`` is the spec that
    manages the course."""
    data: dict[str, Any] = {"version": MANIFEST_VERSION, "objects": objects}
    if parts:
        data["parts"] = list(parts)
    if owner:
        data["owner"] = {"spec": owner}
    return (
        f'<div {MANIFEST_ATTRIBUTE}="{MANIFEST_VERSION}">'
        "<p>canvas-npq keeps its record of the objects it manages in this course here. "
        "Students cannot see this page. Please do not edit or delete it.</p>"
        f"<pre>{_json(data)}</pre></div>"
    )


def encode_part(objects: dict[str, Any]) -> str:
    """A part page's body: some of a split manifest's objects."""
    return (
        f'<div {MANIFEST_PART_ATTRIBUTE}="{MANIFEST_VERSION}">'
        "<p>Part of canvas-npq's record of the objects it manages in this course. "
        "Students cannot see this page. Please do not edit or delete it.</p>"
        f"<pre>{_json({'version': MANIFEST_VERSION, 'objects': objects})}</pre></div>"
    )


def split_manifest(objects: dict[str, Any], budget: int | None = None) -> list[dict[str, Any]]:
    """The objects as one record when it fits in ``budget`` characters (the manifest
    page), else as the parts' records, each fitting (keys in order)."""
    budget = budget or PAGE_BUDGET
    if len(encode_manifest(objects)) <= budget:
        return [objects]
    parts: list[dict[str, Any]] = [{}]
    size = len(encode_part({}))
    for key in sorted(objects):
        entry = len(_json({key: objects[key]})) - 1  # its share of the JSON, with a comma
        if parts[-1] and size + entry > budget:
            parts.append({})
            size = len(encode_part({}))
        parts[-1][key] = objects[key]
        size += entry
    return parts


def _data(body: str | None) -> dict[str, Any]:
    match = _PRE.search(body or "")
    if not match:
        return {}
    try:
        data = json.loads(html.unescape(re.sub(r"<[^>]+>", "", match.group(1))))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def decode_manifest(body: str) -> dict[str, Any]:
    """The objects of a manifest page (or of a part), or an empty record if the page
    is unreadable."""
    objects = _data(body).get("objects")
    return objects if isinstance(objects, dict) else {}


def decode_owner(body: str) -> str | None:
    """The name of the spec the manifest says owns the course, if it names one."""
    owner = _data(body).get("owner")
    spec = owner.get("spec") if isinstance(owner, dict) else None
    return spec if isinstance(spec, str) and spec else None


def manifest_parts(body: str) -> list[int]:
    """The ids of the part pages a split manifest page names, in order."""
    parts = _data(body).get("parts")
    return [p for p in parts if isinstance(p, int)] if isinstance(parts, list) else []
