"""``load_spec``: a spec folder in, a validated :class:`CourseSpec` out (or every problem)."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from canvas_npq.cohorts.model import Cohort
from canvas_npq.spec.cohorts import find_cohort, load_cohorts
from canvas_npq.spec.errors import Problem, SpecError, sort_problems
from canvas_npq.spec.framework_check import check_citations
from canvas_npq.spec.model import CourseSpec
from canvas_npq.spec.objectlinks import check_object_links
from canvas_npq.spec.stripped import stripped_markup
from canvas_npq.spec.validate import walk
from canvas_npq.spec.yamlnodes import YAML_SIZE_LIMIT, compose_mapping, read_utf8

SPEC_FILE = "course.yaml"


def _locate(path: Path) -> tuple[Path, Path]:
    """The spec folder and its ``course.yaml``, given either of them."""
    if path.is_dir():
        return path, path / SPEC_FILE
    if path.is_file():
        return path.parent, path
    raise SpecError([Problem(str(path), None, None, "spec folder not found")])


def load_spec(path: str | os.PathLike[str], cohort: Cohort | str | None = None) -> CourseSpec:
    """Read and validate the spec in folder ``path`` (or its ``course.yaml``).

    ``cohort`` (a :class:`Cohort` or a cohort's name in ``cohorts.yaml``) resolves the
    spec for that cohort: relative dates from its start, in its time zone, its delivery
    model and overrides. Without one, a spec with a ``cohorts.yaml`` is resolved for
    its first cohort.

    Raises :class:`SpecError` listing every problem found; nothing is returned unless
    the whole spec, Markdown included, is valid.
    """
    root, spec_file = _locate(Path(path).absolute())
    if not isinstance(cohort, Cohort):
        cohorts = load_cohorts(root)
        if isinstance(cohort, str):
            cohort = find_cohort(cohorts, cohort)
        else:
            cohort = cohorts[0] if cohorts else None
    display = spec_file.name
    if spec_file.is_dir():
        raise SpecError(
            [
                Problem(
                    display,
                    None,
                    None,
                    f"{SPEC_FILE} in {root} is a folder, not a file",
                    f"Remove or rename the folder and write {SPEC_FILE} as a file",
                )
            ]
        )
    if not spec_file.is_file():
        raise SpecError([Problem(display, None, None, f"no {SPEC_FILE} in {root}")])
    if not spec_file.resolve().is_relative_to(root.resolve()):
        raise SpecError(
            [
                Problem(
                    display,
                    None,
                    None,
                    "resolves outside the spec folder (through a symlink)",
                    "Keep course.yaml inside the spec folder",
                )
            ]
        )
    text = read_utf8(spec_file, display, YAML_SIZE_LIMIT)
    node = compose_mapping(text, display)
    spec, ctx, framework_node = walk(root, display, node, cohort)
    spec = replace(spec, documents=tuple(ctx.documents))
    check_citations(ctx, spec.framework, framework_node)
    check_object_links(ctx, spec)
    ctx.problems.raise_if_any()
    warnings = [*ctx.warnings, *stripped_markup(spec)]  # markup Canvas will strip
    return replace(spec, warnings=tuple(sort_problems(warnings)))
