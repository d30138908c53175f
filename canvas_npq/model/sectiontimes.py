"""A calendar event's own times per section, as one comparable value.

Canvas gives a course event per-section times as child events, one per section
(``calendar_event[child_event_data]``); once an event has any, participants in a section
without one do not see it at all, and the event's own ``start_at``/``end_at`` become the
earliest start and latest end of its children (``CalendarEvent#cache_child_event_ranges!``).

The ``section_times`` field holds one entry per section, ``"<section>: <start> to <end>"``
with both instants in the normalized UTC form, so that desired and live compare as a set
and a plan shows each section's change on its own line.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from canvas_npq.model.fields import normalize_datetime

SEPARATOR = " to "


def section_time(section: str, start_at: Any, end_at: Any) -> str:
    """The entry for one section's times."""
    return f"{section}: {normalize_datetime(start_at)}{SEPARATOR}{normalize_datetime(end_at)}"


def parse_section_time(entry: str) -> tuple[str, str, str]:
    """``(section, start_at, end_at)`` of an entry made by :func:`section_time`.

    The instants contain no ``": "``, so a section name may (the split is from the right).
    """
    head, _, end_at = entry.rpartition(SEPARATOR)
    section, _, start_at = head.rpartition(": ")
    return section, start_at, end_at


def sections_of(entries: Iterable[str]) -> set[str]:
    return {parse_section_time(entry)[0] for entry in entries}


def completed(
    entries: Iterable[str], course_sections: Iterable[str], start_at: Any, end_at: Any
) -> tuple[str, ...]:
    """The spec's entries for sections the course has, and every other section of the
    course at the event's own times: a section without a child event would not see the
    event at all. None when the course has none of the sections named (copies all at
    the event's own times would only stand in for the event)."""
    present = set(course_sections)
    given = [e for e in entries if parse_section_time(e)[0] in present]
    if not given:
        return ()
    named = sections_of(given)
    others = [section_time(s, start_at, end_at) for s in sorted(present - named)]
    return tuple(sorted(given + others))


def time_range(entries: Iterable[str]) -> tuple[str, str] | None:
    """The earliest start and latest end: what Canvas shows as the event's own times."""
    parsed = [parse_section_time(e) for e in entries]
    if not parsed:
        return None
    return min(p[1] for p in parsed), max(p[2] for p in parsed)
