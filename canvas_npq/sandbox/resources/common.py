"""Lookups and conversions shared by the resource modules.

Ids in URLs may be plain (``123``), shard-qualified (``1~123``, taken as the local id) or,
for courses and assignments, SIS-style (``sis_course_id:X``; canvas-api.md §1).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVar

from canvas_npq.sandbox import errors
from canvas_npq.sandbox.api import ApiRequest
from canvas_npq.sandbox.dates import InvalidDate, parse_lenient, parse_strict
from canvas_npq.sandbox.html import process_incoming, rewrite_outgoing, sanitize
from canvas_npq.sandbox.params import as_str
from canvas_npq.sandbox.records import Course, Record
from canvas_npq.sandbox.store import Store

R = TypeVar("R", bound=Record)

_ID = re.compile(r"^(?:\d+~)?(\d+)$")


def parse_id(ref: str | int | None) -> int | None:
    """The local id in ``123`` or ``1~123``; ``None`` for anything else."""
    if ref is None:
        return None
    if isinstance(ref, int):
        return ref
    match = _ID.match(str(ref).strip())
    return int(match.group(1)) if match else None


def find_course(req: ApiRequest, ref: str) -> Course:
    store = req.store
    course_id = parse_id(ref)
    if course_id is not None:
        course = store.get(store.courses, course_id)
    elif ref.startswith("sis_course_id:"):
        wanted = ref.split(":", 1)[1]
        course = next((c for c in store.live(store.courses) if c.sis_course_id == wanted), None)
    elif ref.startswith("uuid:"):
        wanted = ref.split(":", 1)[1]
        course = next((c for c in store.live(store.courses) if c.uuid == wanted), None)
    else:
        course = None
    if course is None:
        raise errors.not_found()
    return course


def find_in_course(table: dict[int, R], course: Course, ref: str | int | None) -> R:
    """A live row of ``table`` that belongs to ``course``; 404 otherwise (§6)."""
    row = Store.get(table, parse_id(ref))
    if row is None or getattr(row, "course_id", None) != course.id:
        raise errors.not_found()
    return row


def incoming_html(value: Any) -> str | None:
    """Rich text on its way in: ``process_incoming_html_content`` then the sanitizer (§5)."""
    text = as_str(value)
    if text is None:
        return None
    return sanitize(process_incoming(text))


def outgoing_html(req: ApiRequest, value: str | None) -> str | None:
    """Rich text on its way out: ``api_user_content`` (§5)."""

    def file_uuid(file_id: int) -> str | None:
        row = req.store.files.get(file_id)
        return row.uuid if row is not None else None

    return rewrite_outgoing(value, req.base_url, file_uuid)


def date_param(
    req: ApiRequest, course: Course | None, value: Any, attribute: str, *, strict: bool = False
) -> datetime | None:
    """A date param: blank clears it; invalid → 400 on ``attribute``.

    ``strict`` applies Canvas's ISO 8601 regex (assignments, §1); otherwise Rails' lenient
    parse. Naive times are read in the course's time zone.
    """
    text = as_str(value)
    if text is None or text.strip() == "":
        return None
    tz = course.time_zone if course is not None else "UTC"
    try:
        return parse_strict(text, tz) if strict else parse_lenient(text, tz)
    except InvalidDate as exc:
        name = attribute.rsplit("[", 1)[-1].rstrip("]")
        raise errors.validation_error({attribute: f"Invalid datetime for {name}"}) from exc


class Positioned(Protocol):
    position: int


P = TypeVar("P", bound=Positioned)


def move_to(rows: Sequence[P], row: P, position: int) -> None:
    """acts_as_list ``insert_at``: put ``row`` at ``position`` (1-based), renumber the rest."""
    others = [r for r in rows if r is not row]
    index = min(max(position, 1), len(others) + 1) - 1
    others.insert(index, row)
    for number, item in enumerate(others, start=1):
        item.position = number


def by_position(rows: Sequence[P]) -> list[P]:
    return sorted(rows, key=lambda r: (r.position if r.position is not None else 1 << 30, r.id))  # type: ignore[attr-defined]
