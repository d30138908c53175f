"""Spec dates: ISO 8601 text resolved to an instant in the course time zone.

A date without an offset is wall-clock time in the course zone, so
``2026-10-20T09:00`` in Europe/London is 08:00Z (BST) and ``2026-11-03T09:00`` is
09:00Z (GMT). A date alone means the start of the day, or 23:59 for deadlines.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from canvas_npq.spec.keys import DATE_PATTERN, RELATIVE_DATE_PATTERN

_DATE = re.compile(DATE_PATTERN)
_RELATIVE = re.compile(RELATIVE_DATE_PATTERN, re.IGNORECASE)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_END_OF_DAY = time(23, 59)


class DateError(ValueError):
    """A date that cannot be used; the message says why."""


def load_time_zone(name: str) -> ZoneInfo:
    """The IANA zone called ``name``, or :class:`DateError`."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise DateError(f"unknown time zone {name!r}") from None


def is_relative(text: str) -> bool:
    return bool(_RELATIVE.match(text.strip()))


def _relative_day(match: re.Match[str], start: date) -> date:
    if match.group("week"):
        week = int(match.group("week"))
        if week < 1:
            raise DateError("weeks are counted from 1 (week 1 starts on the start day)")
        first = start + timedelta(days=7 * (week - 1))
        weekday = match.group("weekday")
        if not weekday:
            return first
        wanted = next(i for i, name in enumerate(WEEKDAYS) if name.startswith(weekday.lower()))
        return first + timedelta(days=(wanted - first.weekday()) % 7)
    amount = int(match.group("amount") or 0)
    if (match.group("unit") or "d").lower().startswith("w"):
        amount *= 7
    return start + timedelta(days=-amount if match.group("sign") == "-" else amount)


def _local(value: datetime, zone: tzinfo, raw: str) -> datetime:
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


def parse_date(
    text: str, zone: tzinfo, *, end_of_day: bool = False, start: date | None = None
) -> datetime:
    """An aware datetime for spec date text (see the module docstring).

    ``start`` is the cohort's start day, needed only for relative dates.
    """
    raw = text.strip()
    relative = _RELATIVE.match(raw)
    if relative:
        if start is None:
            raise DateError(
                f"{raw!r} is relative to a cohort's start: add cohorts.yaml (with the "
                "cohort's start) and run for a cohort"
            )
        day = _relative_day(relative, start)
        if relative.group("time"):
            hours, minutes = (int(part) for part in relative.group("time").split(":"))
            if hours > 23 or minutes > 59:
                raise DateError(f"{raw!r}: {relative.group('time')} is not a time of day")
            moment = time(hours, minutes)
        else:
            moment = _END_OF_DAY if end_of_day else time(0)
        return _local(datetime.combine(day, moment), zone, raw)
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
    return _local(value, zone, raw)


def written_day(text: str) -> tuple[int, int, int] | None:
    """Where ``week N weekday [HH:MM]`` sits as a reader takes it: (week, weekday with
    Monday 0, minutes), or None for any other form of date.

    A reader takes "week 6 tuesday" to come before "week 6 friday", as in a week that
    starts on a Monday; :func:`parse_date` counts weeks from the cohort's start day,
    so with a Thursday start that Friday comes first.
    """
    match = _RELATIVE.match(text.strip())
    if not match or not match.group("week") or not match.group("weekday"):
        return None
    weekday = match.group("weekday").lower()
    index = next(i for i, name in enumerate(WEEKDAYS) if name.startswith(weekday))
    hours, minutes = (int(part) for part in (match.group("time") or "0:00").split(":"))
    return int(match.group("week")), index, hours * 60 + minutes
