"""Markup Canvas strips on save converges: the first apply sends it, Canvas keeps the
rest, and the next plan finds nothing to do (it compares with what Canvas keeps);
validate warns about each such tag with its file and line."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

BODY = """\
## Welcome

Read <a href="javascript:alert(1)">this</a> first.

<p style="color: red; behavior: url(x.htc)">Styled</p>

<style>p { color: blue }</style>

<iframe src="https://video.example.org/embed/1" onload="steal()"></iframe>

<!-- a note for editors -->
"""


def test_markup_canvas_strips_is_warned_about_and_does_not_drift(course):
    (course.spec / "welcome.md").write_text(BODY, encoding="utf-8")
    validated = course.cli("validate", str(course.spec))
    assert validated.code == 0, validated.output
    for line in (3, 5, 9):
        assert f"Warning: welcome.md:{line}:" in validated.output, validated.output
    assert "welcome.md:7:" not in validated.output  # <style> is on Canvas's list

    applied = course.cli("apply", "--yes")
    assert applied.code == 0, applied.output
    assert "Verified: the course now matches the spec." in applied.output
    again = course.cli("plan", "--detailed-exitcode")
    assert again.code == 0, again.output
    page = next(p for p in course.course.get_pages() if p.title == "Welcome")
    body = course.course.get_page(page.url).body
    assert "javascript:" not in body and "behavior" not in body and "onload" not in body
    assert "Styled" in body and "video.example.org" in body
