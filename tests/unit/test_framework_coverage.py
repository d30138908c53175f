"""The coverage report: grouping citations by statement, its JSON shape and its HTML page."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from canvas_npq.framework import (
    Citation,
    CoverageReport,
    Framework,
    UnknownStatementError,
    build_coverage,
    load_framework,
)


@pytest.fixture(scope="module")
def framework() -> Framework:
    return load_framework("npqltd-2020-10")


CITATIONS = [
    Citation("2.4", "block-1", "unit-1-1", "unit"),
    Citation("2.5", "block-1", "unit-1-1", "unit"),
    Citation("2D", "block-1", "unit-1-1", "unit"),  # normalised to 2d
    Citation("2.4", "block-1", "mit-1", "mit"),
    Citation("2g", "block-1", "mit-1", "mit"),
    Citation("2.4", "block-2", "unit-2-1", "unit"),
    Citation("2d", "block-1", "unit-1-1", "unit"),  # the same object again: counted once
]


@pytest.fixture(scope="module")
def report(framework: Framework) -> CoverageReport:
    return build_coverage(framework, CITATIONS)


def entry_dict(report: CoverageReport, statement_id: str) -> dict[str, object]:
    data = json.loads(report.to_json())
    return next(e for e in data["statements"] if e["id"] == statement_id)


def test_one_entry_per_statement_in_framework_order(
    report: CoverageReport, framework: Framework
) -> None:
    data = json.loads(report.to_json())
    assert [e["id"] for e in data["statements"]] == [s.id for s in framework.statements]


def test_json_entry_shape_for_learn_that(report: CoverageReport) -> None:
    assert entry_dict(report, "2.4") == {
        "id": "2.4",
        "area": 2,
        "kind": "learn that",
        "heading": None,
        "text": report.framework.get("2.4").text,
        "covered_by": ["unit-1-1", "mit-1", "unit-2-1"],
        "blocks": ["block-1", "block-2"],
    }


def test_json_entry_for_learn_how_to_keeps_heading_and_normalises_ids(
    report: CoverageReport,
) -> None:
    entry = entry_dict(report, "2d")
    assert entry["kind"] == "learn how to"
    assert entry["heading"] == (
        "Select evidence-based approaches and design effective professional development by:"
    )
    assert entry["covered_by"] == ["unit-1-1"]


def test_json_top_level_framework_totals_and_uncovered(report: CoverageReport) -> None:
    data = json.loads(report.to_json())
    assert data["framework"] == {"id": "npqltd-2020-10", "title": report.framework.title}
    totals = data["totals"]
    assert (totals["statements"], totals["covered"], totals["uncovered"]) == (74, 4, 70)
    assert totals["by_kind"] == {
        "learn that": {"statements": 25, "covered": 2},
        "learn how to": {"statements": 49, "covered": 2},
    }
    assert totals["by_area"][0] == {"area": 1, "title": "Teaching", "statements": 0, "covered": 0}
    assert totals["by_area"][1] == {
        "area": 2,
        "title": "Designing Effective Professional Development",
        "statements": 24,
        "covered": 4,
    }
    assert data["uncovered"][:4] == ["2.1", "2.2", "2.3", "2.6"]
    assert len(data["uncovered"]) == 70


def test_uncovered_lists_exactly_the_uncited_statements(
    report: CoverageReport, framework: Framework
) -> None:
    cited = {"2.4", "2.5", "2d", "2g"}
    assert report.uncovered == tuple(s.id for s in framework.statements if s.id not in cited)
    assert not report.entry("2.1").covered
    assert report.entry("2G").covered_by == ("mit-1",)


def test_no_citations_means_everything_uncovered(framework: Framework) -> None:
    report = build_coverage(framework, [])
    assert len(report.uncovered) == len(framework.statements)
    assert report.cited_blocks() == ()


def test_plain_tuples_are_accepted(framework: Framework) -> None:
    report = build_coverage(framework, [("4.10", "block-5", "unit-5-2", "unit")])
    assert report.entry("4.10").blocks == ("block-5",)


def test_citing_an_unknown_statement_fails_loudly(framework: Framework) -> None:
    with pytest.raises(UnknownStatementError, match=re.escape("did you mean 2.1?")):
        build_coverage(framework, [("2.10", "block-1", "unit-1-1", "unit")])


# ---------------------------------------------------------------- HTML


class _TagBalance(HTMLParser):
    """Counts open and close tags of the elements whose balance matters for a table."""

    def __init__(self) -> None:
        super().__init__()
        self.depth: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.depth[tag] = self.depth.get(tag, 0) + 1

    def handle_endtag(self, tag: str) -> None:
        self.depth[tag] = self.depth.get(tag, 0) - 1


def row_for(page: str, statement_id: str) -> str:
    match = re.search(rf'<tr class="(\w+)" id="s-{re.escape(statement_id)}">.*?</tr>', page)
    assert match, statement_id
    return match[0]


def test_html_is_a_self_contained_balanced_page(report: CoverageReport) -> None:
    page = report.to_html(["block-1", "block-2"])
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page and "<link" not in page and "src=" not in page
    balance = _TagBalance()
    balance.feed(page)
    for tag in ("html", "body", "table", "thead", "tbody", "tr", "td", "th"):
        assert balance.depth.get(tag, 0) == 0, tag


def test_html_marks_cells_with_a_tick_or_a_count(report: CoverageReport) -> None:
    page = report.to_html(["block-1", "block-2"])
    row = row_for(page, "2.4")
    assert 'class="covered"' in row
    assert '<td class="cell hit" title="unit-1-1 (unit), mit-1 (mit)">2</td>' in row
    assert '<td class="cell hit" title="unit-2-1 (unit)">✓</td>' in row
    assert '<td class="total" title="unit-1-1, mit-1, unit-2-1">3</td>' in row


def test_html_highlights_uncovered_rows_and_has_a_legend(report: CoverageReport) -> None:
    page = report.to_html(["block-1"])
    assert 'class="uncovered"' in row_for(page, "2.1")
    assert "not covered" in row_for(page, "2.1")
    assert 'class="legend"' in page
    assert "4 of 74 statements covered" in page
    assert "No statements of its own" in page  # area 1 is shown, not silently skipped


def test_html_columns_follow_block_order_then_any_other_cited_block(
    report: CoverageReport,
) -> None:
    page = report.to_html(["block-3", "block-1"], block_titles={"block-1": "Block 1: Leading"})
    header = re.search(r"<thead>.*?</thead>", page)
    assert header
    columns = re.findall(r'<th scope="col" title="([^"]+)">', header[0])
    assert columns == ["block-3", "block-1", "block-2"]
    assert ">Block 1: Leading</th>" in header[0]


def test_html_escapes_everything_it_interpolates(framework: Framework) -> None:
    report = build_coverage(framework, [("2.4", "b<1>", 'unit"<script>', "unit & co")])
    page = report.to_html(
        ["b<1>"], block_titles={"b<1>": "Block <1> & 'intro'"}, title="<i>Course</i>"
    )
    assert "<script>" not in page and "<i>" not in page
    assert "Block &lt;1&gt; &amp; &#x27;intro&#x27;" in page
    assert "unit&quot;&lt;script&gt; (unit &amp; co)" in page
    assert "&lt;i&gt;Course&lt;/i&gt;" in page
    # framework texts with apostrophes are escaped too
    assert "pupils&#x27; academic outcomes" in page
