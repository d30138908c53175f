"""Checks a framework data file (already parsed from YAML) before it becomes a catalogue.

Pure: takes the parsed mapping, returns a list of problems, each naming where it is
(``areas[1].learn_how_to[0].statements[3].id: ...``). An empty list means the data is
well formed: ids unique, "learn that" numbered 1, 2, 3 ... per area and "learn how to"
lettered a, b, c ... per area, running on across the area's headings.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

TOP_REQUIRED = frozenset({"id", "title", "areas"})
TOP_OPTIONAL = frozenset(
    {"qualification", "publisher", "published", "reference", "licence", "notes"}
)
AREA_REQUIRED = frozenset({"number", "title"})
AREA_OPTIONAL = frozenset({"description", "see_also", "learn_that", "learn_how_to"})
STATEMENT_KEYS = frozenset({"id", "text"})
HEADING_KEYS = frozenset({"heading", "statements"})

LETTERS = string.ascii_lowercase


def check_framework_data(data: object, expected_id: str | None = None) -> list[str]:
    """Return every problem found in ``data``; ``expected_id`` is the file's stem."""
    if not isinstance(data, Mapping):
        return [f"top level: expected a mapping, got {type(data).__name__}"]
    problems = _check_keys("top level", data, TOP_REQUIRED, TOP_OPTIONAL)
    for key in ("id", "title", "qualification", "publisher", "published", "reference"):
        if key in data:
            problems += _check_text(key, data[key])
    if expected_id is not None and data.get("id") != expected_id:
        problems.append(f"id: {data.get('id')!r} does not match the file name {expected_id!r}")
    if "notes" in data:
        problems += _check_text_list("notes", data["notes"])
    if "areas" in data:
        problems += _check_areas(data["areas"])
    return problems


def _check_areas(areas: object) -> list[str]:
    if not isinstance(areas, list) or not areas:
        return ["areas: expected a non-empty list"]
    problems: list[str] = []
    seen_ids: dict[str, str] = {}
    for index, area in enumerate(areas):
        where = f"areas[{index}]"
        if not isinstance(area, Mapping):
            problems.append(f"{where}: expected a mapping")
            continue
        problems += _check_keys(where, area, AREA_REQUIRED, AREA_OPTIONAL)
        number = index + 1
        if area.get("number") != number:
            problems.append(
                f"{where}.number: expected {number} (areas are numbered 1, 2, 3 ... in order), "
                f"got {area.get('number')!r}"
            )
        for key in ("title", "description", "see_also"):
            if key in area:
                problems += _check_text(f"{where}.{key}", area[key])
        statements = _area_statements(where, number, area, problems)
        problems += _check_unique(statements, seen_ids)
    return problems


def _area_statements(
    where: str, number: int, area: Mapping[str, Any], problems: list[str]
) -> list[tuple[str, object]]:
    """Check an area's two lists; return (location, id) for every statement in it."""
    found: list[tuple[str, object]] = []
    learn_that = area.get("learn_that", [])
    if not isinstance(learn_that, list):
        problems.append(f"{where}.learn_that: expected a list")
    else:
        for position, item in enumerate(learn_that):
            expected = f"{number}.{position + 1}"
            found += _check_statement(f"{where}.learn_that[{position}]", item, expected, problems)
    learn_how_to = area.get("learn_how_to", [])
    if not isinstance(learn_how_to, list):
        problems.append(f"{where}.learn_how_to: expected a list")
    else:
        found += _check_headings(f"{where}.learn_how_to", number, learn_how_to, problems)
    return found


def _check_headings(
    where: str, number: int, headings: list[object], problems: list[str]
) -> list[tuple[str, object]]:
    found: list[tuple[str, object]] = []
    position = 0  # letters run on across headings: 2j ends one heading, 2k starts the next
    for index, group in enumerate(headings):
        here = f"{where}[{index}]"
        if not isinstance(group, Mapping):
            problems.append(f"{here}: expected a mapping with heading and statements")
            continue
        problems += _check_keys(here, group, HEADING_KEYS, frozenset())
        problems += _check_text(f"{here}.heading", group.get("heading"))
        statements = group.get("statements")
        if not isinstance(statements, list) or not statements:
            problems.append(f"{here}.statements: expected a non-empty list")
            continue
        for offset, item in enumerate(statements):
            expected = _letter_id(number, position)
            location = f"{here}.statements[{offset}]"
            found += _check_statement(location, item, expected, problems)
            position += 1
    return found


def _letter_id(number: int, position: int) -> str | None:
    return f"{number}{LETTERS[position]}" if position < len(LETTERS) else None


def _check_statement(
    where: str, item: object, expected_id: str | None, problems: list[str]
) -> list[tuple[str, object]]:
    if not isinstance(item, Mapping):
        problems.append(f"{where}: expected a mapping with id and text")
        return []
    problems += _check_keys(where, item, STATEMENT_KEYS, frozenset())
    problems += _check_text(f"{where}.text", item.get("text"))
    actual = item.get("id")
    if expected_id is None:
        problems.append(f"{where}.id: more than {len(LETTERS)} statements under one area")
    elif actual != expected_id:
        hint = " (quote it: YAML reads 2.1 as a number)" if isinstance(actual, float) else ""
        problems.append(f"{where}.id: expected {expected_id!r} here, got {actual!r}{hint}")
    return [(where, actual)]


def _check_unique(statements: list[tuple[str, object]], seen: dict[str, str]) -> list[str]:
    problems = []
    for where, statement_id in statements:
        key = str(statement_id)
        if key in seen:
            problems.append(f"{where}.id: {key!r} is already used at {seen[key]}")
        else:
            seen[key] = where
    return problems


def _check_keys(
    where: str, mapping: Mapping[str, Any], required: frozenset[str], optional: frozenset[str]
) -> list[str]:
    problems = [f"{where}: missing {key!r}" for key in sorted(required - mapping.keys())]
    unknown = sorted(str(key) for key in mapping.keys() - required - optional)
    problems += [f"{where}: unknown key {key!r}" for key in unknown]
    return problems


def _check_text(where: str, value: object) -> list[str]:
    if not isinstance(value, str) or not value.strip():
        return [f"{where}: expected non-empty text, got {value!r}"]
    if value != " ".join(value.split()):
        return [f"{where}: text has stray whitespace or line breaks: {value[:60]!r}"]
    return []


def _check_text_list(where: str, value: object) -> list[str]:
    if not isinstance(value, list):
        return [f"{where}: expected a list of text"]
    problems: list[str] = []
    for index, item in enumerate(value):
        problems += _check_text(f"{where}[{index}]", item)
    return problems
