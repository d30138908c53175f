"""Matching and numerical questions and feedback: the questions file, validation with
file:line, the desired questions, what is sent to Canvas and what is read back."""

from __future__ import annotations

from pathlib import Path

from canvas_npq.canvas.quizzes import canvas_questions, question_params
from canvas_npq.model import Kind
from canvas_npq.model.quizzes import normalize_questions
from canvas_npq.spec import load_spec
from canvas_npq.spec.desired import build_desired
from tests.unit.test_quizzes import COURSE, line_of, one, problems, write

TYPED = """\
questions:
  - type: matching
    text: Match them.
    answers:
      - left: Action planning
        right: A step
        comments: Planning is **when**.
      - left: Prompts
        right: A cue
    distractors: |
      A lecture

      A handbook
    correct_comments: All matched.
  - type: numerical
    text: How many weeks?
    points: 2
    answers:
      - exact: 6
        margin: 1
      - start: 10
        end: 12
        comments: Also fine.
    neutral_comments: No fixed number.
  - type: true_false
    text: True?
    answer: true
    incorrect_comments: See *2.3*.
"""


def _questions(tmp_path: Path, questions: str = TYPED) -> tuple[dict, ...]:
    desired = build_desired(load_spec(write(tmp_path, COURSE, questions)))
    quiz = next(r for r in desired if r.kind is Kind.QUIZ)
    return quiz.fields["questions"]


def test_matching_numerical_and_feedback_become_desired_questions(tmp_path: Path) -> None:
    matching, numerical, true_false = _questions(tmp_path)
    assert matching["type"] == "matching_question"
    assert matching["answers"] == (
        {
            "left": "Action planning",
            "right": "A step",
            "comments": "<p>Planning is <strong>when</strong>.</p>",
        },
        {"left": "Prompts", "right": "A cue", "comments": ""},
    )
    assert matching["distractors"] == ("A lecture", "A handbook")
    assert matching["correct_comments"] == "<p>All matched.</p>"
    assert matching["incorrect_comments"] == "" and matching["neutral_comments"] == ""
    assert numerical["points"] == 2.0
    assert numerical["answers"] == (
        {"exact": 6.0, "margin": 1.0, "start": None, "end": None, "comments": ""},
        {
            "exact": None,
            "margin": None,
            "start": 10.0,
            "end": 12.0,
            "comments": "<p>Also fine.</p>",
        },
    )
    assert numerical["neutral_comments"] == "<p>No fixed number.</p>"
    assert true_false["incorrect_comments"] == "<p>See <em>2.3</em>.</p>"


def test_what_is_sent_is_what_canvas_reads_back(tmp_path: Path) -> None:
    """The params use the names Canvas's answer parsers read, and the listing Canvas
    returns for them normalizes to the same questions: no drift after apply."""
    desired = _questions(tmp_path)
    sent = question_params(desired[0], 1)
    assert sent["answers"]["0"] == {
        "answer_match_left": "Action planning",
        "answer_match_right": "A step",
        "answer_comment_html": "<p>Planning is <strong>when</strong>.</p>",
    }
    assert sent["matching_answer_incorrect_matches"] == "A lecture\nA handbook"
    assert sent["correct_comments_html"] == "<p>All matched.</p>"
    assert not any("answer_comments" in a for a in sent["answers"].values())
    numbers = question_params(desired[1], 2)["answers"]
    assert numbers["0"] == {
        "numerical_answer_type": "exact_answer",
        "answer_exact": 6.0,
        "answer_error_margin": 1.0,
        "answer_comment_html": "",
    }
    assert numbers["1"]["numerical_answer_type"] == "range_answer"
    assert (numbers["1"]["answer_range_start"], numbers["1"]["answer_range_end"]) == (10.0, 12.0)

    listed = [  # as Canvas's API shows them (lib/api/v1/quiz_question.rb)
        {
            "id": 1,
            "position": 1,
            "question_name": "Question 1",
            "question_type": "matching_question",
            "question_text": "<p>Match them.</p>",
            "points_possible": 1.0,
            "correct_comments": "",
            "correct_comments_html": "<p>All matched.</p>",
            "incorrect_comments": "",
            "neutral_comments": "",
            "answers": [
                {"id": 7, "text": "Action planning", "left": "Action planning", "right": "A step",
                 "comments": "", "comments_html": "<p>Planning is <strong>when</strong>.</p>",
                 "match_id": 70},
                {"id": 8, "text": "Prompts", "left": "Prompts", "right": "A cue",
                 "comments": "", "comments_html": "", "match_id": 80},
            ],
            "matches": [{"text": "A step", "match_id": 70}, {"text": "A cue", "match_id": 80},
                        {"text": "A lecture", "match_id": 90},
                        {"text": "A handbook", "match_id": 91}],
            "matching_answer_incorrect_matches": "A lecture\nA handbook",
        },
        {
            "id": 2,
            "position": 2,
            "question_name": "Question 2",
            "question_type": "numerical_question",
            "question_text": "<p>How many weeks?</p>",
            "points_possible": 2.0,
            "neutral_comments": "No fixed number.",  # plain text, as older Canvas keeps it
            "answers": [
                {"id": 3, "text": "", "comments": "", "weight": 100,
                 "numerical_answer_type": "exact_answer", "exact": 6.0, "margin": 1.0},
                {"id": 4, "text": "", "comments": "", "comments_html": "<p>Also fine.</p>",
                 "weight": 100, "numerical_answer_type": "range_answer", "start": 10.0,
                 "end": 12.0},
            ],
        },
    ]  # fmt: skip
    assert normalize_questions(canvas_questions(listed)) == desired[:2]


def test_a_survey_choice_with_no_right_answer_compares_as_canvas_keeps_it() -> None:
    """Canvas marks the first answer right when none is (set_correct_if_none): the
    spec's survey question and Canvas's copy of it compare equal."""
    spec_form = [
        {
            "type": "multiple_choice_question",
            "name": "S",
            "text": "x",
            "points": 0,
            "answers": [{"text": "1", "correct": False}, {"text": "2", "correct": False}],
        }
    ]
    canvas_form = [
        {
            "type": "multiple_choice_question",
            "name": "S",
            "text": "x",
            "points": 0,
            "answers": [{"text": "1", "weight": 100}, {"text": "2", "weight": 0}],
        }
    ]
    assert normalize_questions(spec_form) == normalize_questions(canvas_form)  # fmt: skip


def test_matching_problems_name_the_file_and_line(tmp_path: Path) -> None:
    questions = """\
questions:
  - type: matching
    text: Match.
    answers:
      - left: A
        right: One
      - left: A
        right: Two
      - left: B
      - text: C
        right: Three
    distractors: |
      One
  - type: multiple_choice
    text: Pick.
    distractors: x
    answers: [{text: a, correct: true}, {text: b, left: c}]
"""
    found = problems(tmp_path, questions=questions)
    missing = one(found, "has no 'right'")
    assert missing.file == "q.yaml" and missing.line == line_of(questions, "- left: B")
    one(found, "has the prompt 'A' twice")
    assert one(found, "distractor 'One'").line == line_of(questions, "distractors: |")
    assert one(found, "'text' is for the answers of choices").line == line_of(
        questions, "- text: C"
    )
    assert one(found, "'distractors' is only for matching").line == line_of(
        questions, "distractors: x"
    )
    one(found, "'left' is for the answers of matching questions")


def test_numerical_problems_name_the_file_and_line(tmp_path: Path) -> None:
    questions = """\
questions:
  - type: numerical
    text: How many?
    answers:
      - exact: 3
        start: 1
        end: 4
      - start: 5
        end: 2
      - start: 1
        end: 2
        margin: 1
      - comments: none
      - exact: 2
        margin: -1
  - type: numerical
    text: No answers.
"""
    found = problems(tmp_path, questions=questions)
    assert one(found, "both 'exact' and a range").line == line_of(questions, "- exact: 3")
    assert one(found, "ends (2) before it starts (5)").line == line_of(questions, "end: 2")
    one(found, "'margin' in question 1 (numerical) goes with 'exact'")
    assert one(found, "neither 'exact' nor").line == line_of(questions, "- comments: none")
    one(found, "'margin' must be at least 0")
    assert one(found, "question 2 (numerical) has no accepted answers").file == "q.yaml"


def test_feedback_on_a_text_item_and_too_long_feedback_are_refused(tmp_path: Path) -> None:
    long = "x" * 5200
    questions = f"""\
questions:
  - type: text
    text: Part 2
    neutral_comments: Nothing to answer.
  - type: essay
    text: Why?
    correct_comments: {long}
"""
    found = problems(tmp_path, questions=questions)
    assert one(found, "a text item has no answer").line == line_of(questions, "neutral_comments")
    assert "Canvas refuses more than 5120" in one(found, "'correct_comments' of question 2").message


def test_the_questions_schema_accepts_the_new_types_and_feedback() -> None:
    import yaml

    from tests.unit.test_quizzes import _questions_validator

    validator = _questions_validator()
    assert list(validator.iter_errors(yaml.safe_load(TYPED))) == []
    typo = {"questions": [{"type": "numerical", "text": "x", "answers": [{"exakt": 1}]}]}
    assert list(validator.iter_errors(typo))
