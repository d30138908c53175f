"""Which framework statements a course spec covers, and where: the coverage report.

Pure logic: :func:`build_coverage` turns a framework and the spec's citations (every
``covers:`` entry, with the block and spec object it sits in) into a
:class:`CoverageReport`, which renders itself as JSON or as a self-contained HTML
matrix. Nothing here reads files or prints; callers decide where the strings go.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from canvas_npq.framework.catalogue import KIND_LABELS, Framework, Statement
from canvas_npq.framework.coverage_html import render_coverage_html


class Citation(NamedTuple):
    """One spec object citing one statement (a ``covers:`` entry); plain tuples work too."""

    statement_id: str
    block_id: str
    spec_object_id: str
    spec_object_kind: str


@dataclass(frozen=True)
class StatementCoverage:
    """One statement and the citations of it, in spec order, one per spec object."""

    statement: Statement
    citations: tuple[Citation, ...]

    @property
    def covered(self) -> bool:
        return bool(self.citations)

    @property
    def covered_by(self) -> tuple[str, ...]:
        """Ids of the spec objects that cite the statement, in spec order."""
        return tuple(c.spec_object_id for c in self.citations)

    @property
    def blocks(self) -> tuple[str, ...]:
        """Ids of the blocks those spec objects sit in, each once, in spec order."""
        return tuple(dict.fromkeys(c.block_id for c in self.citations))

    def citations_in(self, block_id: str) -> tuple[Citation, ...]:
        return tuple(c for c in self.citations if c.block_id == block_id)

    def to_dict(self) -> dict[str, Any]:
        statement = self.statement
        return {
            "id": statement.id,
            "area": statement.area,
            "kind": statement.kind_label,
            "heading": statement.heading,
            "text": statement.text,
            "covered_by": list(self.covered_by),
            "blocks": list(self.blocks),
        }


@dataclass(frozen=True)
class CoverageReport:
    """Coverage of every statement of one framework, in the framework's order.

    JSON shape (:meth:`to_json`)::

        {
          "framework": {"id": "npqltd-2020-10", "title": "..."},
          "totals": {
            "statements": 74, "covered": 3, "uncovered": 71,
            "by_kind": {"learn that": {"statements": 25, "covered": 2}, "learn how to": {...}},
            "by_area": [{"area": 1, "title": "Teaching", "statements": 0, "covered": 0}, ...]
          },
          "statements": [
            {"id": "2.4", "area": 2, "kind": "learn that", "heading": null, "text": "...",
             "covered_by": ["unit-1-1", "mit-1"], "blocks": ["block-1"]},
            ...
          ],
          "uncovered": ["2.1", "2.2", ...]
        }

    ``heading`` is the "learn how to" heading the statement sits under (null for
    "learn that"); ``covered_by`` lists spec object ids, ``blocks`` their block ids.
    """

    framework: Framework
    entries: tuple[StatementCoverage, ...]

    @property
    def uncovered(self) -> tuple[str, ...]:
        """Ids of the statements no spec object cites, in framework order."""
        return tuple(entry.statement.id for entry in self.entries if not entry.covered)

    @property
    def covered_count(self) -> int:
        return sum(1 for entry in self.entries if entry.covered)

    def entry(self, statement_id: str) -> StatementCoverage:
        """The coverage of one statement; accepts any form :meth:`Framework.get` does."""
        wanted = self.framework.get(statement_id)
        return next(entry for entry in self.entries if entry.statement is wanted)

    def cited_blocks(self) -> tuple[str, ...]:
        """Every block that cites at least one statement, in order of first citation."""
        return tuple(dict.fromkeys(b for entry in self.entries for b in entry.blocks))

    def totals(self) -> dict[str, Any]:
        """Counts of statements and covered statements, overall, per kind and per area."""
        return {
            "statements": len(self.entries),
            "covered": self.covered_count,
            "uncovered": len(self.entries) - self.covered_count,
            "by_kind": {label: self._tally(kind=kind) for kind, label in KIND_LABELS.items()},
            "by_area": [
                {"area": area.number, "title": area.title, **self._tally(area=area.number)}
                for area in self.framework.areas
            ],
        }

    def _tally(self, kind: str | None = None, area: int | None = None) -> dict[str, int]:
        chosen = [
            entry
            for entry in self.entries
            if (kind is None or entry.statement.kind == kind)
            and (area is None or entry.statement.area == area)
        ]
        return {"statements": len(chosen), "covered": sum(1 for e in chosen if e.covered)}

    def to_dict(self) -> dict[str, Any]:
        return {
            "framework": {"id": self.framework.id, "title": self.framework.title},
            "totals": self.totals(),
            "statements": [entry.to_dict() for entry in self.entries],
            "uncovered": list(self.uncovered),
        }

    def to_json(self) -> str:
        """The report as JSON text (see the class docstring for its shape)."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def to_html(
        self,
        block_order: Sequence[str],
        block_titles: Mapping[str, str] | None = None,
        title: str | None = None,
    ) -> str:
        """A self-contained HTML page: statements as rows, blocks as columns.

        ``block_order`` gives the columns (the spec's block order); a block that cites
        statements but is missing from it still gets a column, after the others.
        """
        return render_coverage_html(self, block_order, block_titles or {}, title)


def build_coverage(
    framework: Framework, citations: Iterable[tuple[str, str, str, str]]
) -> CoverageReport:
    """Group ``citations`` by statement; one entry per framework statement, in order.

    Statement ids are normalised (``'2D'`` cites ``2d``). A spec object that cites the
    same statement twice counts once. An id the framework lacks raises
    :class:`~canvas_npq.framework.catalogue.UnknownStatementError`: a report that
    silently dropped it would overstate what is covered.
    """
    by_statement: dict[str, dict[tuple[str, str], Citation]] = {}
    for raw in citations:
        citation = Citation(*raw)
        statement = framework.get(citation.statement_id)
        citation = citation._replace(statement_id=statement.id)
        key = (citation.block_id, citation.spec_object_id)
        by_statement.setdefault(statement.id, {}).setdefault(key, citation)
    entries = tuple(
        StatementCoverage(s, tuple(by_statement.get(s.id, {}).values()))
        for s in framework.statements
    )
    return CoverageReport(framework=framework, entries=entries)
