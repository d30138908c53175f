"""HTML → Markdown for import: every body round-trips through the spec's renderer."""

from __future__ import annotations

import pytest

from canvas_npq.adopt.convert import html_to_markdown, unwrap_marker
from canvas_npq.model.html import normalize_html
from canvas_npq.model.markers import wrap_owned
from canvas_npq.spec.markdown import render_body, render_markdown


def round_trips(html: str) -> str:
    converted = html_to_markdown(html)
    path = f"x{converted.extension}"
    assert normalize_html(render_body(path, converted.text)) == normalize_html(html)
    return converted.text


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ("<h2>Intro</h2><p>Hello <strong>wörld</strong></p>", "## Intro\n\nHello **wörld**\n"),
        ("<p>a_b *c* 1. d</p>", "a\\_b \\*c\\* 1\\. d\n"),
        ("<ul><li>one<ul><li>nested</li></ul></li><li>two</li></ul>", "- one\n  - nested\n- two\n"),
        (
            '<p>See <a href="/courses/7/pages/unit-2">Unit 2</a></p>',
            "See [Unit 2](/courses/7/pages/unit-2)\n",
        ),
        (
            "<table><thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>",
            "| A |\n| --- |\n| 1 |\n",
        ),
        ("<p>日本語 — “quotes”</p>", "日本語 — “quotes”\n"),
    ],
)
def test_plain_content_becomes_markdown(html: str, markdown: str) -> None:
    assert html_to_markdown(html).markdown == markdown
    round_trips(html)


@pytest.mark.parametrize(
    "block",
    [
        '<table border="1" style="width: 100%"><tbody><tr><td>a</td></tr></tbody></table>',
        '<p><iframe src="https://www.youtube.com/embed/x" width="560"></iframe></p>',
        '<p><span style="color: red">red</span> text</p>',
        '<div class="callout"><p>a</p>\n\n<p>b</p></div>',
    ],
)
def test_what_markdown_cannot_express_stays_raw_html_inside_markdown(block: str) -> None:
    html = f"<p>Before</p>{block}<p>After</p>"
    converted = html_to_markdown(html)
    assert converted.markdown is not None and converted.raw_blocks == 1
    assert converted.markdown.startswith("Before\n\n<") and converted.markdown.endswith("After\n")
    round_trips(html)


def test_a_body_markdown_cannot_reproduce_is_kept_as_html() -> None:
    converted = html_to_markdown("bare text <b>bold</b>")
    assert converted.markdown is None and converted.extension == ".html"
    round_trips("bare text <b>bold</b>")


def test_the_ownership_marker_is_not_part_of_the_body() -> None:
    owned = wrap_owned("unit-1", "<p>x</p>")
    assert unwrap_marker(owned) == "<p>x</p>"
    assert html_to_markdown(owned).markdown == "x\n"
    assert unwrap_marker("<div>a</div><div>b</div>") == "<div>a</div><div>b</div>"


def test_empty_body() -> None:
    assert html_to_markdown("").markdown == ""


def test_raw_html_passes_through_the_spec_renderer_but_scripts_never_do() -> None:
    html = render_markdown('<iframe src="https://x.org/v"></iframe>\n\n<script>alert(1)</script>\n')
    assert "<iframe" in html
    assert "script" not in normalize_html(html)


def test_links_into_the_course_name_no_course_id_and_resolve_per_course() -> None:
    from canvas_npq.model import Address, Kind, Resource, Snapshot
    from canvas_npq.model.links import COURSE_REFERENCE, course_relative, localize_snapshot

    html = '<p><a href="/courses/7/pages/a">a</a> <a href="/courses/70/pages/b">b</a></p>'
    relative = course_relative(html, 7)
    assert f'href="{COURSE_REFERENCE}/pages/a"' in relative
    assert 'href="/courses/70/pages/b"' in relative  # another course's link is kept
    page = Resource(Address(Kind.PAGE, "p"), {"title": "P", "body": relative, "published": True})
    localized = localize_snapshot(Snapshot.of([page]), 12)
    assert 'href="/courses/12/pages/a"' in localized.get(page.address).fields["body"]
