"""A framework catalogue kept in a spec's own folder (``framework: frameworks/x.yaml``).

A provider running an NPQ that canvas-npq does not package writes its framework as a
YAML file beside the course spec. It is checked with the same rules as the packaged
catalogues (:func:`~canvas_npq.framework.schema.check_framework_data`), and each
problem is reported at its line in the file. :func:`framework_for` is the one way the
rest of canvas-npq turns what course.yaml says into a :class:`Framework`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from canvas_npq.framework.catalogue import (
    Framework,
    FrameworkError,
    available_frameworks,
    framework_from_data,
    load_framework,
)
from canvas_npq.framework.schema import check_framework_data

FRAMEWORK_FILE_SUFFIXES = (".yaml", ".yml")
FRAMEWORK_FILE_LIMIT = 1024 * 1024  # a framework is a few hundred statements at most

_STEP = re.compile(r"([A-Za-z_]+)|\[([0-9]+)\]")


@dataclass(frozen=True)
class FileProblem:
    """One problem in a framework file: 1-based line (None if unknown) and message."""

    line: int | None
    message: str


class FrameworkFileError(FrameworkError):
    """A framework file that cannot be used; ``problems`` say where and why."""

    def __init__(self, display: str, problems: list[FileProblem]) -> None:
        self.display = display
        self.problems = list(problems)
        listing = "\n".join(
            f"  - {display}:{p.line}: {p.message}" if p.line else f"  - {display}: {p.message}"
            for p in self.problems
        )
        super().__init__(f"{display} is not a valid framework file:\n{listing}")


def is_framework_file(ref: str) -> bool:
    """True when course.yaml's ``framework:`` names a file rather than a packaged id."""
    return ref.strip().lower().endswith(FRAMEWORK_FILE_SUFFIXES)


def framework_for(ref: str, root: Path) -> Framework:
    """The framework course.yaml names: a packaged id, or a file in the spec folder ``root``.

    Raises :class:`~canvas_npq.framework.catalogue.UnknownFrameworkError` for an
    unknown id and :class:`FrameworkFileError` for a file that is missing, outside the
    spec folder or not a valid framework.
    """
    if not is_framework_file(ref):
        return load_framework(ref)
    from canvas_npq.spec.paths import PathError, resolve_spec_file

    try:
        display, path = resolve_spec_file(root, ref, "Keep the framework file in the spec folder")
    except PathError as error:
        hint = f" ({error.hint})" if error.hint else ""
        raise FrameworkFileError(ref, [FileProblem(None, error.message + hint)]) from None
    stat = path.stat()
    return _load_file(path, display, stat.st_mtime_ns, stat.st_size)


@functools.cache
def _load_file(path: Path, display: str, _mtime: int, size: int) -> Framework:
    """Parse and check one framework file; cached per path and version of the file."""
    if size > FRAMEWORK_FILE_LIMIT:
        raise FrameworkFileError(
            display, [FileProblem(None, f"larger than {FRAMEWORK_FILE_LIMIT} bytes")]
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise FrameworkFileError(display, [FileProblem(None, f"not UTF-8 text: {error}")]) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error)
        raise FrameworkFileError(
            display, [FileProblem(line, f"not valid YAML: {problem}")]
        ) from None
    expected_id = Path(display).stem
    problems = [
        FileProblem(_line_of(node, message), message)
        for message in check_framework_data(data, expected_id)
    ]
    if isinstance(data, dict) and data.get("id") in available_frameworks():
        problems.append(
            FileProblem(
                _line_of(node, "id: "),
                f"id: {data['id']!r} is the id of a framework canvas-npq packages; give this "
                "revision its own id (and file name), or write framework: "
                f"{data['id']} in course.yaml to use the packaged one",
            )
        )
    if problems:
        raise FrameworkFileError(display, problems)
    return framework_from_data(data, source=display, expected_id=expected_id)


def _line_of(root: Node | None, message: str) -> int | None:
    """The line of the YAML node a problem message starts by naming.

    The checker names places as ``areas[1].learn_how_to[0].statements[3].id``; the
    deepest node found along that path gives the line (the top level: line 1).
    """
    if root is None:
        return 1
    where = message.split(": ", 1)[0]
    node: Node = root
    if where != "top level":
        for name, index in _STEP.findall(where):
            found = _child(node, name, int(index) if index else None)
            if found is None:
                break
            node = found
    return node.start_mark.line + 1


def _child(node: Node, name: str, index: int | None) -> Node | None:
    if index is not None:
        if isinstance(node, SequenceNode) and index < len(node.value):
            return node.value[index]
        return None
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == name:
                return value
    return None
