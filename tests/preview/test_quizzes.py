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


def test_matching_and_numerical_questions_show_their_controls_but_no_answer() -> None:
    from canvas_npq.preview.links import LinkTargets
    from canvas_npq.preview.quizzes import _question

    matching = {
        "type": "matching_question",
        "name": "Mechanisms",
        "text": "<p>Match them.</p>",
        "points": 1.0,
        "answers": (
            {"left": "Prompts", "right": "Cues the habit", "comments": "<p>Secret</p>"},
            {"left": "Action planning", "right": "A step", "comments": ""},
        ),
        "distractors": ("A lecture",),
        "correct_comments": "<p>All matched.</p>",
    }
    numerical = {
        "type": "numerical_question",
        "name": "Weeks",
        "text": "<p>How many?</p>",
        "points": 2.0,
        "answers": ({"exact": 6.0, "margin": 1.0, "comments": ""},),
    }
    shown = _question(1, matching, LinkTargets())
    assert shown.count("<select") == 2 and "Prompts" in shown and "Action planning" in shown
    options = shown.split("<select", 1)[1].split("</select>", 1)[0]
    assert options.index("A lecture") < options.index("A step") < options.index("Cues the habit")
    assert "Secret" not in shown and "All matched" not in shown
    number = _question(2, numerical, LinkTargets())
    assert "types a number" in number and "6" not in number.replace("(2 pts)", "")
