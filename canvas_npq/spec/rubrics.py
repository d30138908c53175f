"""Rubrics: the YAML file an assignment's ``rubric:`` names, walked like course.yaml.

Problems name the rubric file and its line. A criterion's ``outcome:`` aligns it to the
framework statement's Canvas outcome, so it needs ``outcomes:`` in course.yaml and a
statement the framework has; those checks run once the whole spec is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from yaml.nodes import MappingNode, Node

from canvas_npq.model import SourceRef
from canvas_npq.spec import keys
from canvas_npq.spec.errors import SpecError
from canvas_npq.spec.model import CriterionSpec, RatingSpec, RubricSpec
from canvas_npq.spec.yamlnodes import column_of, compose_mapping, line_of

if TYPE_CHECKING:
    from canvas_npq.spec.validate import Fields, _Walker

_STATEMENT = re.compile(keys.STATEMENT_PATTERN)
MAX_INCLUDE_DEPTH = 3


@dataclass(frozen=True)
class Alignment:
    """A criterion's ``outcome:``, where it was written, for the checks after reading."""

    statement: str
    file: str
    line: int
    column: int


@contextmanager
def _in_file(walker: _Walker, file: str) -> Iterator[None]:
    previous = walker.ctx.file
    walker.ctx.file = file
    try:
        yield
    finally:
        walker.ctx.file = previous


_EMPTY_RUBRIC = (
    "A rubric file starts with 'title:' and lists its 'criteria:', each with 'ratings:' "
    "(see docs/spec-format.md, Rubrics)"
)
_EMPTY_CRITERIA = "A criteria file starts with 'criteria:' and lists criteria, as a rubric does"


def _compose(walker: _Walker, path: str, text: str, empty_hint: str) -> MappingNode | None:
    try:
        return compose_mapping(text, path, empty_hint)
    except SpecError as error:
        walker.ctx.problems.extend(error.problems)
        return None


def read_rubric(walker: _Walker, found: Fields) -> RubricSpec | None:
    """The rubric an assignment's ``rubric:`` names, or None (problems recorded)."""
    value = found.get("rubric")
    if value is None:
        return None
    path, text = value
    node = _compose(walker, path, text, _EMPTY_RUBRIC)
    if node is None:
        return None
    with _in_file(walker, path):
        rubric = walker.fields(node, keys.RUBRIC, f"rubric {path}")
        if rubric is None:
            return None
        criteria = list(_criteria(walker, rubric, depth=0))
        if "criteria" in rubric.nodes and not criteria:
            walker.ctx.add(rubric.nodes["criteria"], f"rubric {path} has no criteria")
        return RubricSpec(
            path=path,
            title=rubric.get("title", ""),
            use_for_grading=rubric.get("use_for_grading", True),
            free_form_comments=rubric.get("free_form_comments", False),
            criteria=tuple(criteria),
            source=SourceRef(path, line_of(node)),
        )


def _criteria(walker: _Walker, owner: Fields, depth: int) -> Iterator[CriterionSpec]:
    for node in walker.object_list(owner, "criteria"):
        if _is_include(node):
            yield from _included(walker, node, depth)
            continue
        criterion = _criterion(walker, node)
        if criterion is not None:
            yield criterion


def _is_include(node: Node) -> bool:
    return isinstance(node, MappingNode) and any(
        getattr(key, "value", None) == "include" for key, _ in node.value
    )


def _included(walker: _Walker, node: Node, depth: int) -> Iterator[CriterionSpec]:
    found = walker.fields(node, keys.CRITERIA_INCLUDE, "an include")
    if found is None or found.get("include") is None:
        return
    if depth >= MAX_INCLUDE_DEPTH:
        walker.ctx.add(node, "criteria files include each other too deeply")
        return
    path, text = found.get("include")
    included = _compose(walker, path, text, _EMPTY_CRITERIA)
    if included is None:
        return
    with _in_file(walker, path):
        fields = walker.fields(included, keys.CRITERIA_FILE, f"criteria file {path}")
        if fields is not None:
            yield from _criteria(walker, fields, depth + 1)


def _criterion(walker: _Walker, node: Node) -> CriterionSpec | None:
    found = walker.fields(node, keys.CRITERION, "a criterion")
    if found is None:
        return None
    outcome = _outcome(walker, found)
    if outcome is not None and "long_description" in found.nodes:
        walker.ctx.add(
            found.nodes["long_description"],
            f"'long_description' has no effect in {found.label} aligned to outcome {outcome}",
            "Canvas shows the outcome's description instead; describe the levels in "
            "the ratings' long_description",
        )
    ratings = [_rating(walker, child) for child in walker.object_list(found, "ratings")]
    ratings_found = [r for r in ratings if r is not None]
    if "ratings" in found.nodes and not walker.object_list(found, "ratings"):
        walker.ctx.add(found.nodes["ratings"], f"{found.label} has no ratings")
    return CriterionSpec(
        description=found.get("description", ""),
        long_description=found.get("long_description", ""),
        outcome=outcome,
        use_range=found.get("use_range", False),
        ratings=tuple(ratings_found),
        source=SourceRef(walker.ctx.file, line_of(found.node)),
    )


def _outcome(walker: _Walker, found: Fields) -> str | None:
    text = found.get("outcome")
    if text is None:
        return None
    node = found.nodes["outcome"]
    if not _STATEMENT.match(text):
        walker.ctx.add(
            node,
            f"{text!r} in 'outcome' is not a framework statement id",
            "Statement ids look like 2.4 or 2d",
        )
        return None
    statement = text.lower()
    walker.alignments.append(Alignment(statement, walker.ctx.file, line_of(node), column_of(node)))
    return statement


def _rating(walker: _Walker, node: Node) -> RatingSpec | None:
    found = walker.fields(node, keys.RATING, "a rating")
    if found is None:
        return None
    return RatingSpec(
        description=found.get("description", ""),
        long_description=found.get("long_description", ""),
        points=found.get("points", 0.0),
    )


def check_alignments(walker: _Walker, framework_id: str | None, has_outcomes: bool) -> None:
    """Every ``outcome:`` needs ``outcomes:`` in course.yaml and a statement that exists."""
    if not walker.alignments:
        return
    framework: Any = None
    if framework_id is not None:
        try:
            from canvas_npq.framework.catalogue import load_framework

            framework = load_framework(framework_id)
        except Exception:  # an unknown framework is reported by the citation check
            framework = None
    for alignment in walker.alignments:
        where = (alignment.file, alignment.line, alignment.column)
        if not has_outcomes:
            walker.ctx.problems.add(
                *where,
                f"a criterion is aligned to outcome {alignment.statement}, "
                "but course.yaml creates no outcomes",
                "Add outcomes: {} to course.yaml (with framework:)",
            )
        elif framework is not None and alignment.statement not in framework:
            walker.ctx.problems.add(
                *where,
                f"outcome {alignment.statement} is not a statement of {framework_id}",
            )
