"""Reading spec files safely, and YAML as a tree of nodes that know where they are.

``course.yaml`` is composed into PyYAML nodes (never constructed into Python objects):
every node keeps its line and column and every scalar its raw text, so ``4.10``
stays ``"4.10"`` and an error can point at the exact spot. Hostile or broken input
(oversized files, non-UTF-8 bytes, alias bombs, runaway nesting, exotic tags,
duplicate keys) becomes a :class:`Problem`, never a traceback.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from canvas_npq.spec.errors import Problem, Problems, SpecError
from canvas_npq.spec.yamlhelp import explain

YAML_SIZE_LIMIT = 2 * 1024 * 1024
MARKDOWN_SIZE_LIMIT = 5 * 1024 * 1024
MAX_DEPTH = 32
# C0 control characters other than tab, line feed, form feed and carriage return, and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

_YAML_TAG = "tag:yaml.org,2002:"
# Tags a spec may carry: what the safe resolver assigns to plain scalars, plus the
# explicit ``!!str`` and friends an author may use instead of quotes.
_ALLOWED_TAGS = frozenset(
    _YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
NULL_TAG = _YAML_TAG + "null"
STR_TAG = _YAML_TAG + "str"


def line_of(node: Node) -> int:
    return node.start_mark.line + 1


def column_of(node: Node) -> int:
    return node.start_mark.column + 1


def _position(text: str | bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of a character (or byte) offset."""
    newline = b"\n" if isinstance(text, bytes) else "\n"
    line = text.count(newline, 0, offset) + 1  # type: ignore[arg-type]
    start = text.rfind(newline, 0, offset) + 1  # type: ignore[arg-type]
    return line, offset - start + 1


def read_utf8(path: Path, display: str, limit: int) -> str:
    """The text of a spec file, or a :class:`SpecError` saying why it cannot be used."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise SpecError(
                [
                    Problem(
                        display,
                        None,
                        None,
                        f"file is too large ({size:,} bytes; the limit is {limit:,})",
                    )
                ]
            )
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise SpecError([Problem(display, None, None, f"cannot read file: {reason}")]) from None
    if len(data) > limit:
        raise SpecError([Problem(display, None, None, f"file is larger than {limit:,} bytes")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, _ = _position(data, error.start)
        line_start = data.rfind(b"\n", 0, error.start) + 1
        column = len(data[line_start : error.start].decode("utf-8", errors="replace")) + 1
        raise SpecError(
            [
                Problem(
                    display,
                    line,
                    column,
                    f"not valid UTF-8: byte 0x{data[error.start]:02x} at offset {error.start}",
                    "Save the file as UTF-8",
                )
            ]
        ) from None
    text = text.removeprefix("\ufeff")
    control = _CONTROL.search(text)
    if control:
        line, column = _position(text, control.start())
        raise SpecError(
            [
                Problem(
                    display,
                    line,
                    column,
                    f"contains the control character U+{ord(control.group()):04X}",
                    "Remove it: a spec file is plain text",
                )
            ]
        )
    return text


class _Rejected(Exception):
    def __init__(self, mark: yaml.Mark, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message
        self.hint = hint


_SURROGATE = re.compile("[\ud800-\udfff]")


class _GuardedLoader(yaml.SafeLoader):
    """A safe loader that refuses aliases and caps nesting while composing.

    Aliases are refused outright: a course spec has no use for them, and refusing
    them is the simplest complete defence against "billion laughs" expansion.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: object) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Rejected(
                event.start_mark,
                f"YAML aliases are not supported (found *{event.anchor})",
                "Write the value out in full",
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Rejected(
                    self.peek_event().start_mark, f"nesting deeper than {MAX_DEPTH} levels"
                )
            node = super().compose_node(parent, index)  # type: ignore[arg-type]
        finally:
            self._depth -= 1
        if isinstance(node, ScalarNode) and _SURROGATE.search(node.value):
            # "\ud800" is valid YAML but no text: Canvas could not be sent it.
            raise _Rejected(
                node.start_mark,
                "text that is not valid Unicode (a lone surrogate such as \\ud800)",
                "Write the character itself, or a pair of surrogates that make one",
            )
        return node


def _check_tags(node: Node, file: str, problems: Problems) -> None:
    if node.tag not in _ALLOWED_TAGS:
        if node.tag == _YAML_TAG + "merge":
            message = "YAML merge keys (<<) are not supported"
        else:
            message = f"YAML tag {node.tag!r} is not supported"
        problems.add(file, line_of(node), column_of(node), message)
        return
    if isinstance(node, SequenceNode):
        for child in node.value:
            _check_tags(child, file, problems)
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            _check_tags(key, file, problems)
            _check_tags(value, file, problems)


def compose_mapping(text: str, file: str, empty_hint: str = "Start with 'course:'") -> MappingNode:
    """The top-level mapping of a YAML document, with problems raised as SpecError.

    ``empty_hint`` says what the file should hold, for when it holds nothing.

    A spec is loaded once per cohort (and on its own) before a plan, so the same text is
    composed once and its nodes shared: they are read, never changed.
    """
    return _compose_mapping(text, file, empty_hint)


@functools.lru_cache(maxsize=512)
def _compose_mapping(text: str, file: str, empty_hint: str) -> MappingNode:
    try:
        loader = _GuardedLoader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except _Rejected as rejected:
        mark = rejected.mark
        raise SpecError(
            [Problem(file, mark.line + 1, mark.column + 1, rejected.message, rejected.hint)]
        ) from None
    except yaml.MarkedYAMLError as error:
        explained = explain(text, error, file)
        if explained is not None:
            raise SpecError([explained]) from None
        at = error.problem_mark or error.context_mark
        line, column = (at.line + 1, at.column + 1) if at else (None, None)
        problem = error.problem or error.context or "cannot parse"
        hint = None
        if error.context and error.problem:
            if error.problem.startswith("but "):  # "expected X" / "but found Y"
                problem = f"{error.context}, {error.problem}"
            else:
                hint = error.context[:1].upper() + error.context[1:]
                if error.context_mark and error.context_mark.line + 1 != line:
                    hint += f" that starts at line {error.context_mark.line + 1}"
        raise SpecError(
            [Problem(file, line, column, f"YAML syntax error: {problem}", hint)]
        ) from None
    except yaml.reader.ReaderError as error:
        line, column = _position(text, error.position)
        raise SpecError(
            [Problem(file, line, column, f"YAML cannot contain character {error.character!r}")]
        ) from None
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML's other errors are marked
        raise SpecError([Problem(file, None, None, f"YAML error: {error}")]) from None
    except RecursionError:  # pragma: no cover - MAX_DEPTH stops this first
        raise SpecError([Problem(file, None, None, "YAML is nested too deeply")]) from None
    if root is None or (isinstance(root, ScalarNode) and root.tag == NULL_TAG):
        raise SpecError([Problem(file, None, None, "file is empty", empty_hint)])
    if not isinstance(root, MappingNode):
        raise SpecError(
            [
                Problem(
                    file,
                    line_of(root),
                    column_of(root),
                    f"the top level must be a mapping of keys, found {describe(root)}",
                )
            ]
        )
    problems = Problems()
    _check_tags(root, file, problems)
    problems.raise_if_any()
    return root


def describe(node: Node) -> str:
    """What a node is, in words, for "expected X, found Y" messages."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    assert isinstance(node, ScalarNode)
    if node.tag == NULL_TAG and node.style is None:
        return "nothing"
    raw = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    if node.style is not None:  # quoted or block scalar: always text
        return f"text {raw!r}"
    kind = node.tag.removeprefix(_YAML_TAG)
    words = {"int": "the number", "float": "the number", "bool": "the boolean"}
    if kind in words:
        return f"{words[kind]} {raw}"
    if kind == "timestamp":
        return f"the date {raw}"
    return f"text {raw!r}"


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == NULL_TAG and node.style is None


def mapping_entries(
    node: MappingNode, file: str, problems: Problems
) -> list[tuple[str, ScalarNode, Node]]:
    """The entries of a mapping in order, reporting non-text and duplicate keys.

    YAML silently lets a later duplicate key win; here the duplicate is an error that
    names both lines, and the first occurrence is the one kept.
    """
    entries: list[tuple[str, ScalarNode, Node]] = []
    seen: dict[str, ScalarNode] = {}
    for key, value in node.value:
        if not isinstance(key, ScalarNode):
            problems.add(
                file, line_of(key), column_of(key), f"a key must be a name, found {describe(key)}"
            )
            continue
        name = key.value
        if name in seen:
            first = seen[name]
            problems.add(
                file,
                line_of(key),
                column_of(key),
                f"duplicate key {name!r} (first given at line {line_of(first)})",
                "YAML would silently keep only the last one; remove one of them",
            )
            continue
        seen[name] = key
        entries.append((name, key, value))
    return entries
