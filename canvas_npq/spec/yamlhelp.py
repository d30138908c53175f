"""YAML syntax errors told in a course designer's words, with the fix.

PyYAML reports what its scanner or parser expected ("mapping values are not allowed
here", "expected <block end>, but found '<block mapping start>'"). The mistakes behind
those messages are few and well known: a tab, a colon inside an unquoted title, curly
quotes typed by a word processor, a line indented one space too many or too few, a
quote or bracket never closed. :func:`explain` recognises them from the error and
the text of the lines around it; anything else keeps PyYAML's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import yaml

from canvas_npq.spec.errors import Problem

_CURLY = "\u201c\u201d\u2018\u2019"
_KEY_VALUE = re.compile(r"^(?P<indent>[ ]*)(?:-[ ]+)?(?P<key>[^\s:#][^:#]*?):[ ]+(?P<value>.+)$")


# explain()'s helper: a Problem at the error's line (or another) with message and hint.
_At = Callable[..., Problem]


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _indent(line: str) -> int:
    """The column (0-based) where a line's content starts, after any list dashes."""
    match = re.match(r"^[ ]*(?:-[ ]+)*", line)
    return match.end() if match else 0


def _meaningful(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _previous(lines: list[str], index: int) -> int | None:
    """The index of the closest line above ``index`` with content (not a comment)."""
    for other in range(index - 1, -1, -1):
        if _meaningful(lines[other]):
            return other
    return None


def _quoted(value: str) -> str:
    """``value`` as it should be written: straight double quotes around it."""
    inner = value.strip().strip(_CURLY + "\"'")
    inner = inner.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{inner}"'


def explain(text: str, error: yaml.MarkedYAMLError, file: str) -> Problem | None:
    """A plain-words :class:`Problem` for a YAML syntax error, or None if unrecognised."""
    mark = error.problem_mark
    if mark is None:
        return None
    lines = _lines(text)
    index = min(mark.line, len(lines) - 1)
    line_no = index + 1
    line = lines[index] if lines else ""
    problem = error.problem or ""
    context = error.context or ""

    def at(message: str, hint: str, line: int = line_no, column: int | None = None) -> Problem:
        return Problem(file, line, column if column is not None else mark.column + 1, message, hint)

    tab = _first_tab(lines, index)
    if tab is not None:
        tab_line, tab_column = tab
        where = "starts with a tab" if tab_column == 1 else f"has a tab at column {tab_column}"
        return at(
            f"line {tab_line} {where}; YAML needs spaces for indentation",
            "Replace the tab with two spaces (set your editor to insert spaces for Tab)",
            tab_line,
            tab_column,
        )
    if "quoted scalar" in context and "end of stream" in problem:
        start = error.context_mark.line + 1 if error.context_mark else line_no
        opened = lines[start - 1] if start - 1 < len(lines) else ""
        quote = "'" if "'" in opened and '"' not in opened else '"'
        return at(
            f"the quote ({quote}) opened on line {start} is never closed",
            f"Add the closing {quote} at the end of that value, on the same line",
            start,
            error.context_mark.column + 1 if error.context_mark else None,
        )
    if problem.startswith("found character") and "cannot start any token" in problem:
        character = problem.split("'")[1] if "'" in problem else ""
        if character == "\\t":  # a tab inside the line, where YAML wants a space
            return at(
                f"line {line_no} has a tab at column {mark.column + 1} where YAML needs a space",
                "Replace the tab with a space",
            )
        return _special_start(at, line, character)
    if context.startswith("while scanning an alias"):
        return _special_start(at, line, "*")
    if problem == "mapping values are not allowed here":
        return _colon_or_indent(at, lines, index)
    if problem.startswith("expected ',' or ']'") or problem.startswith("expected ',' or '}'"):
        closing = "]" if "]" in problem else "}"
        opening = "[" if closing == "]" else "{"
        start = error.context_mark.line + 1 if error.context_mark else line_no
        return at(
            f"the {opening} opened on line {start} is not closed with {closing} "
            "(or two of its entries have no comma between them)",
            f"Close it with {closing} on the same line and separate entries with commas, "
            f'e.g. covers: ["2.4", "2d"]',
            start,
            error.context_mark.column + 1 if error.context_mark else None,
        )
    misaligned = ("expected <block end>", "could not find expected ':'", "did not find expected")
    if any(words in problem for words in misaligned):
        if "'<scalar>'" in problem and _closes_quote_before(line, mark.column):
            return at(
                f"line {line_no} has more text after the closing quote of a quoted value",
                "Put the whole value inside the quotes",
            )
        return _misaligned(at, lines, index)
    return None


def _first_tab(lines: list[str], error_index: int) -> tuple[int, int] | None:
    """Line and column of a tab in the indentation at or above the error, if any."""
    for index in range(error_index, max(error_index - 2, -1), -1):  # the line and the one above
        line = lines[index] if index < len(lines) else ""
        leading = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in leading:
            return index + 1, leading.index("\t") + 1
    return None


def _special_start(at: _At, line: str, character: str) -> Problem:
    match = _KEY_VALUE.match(line)
    what = character
    if match:
        key, value = match.group("key").strip(), match.group("value").strip()
        return at(
            f"the value of '{key}' starts with {what}, which YAML keeps for its own syntax",
            f"Put the value in double quotes: {key}: {_quoted(value)}",
        )
    return at(
        f"this line starts a value with {what}, which YAML keeps for its own syntax",
        "Put the value in double quotes",
    )


def _colon_or_indent(at: _At, lines: list[str], index: int) -> Problem:
    line = lines[index]
    previous = _previous(lines, index)
    if previous is not None:
        above = lines[previous]
        above_has_value = not above.rstrip().endswith(":")
        if _indent(line) > _indent(above) and above_has_value:
            return _too_deep(at, index + 1, previous + 1, _indent(line), _indent(above))
    match = _KEY_VALUE.match(line)
    if match and ":" not in match.group("value"):
        return _misaligned(at, lines, index)
    if match:
        key, value = match.group("key").strip(), match.group("value").strip()
        if any(quote in value for quote in _CURLY):
            return at(
                f"the value of '{key}' is in curly quotes (“ ” or ‘ ’), which YAML reads as "
                "ordinary letters, so the colon inside it starts a new key",
                f"Use straight quotes: {key}: {_quoted(value)}",
                column=_indent(line) + 1,
            )
        return at(
            f"the value of '{key}' contains a colon followed by a space, which YAML reads "
            "as the start of another key",
            f"Put the whole value in double quotes: {key}: {_quoted(value)}",
            column=_indent(line) + 1,
        )
    return at(
        "this line has a colon followed by a space where YAML does not expect a new key",
        "If the colon is part of a value, put the whole value in double quotes",
    )


def _too_deep(at: _At, line: int, above: int, spaces: int, above_spaces: int) -> Problem:
    return at(
        f"line {line} is indented more than line {above} ({spaces} spaces, not "
        f"{above_spaces}), but line {above} already has its value",
        f"If line {line} is the next key beside line {above}, indent it by {above_spaces} "
        f"spaces like line {above}",
        line,
        spaces + 1,
    )


def _misaligned(at: _At, lines: list[str], index: int) -> Problem:
    line = lines[index]
    previous = _previous(lines, index)
    spaces = _indent(line)
    levels = sorted({_indent(lines[i]) for i in range(index) if _meaningful(lines[i])})
    if previous is not None and spaces > _indent(lines[previous]):
        return _too_deep(at, index + 1, previous + 1, spaces, _indent(lines[previous]))
    near = [level for level in levels if level != spaces]
    options = " or ".join(str(level) for level in near[-3:]) or "0"
    return at(
        f"line {index + 1} is indented by {spaces} space{'s' if spaces != 1 else ''}, "
        "which does not line up with the lines above it",
        f"Keys of one mapping, and the '- ' items of one list, must start in the same column: "
        f"indent it by {options} spaces, like the lines it belongs with",
        column=spaces + 1,
    )


def _closes_quote_before(line: str, column: int) -> bool:
    before = line[:column].rstrip()
    return before.endswith('"') or before.endswith("'")
