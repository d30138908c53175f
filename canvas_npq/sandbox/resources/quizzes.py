"""Classic quizzes (canvas-api.md §10, §12; Canvas's ``quizzes_api_controller.rb``,
``lib/api/v1/quiz.rb`` and ``app/models/quizzes/quiz.rb``).

Modelled: list, get, create, update, delete. A new quiz is unpublished unless
``published`` is sent. ``update_api_quiz``'s parameter rules: an ``allowed_attempts``
below -1 and a negative ``time_limit`` are dropped; with ``show_correct_answers`` false
``show_correct_answers_at`` is dropped (and ``set_defaults`` clears it). A graded quiz
(``assignment``, ``graded_survey``) has an assignment with ``submission_types:
["online_quiz"]``, kept in step with the quiz (title, description, points, dates, state:
``update_assignment``); an ungraded one loses it. Students take the *saved* version
(``quiz_data``), made when the quiz becomes published (``generate_quiz_data_on_publish``):
``question_count`` counts it, and ``points_possible`` is recomputed from the live
questions on every save while the quiz is unpublished (never for a survey). A quiz with
student submissions cannot be unpublished. Questions and submissions are in
``quiz_questions.py``. Not modelled: quiz groups, banks, extensions, statistics, New
Quizzes' own API (they are LTI assignments, ``is_quiz_lti_assignment``).
"""

from __future__ import annotations

from typing import Any

from canvas_npq.sandbox import errors
from canvas_npq.sandbox.api import ApiRequest, json_response, paginate
from canvas_npq.sandbox.dates import iso
from canvas_npq.sandbox.params import as_str, to_bool, to_int
from canvas_npq.sandbox.records import Assignment, Course, Quiz
from canvas_npq.sandbox.routing import router
from canvas_npq.sandbox.store import Store

from .assignments import UNPUBLISH_ERROR, default_group
from .common import date_param, find_course, find_in_course, incoming_html, outgoing_html

QUIZ_TYPES = ("practice_quiz", "assignment", "graded_survey", "survey")
GRADED = ("assignment", "graded_survey")
TEXT_ONLY = "text_only_question"
# What the recorded quiz grants its teacher (all but view_answer_audits).
QUIZ_PERMISSIONS = (
    "create", "delete", "grade", "manage", "manage_assign_to", "preview", "read",
    "read_statistics", "review_grades", "submit", "update",
)  # fmt: skip


def has_student_submissions(store: Store, quiz: Quiz) -> bool:
    return bool(store.live(store.quiz_submissions, quiz_id=quiz.id))


def live_questions(store: Store, quiz: Quiz) -> list[Any]:
    rows = store.live(store.quiz_questions, quiz_id=quiz.id)
    return sorted(rows, key=lambda q: (q.position, q.id))


def question_data(question: Any) -> dict[str, Any]:
    """A question as the saved version (and a submission's snapshot) keeps it."""
    return {
        "id": question.id,
        "position": question.position,
        "question_name": question.question_name,
        "question_type": question.question_type,
        "question_text": question.question_text,
        "points_possible": question.points_possible,
        "answers": [dict(a) for a in question.answers],
        **question.extra,
    }


def _count(entries: list[dict[str, Any]]) -> int:
    return sum(1 for e in entries if e["question_type"] != TEXT_ONLY)


def quiz_json(req: ApiRequest, quiz: Quiz) -> dict[str, Any]:
    store = req.store
    published = quiz.workflow_state == "available"
    submitted = has_student_submissions(store, quiz)
    base = f"/courses/{quiz.course_id}/quizzes/{quiz.id}"
    dates = {"due_at": iso(quiz.due_at), "unlock_at": iso(quiz.unlock_at)}
    dates["lock_at"] = iso(quiz.lock_at)
    return {
        "id": quiz.id,
        "title": quiz.title,
        "html_url": req.html_url(base),
        "mobile_url": req.html_url(f"{base}?force_user=1&persist_headless=1"),
        "description": outgoing_html(req, quiz.description) or "",
        "quiz_type": quiz.quiz_type,
        "time_limit": quiz.time_limit,
        "timer_autosubmit_disabled": False,
        "shuffle_answers": quiz.shuffle_answers,
        "show_correct_answers": quiz.show_correct_answers,
        "show_correct_answers_at": iso(quiz.show_correct_answers_at),
        "hide_correct_answers_at": None,
        "show_correct_answers_last_attempt": False,
        "scoring_policy": "keep_highest",
        "allowed_attempts": quiz.allowed_attempts,
        "one_question_at_a_time": False,
        "cant_go_back": False,
        "question_count": _count(quiz.quiz_data or []),
        "points_possible": quiz.points_possible,
        "access_code": None,
        "has_access_code": False,
        "ip_filter": None,
        "hide_results": None,
        "one_time_results": False,
        **dates,
        "all_dates": [{"base": True, "title": "Everyone", **dates}],
        "published": published,
        "unpublishable": not submitted,
        "can_unpublish": not submitted,
        "can_update": True,
        "locked_for_user": False,
        "assignment_id": quiz.assignment_id,
        "assignment_group_id": _assignment_group_id(store, quiz),
        "only_visible_to_overrides": False,
        "visible_to_everyone": True,
        "version_number": 0,
        "post_to_sis": None,
        "migration_id": None,
        "in_paced_course": False,
        "important_dates": False,
        "require_lockdown_browser": False,
        "require_lockdown_browser_for_results": False,
        "require_lockdown_browser_monitor": False,
        "lockdown_browser_monitor_data": None,
        "section_count": 1,
        "speed_grader_url": None,
        "quiz_reports_url": req.api_url(f"{base}/reports"),
        "quiz_statistics_url": req.api_url(f"{base}/statistics"),
        "message_students_url": req.api_url(f"{base}/submission_users/message"),
        "quiz_submission_versions_html_url": req.html_url(f"{base}/submission_versions"),
        "permissions": {**dict.fromkeys(QUIZ_PERMISSIONS, True), "view_answer_audits": False},
    }


def _assignment_group_id(store: Store, quiz: Quiz) -> int | None:
    assignment = store.get(store.assignments, quiz.assignment_id)
    return assignment.assignment_group_id if assignment is not None else None


def find_quiz(req: ApiRequest, course: Course, ref: str) -> Quiz:
    return find_in_course(req.store.quizzes, course, ref)


@router.route("GET", "/courses/<course_id>/quizzes")
def list_quizzes(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    rows = req.store.live(req.store.quizzes, course_id=course.id)
    return paginate(req, rows, lambda q: quiz_json(req, q))


@router.route("GET", "/courses/<course_id>/quizzes/<quiz_id>")
def get_quiz(req: ApiRequest, course_id: str, quiz_id: str) -> Any:
    course = find_course(req, course_id)
    return quiz_json(req, find_quiz(req, course, quiz_id))


@router.route("POST", "/courses/<course_id>/quizzes")
def create_quiz(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    store = req.store
    values = req.require_section("quiz")
    quiz = Quiz(
        **store.stamp(), workflow_state="unpublished", course_id=course.id, title="", quiz_type=""
    )
    _apply(req, course, quiz, values)
    store.add(store.quizzes, quiz)
    save_quiz(store, course, quiz)
    return json_response(quiz_json(req, quiz))


@router.route("PUT", "/courses/<course_id>/quizzes/<quiz_id>")
def update_quiz(req: ApiRequest, course_id: str, quiz_id: str) -> Any:
    course = find_course(req, course_id)
    store = req.store
    quiz = find_quiz(req, course, quiz_id)
    values = req.require_section("quiz")
    _apply(req, course, quiz, values)
    quiz.updated_at = store.now()
    save_quiz(store, course, quiz)
    return json_response(quiz_json(req, quiz))


def _apply(req: ApiRequest, course: Course, quiz: Quiz, values: dict[str, Any]) -> None:
    """``update_api_quiz`` and the model's validations; nothing is changed on an error."""
    new: dict[str, Any] = {}
    if "title" in values:
        new["title"] = as_str(values.get("title")) or ""
    if "description" in values:
        new["description"] = incoming_html(values.get("description"))
    if "quiz_type" in values:
        quiz_type = as_str(values.get("quiz_type")) or ""
        if quiz_type not in QUIZ_TYPES:
            raise errors.validation_error({"invalid_quiz_type": "Quiz type is not valid"})
        new["quiz_type"] = quiz_type
    if "allowed_attempts" in values:
        attempts = to_int(values.get("allowed_attempts"))
        attempts = -1 if attempts is None else attempts
        if attempts >= -1:  # a "silly negative value" is dropped
            new["allowed_attempts"] = attempts
    if "time_limit" in values:
        limit = to_int(values.get("time_limit"))
        if limit is None or limit >= 0:  # a negative one is dropped
            new["time_limit"] = limit or None
    for name in ("shuffle_answers", "show_correct_answers"):
        if name in values:
            new[name] = bool(to_bool(values.get(name)))
    for name in ("unlock_at", "due_at", "lock_at", "show_correct_answers_at"):
        if name in values:
            new[name] = date_param(req, course, values.get(name), f"quiz[{name}]")
    show = new.get("show_correct_answers", quiz.show_correct_answers)
    if not show:  # the dates that only make sense with correct answers shown
        new.pop("show_correct_answers_at", None)
        new["show_correct_answers_at"] = None
    published = to_bool(values.get("published")) if "published" in values else None
    unpublishing = published is False and quiz.workflow_state == "available"
    if unpublishing and has_student_submissions(req.store, quiz):
        raise errors.validation_error({"published": UNPUBLISH_ERROR})
    for name, value in new.items():
        setattr(quiz, name, value)
    if published is True and quiz.workflow_state != "available":
        quiz.workflow_state = "available"
        quiz.quiz_data = [question_data(q) for q in live_questions(req.store, quiz)]
    elif published is False:
        quiz.workflow_state = "unpublished"


def save_quiz(store: Store, course: Course, quiz: Quiz) -> None:
    """The model's save callbacks: defaults, points, and the quiz's assignment."""
    quiz.title = quiz.title or "Unnamed Quiz"
    quiz.quiz_type = quiz.quiz_type or "assignment"
    survey = quiz.quiz_type in ("survey", "graded_survey")
    if not survey:
        if quiz.workflow_state != "available":  # set_defaults: the live questions
            entries = [question_data(q) for q in live_questions(store, quiz)]
        else:  # generate_quiz_data: the saved version
            entries = quiz.quiz_data or []
        quiz.points_possible = max(sum(e["points_possible"] or 0.0 for e in entries), 0.0)
    assignment = store.get(store.assignments, quiz.assignment_id)
    if quiz.quiz_type not in GRADED:
        if assignment is not None:  # an ungraded quiz has no assignment
            assignment.workflow_state = "deleted"
            quiz.assignment_id = None
        return
    if assignment is None:
        group = default_group(store, course)
        assignment = store.add(
            store.assignments,
            Assignment(
                **store.stamp(),
                course_id=course.id,
                assignment_group_id=group.id,
                name=quiz.title,
                position=len(store.live(store.assignments, assignment_group_id=group.id)) + 1,
                submission_types=["online_quiz"],
                quiz_id=quiz.id,
            ),
        )
        quiz.assignment_id = assignment.id
    assignment.name = quiz.title
    assignment.description = quiz.description
    assignment.points_possible = quiz.points_possible
    assignment.due_at, assignment.unlock_at = quiz.due_at, quiz.unlock_at
    assignment.lock_at = quiz.lock_at
    assignment.workflow_state = "published" if quiz.workflow_state == "available" else "unpublished"
    assignment.updated_at = store.now()


@router.route("DELETE", "/courses/<course_id>/quizzes/<quiz_id>")
def delete_quiz(req: ApiRequest, course_id: str, quiz_id: str) -> Any:
    course = find_course(req, course_id)
    store = req.store
    quiz = find_quiz(req, course, quiz_id)
    quiz.workflow_state = "deleted"
    assignment = store.get(store.assignments, quiz.assignment_id)
    if assignment is not None:
        assignment.workflow_state = "deleted"
    for item in store.live(store.module_items, type="Quiz", content_id=quiz.id):
        item.workflow_state = "deleted"  # ContentTag.delete_for
    return quiz_json(req, quiz)
