"""The manifest page and Canvas's page body limit: measured, and split when needed."""

from __future__ import annotations

from canvas_npq.canvas.manifest import (
    PAGE_BUDGET,
    decode_manifest,
    encode_manifest,
    encode_part,
    is_manifest,
    is_manifest_part,
    manifest_parts,
    split_manifest,
)
from canvas_npq.model.limits import PAGE_BODY_LIMIT


def objects(count: int) -> dict:
    """Entries shaped like a module item's: an id and a fingerprint per field."""
    fields = ("completion", "content", "indent", "module", "published", "title", "type")
    return {
        f"module_item.block-{n // 50}-item-{n}": {
            "id": 10_000 + n,
            "applied": {name: f"{n:012x}" for name in fields},
        }
        for n in range(count)
    }


def test_the_budget_leaves_room_under_canvas_limit():
    assert PAGE_BUDGET < PAGE_BODY_LIMIT == 511_999


def test_a_manifest_that_fits_is_one_page_as_before():
    record = objects(300)  # about the NPQLTD course's size
    (whole,) = split_manifest(record)
    assert whole == record
    body = encode_manifest(whole)
    assert len(body) < PAGE_BUDGET
    assert is_manifest(body) and not is_manifest_part(body)
    assert decode_manifest(body) == record and manifest_parts(body) == []


def test_a_manifest_too_large_for_one_page_is_split_into_parts_that_fit():
    record = objects(3_000)
    assert len(encode_manifest(record)) > PAGE_BODY_LIMIT  # would be refused whole
    parts = split_manifest(record)
    assert len(parts) > 1
    bodies = [encode_part(part) for part in parts]
    assert all(len(body) <= PAGE_BUDGET for body in bodies)
    assert all(is_manifest_part(b) and not is_manifest(b) for b in bodies)
    merged: dict = {}
    for body in bodies:
        merged.update(decode_manifest(body))
    assert merged == record
    index = encode_manifest({}, parts=[71, 72, 73])
    assert manifest_parts(index) == [71, 72, 73] and decode_manifest(index) == {}


def test_a_small_budget_splits_too():
    record = objects(40)
    parts = split_manifest(record, budget=2_000)
    assert len(parts) > 2
    assert all(len(encode_part(p)) <= 2_000 for p in parts)
    assert sum(len(p) for p in parts) == 40
