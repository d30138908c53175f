"""Classic quizzes, only as far as a sync tool sees them (canvas-api.md §10, §12).

canvas-npq does not manage quizzes; it lists them so that ``import`` and ``adopt`` can
say what they leave alone. Modelled: create (unpublished by default; a graded quiz,
``quiz_type`` ``assignment`` or ``graded_survey``, gets its assignment with
``submission_types: ["online_quiz"]`` and ``quiz_id``), list, get, delete, and module
items of type ``Quiz``. Not modelled: questions, submissions, quiz extensions,
statistics, New Quizzes' own API (they are LTI assignments, ``is_quiz_lti_assignment``).
"""

from __future__ import annotations

from typing import Any

from canvas_npq.sandbox import errors
from canvas_npq.sandbox.api import ApiRequest, json_response, paginate
from canvas_npq.sandbox.params import as_str, to_bool
from canvas_npq.sandbox.records import Assignment, Quiz
from canvas_npq.sandbox.routing import router

from .assignments import default_group
from .common import find_course, find_in_course, incoming_html, outgoing_html

QUIZ_TYPES = ("practice_quiz", "assignment", "graded_survey", "survey")
GRADED = ("assignment", "graded_survey")
# What the recorded quiz grants its teacher (all but view_answer_audits).
QUIZ_PERMISSIONS = (
    "create", "delete", "grade", "manage", "manage_assign_to", "preview", "read",
    "read_statistics", "review_grades", "submit", "update",
)  # fmt: skip


def quiz_json(req: ApiRequest, quiz: Quiz) -> dict[str, Any]:
    """The keys of a quiz recorded from real Canvas (edulinq ``quizzes-list.json``), with
    the model's defaults for the settings the sandbox does not model (no dates, attempts,
    lockdown browser or access codes)."""
    published = quiz.workflow_state == "available"
    path = f"/courses/{quiz.course_id}/quizzes/{quiz.id}"
    assignment = req.store.get(req.store.assignments, quiz.assignment_id)
    dates = {"due_at": None, "lock_at": None, "unlock_at": None}
    return {
        "id": quiz.id,
        "title": quiz.title,
        "html_url": req.html_url(path),
        "mobile_url": req.html_url(f"{path}?force_user=1&persist_headless=1"),
        "description": outgoing_html(req, quiz.description) or "",
        "quiz_type": quiz.quiz_type,
        # A quiz without questions is worth 0.0 in the recording, not null.
        "points_possible": quiz.points_possible or 0.0,
        "assignment_id": quiz.assignment_id,
        "assignment_group_id": assignment.assignment_group_id if assignment else None,
        "published": published,
        "unpublishable": True,
        "can_unpublish": True,
        "can_update": True,
        "question_count": 0,
        "locked_for_user": False,
        **dates,
        "all_dates": [{"base": True, "title": "Everyone", **dates}],
        "only_visible_to_overrides": False,
        "visible_to_everyone": True,
        "important_dates": False,
        "in_paced_course": False,
        "time_limit": None,
        "timer_autosubmit_disabled": False,
        "allowed_attempts": 1,
        "scoring_policy": "keep_highest",
        "shuffle_answers": False,
        "one_question_at_a_time": False,
        "cant_go_back": False,
        "show_correct_answers": True,
        "show_correct_answers_at": None,
        "hide_correct_answers_at": None,
        "show_correct_answers_last_attempt": False,
        "hide_results": None,
        "one_time_results": False,
        "access_code": None,
        "has_access_code": False,
        "ip_filter": None,
        "require_lockdown_browser": False,
        "require_lockdown_browser_for_results": False,
        "require_lockdown_browser_monitor": False,
        "lockdown_browser_monitor_data": None,
        "section_count": 1,
        "version_number": 0,
        "post_to_sis": None,
        "migration_id": None,
        "speed_grader_url": None,
        "message_students_url": req.api_url(f"{path}/submission_users/message"),
        "quiz_reports_url": req.api_url(f"{path}/reports"),
        "quiz_statistics_url": req.api_url(f"{path}/statistics"),
        "quiz_submission_versions_html_url": req.html_url(f"{path}/submission_versions"),
        "permissions": {**dict.fromkeys(QUIZ_PERMISSIONS, True), "view_answer_audits": False},
    }


@router.route("GET", "/courses/<course_id>/quizzes")
def list_quizzes(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    rows = req.store.live(req.store.quizzes, course_id=course.id)
    return paginate(req, rows, lambda q: quiz_json(req, q))


@router.route("GET", "/courses/<course_id>/quizzes/<quiz_id>")
def get_quiz(req: ApiRequest, course_id: str, quiz_id: str) -> Any:
    course = find_course(req, course_id)
    return quiz_json(req, find_in_course(req.store.quizzes, course, quiz_id))


@router.route("POST", "/courses/<course_id>/quizzes")
def create_quiz(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    values = req.require_section("quiz")
    title = as_str(values.get("title")) or "Unnamed Quiz"
    quiz_type = as_str(values.get("quiz_type")) or "assignment"
    if quiz_type not in QUIZ_TYPES:
        raise errors.validation_error({"quiz_type": "is not included in the list"})
    store = req.store
    published = bool(to_bool(values.get("published")))
    quiz = Quiz(
        **store.stamp(),
        workflow_state="available" if published else "unpublished",
        course_id=course.id,
        title=title,
        description=incoming_html(values.get("description")),
        quiz_type=quiz_type,
    )
    store.add(store.quizzes, quiz)
    if quiz_type in GRADED:
        group = default_group(store, course)
        assignment = Assignment(
            **store.stamp(),
            workflow_state="published" if published else "unpublished",
            course_id=course.id,
            assignment_group_id=group.id,
            name=title,
            position=len(store.live(store.assignments, assignment_group_id=group.id)) + 1,
            submission_types=["online_quiz"],
            quiz_id=quiz.id,
        )
        store.add(store.assignments, assignment)
        quiz.assignment_id = assignment.id
    return json_response(quiz_json(req, quiz))


@router.route("DELETE", "/courses/<course_id>/quizzes/<quiz_id>")
def delete_quiz(req: ApiRequest, course_id: str, quiz_id: str) -> Any:
    course = find_course(req, course_id)
    store = req.store
    quiz = find_in_course(store.quizzes, course, quiz_id)
    quiz.workflow_state = "deleted"
    assignment = store.get(store.assignments, quiz.assignment_id)
    if assignment is not None:
        assignment.workflow_state = "deleted"
    return quiz_json(req, quiz)
