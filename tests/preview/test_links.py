"""Links in course text, pointed into the preview (pure)."""

from __future__ import annotations

import pytest

from canvas_npq.preview.links import UNRESOLVED, LinkTargets, participant_html

TARGETS = LinkTargets.of(
    pages={"unit-1": ("1.1 Using data: a start", "page-unit-1.html")},
    assignments={"mit-1": "assignment-mit-1.html"},
    discussions={"intro": "discussion-intro.html"},
    files={"plan": "files/handouts/plan.docx"},
)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/pages/1-dot-1-using-data-a-start", "page-unit-1.html"),  # Canvas's slug
        ("/pages/unit-1", "page-unit-1.html"),  # the spec id
        ("/pages/unit-1#step-2", "page-unit-1.html#step-2"),
        ("/wiki/unit-1?module_item_id=3", "page-unit-1.html"),
        ("/assignments/mit-1", "assignment-mit-1.html"),
        ("/assignments/syllabus", "syllabus.html"),
        ("/discussion_topics/intro", "discussion-intro.html"),
        ("/modules", "modules.html"),
        ("", "index.html"),
        ("/pages/missing", None),
        ("/quizzes/4", None),
    ],
)
def test_course_paths_map_to_preview_files(path: str, expected: str | None) -> None:
    assert TARGETS.course_target(path) == expected


def test_rewrite_leaves_other_links_and_marks_the_unresolvable() -> None:
    html = (
        '<a href="$CANVAS_COURSE_REFERENCE$/pages/unit-1">u</a>'
        '<a href="canvas-npq-file:plan">f</a>'
        '<img src="canvas-npq-file:gone">'
        '<a href="https://example.org/pages/unit-1">w</a>'
        '<a href="#top">t</a>'
    )
    out = TARGETS.rewrite(html)
    assert '<a href="page-unit-1.html">u</a>' in out
    assert '<a href="files/handouts/plan.docx">f</a>' in out
    assert f'<img src="{UNRESOLVED}" data-preview-unresolved="canvas-npq-file:gone">' in out
    assert '<a href="https://example.org/pages/unit-1">w</a>' in out
    assert '<a href="#top">t</a>' in out


def test_participant_html_drops_what_canvas_strips() -> None:
    html = '<p onclick="steal()">Hi<script>alert(1)</script></p><form><input></form>'
    assert participant_html(html, TARGETS) == "<p>Hi</p>"
