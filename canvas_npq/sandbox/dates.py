"""Dates in and out, as Canvas handles them.

In: assignments accept only ``Api::ISO8601_REGEX`` (canvas-api.md §1); other resources go
through Rails' lenient ``Time.zone.parse``, which also takes a bare date. A value without
an offset is read in the course's time zone. Out: UTC with zero fractional digits and a
``Z`` suffix, e.g. ``2012-07-19T21:00:00Z`` (§1, §21.15).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = timezone.utc

# Api::ISO8601_REGEX: YYYY-MM-DDTHH:MM(:SS)(.frac)(Z|±HH(:?MM))
_STRICT = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(\.\d+)?(Z|[+-]\d{2}(?::?\d{2})?)?$"
)
_DATE_ONLY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class InvalidDate(ValueError):
    """A date parameter Canvas would reject."""


def zone(name: str | None) -> ZoneInfo | timezone:
    """The tzinfo for a Canvas time zone name (IANA); UTC when unknown."""
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def is_known_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def parse_strict(value: str, tz_name: str | None = None) -> datetime:
    """Parse an ISO 8601 timestamp that must match Canvas's regex; naive = course zone."""
    match = _STRICT.match(value.strip())
    if not match:
        raise InvalidDate(value)
    year, month, day, hour, minute = (int(match.group(i)) for i in range(1, 6))
    second = int(match.group(6) or 0)
    offset = match.group(8)
    try:
        naive = datetime(year, month, day, hour, minute, second)
    except ValueError as exc:
        raise InvalidDate(value) from exc
    if offset is None:
        return naive.replace(tzinfo=zone(tz_name)).astimezone(UTC)
    if offset == "Z":
        return naive.replace(tzinfo=UTC)
    digits = offset[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    sign = 1 if offset[0] == "+" else -1
    delta = sign * (hours * 3600 + minutes * 60)
    return naive.replace(tzinfo=UTC) - timedelta(seconds=delta)


def parse_lenient(value: str, tz_name: str | None = None) -> datetime:
    """Parse like ``Time.zone.parse`` for the formats a sync tool sends: ISO 8601 or a date."""
    text = value.strip()
    if _DATE_ONLY.match(text):
        try:
            day = date.fromisoformat(text)
        except ValueError as exc:
            raise InvalidDate(value) from exc
        return datetime.combine(day, time(0, 0), tzinfo=zone(tz_name)).astimezone(UTC)
    try:
        return parse_strict(text, tz_name)
    except InvalidDate:
        pass
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError as exc:
        raise InvalidDate(value) from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone(tz_name))
    return parsed.astimezone(UTC)


def iso(value: datetime | None) -> str | None:
    """Canvas's JSON time format: UTC, whole seconds, ``Z``."""
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
