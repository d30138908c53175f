"""Spec dates: ISO 8601 text resolved to an instant in the course time zone.

A date without an offset is wall-clock time in the course zone, so
``2026-10-20T09:00`` in Europe/London is 08:00Z (BST) and ``2026-11-03T09:00`` is
09:00Z (GMT). A date alone means the start of the day, or 23:59 for deadlines.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from canvas_npq.spec.keys import DATE_PATTERN

_DATE = re.compile(DATE_PATTERN)
_END_OF_DAY = time(23, 59)


class DateError(ValueError):
    """A date that cannot be used; the message says why."""


def load_time_zone(name: str) -> ZoneInfo:
    """The IANA zone called ``name``, or :class:`DateError`."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise DateError(f"unknown time zone {name!r}") from None


def parse_date(text: str, zone: tzinfo, *, end_of_day: bool = False) -> datetime:
    """An aware datetime for spec date text (see the module docstring)."""
    raw = text.strip()
    if not _DATE.match(raw):
        raise DateError(f"{raw!r} is not a date")
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as error:
        raise DateError(f"{raw!r} is not a valid date ({error})") from None
    if len(raw) == 10:  # a date alone
        value = datetime.combine(value.date(), _END_OF_DAY if end_of_day else time(0))
    if value.tzinfo is not None:
        return value
    local = value.replace(tzinfo=zone)
    # A wall-clock time skipped when the clocks go forward does not exist; zoneinfo
    # would quietly shift it, so refuse it instead.
    round_trip = local.astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None)
    if round_trip != value:
        later = (value + timedelta(hours=1)).isoformat(timespec="minutes")
        raise DateError(
            f"{raw!r} does not exist in {zone} (the clocks go forward then); "
            f"use {later} or an explicit offset"
        )
    return local
