"""Submissions: just enough for a test to make an assignment "have student submissions".

``POST /courses/:cid/assignments/:aid/submissions`` is Canvas's own endpoint. Canvas would
take the student from the session, and so does the sandbox for a student's token; an
admin's ``as_user_id`` (Canvas's masquerading parameter) names an existing user, and
without either a new student is created and enrolled. The
assignment must be published and accept the submission type, as in Canvas. The list
shows only real submissions (Canvas also lists placeholder ``unsubmitted`` rows for every
student; omitted deliberately).
"""

from __future__ import annotations

from typing import Any

from canvas_npq.sandbox import errors
from canvas_npq.sandbox.api import ApiRequest, paginate
from canvas_npq.sandbox.dates import iso
from canvas_npq.sandbox.params import as_str, to_int
from canvas_npq.sandbox.records import Submission
from canvas_npq.sandbox.routing import router

from .assignments import find_assignment
from .common import find_course, incoming_html, parse_id


def submission_json(req: ApiRequest, sub: Submission) -> dict[str, Any]:
    assignment = req.store.assignments[sub.assignment_id]
    return {
        "id": sub.id,
        "assignment_id": sub.assignment_id,
        "user_id": sub.user_id,
        "submission_type": sub.submission_type,
        "body": sub.body,
        "url": sub.url,
        "submitted_at": iso(sub.submitted_at),
        "attempt": sub.attempt,
        "workflow_state": sub.workflow_state,
        "grade": sub.grade,
        "score": sub.score,
        "entered_grade": sub.grade,
        "entered_score": sub.score,
        "grade_matches_current_submission": True,
        "graded_at": None,
        "grader_id": None,
        "excused": None,
        "late": False,
        "missing": False,
        "late_policy_status": None,
        "points_deducted": None,
        "seconds_late": 0,
        "extra_attempts": None,
        "posted_at": None,
        "redo_request": False,
        "cached_due_date": iso(assignment.due_at),
        "preview_url": req.html_url(
            f"/courses/{assignment.course_id}/assignments/{assignment.id}/submissions/{sub.user_id}?preview=1"
        ),
    }


@router.route("POST", "/courses/<course_id>/assignments/<assignment_id>/submissions")
def create_submission(req: ApiRequest, course_id: str, assignment_id: str) -> Any:
    course = find_course(req, course_id)
    assignment = find_assignment(req, course, assignment_id)
    store = req.store
    values = req.require_section("submission")
    kind = as_str(values.get("submission_type"))
    if kind is None or kind not in assignment.submission_types:
        raise errors.bad_request("Invalid submission[submission_type] given")
    if assignment.workflow_state != "published":
        raise errors.forbidden()
    user_ref = req.get("as_user_id") or values.get("user_id")
    if user_ref is None and store.is_student(course.id, req.user.id):
        user = req.user  # a student's token submits as that student
    elif user_ref is not None:
        found = store.get(store.users, to_int(user_ref))
        if found is None:
            raise errors.not_found()
        user = found
        store.enroll(course.id, user.id, "StudentEnrollment")
    else:
        user = store.create_student(course.id)
    previous = [
        s
        for s in store.live(store.submissions, assignment_id=assignment.id)
        if s.user_id == user.id
    ]
    sub = previous[0] if previous else None
    now = store.now()
    if sub is None:
        sub = store.add(
            store.submissions,
            Submission(
                **store.stamp(),
                workflow_state="submitted",
                assignment_id=assignment.id,
                user_id=user.id,
            ),
        )
    sub.submission_type = kind
    sub.body = incoming_html(values.get("body")) if kind == "online_text_entry" else None
    sub.url = as_str(values.get("url")) if kind == "online_url" else None
    sub.submitted_at = now
    sub.updated_at = now
    sub.attempt = (sub.attempt or 0) + 1
    sub.workflow_state = "submitted"
    return submission_json(req, sub)


@router.route("GET", "/courses/<course_id>/assignments/<assignment_id>/submissions")
def list_submissions(req: ApiRequest, course_id: str, assignment_id: str) -> Any:
    course = find_course(req, course_id)
    assignment = find_assignment(req, course, assignment_id)
    rows = req.store.live(req.store.submissions, assignment_id=assignment.id)
    return paginate(req, rows, lambda s: submission_json(req, s))


@router.route("GET", "/courses/<course_id>/assignments/<assignment_id>/submissions/<user_id>")
def get_submission(req: ApiRequest, course_id: str, assignment_id: str, user_id: str) -> Any:
    course = find_course(req, course_id)
    assignment = find_assignment(req, course, assignment_id)
    wanted = req.user.id if user_id == "self" else parse_id(user_id)
    for sub in req.store.live(req.store.submissions, assignment_id=assignment.id):
        if sub.user_id == wanted:
            return submission_json(req, sub)
    raise errors.not_found()
