"""Quizzes in the spec: the questions file, validation with file:line, the desired quiz
and its module item, and the planner keeping a quiz that participants have taken."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from canvas_npq.model import Address, Kind, Resource, Snapshot
from canvas_npq.model.fields import FIELDS, normalize_value
from canvas_npq.plan import Action, PlanOptions, build_plan
from canvas_npq.spec import Problem, SpecError, load_spec
from canvas_npq.spec.desired import build_desired
from canvas_npq.spec.schema import json_schema, questions_json_schema

COURSE = """\
course:
  name: Test course
  course_code: TEST
assignment_groups:
  - id: tasks
    name: Tasks
blocks:
  - id: b
    title: B
    items:
      - type: quiz
        id: check
        title: Knowledge check
        questions: q.yaml
        description: intro.md
        completion: min_score
        min_score: 2
        allowed_attempts: -1
        covers: ["2.1"]
"""

QUESTIONS = """\
questions:
  - type: multiple_choice
    text: Which **one**?
    answers:
      - text: This
        correct: true
      - text: That
  - type: true_false
    text: True?
    answer: false
  - type: essay
    name: Reflection
    text: Why?
    points: 0
  - type: short_answer
    text: One word?
    points: 2
    answers:
      - text: practice
"""


def write(tmp_path: Path, course: str = COURSE, questions: str = QUESTIONS) -> Path:
    (tmp_path / "intro.md").write_text("Check what you know.\n", encoding="utf-8")
    (tmp_path / "q.yaml").write_text(questions, encoding="utf-8")
    (tmp_path / "course.yaml").write_text(course, encoding="utf-8")
    return tmp_path


def problems(tmp_path: Path, course: str = COURSE, questions: str = QUESTIONS) -> list[Problem]:
    write(tmp_path, course, questions)
    with pytest.raises(SpecError) as caught:
        load_spec(tmp_path)
    return caught.value.problems


def one(found: list[Problem], fragment: str) -> Problem:
    matching = [p for p in found if fragment in str(p)]
    assert len(matching) == 1, "\n".join(str(p) for p in found)
    return matching[0]


def line_of(text: str, fragment: str) -> int:
    return next(n for n, content in enumerate(text.splitlines(), 1) if fragment in content)


# -- the desired quiz -------------------------------------------------------------------


def test_a_quiz_item_becomes_a_quiz_and_a_quiz_module_item(tmp_path: Path) -> None:
    desired = build_desired(load_spec(write(tmp_path)))
    quiz = desired.get(Address(Kind.QUIZ, "check"))
    assert quiz is not None
    assert quiz.fields["quiz_type"] == "practice_quiz" and quiz.fields["assignment_group"] is None
    assert quiz.fields["allowed_attempts"] == -1 and quiz.fields["published"] is True
    assert 'data-canvas-npq-id="check"' in quiz.fields["description"]
    questions = quiz.fields["questions"]
    assert [q["type"] for q in questions] == [
        "multiple_choice_question",
        "true_false_question",
        "essay_question",
        "short_answer_question",
    ]
    assert questions[0]["text"] == "<p>Which <strong>one</strong>?</p>"
    assert questions[0]["answers"] == (
        {"text": "This", "correct": True, "comments": ""},
        {"text": "That", "correct": False, "comments": ""},
    )
    assert questions[1]["answers"] == (
        {"text": "True", "correct": False, "comments": ""},
        {"text": "False", "correct": True, "comments": ""},
    )
    assert questions[2]["name"] == "Reflection" and questions[2]["answers"] == ()
    assert questions[3]["answers"] == ({"text": "practice", "correct": True, "comments": ""},)
    item = desired.get(Address(Kind.MODULE_ITEM, "check"))
    assert item is not None
    assert item.fields["type"] == "Quiz" and item.fields["content"] == "quiz.check"
    assert item.fields["completion"] == "min_score" and item.fields["min_score"] == 2.0


def test_a_graded_quiz_is_in_an_assignment_group_and_course_level_quizzes_are_read(
    tmp_path: Path,
) -> None:
    course = COURSE + "quizzes:\n  - id: final\n    title: Final\n    questions: q.yaml\n"
    course += "    quiz_type: assignment\n    due_at: 2027-07-01\n"
    desired = build_desired(load_spec(write(tmp_path, course)))
    final = desired.get(Address(Kind.QUIZ, "final"))
    assert final is not None and final.block is None
    assert final.fields["assignment_group"] == "assignment_group.tasks"
    assert final.fields["due_at"] == "2027-07-01T22:59:00Z"  # 23:59 in London (BST)
    assert desired.get(Address(Kind.MODULE_ITEM, "final")) is None


# -- validation -------------------------------------------------------------------------


def test_a_multiple_choice_question_with_no_right_answer_names_the_file_and_line(
    tmp_path: Path,
) -> None:
    questions = QUESTIONS.replace("        correct: true\n", "", 1)
    problem = one(problems(tmp_path, questions=questions), "has 0 right answers")
    assert problem.file == "q.yaml" and problem.line == line_of(questions, "- text: This")
    assert "question 1 (multiple_choice)" in problem.message


def test_two_right_answers_need_multiple_answers(tmp_path: Path) -> None:
    questions = QUESTIONS.replace(
        "      - text: That\n", "      - text: That\n        correct: true\n"
    )
    problem = one(problems(tmp_path, questions=questions), "has 2 right answers")
    assert "multiple_answers" in (problem.hint or "")


def test_a_true_false_question_needs_its_answer(tmp_path: Path) -> None:
    questions = QUESTIONS.replace("    answer: false\n", "")
    problem = one(problems(tmp_path, questions=questions), "has no right answer")
    assert problem.file == "q.yaml" and problem.line == line_of(questions, "type: true_false")


def test_a_survey_has_no_right_answers(tmp_path: Path) -> None:
    course = COURSE.replace("        completion: min_score\n        min_score: 2\n", "")
    course = course.replace("allowed_attempts: -1", "quiz_type: survey")
    found = problems(tmp_path, course)
    assert one(found, "'correct' in question 1").line == line_of(QUESTIONS, "correct: true")
    assert one(found, "'answer' in question 2").file == "q.yaml"


def test_an_essay_has_no_answers_and_choices_need_two(tmp_path: Path) -> None:
    questions = QUESTIONS.replace(
        "    points: 0\n", "    points: 0\n    answers:\n      - text: x\n"
    )
    questions = questions.replace("      - text: That\n", "")
    found = problems(tmp_path, questions=questions)
    one(found, "has no answers to choose from")
    one(found, "needs at least two answers")


def test_min_score_rules(tmp_path: Path) -> None:
    more = COURSE.replace("min_score: 2", "min_score: 9")
    assert "more than its 4 points" in str(one(problems(tmp_path, more), "min_score 9"))
    alone = COURSE.replace("        completion: min_score\n", "")
    one(problems(tmp_path, alone), "'min_score' has no effect")
    missing = COURSE.replace("        min_score: 2\n", "")
    one(problems(tmp_path, missing), "has completion: min_score but no 'min_score'")


def test_settings_canvas_would_drop_are_refused(tmp_path: Path) -> None:
    course = COURSE.replace(
        "        allowed_attempts: -1\n",
        "        group: tasks\n        show_correct_answers: false\n"
        "        show_correct_answers_at: 2027-01-01\n",
    )
    found = problems(tmp_path, course)
    one(found, "'group' has no effect in quiz 'check', which is not graded")
    one(found, "'show_correct_answers_at' has no effect")


def test_the_schema_knows_quiz_items_and_course_quizzes() -> None:
    schema = json_schema()
    text = str(schema)
    assert "'quiz'" in text and "quizzes" in schema["properties"]


# -- planning ---------------------------------------------------------------------------


def _live_quiz(desired: Resource, canvas_id: int, attempts: bool, **changed: object) -> Resource:
    fields = dict(desired.fields)
    for name, value in changed.items():
        fields[name] = normalize_value(FIELDS[Kind.QUIZ][name], value)
    return Resource(
        desired.address,
        fields,
        block=desired.block,
        canvas_id=canvas_id,
        facts={"has_attempts": attempts},
    )


def _plan_for(tmp_path: Path, attempts: bool, prune: bool = False, keep: bool = True):
    desired = build_desired(load_spec(write(tmp_path)))
    quiz = desired.get(Address(Kind.QUIZ, "check"))
    assert quiz is not None
    old_questions = [dict(q, text="<p>Old</p>") for q in quiz.fields["questions"]]
    live = Snapshot.of(
        [_live_quiz(quiz, 7, attempts, questions=old_questions, published=True)],
        meta={"course_id": 1},
    )
    wanted = [r for r in desired if (r.kind is Kind.QUIZ and keep) or r.kind is Kind.COURSE]
    for resource in wanted:
        if resource.kind is Kind.QUIZ:
            wanted[wanted.index(resource)] = Resource(
                resource.address,
                {**resource.fields, "published": False},
                source=resource.source,
            )
    return build_plan(Snapshot.of(wanted), live, PlanOptions(prune=prune))


def test_a_quiz_without_attempts_gets_its_new_questions(tmp_path: Path) -> None:
    plan = _plan_for(tmp_path, attempts=False)
    change = next(c for c in plan.changes if c.address.kind is Kind.QUIZ)
    assert {f.name for f in change.fields} == {"questions", "published"}


def test_a_quiz_with_attempts_keeps_its_questions_and_stays_published(tmp_path: Path) -> None:
    plan = _plan_for(tmp_path, attempts=True)
    assert not [c for c in plan.changes if c.address.kind is Kind.QUIZ]
    warnings = "\n".join(plan.warnings)
    assert "its questions are not rewritten, because participants have attempts" in warnings
    assert "stays published" in warnings


def test_a_quiz_with_attempts_is_kept_under_prune(tmp_path: Path) -> None:
    plan = _plan_for(tmp_path, attempts=True, prune=True, keep=False)
    assert not [c for c in plan.changes if c.action is Action.DELETE]
    kept = next(r for r in plan.retained if r.address.kind is Kind.QUIZ)
    assert "attempts" in kept.reason
    deleted = _plan_for(tmp_path, attempts=False, prune=True, keep=False)
    assert [c.address for c in deleted.changes if c.action is Action.DELETE] == [
        Address(Kind.QUIZ, "check")
    ]


# -- the questions file's schema ------------------------------------------------------

QUIZZES = Path(__file__).resolve().parents[2] / "course_spec" / "npqltd" / "quizzes"


def _questions_validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    schema = questions_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", sorted(QUIZZES.glob("*.yaml")), ids=lambda p: p.name)
def test_the_questions_schema_accepts_every_shipped_questions_file(path: Path) -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert list(_questions_validator().iter_errors(document)) == []


def test_the_questions_schema_rejects_an_unknown_type_and_key() -> None:
    validator = _questions_validator()
    assert list(validator.iter_errors({"questions": [{"type": "calculated", "text": "x"}]}))
    typo = {"questions": [{"type": "essay", "text": "x", "pionts": 2}]}
    assert list(validator.iter_errors(typo))


# -- import and adopt -------------------------------------------------------------------


def test_import_leaves_alone_the_quizzes_a_spec_cannot_express() -> None:
    from canvas_npq.adopt.support import problem

    def quiz(**facts: object) -> dict[str, object]:
        return {"kind": "quiz", "id": 1, "title": "Check", **facts}

    assert problem(quiz(question_types=["essay_question", "true_false_question"])) is None
    formula = quiz(question_types=["calculated_question"])
    assert "'calculated_question' is not one the spec can express" in str(problem(formula))
    assert problem(quiz(question_types=["matching_question", "numerical_question"])) is None
    grouped = quiz(question_types=["essay_question"], in_groups=True)
    assert "question groups" in str(problem(grouped))
    assert "without questions" in str(problem(quiz(question_types=[])))
