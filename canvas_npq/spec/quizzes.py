"""Quizzes: a ``quiz`` item (or course-level ``quizzes:``) and the YAML file of questions
its ``questions:`` names, walked like course.yaml; and the quiz's desired resource.

Problems name the questions file and its line. What each question type needs: a
multiple-choice question exactly one right answer, a multiple-answers question at least
one, a true/false question its ``answer:``, a short-answer or numerical question the
answers it accepts, a matching question its pairs; an essay or text question has no
answers (``quiz_answers`` reads answers by type). In a survey nothing is right or wrong,
so ``correct:`` and ``answer:`` are refused there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from yaml.nodes import MappingNode

from canvas_npq.model import Address, Kind, SourceRef
from canvas_npq.model.quizzes import QUESTION_TYPES
from canvas_npq.spec import keys
from canvas_npq.spec.errors import SpecError
from canvas_npq.spec.keys import Key, Table, ValueType
from canvas_npq.spec.model import AnswerSpec, QuestionSpec, QuizSpec
from canvas_npq.spec.quiz_answers import (
    ANSWER,
    answer_values,
    check_comments,
    check_matching,
    has_entries,
    read_answers,
)
from canvas_npq.spec.yamlnodes import compose_mapping, line_of

if TYPE_CHECKING:
    from canvas_npq.spec.validate import Fields, _Walker

QUESTION = Table(
    "question",
    "One question of a quiz.",
    (
        Key(
            "type",
            ValueType.CHOICE,
            "multiple_choice, multiple_answers, true_false, short_answer, essay, "
            "matching, numerical, or text (words between questions, not a question).",
            required=True,
            choices=tuple(QUESTION_TYPES),
        ),
        Key("name", ValueType.TITLE, "A short name, shown to markers. Default: Question N."),
        Key("text", ValueType.TEXT, "The question, in Markdown.", required=True),
        Key(
            "points",
            ValueType.NUMBER,
            "Points for a right answer. Default 1 (0 for text).",
            minimum=0,
        ),
        Key(
            "answers",
            ValueType.OBJECT_LIST,
            "The answers, in this order: choices, matching pairs or accepted numbers.",
            table=ANSWER,
        ),
        Key("answer", ValueType.BOOL, "The right answer of a true_false question."),
        Key(
            "distractors",
            ValueType.TEXT,
            "matching: wrong matches offered beside the right ones, one per line.",
        ),
        Key(
            "correct_comments",
            ValueType.TEXT,
            "Feedback, in Markdown, shown after an attempt to a participant who answered right.",
        ),
        Key(
            "incorrect_comments",
            ValueType.TEXT,
            "Feedback, in Markdown, shown after an attempt to a participant who answered wrong.",
        ),
        Key(
            "neutral_comments",
            ValueType.TEXT,
            "Feedback, in Markdown, shown after an attempt whatever the answer.",
        ),
    ),
)

QUESTIONS_FILE = Table(
    "questions file",
    "The questions of a quiz (the file a quiz's questions: names).",
    (
        Key(
            "questions",
            ValueType.OBJECT_LIST,
            "The questions, in order.",
            required=True,
            table=QUESTION,
        ),
    ),
)
QUESTION_TABLES: tuple[Table, ...] = (QUESTIONS_FILE, QUESTION, ANSWER)


def read_quiz(walker: _Walker, found: Fields, common: dict[str, Any]) -> QuizSpec:
    """A quiz item or course-level quiz (problems recorded on the walker)."""
    ctx = walker.ctx
    quiz_type = found.get("quiz_type", "practice_quiz")
    graded = quiz_type in keys.GRADED_QUIZ_TYPES
    if not graded and "group" in found.nodes:
        ctx.add(
            found.nodes["group"],
            f"'group' has no effect in {found.label}, which is not graded",
            "Remove 'group' or use quiz_type: assignment",
        )
    if "show_correct_answers_at" in found.nodes and not found.get("show_correct_answers", True):
        ctx.add(
            found.nodes["show_correct_answers_at"],
            f"'show_correct_answers_at' has no effect in {found.label}: show_correct_answers "
            "is false (Canvas drops it)",
        )
    walker.check_date_order(found)
    questions_value = found.get("questions")
    path = ""
    questions: tuple[QuestionSpec, ...] = ()
    if questions_value is not None:
        path = questions_value[0]
        questions = tuple(_questions(walker, path, questions_value[1], quiz_type))
    completion = common.get("completion")
    min_score = found.get("min_score")
    _check_min_score(walker, found, completion, min_score, quiz_type, questions)
    description, markdown = found.get("description", (None, ""))
    return QuizSpec(
        questions_path=path,
        questions=questions,
        description=description,
        description_markdown=markdown,
        quiz_type=quiz_type,
        group=walker.assignment_group(found) if graded else None,
        allowed_attempts=found.get("allowed_attempts", 1),
        time_limit=found.get("time_limit"),
        shuffle_answers=found.get("shuffle_answers", False),
        show_correct_answers=found.get("show_correct_answers", True),
        show_correct_answers_at=found.get("show_correct_answers_at"),
        unlock_at=found.get("unlock_at"),
        due_at=found.get("due_at"),
        lock_at=found.get("lock_at"),
        study_minutes=found.get("study_minutes"),
        covers=found.get("covers", ()),
        min_score=min_score if completion == "min_score" else None,
        **common,
    )


def _check_min_score(
    walker: _Walker,
    found: Fields,
    completion: str | None,
    min_score: float | None,
    quiz_type: str,
    questions: tuple[QuestionSpec, ...],
) -> None:
    ctx = walker.ctx
    if completion == "min_score":
        if quiz_type == "survey":
            ctx.add(
                found.nodes.get("completion", found.node),
                f"{found.label} is a survey, which has no score: it cannot be completed "
                "by a minimum score",
                "Use completion: must_submit",
            )
        elif min_score is None:
            ctx.add(
                found.node,
                f"{found.label} has completion: min_score but no 'min_score'",
                "Add min_score: 3",
            )
        elif questions and min_score > sum(q.points for q in questions):
            total = sum(q.points for q in questions)
            ctx.add(
                found.nodes["min_score"],
                f"min_score {min_score:g} of {found.label} is more than its {total:g} points",
            )
    elif "min_score" in found.nodes:
        ctx.add(
            found.nodes["min_score"],
            f"'min_score' has no effect in {found.label} without completion: min_score",
        )


def _questions(walker: _Walker, path: str, text: str, quiz_type: str) -> list[QuestionSpec]:
    try:
        node: MappingNode = compose_mapping(text, path)
    except SpecError as error:
        walker.ctx.problems.extend(error.problems)
        return []
    previous = walker.ctx.file
    walker.ctx.file = path
    try:
        found = walker.fields(node, QUESTIONS_FILE, f"questions file {path}")
        if found is None:
            return []
        nodes = walker.object_list(found, "questions")
        if "questions" in found.nodes and not nodes:
            walker.ctx.add(found.nodes["questions"], f"questions file {path} has no questions")
        survey = quiz_type in keys.SURVEY_TYPES
        read = [_question(walker, child, index, survey) for index, child in enumerate(nodes, 1)]
        return [q for q in read if q is not None]
    finally:
        walker.ctx.file = previous


def _question(walker: _Walker, node: Any, number: int, survey: bool) -> QuestionSpec | None:
    found = walker.fields(node, QUESTION, f"question {number}")
    if found is None:
        return None
    ctx = walker.ctx
    kind = found.get("type", "")
    label = f"question {number} ({kind or 'no type'})"
    check_comments(walker, found, kind, label)
    answers: list[AnswerSpec] = []
    distractors: tuple[str, ...] = ()
    if "distractors" in found.nodes and kind != "matching":
        ctx.add(found.nodes["distractors"], f"'distractors' is only for matching, not {label}")
    if kind == "true_false":
        answers = _true_false(walker, found, label, survey)
    else:
        if "answer" in found.nodes:
            ctx.add(
                found.nodes["answer"],
                f"'answer' is only for true_false, not {label}",
                "List the answers under answers: with correct: true",
            )
        if kind not in ("essay", "text"):
            answers = read_answers(walker, found, kind, label, survey)
        if kind == "matching":
            distractors = check_matching(walker, found, label, answers)
        else:
            _check_answers(walker, found, kind, label, survey, answers)
    default_points = 0.0 if kind == "text" else 1.0
    return QuestionSpec(
        type=kind,
        name=found.get("name") or f"Question {number}",
        text_markdown=found.get("text", ""),
        points=found.get("points", default_points),
        answers=tuple(answers),
        source=SourceRef(walker.ctx.file, line_of(found.node)),
        correct_comments=found.get("correct_comments", ""),
        incorrect_comments=found.get("incorrect_comments", ""),
        neutral_comments=found.get("neutral_comments", ""),
        distractors=distractors,
    )


def _true_false(walker: _Walker, found: Fields, label: str, survey: bool) -> list[AnswerSpec]:
    if "answers" in found.nodes:
        walker.ctx.add(
            found.nodes["answers"],
            f"a {label} has the answers True and False",
            "Give the right one as answer: true or answer: false (feedback: "
            "correct_comments and incorrect_comments)",
        )
    value = found.get("answer")
    if survey and "answer" in found.nodes:
        walker.ctx.add(found.nodes["answer"], f"'answer' in {label}: a survey has no right answers")
        value = None
    elif not survey and value is None:
        walker.ctx.add(found.node, f"{label} has no right answer", "Add answer: true")
    return [AnswerSpec("True", value is True), AnswerSpec("False", value is False)]


def _check_answers(
    walker: _Walker, found: Fields, kind: str, label: str, survey: bool, answers: list[AnswerSpec]
) -> None:
    ctx = walker.ctx
    if kind in ("essay", "text"):
        if "answers" in found.nodes:
            ctx.add(found.nodes["answers"], f"a {label} has no answers to choose from")
        return
    if kind in ("multiple_choice", "multiple_answers") and len(answers) < 2:
        ctx.add(
            found.nodes.get("answers", found.node),
            f"{label} needs at least two answers to choose from",
        )
        return
    if kind == "short_answer" and not answers:
        ctx.add(found.node, f"{label} has no accepted answers", "Add answers: [{text: ...}]")
        return
    if kind == "numerical":
        if not answers and not has_entries(found):
            ctx.add(found.node, f"{label} has no accepted answers", "Add answers: [{exact: 42}]")
        return
    right = sum(1 for a in answers if a.correct)
    if survey or kind == "short_answer":
        return
    if kind == "multiple_choice" and right != 1:
        ctx.add(
            found.nodes.get("answers", found.node),
            f"{label} has {right} right answers; a multiple-choice question has exactly one",
            "Mark one answer correct: true (several right answers: type multiple_answers)",
        )
    if kind == "multiple_answers" and right == 0:
        ctx.add(
            found.nodes["answers"],
            f"{label} has no right answer",
            "Mark at least one answer correct: true",
        )


def _question_values(q: QuestionSpec, render: Callable[[str], str]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": q.name,
        "type": QUESTION_TYPES[q.type],
        "text": render(q.text_markdown),
        "points": q.points,
        "answers": [answer_values(a, q.type, render) for a in q.answers],
    }
    for name in ("correct_comments", "incorrect_comments", "neutral_comments"):
        markdown = getattr(q, name)
        values[name] = render(markdown) if markdown else ""
    if q.type == "matching":
        values["distractors"] = list(q.distractors)
    return values


def quiz_values(
    item: QuizSpec, render: Callable[[str], str], owned_body: Callable[..., str]
) -> dict[str, Any]:
    """The quiz's desired fields. ``render`` turns a question's Markdown into HTML;
    ``owned_body`` makes the marked description (see ``spec.desired``)."""
    questions = [_question_values(q, render) for q in item.questions]
    graded = item.quiz_type in keys.GRADED_QUIZ_TYPES
    values = {
        "title": item.title,
        "description": owned_body(item.id, item.description_markdown, item.description or ""),
        "quiz_type": item.quiz_type,
        "assignment_group": str(Address(Kind.ASSIGNMENT_GROUP, item.group))
        if graded and item.group
        else None,
        "time_limit": item.time_limit or 0,
        "allowed_attempts": item.allowed_attempts,
        "shuffle_answers": item.shuffle_answers,
        "show_correct_answers": item.show_correct_answers,
        "show_correct_answers_at": item.show_correct_answers_at
        if item.show_correct_answers
        else None,
        "unlock_at": item.unlock_at,
        "due_at": item.due_at,
        "lock_at": item.lock_at,
        "published": item.published,
        "questions": questions,
    }
    return values
