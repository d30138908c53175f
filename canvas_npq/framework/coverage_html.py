"""The coverage report as one self-contained HTML page: statements × blocks.

Rows are statements grouped by area and heading, columns are blocks; a cell shows how
many spec objects in that block cite the statement. Everything interpolated is escaped;
the page has no scripts and no external assets, so it can be mailed or archived as is.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING

from canvas_npq.framework.catalogue import Area

if TYPE_CHECKING:
    from canvas_npq.framework.coverage import CoverageReport, StatementCoverage

TICK = "✓"

STYLE = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328;
       margin: 2rem; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
.meta, .summary { color: #57606a; margin: .25rem 0; }
.legend { display: flex; flex-wrap: wrap; gap: 1.25rem; margin: 1rem 0; padding: .5rem .75rem;
          border: 1px solid #d0d7de; border-radius: 6px; background: #f6f8fa; }
.legend span { display: inline-flex; align-items: center; gap: .4rem; }
.swatch { display: inline-block; width: 1.4em; text-align: center; border: 1px solid #d0d7de; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #d0d7de; padding: .3rem .5rem; vertical-align: top; }
thead th { position: sticky; top: 0; background: #eaeef2; font-size: .85rem; }
tr.area th { background: #dde4ec; text-align: left; font-size: 1rem; }
tr.area .description { font-weight: normal; color: #57606a; font-size: .85rem; }
tr.group td { background: #f6f8fa; font-style: italic; }
th.sid { white-space: nowrap; text-align: left; }
td.text { max-width: 42rem; }
td.cell, td.total { text-align: center; white-space: nowrap; }
.swatch.missing { background: #ffebe9; }
.hit { background: #dafbe1; color: #116329; font-weight: 600; }
tr.uncovered th, tr.uncovered td { background: #ffebe9; }
tr.uncovered th.sid { border-left: 4px solid #cf222e; }
td.total.none { color: #cf222e; font-size: .8rem; }
"""


def render_coverage_html(
    report: CoverageReport,
    block_order: Sequence[str],
    block_titles: Mapping[str, str],
    title: str | None,
) -> str:
    """Render ``report`` with one column per block, in ``block_order`` then any others."""
    blocks = _columns(report, block_order)
    heading = title or f"Framework coverage: {report.framework.title}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(heading)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(heading)}</h1>",
        f'<p class="meta">{escape(_framework_line(report))}</p>',
        f'<p class="summary">{escape(_summary(report))}</p>',
        _legend(),
        "<table>",
        _thead(blocks, block_titles),
        "<tbody>",
        *_rows(report, blocks),
        "</tbody>",
        "</table>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _columns(report: CoverageReport, block_order: Sequence[str]) -> list[str]:
    ordered = list(dict.fromkeys(block_order))
    return ordered + [b for b in report.cited_blocks() if b not in ordered]


def _framework_line(report: CoverageReport) -> str:
    framework = report.framework
    details = [framework.id, framework.publisher, framework.published]
    return " · ".join(d for d in details if d)


def _summary(report: CoverageReport) -> str:
    totals = report.totals()
    by_kind = "; ".join(
        f"{label} {counts['covered']} of {counts['statements']}"
        for label, counts in totals["by_kind"].items()
    )
    return (
        f"{totals['covered']} of {totals['statements']} statements covered ({by_kind}); "
        f"{totals['uncovered']} not covered."
    )


def _legend() -> str:
    return (
        '<div class="legend">'
        f'<span><span class="swatch hit">{TICK}</span>'
        " one spec object in this block cites it</span>"
        '<span><span class="swatch hit">2</span> that many spec objects cite it</span>'
        '<span><span class="swatch missing">&nbsp;</span>'
        " highlighted row: nothing in the spec cites the statement</span>"
        "<span>Hover over a cell to see which spec objects cite the statement.</span>"
        "</div>"
    )


def _thead(blocks: Sequence[str], block_titles: Mapping[str, str]) -> str:
    cells = "".join(
        f'<th scope="col" title="{escape(block)}">{escape(block_titles.get(block, block))}</th>'
        for block in blocks
    )
    return (
        '<thead><tr><th scope="col">Id</th><th scope="col">Statement</th>'
        f'{cells}<th scope="col">Total</th></tr></thead>'
    )


def _rows(report: CoverageReport, blocks: Sequence[str]) -> Iterator[str]:
    width = len(blocks) + 3
    for area in report.framework.areas:
        entries = [e for e in report.entries if e.statement.area == area.number]
        yield _area_row(area, width, has_statements=bool(entries))
        group: str | None = None
        for entry in entries:
            label = entry.statement.heading or "Learn that…"
            if label != group:
                group = label
                prefix = "Learn how to: " if entry.statement.heading else ""
                yield f'<tr class="group"><td colspan="{width}">{escape(prefix + label)}</td></tr>'
            yield _statement_row(entry, blocks)


def _area_row(area: Area, width: int, has_statements: bool) -> str:
    description = area.description or ""
    if not has_statements:
        description = f"No statements of its own. {description}".strip()
    detail = f'<div class="description">{escape(description)}</div>' if description else ""
    return (
        f'<tr class="area"><th colspan="{width}" scope="rowgroup">'
        f"Area {area.number} – {escape(area.title)}{detail}</th></tr>"
    )


def _statement_row(entry: StatementCoverage, blocks: Sequence[str]) -> str:
    statement = entry.statement
    row_class = "covered" if entry.covered else "uncovered"
    cells = "".join(_block_cell(entry, block) for block in blocks)
    return (
        f'<tr class="{row_class}" id="s-{escape(statement.id)}">'
        f'<th scope="row" class="sid">{escape(statement.id)}</th>'
        f'<td class="text">{escape(statement.text)}</td>'
        f"{cells}{_total_cell(entry)}</tr>"
    )


def _block_cell(entry: StatementCoverage, block: str) -> str:
    citations = entry.citations_in(block)
    if not citations:
        return '<td class="cell"></td>'
    names = ", ".join(f"{c.spec_object_id} ({c.spec_object_kind})" for c in citations)
    mark = TICK if len(citations) == 1 else str(len(citations))
    return f'<td class="cell hit" title="{escape(names)}">{mark}</td>'


def _total_cell(entry: StatementCoverage) -> str:
    if not entry.covered:
        return '<td class="total none">not covered</td>'
    names = ", ".join(entry.covered_by)
    return f'<td class="total" title="{escape(names)}">{len(entry.covered_by)}</td>'
