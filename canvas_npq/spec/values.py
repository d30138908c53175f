"""Turning one YAML value into a typed spec value, per the key tables.

Values are built from the raw scalar text, not from what YAML would guess: ``4.10``
is the statement "4.10" (not the float 4.1), ``no`` is not a boolean, and a quoted
``"60"`` is text where a number is expected. Each converter reports its own problem
and returns :data:`INVALID`.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, available_timezones

from yaml.nodes import Node, ScalarNode, SequenceNode

from canvas_npq.spec.dates import DateError, is_relative, load_time_zone, parse_date
from canvas_npq.spec.errors import Problem, Problems, SpecError
from canvas_npq.spec.keys import (
    DATE_EXAMPLES,
    DEFAULT_TIME_ZONE,
    ID_PATTERN,
    STATEMENT_PATTERN,
    TITLE_MAX_LENGTH,
    Key,
    ValueType,
)
from canvas_npq.spec.paths import PathError, read_markdown
from canvas_npq.spec.yamlnodes import NULL_TAG, column_of, describe, line_of


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Final = _Invalid()

_ID = re.compile(ID_PATTERN)
_STATEMENT = re.compile(STATEMENT_PATTERN)
_INT = re.compile(r"^[+-]?[0-9]+$")
_NUMBER = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")
_END_OF_DAY_KEYS = frozenset({"due_at", "lock_at"})
# C0 and C1 control characters, other than tab and line breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Citation:
    """A statement id cited in ``covers:``, with where it was written."""

    text: str
    line: int
    column: int
    owner: str


@dataclass(frozen=True)
class DateRecord:
    """A date as written and as resolved, where it was written, for checks across the
    spec (holidays, tasks due before their event)."""

    text: str
    value: datetime
    file: str
    line: int
    column: int


@dataclass
class Context:
    """Where validation is and what it has found so far."""

    root: Path
    file: str
    problems: Problems = field(default_factory=Problems)
    zone: tzinfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TIME_ZONE))
    citations: list[Citation] = field(default_factory=list)
    start: date | None = None  # the cohort's start day, for relative dates
    documents: list[tuple[str, str]] = field(default_factory=list)  # Markdown read: path, text
    # Relative dates met with no cohort start to resolve them: (file, line, column, text),
    # reported once together rather than once each (see spec.checks).
    unresolved_relative: list[tuple[str, int, int, str]] = field(default_factory=list)
    # Things a designer should look at that do not stop the spec being used.
    warnings: list[Problem] = field(default_factory=list)
    # Every valid date, by (owner label, key): a cohort's override replaces the spec's.
    dates: dict[tuple[str, str], DateRecord] = field(default_factory=dict)

    def add(self, node: Node | None, message: str, hint: str | None = None) -> None:
        if node is None:
            self.problems.add(self.file, None, None, message, hint)
        else:
            self.problems.add(self.file, line_of(node), column_of(node), message, hint)


def suggest(word: str, known: list[str] | tuple[str, ...]) -> str | None:
    """``Did you mean 'x'?`` for the closest known word, if any is close."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f"Did you mean {close[0]!r}?" if close else None


def _scalar_text(ctx: Context, key: Key, node: Node, expected: str) -> str | _Invalid:
    if not isinstance(node, ScalarNode):
        ctx.add(node, f"'{key.name}' must be {expected}, found {describe(node)}")
        return INVALID
    text = node.value.strip()
    if not text:
        ctx.add(node, f"'{key.name}' is empty")
        return INVALID
    control = _CONTROL.search(text)
    if control:
        ctx.add(
            node,
            f"'{key.name}' contains the control character U+{ord(control.group()):04X}",
            "Remove it (it would reach Canvas and garble what students see)",
        )
        return INVALID
    return text


def _plain(ctx: Context, key: Key, node: Node, expected: str) -> str | _Invalid:
    """The raw text of an unquoted scalar (numbers and booleans must be unquoted)."""
    text = _scalar_text(ctx, key, node, expected)
    if isinstance(text, _Invalid):
        return text
    assert isinstance(node, ScalarNode)
    if node.style is not None:
        ctx.add(
            node, f"'{key.name}' must be {expected}, found {describe(node)}", "Remove the quotes"
        )
        return INVALID
    return text


def _in_range(ctx: Context, key: Key, node: Node, value: float) -> bool:
    if key.minimum is not None and value < key.minimum:
        ctx.add(node, f"'{key.name}' must be at least {key.minimum:g}, found {value:g}")
        return False
    if key.maximum is not None and value > key.maximum:
        ctx.add(node, f"'{key.name}' must be at most {key.maximum:g}, found {value:g}")
        return False
    return True


def _choice(ctx: Context, key: Key, node: Node, text: str) -> str | _Invalid:
    if text in key.choices:
        return text
    hint = suggest(text, key.choices) or f"Choose one of: {', '.join(key.choices)}"
    ctx.add(node, f"'{key.name}' cannot be {text!r}", hint)
    return INVALID


def _text(ctx: Context, key: Key, node: Node) -> Any:
    return _scalar_text(ctx, key, node, "text")


def _title(ctx: Context, key: Key, node: Node) -> Any:
    text = _scalar_text(ctx, key, node, "text")
    if isinstance(text, _Invalid):
        return text
    if len(text) > TITLE_MAX_LENGTH:
        ctx.add(node, f"'{key.name}' is {len(text)} characters; Canvas allows {TITLE_MAX_LENGTH}")
        return INVALID
    if not any(character.isalnum() for character in text):
        ctx.add(node, f"'{key.name}' must contain a letter or digit, found {text!r}")
        return INVALID
    return text


def _id(ctx: Context, key: Key, node: Node) -> Any:
    text = _scalar_text(ctx, key, node, "an id")
    if isinstance(text, _Invalid):
        return text
    if not _ID.match(text):
        ctx.add(
            node,
            f"invalid {key.name} {text!r}",
            "Use lower-case letters, digits, '-', '_' or '.', starting with a letter or digit",
        )
        return INVALID
    return text


def _bool(ctx: Context, key: Key, node: Node) -> Any:
    text = _plain(ctx, key, node, "true or false")
    if isinstance(text, _Invalid):
        return text
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    ctx.add(node, f"'{key.name}' must be true or false, found {describe(node)}")
    return INVALID


def _int(ctx: Context, key: Key, node: Node) -> Any:
    text = _plain(ctx, key, node, "a whole number")
    if isinstance(text, _Invalid):
        return text
    if not _INT.match(text):
        ctx.add(node, f"'{key.name}' must be a whole number, found {describe(node)}")
        return INVALID
    value = int(text)
    return value if _in_range(ctx, key, node, value) else INVALID


def _number(ctx: Context, key: Key, node: Node) -> Any:
    text = _plain(ctx, key, node, "a number")
    if isinstance(text, _Invalid):
        return text
    if not _NUMBER.match(text) or not math.isfinite(float(text)):
        ctx.add(node, f"'{key.name}' must be a number, found {describe(node)}")
        return INVALID
    value = float(text)
    return value if _in_range(ctx, key, node, value) else INVALID


def _date(ctx: Context, key: Key, node: Node) -> Any:
    text = _scalar_text(ctx, key, node, "a date")
    if isinstance(text, _Invalid):
        return text
    if ctx.start is None and is_relative(text):
        ctx.unresolved_relative.append((ctx.file, line_of(node), column_of(node), text))
        return INVALID
    try:
        return parse_date(text, ctx.zone, end_of_day=key.name in _END_OF_DAY_KEYS, start=ctx.start)
    except DateError as error:
        ctx.add(node, f"'{key.name}': {error}", f"Write dates like {DATE_EXAMPLES}")
        return INVALID


def _url(ctx: Context, key: Key, node: Node) -> Any:
    text = _scalar_text(ctx, key, node, "a URL")
    if isinstance(text, _Invalid):
        return text
    try:
        parts = urlsplit(text)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        valid = False
    if not valid or any(character.isspace() for character in text):
        ctx.add(
            node,
            f"'{key.name}' must be an absolute http(s) URL, found {text!r}",
            "For example https://educationendowmentfoundation.org.uk/",
        )
        return INVALID
    return text


_BODY_SUFFIXES = (".md", ".markdown", ".html", ".htm")
_INCLUDE_SUFFIXES = (".yaml", ".yml")
_YAML_PATH_KEYS = frozenset({"include", "rubric", "questions"})  # others name body text


def _path(ctx: Context, key: Key, node: Node) -> Any:
    text = _scalar_text(ctx, key, node, "a file path")
    if isinstance(text, _Invalid):
        return text
    try:
        document = read_markdown(ctx.root, text)
    except PathError as error:
        ctx.add(node, f"'{key.name}': {error.message}", error.hint)
        return INVALID
    except SpecError as error:
        ctx.problems.extend(error.problems)
        return INVALID
    yaml_file = key.name in _YAML_PATH_KEYS
    if not document[0].lower().endswith(_INCLUDE_SUFFIXES if yaml_file else _BODY_SUFFIXES):
        if yaml_file:
            ctx.add(node, f"'{key.name}': {text!r} is not a YAML file", "Name a .yaml file")
        else:
            ctx.add(
                node,
                f"'{key.name}': {text!r} is not a Markdown file",
                "Name a .md file of the spec folder (or an .html file)",
            )
        return INVALID
    ctx.documents.append(document)
    return document


def _file(ctx: Context, key: Key, node: Node) -> Any:
    from canvas_npq.spec.files import read_local_file

    text = _scalar_text(ctx, key, node, "a file path")
    if isinstance(text, _Invalid):
        return text
    try:
        return read_local_file(ctx.root, text)
    except PathError as error:
        ctx.add(node, f"'{key.name}': {error.message}", error.hint)
    return INVALID


def _time_zone(ctx: Context, key: Key, node: Node) -> Any:
    text = _scalar_text(ctx, key, node, "a time zone name")
    if isinstance(text, _Invalid):
        return text
    try:
        ctx.zone = load_time_zone(text)
    except DateError:
        hint = suggest(text, sorted(available_timezones())) or "Use an IANA name like Europe/London"
        ctx.add(node, f"'{key.name}': unknown time zone {text!r}", hint)
        return INVALID
    return text


def _choice_value(ctx: Context, key: Key, node: Node) -> Any:
    text = _scalar_text(ctx, key, node, "one of: " + ", ".join(key.choices))
    return text if isinstance(text, _Invalid) else _choice(ctx, key, node, text)


def _list_of_scalars(ctx: Context, key: Key, node: Node, example: str) -> list[ScalarNode] | None:
    if isinstance(node, SequenceNode):
        scalars = []
        for child in node.value:
            if isinstance(child, ScalarNode) and child.tag != NULL_TAG and child.value.strip():
                scalars.append(child)
            else:
                ctx.add(
                    child, f"each entry of '{key.name}' must be {example}, not {describe(child)}"
                )
        return scalars
    ctx.add(
        node,
        f"'{key.name}' must be a list, found {describe(node)}",
        f"Write it in brackets: {key.name}: [{example}]",
    )
    return None


def _choice_list(ctx: Context, key: Key, node: Node) -> Any:
    entries = _list_of_scalars(ctx, key, node, key.choices[-1])
    if entries is None:
        return INVALID
    if not entries and isinstance(node, SequenceNode) and not node.value:
        ctx.add(node, f"'{key.name}' is empty")
        return INVALID
    chosen: list[str] = []
    for entry in entries:
        text = entry.value.strip()
        if isinstance(_choice(ctx, key, entry, text), _Invalid):
            continue
        if text in chosen:
            ctx.add(entry, f"{text!r} is listed twice in '{key.name}'")
            continue
        chosen.append(text)
    return tuple(chosen)


def _statements(ctx: Context, key: Key, node: Node, owner: str) -> Any:
    entries = _list_of_scalars(ctx, key, node, "2.4")
    if entries is None:
        return INVALID
    cited: list[str] = []
    for entry in entries:
        text = entry.value.strip()  # the raw text: 4.10 stays "4.10"
        if not _STATEMENT.match(text):
            ctx.add(
                entry,
                f"{text!r} in '{key.name}' is not a framework statement id",
                "Statement ids look like 2.4 or 2d",
            )
        else:
            text = text.lower()  # "2D" is "2d", as the framework catalogue writes it
            if text in cited:
                ctx.add(entry, f"statement {text} is listed twice in '{key.name}'")
                continue
            cited.append(text)
            ctx.citations.append(Citation(text, line_of(entry), column_of(entry), owner))
    return tuple(cited)


def _ref_list(ctx: Context, key: Key, node: Node) -> Any:
    entries = _list_of_scalars(ctx, key, node, "block-1")
    if entries is None:
        return INVALID
    refs: list[tuple[str, Node]] = []  # (id, node), for the caller's reference checks
    for entry in entries:
        text = _id(ctx, key, entry)
        if isinstance(text, _Invalid):
            continue
        if text in (ref for ref, _ in refs):
            ctx.add(entry, f"{text!r} is listed twice in '{key.name}'")
            continue
        refs.append((text, entry))
    return tuple(refs)


_CONVERTERS = {
    ValueType.TEXT: _text,
    ValueType.TITLE: _title,
    ValueType.ID: _id,
    ValueType.REF: _id,
    ValueType.BOOL: _bool,
    ValueType.INT: _int,
    ValueType.NUMBER: _number,
    ValueType.DATE: _date,
    ValueType.URL: _url,
    ValueType.PATH: _path,
    ValueType.FILE: _file,
    ValueType.TIME_ZONE: _time_zone,
    ValueType.CHOICE: _choice_value,
    ValueType.CHOICE_LIST: _choice_list,
    ValueType.REF_LIST: _ref_list,
}


def convert(ctx: Context, key: Key, node: Node, owner: str) -> Any:
    """The typed value of ``node`` for ``key``, or :data:`INVALID` (problem recorded).

    Structural keys (objects and lists of objects) return the node itself, for the
    caller to walk. ``PATH`` values are ``(relative path, Markdown text)``.
    """
    if key.type in (
        ValueType.OBJECT,
        ValueType.OBJECT_LIST,
        ValueType.ITEM_LIST,
        ValueType.VARIANT,
    ):
        return node
    if key.type is ValueType.STATEMENTS:
        return _statements(ctx, key, node, owner)
    value = _CONVERTERS[key.type](ctx, key, node)
    if key.type is ValueType.DATE and isinstance(value, datetime):
        assert isinstance(node, ScalarNode)
        record = DateRecord(node.value.strip(), value, ctx.file, line_of(node), column_of(node))
        ctx.dates[(owner, key.name)] = record
    return value
