"""Classic quiz questions and quiz submissions (Canvas's ``quiz_questions_controller.rb``,
``lib/api/v1/quiz_question.rb``, ``quiz_submissions_api_controller.rb``).

Questions: list (the live questions, ``active_quiz_questions``, in position order), get,
create (``question[...]``, read as Canvas's answer parsers read it: ``quiz_answers.py``;
answers an array or an indexed hash; each gets an id), update (what is sent replaces the
question's data), delete (204).
A question change does not change what students take: they take the saved version,
made when the quiz is published (``quizzes.py``); Canvas only marks the quiz edited
(``mark_quiz_edited``, which moves its ``updated_at``).

Quiz submissions: ``POST .../quizzes/:id/submissions`` starts an attempt for a student
(``as_user_id``, else a new student), on a published quiz only; the attempt keeps the
questions as they were (``quiz_data``), whatever happens to the quiz later. A quiz with
one cannot be unpublished. Not modelled: answering, completing, regrading, groups, banks.
"""

from __future__ import annotations

from typing import Any

from canvas_npq.sandbox import errors
from canvas_npq.sandbox.api import ApiRequest, json_response, paginate
from canvas_npq.sandbox.dates import iso
from canvas_npq.sandbox.params import to_int
from canvas_npq.sandbox.records import QuizQuestion, QuizSubmission
from canvas_npq.sandbox.routing import router

from .common import find_course, outgoing_html, parse_id
from .quiz_answers import QUESTION_COMMENTS, question_data
from .quizzes import find_quiz, live_questions

COMMENT_FIELDS = tuple(
    name for comment in QUESTION_COMMENTS for name in (comment, f"{comment}_html")
)


def question_json(req: ApiRequest, question: QuizQuestion) -> dict[str, Any]:
    return {
        "id": question.id,
        "quiz_id": question.quiz_id,
        "quiz_group_id": None,
        "assessment_question_id": None,
        "position": question.position,
        "question_name": question.question_name,
        "question_type": question.question_type,
        "question_text": outgoing_html(req, question.question_text) or "",
        "points_possible": question.points_possible,
        **{name: question.extra.get(name, "") for name in COMMENT_FIELDS},
        "answers": [dict(a) for a in question.answers],
        "variables": None,
        "formulas": None,
        "answer_tolerance": None,
        "formula_decimal_places": None,
        "matches": question.extra.get("matches"),
        "matching_answer_incorrect_matches": question.extra.get(
            "matching_answer_incorrect_matches"
        ),
    }


def _set_data(req: ApiRequest, question: QuizQuestion, values: dict[str, Any]) -> None:
    data = question_data(req, values)
    question.question_name = data.pop("question_name")
    question.question_type = data.pop("question_type")
    question.question_text = data.pop("question_text")
    question.points_possible = data.pop("points_possible")
    question.answers = data.pop("answers")
    question.extra = data
    if values.get("position") not in (None, ""):
        question.position = to_int(values.get("position")) or question.position


def _mark_edited(req: ApiRequest, quiz: Any) -> None:
    quiz.updated_at = req.store.now()


@router.route("GET", "/courses/<course_id>/quizzes/<quiz_id>/questions")
def list_questions(req: ApiRequest, course_id: str, quiz_id: str) -> Any:
    quiz = find_quiz(req, find_course(req, course_id), quiz_id)
    rows = live_questions(req.store, quiz)
    return paginate(req, rows, lambda q: question_json(req, q))


def _find_question(req: ApiRequest, course_id: str, quiz_id: str, ref: str) -> QuizQuestion:
    course = find_course(req, course_id)
    quiz = find_quiz(req, course, quiz_id)
    question = req.store.get(req.store.quiz_questions, parse_id(ref))
    if question is None or question.quiz_id != quiz.id:
        raise errors.not_found()
    return question


@router.route("GET", "/courses/<course_id>/quizzes/<quiz_id>/questions/<question_id>")
def get_question(req: ApiRequest, course_id: str, quiz_id: str, question_id: str) -> Any:
    return question_json(req, _find_question(req, course_id, quiz_id, question_id))


@router.route("POST", "/courses/<course_id>/quizzes/<quiz_id>/questions")
def create_question(req: ApiRequest, course_id: str, quiz_id: str) -> Any:
    quiz = find_quiz(req, find_course(req, course_id), quiz_id)
    store = req.store
    values = req.section("question") or {}
    last = max((q.position for q in live_questions(store, quiz)), default=0)
    question = QuizQuestion(**store.stamp(), quiz_id=quiz.id, position=last + 1)
    _set_data(req, question, values)
    store.add(store.quiz_questions, question)
    _mark_edited(req, quiz)
    return json_response(question_json(req, question))


@router.route("PUT", "/courses/<course_id>/quizzes/<quiz_id>/questions/<question_id>")
def update_question(req: ApiRequest, course_id: str, quiz_id: str, question_id: str) -> Any:
    question = _find_question(req, course_id, quiz_id, question_id)
    values = req.require_section("question")
    _set_data(req, question, values)
    question.updated_at = req.store.now()
    _mark_edited(req, req.store.quizzes[question.quiz_id])
    return json_response(question_json(req, question))


@router.route("DELETE", "/courses/<course_id>/quizzes/<quiz_id>/questions/<question_id>")
def delete_question(req: ApiRequest, course_id: str, quiz_id: str, question_id: str) -> Any:
    question = _find_question(req, course_id, quiz_id, question_id)
    question.workflow_state = "deleted"
    _mark_edited(req, req.store.quizzes[question.quiz_id])
    return json_response(None, status=204)


# -- quiz submissions ---------------------------------------------------------------


def quiz_submission_json(req: ApiRequest, sub: QuizSubmission) -> dict[str, Any]:
    quiz = req.store.quizzes[sub.quiz_id]
    return {
        "id": sub.id,
        "quiz_id": sub.quiz_id,
        "user_id": sub.user_id,
        "submission_id": None,
        "attempt": sub.attempt,
        "started_at": iso(sub.created_at),
        "finished_at": None,
        "end_at": None,
        "extra_attempts": None,
        "extra_time": None,
        "time_spent": 0,
        "score": None,
        "kept_score": None,
        "fudge_points": None,
        "quiz_points_possible": quiz.points_possible,
        "workflow_state": sub.workflow_state,
        "validation_token": f"token-{sub.id}",
        "html_url": req.html_url(
            f"/courses/{quiz.course_id}/quizzes/{quiz.id}/submissions/{sub.id}"
        ),
    }


@router.route("POST", "/courses/<course_id>/quizzes/<quiz_id>/submissions")
def start_quiz_submission(req: ApiRequest, course_id: str, quiz_id: str) -> Any:
    course = find_course(req, course_id)
    quiz = find_quiz(req, course, quiz_id)
    store = req.store
    if quiz.workflow_state != "available":
        raise errors.forbidden()
    user_ref = req.get("as_user_id")
    if user_ref is not None:
        user = store.get(store.users, to_int(user_ref))
        if user is None:
            raise errors.not_found()
        store.enroll(course.id, user.id, "StudentEnrollment")
    else:
        user = store.create_student(course.id)
    taken = [s for s in store.live(store.quiz_submissions, quiz_id=quiz.id) if s.user_id == user.id]
    sub = store.add(
        store.quiz_submissions,
        QuizSubmission(
            **store.stamp(),
            workflow_state="untaken",
            quiz_id=quiz.id,
            user_id=user.id,
            attempt=len(taken) + 1,
            # The attempt keeps the saved version as it is now (generate_submission).
            quiz_data=[dict(entry) for entry in quiz.quiz_data or []],
        ),
    )
    return json_response({"quiz_submissions": [quiz_submission_json(req, sub)]})


@router.route("GET", "/courses/<course_id>/quizzes/<quiz_id>/submissions")
def list_quiz_submissions(req: ApiRequest, course_id: str, quiz_id: str) -> Any:
    quiz = find_quiz(req, find_course(req, course_id), quiz_id)
    rows = req.store.live(req.store.quiz_submissions, quiz_id=quiz.id)
    return json_response({"quiz_submissions": [quiz_submission_json(req, s) for s in rows]})
