"""The preview of a quiz: its own page, linked from the modules, with the questions
and answers a participant sees and never which answer is right."""

from __future__ import annotations

from canvas_npq.cli.preview import build_preview
from tests.preview.conftest import NPQLTD


def test_each_npqltd_quiz_has_a_page_linked_from_its_module() -> None:
    site = build_preview(str(NPQLTD), "autumn-2026")
    survey = site.documents["quiz-b1-self-assessment.html"]
    assert "Survey (no right answers, not graded)" in survey
    assert "I am new to this." in survey and 'type="radio"' in survey
    check = site.documents["quiz-b1-knowledge-check.html"]
    assert "Attempts</dt><dd>Unlimited" in check
    assert "What the time is used for" in check
    assert "correct" not in check.lower().replace("incorrect", "")
    modules = site.documents["modules.html"]
    for n in range(1, 6):
        assert f'href="quiz-b{n}-knowledge-check.html"' in modules
