"""The fidelity table: what real Canvas does for each call canvas-npq makes, read from
Canvas's own source, and the sandbox test that holds the sandbox to it.

Every test in ``tests/fidelity/`` is decorated with :func:`fidelity`. The decorator
records one row of the table (endpoint, parameters, the Canvas source files that settle
the behaviour, what Canvas does, what the sandbox does, what canvas-npq relies on) and
``scripts/fidelity_table.py`` writes ``docs/canvas-fidelity.md`` from those rows, so the
table cannot say something no test checks.

``settled=False`` marks a row whose behaviour the source could not settle; ``note`` then
says what is uncertain and what the sandbox assumes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Row:
    endpoint: str  # e.g. "GET /api/v1/courses/:course_id/rubrics"
    params: str  # the parameters canvas-npq sends (or "" when none matter)
    source: tuple[str, ...]  # instructure/canvas-lms paths, e.g. "lib/api/v1/rubric.rb"
    canvas: str  # what real Canvas does, as the source shows
    sandbox: str  # what the sandbox does (the test proves it)
    client: str  # what canvas-npq relies on or does because of it
    settled: bool = True
    note: str = ""
    test: str = field(default="", compare=False)  # module::function, filled in by @fidelity


ROWS: list[Row] = []


def fidelity(
    *,
    endpoint: str,
    source: list[str] | tuple[str, ...],
    canvas: str,
    sandbox: str,
    client: str,
    params: str = "",
    settled: bool = True,
    note: str = "",
) -> Callable[[F], F]:
    """Mark a test as the check of one row of the fidelity table."""
    if not source:
        raise ValueError("a fidelity row must name the Canvas source it follows")

    def mark(test: F) -> F:
        ROWS.append(
            Row(
                endpoint=endpoint,
                params=params,
                source=tuple(source),
                canvas=canvas,
                sandbox=sandbox,
                client=client,
                settled=settled,
                note=note,
                test=f"{test.__module__}::{test.__name__}",
            )
        )
        test.fidelity_row = ROWS[-1]  # type: ignore[attr-defined]
        return test

    return mark
