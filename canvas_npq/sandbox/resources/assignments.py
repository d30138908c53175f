"""Assignments (canvas-api.md §12, §21.9).

Quirks kept: create answers 201; new assignments are unpublished unless
``assignment[published]=true``; blank ``points_possible`` becomes 0; dates must match
Canvas's ISO 8601 regex (naive = course time zone) else 400 ``Invalid datetime for
<field>`` under ``assignment[<field>]``; unknown submission types give 400 ``Invalid
submission types``; ``not_graded`` forces ``submission_types = ["not_graded"]``; an
assignment without a (valid) group lands in the first group, which is created as
"Assignments" when the course has none; unpublishing with student submissions fails
with the error under ``published`` (the model's ``workflow_state``, renamed).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from canvas_npq.sandbox import errors
from canvas_npq.sandbox.api import ApiRequest, json_response, paginate
from canvas_npq.sandbox.dates import iso
from canvas_npq.sandbox.params import as_list, as_str, to_bool, to_float, to_int
from canvas_npq.sandbox.records import Assignment, AssignmentGroup, Course
from canvas_npq.sandbox.roles import course_rights
from canvas_npq.sandbox.routing import router
from canvas_npq.sandbox.store import Store

from .common import date_param, find_course, incoming_html, outgoing_html, parse_id

GRADING_TYPES = ("pass_fail", "percent", "letter_grade", "gpa_scale", "points", "not_graded")
SUBMISSION_TYPES = {
    "online_quiz", "none", "on_paper", "discussion_topic", "external_tool", "online_upload",
    "online_text_entry", "online_url", "media_recording", "student_annotation", "not_graded",
    "ams", "",
}  # fmt: skip
UNPUBLISH_ERROR = "Can't unpublish if there are student submissions"
_DATE_FIELDS = ("due_at", "lock_at", "unlock_at")
_FLAGS = (
    "peer_reviews",
    "automatic_peer_reviews",
    "omit_from_final_grade",
    "hide_in_gradebook",
    "only_visible_to_overrides",
    "post_to_sis",
    "anonymous_grading",
    "moderated_grading",
)


def _dates_for(req: ApiRequest, assignment: Assignment) -> dict[str, datetime | None]:
    """The dates Canvas answers with: the assignment's own with
    ``override_assignment_dates=false``; otherwise (its default) the section overrides'
    folded in for a user who may read the course as an admin, a teacher or an account
    admin (``AssignmentOverrideApplicator.assignment_overridden_for``): every active
    override applies; the latest due date, the earliest unlock date of an override not
    yet locked, the latest lock date (a date an override sets to none wins); the due
    date stays the assignment's own when it is later and not every section is
    overridden. A student is in no section here: they get the assignment's own dates."""
    own: dict[str, datetime | None] = {
        "due_at": assignment.due_at,
        "unlock_at": assignment.unlock_at,
        "lock_at": assignment.lock_at,
    }
    if to_bool(req.get("override_assignment_dates")) is False:
        return own
    store = req.store
    overrides = store.live(store.assignment_overrides, assignment_id=assignment.id)
    course = store.get(store.courses, assignment.course_id)
    if not overrides or course is None:
        return own
    if "read_as_admin" not in course_rights(store, req.user.id, course):
        return own
    now = store.now()

    def pick(name: str, latest: bool) -> datetime | None:
        rows = [o for o in overrides if name in o.overridden]
        if name == "unlock_at":  # an override already locked no longer unlocks
            rows = [
                o for o in rows if not ("lock_at" in o.overridden and o.lock_at and o.lock_at < now)
            ]
        if not rows:
            return own[name]
        values = [getattr(o, name) for o in rows]
        if any(v is None for v in values):
            return None
        return max(values) if latest else min(values)

    dates = {"due_at": pick("due_at", True), "unlock_at": pick("unlock_at", False)}
    dates["lock_at"] = pick("lock_at", True)
    sections = {s.id for s in store.live(store.course_sections, course_id=course.id)}
    if {o.course_section_id for o in overrides} != sections:
        both = [own["due_at"], dates["due_at"]]
        dates["due_at"] = None if None in both else max(d for d in both if d is not None)
    return dates


def assignment_json(
    req: ApiRequest, assignment: Assignment, *, discussion_topic: bool = True
) -> dict[str, Any]:
    """``assignment_json`` (lib/api/v1/assignment.rb). A graded discussion's topic is
    added unless the caller says not (the assignment groups listing adds it only with
    ``include[]=discussion_topic``)."""
    store = req.store
    course_id = assignment.course_id
    submitted = store.submitted(assignment.id)
    html = f"/courses/{course_id}/assignments/{assignment.id}"
    published = assignment.workflow_state == "published"
    dates = _dates_for(req, assignment)
    data: dict[str, Any] = {
        "id": assignment.id,
        "description": outgoing_html(req, assignment.description),
        "due_at": iso(dates["due_at"]),
        "unlock_at": iso(dates["unlock_at"]),
        "lock_at": iso(dates["lock_at"]),
        "points_possible": assignment.points_possible,
        "grading_type": assignment.grading_type,
        "assignment_group_id": assignment.assignment_group_id,
        "grading_standard_id": assignment.grading_standard_id,
        "created_at": iso(assignment.created_at),
        "updated_at": iso(assignment.updated_at),
        "peer_reviews": assignment.peer_reviews,
        "automatic_peer_reviews": assignment.automatic_peer_reviews,
        "position": assignment.position,
        "grade_group_students_individually": False,
        "anonymous_peer_reviews": False,
        "group_category_id": assignment.group_category_id,
        "post_to_sis": assignment.post_to_sis,
        "moderated_grading": assignment.moderated_grading,
        "omit_from_final_grade": assignment.omit_from_final_grade,
        "intra_group_peer_reviews": False,
        "anonymous_instructor_annotations": False,
        "anonymous_grading": assignment.anonymous_grading,
        "graders_anonymous_to_graders": False,
        "grader_count": 0,
        "grader_comments_visible_to_graders": True,
        "final_grader_id": None,
        "grader_names_visible_to_final_grader": True,
        "allowed_attempts": assignment.allowed_attempts if assignment.allowed_attempts else -1,
        "annotatable_attachment_id": None,
        "hide_in_gradebook": assignment.hide_in_gradebook,
        "suppress_assignment": False,
        "lock_info": None,
        "secure_params": "",
        "lti_context_id": f"lti-{assignment.id}",
        "course_id": course_id,
        "name": assignment.name,
        "submission_types": list(assignment.submission_types),
        "has_submitted_submissions": bool(submitted),
        "due_date_required": False,
        "max_name_length": 255,
        "in_closed_grading_period": False,
        "graded_submissions_exist": any(s.score is not None for s in submitted),
        "is_quiz_assignment": assignment.quiz_id is not None,
        "can_duplicate": True,
        "original_course_id": None,
        "original_assignment_id": None,
        "original_lti_resource_link_id": None,
        "original_assignment_name": None,
        "original_quiz_id": None,
        "workflow_state": assignment.workflow_state,
        "important_dates": False,
        "muted": False,
        "html_url": req.html_url(html),
        "has_overrides": False,
        "needs_grading_count": sum(1 for s in submitted if s.score is None),
        "sis_assignment_id": assignment.sis_assignment_id,
        "integration_id": assignment.integration_id,
        "integration_data": dict(assignment.integration_data),
        "new_quizzes_anonymous_participants": False,
        "peer_review_count": 0,
        "peer_reviews_assign_at": None,
        "post_manually": False,
        "published": published,
        "unpublishable": not submitted,
        "only_visible_to_overrides": assignment.only_visible_to_overrides,
        "visible_to_everyone": not assignment.only_visible_to_overrides,
        "locked_for_user": False,
        "submissions_download_url": req.html_url(f"{html}/submissions?zip=1"),
        "speed_grader_url": req.html_url(
            f"/courses/{course_id}/gradebook/speed_grader?assignment_id={assignment.id}"
        ),
        "anonymize_students": False,
        "require_lockdown_browser": False,
        "restrict_quantitative_data": False,
    }
    if assignment.quiz_id is not None:
        data["quiz_id"] = assignment.quiz_id
    if assignment.allowed_extensions:
        data["allowed_extensions"] = list(assignment.allowed_extensions)
    if "external_tool" in assignment.submission_types:
        data["external_tool_tag_attributes"] = dict(assignment.external_tool_tag_attributes or {})
        # New Quizzes are LTI assignments launched on the quiz-lti tool (canvas-api.md §12).
        url = str((assignment.external_tool_tag_attributes or {}).get("url") or "")
        data["is_quiz_lti_assignment"] = "quiz-lti" in url
    if discussion_topic and assignment.discussion_topic_id is not None:
        from .discussions import discussion_json

        topic = store.get(store.discussions, assignment.discussion_topic_id)
        if topic is not None:
            data["discussion_topic"] = discussion_json(req, topic, with_assignment=False)
    from .rubrics import rubric_fields_for_assignment

    data.update(rubric_fields_for_assignment(req, assignment))
    if "overrides" in req.includes():
        from .sections import override_json

        overrides = store.live(store.assignment_overrides, assignment_id=assignment.id)
        data["overrides"] = [override_json(o) for o in overrides]
    return data


def default_group(store: Store, course: Course) -> AssignmentGroup:
    """The first active group by position; Canvas creates "Assignments" when none exists."""
    groups = sorted(
        store.live(store.assignment_groups, course_id=course.id), key=lambda g: (g.position, g.id)
    )
    if groups:
        return groups[0]
    return store.add(
        store.assignment_groups,
        AssignmentGroup(
            **store.stamp(),
            workflow_state="available",
            course_id=course.id,
            name="Assignments",
            position=1,
        ),
    )


def find_assignment(req: ApiRequest, course: Course, ref: str) -> Assignment:
    store = req.store
    if ref.startswith("sis_assignment_id:"):
        wanted = ref.split(":", 1)[1]
        found = next(
            (
                a
                for a in store.live(store.assignments, course_id=course.id)
                if a.sis_assignment_id == wanted
            ),
            None,
        )
    else:
        found = store.get(store.assignments, parse_id(ref))
    if found is None or found.course_id != course.id:
        raise errors.not_found()
    return found


def set_published(req: ApiRequest, assignment: Assignment, published: bool) -> None:
    """Publish or unpublish; unpublishing with submissions is refused (§12)."""
    if (
        not published
        and assignment.workflow_state == "published"
        and req.store.submitted(assignment.id)
    ):
        raise errors.validation_error({"published": UNPUBLISH_ERROR})
    assignment.workflow_state = "published" if published else "unpublished"


def rename(req: ApiRequest, assignment: Assignment, name: str) -> None:
    assignment.name = name
    req.store.retitle_items("Assignment", assignment.id, name)


def _integration_data(value: Any) -> dict[str, Any] | None:
    if isinstance(value, dict):
        return value
    text = as_str(value)
    if not text:
        return {}
    try:
        parsed = json.loads(text)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None


def apply_params(
    req: ApiRequest, course: Course, assignment: Assignment, values: dict[str, Any], *, new: bool
) -> None:
    """``update_from_params`` with Canvas's validations; nothing changes on a 400."""
    store = req.store
    problems: dict[str, str] = {}
    dates: dict[str, Any] = {}
    for name in _DATE_FIELDS:
        if name in values:
            try:
                dates[name] = date_param(
                    req, course, values[name], f"assignment[{name}]", strict=True
                )
            except errors.ApiError:
                problems[f"assignment[{name}]"] = f"Invalid datetime for {name}"

    submission_types: list[str] | None = None
    if "submission_types" in values:
        submission_types = [str(v) for v in as_list(values["submission_types"])]
        if any(t not in SUBMISSION_TYPES for t in submission_types):
            problems["assignment[submission_types]"] = "Invalid submission types"

    grading_type = as_str(values.get("grading_type")) if "grading_type" in values else None
    if grading_type is not None and grading_type not in GRADING_TYPES:
        problems["grading_type"] = "is not included in the list"

    group: AssignmentGroup | None = None
    if "assignment_group_id" in values and as_str(values["assignment_group_id"]):
        group_id = to_int(values["assignment_group_id"]) or 0
        if group_id <= 0:
            problems["assignment_group_id"] = "must be a positive number"
        else:
            candidate = store.get(store.assignment_groups, group_id)
            group = (
                candidate if candidate is not None and candidate.course_id == course.id else None
            )

    sis_id = as_str(values.get("sis_assignment_id")) if "sis_assignment_id" in values else None
    if sis_id:
        clash = any(
            a.sis_assignment_id == sis_id and a is not assignment
            for a in store.live(store.assignments)
        )
        if clash:
            raise errors.bad_request(
                "Assignment with the given sis_source_id already exists", status=409
            )

    integration_data = None
    if "integration_data" in values:
        integration_data = _integration_data(values["integration_data"])
        if integration_data is None:
            problems["integration_data"] = "Invalid integration data"

    published: bool | None = None
    if "published" in values:
        published = to_bool(values["published"])
        if (
            published is False
            and assignment.workflow_state == "published"
            and store.submitted(assignment.id)
        ):
            problems["published"] = UNPUBLISH_ERROR

    if problems:
        raise errors.validation_error(problems)

    # -- everything valid: apply -------------------------------------------------------
    if "name" in values and as_str(values["name"]) is not None:
        rename(req, assignment, as_str(values["name"]) or "")
    if "description" in values:
        assignment.description = incoming_html(values["description"])
    for name, value in dates.items():
        setattr(assignment, name, value)
    if "points_possible" in values or new:
        assignment.points_possible = to_float(values.get("points_possible")) or 0.0
    if grading_type is not None:
        assignment.grading_type = grading_type
    if submission_types is not None:
        assignment.submission_types = [t for t in submission_types if t] or ["none"]
    if assignment.grading_type == "not_graded":
        assignment.submission_types = ["not_graded"]
    if "allowed_extensions" in values:
        assignment.allowed_extensions = [
            str(v).strip() for v in as_list(values["allowed_extensions"]) if str(v).strip()
        ]
    if "external_tool_tag_attributes" in values and isinstance(
        values["external_tool_tag_attributes"], dict
    ):
        attrs = values["external_tool_tag_attributes"]
        assignment.external_tool_tag_attributes = {
            "url": as_str(attrs.get("url")),
            "new_tab": bool(to_bool(attrs.get("new_tab"))),
        }
    for flag in _FLAGS:
        if flag in values and (value := to_bool(values[flag])) is not None:
            setattr(assignment, flag, value)
    if "external_tool" in assignment.submission_types:
        assignment.peer_reviews = False  # Canvas forces this for external tools
    if "allowed_attempts" in values:
        attempts = to_int(values["allowed_attempts"])
        assignment.allowed_attempts = None if attempts in (None, -1) else attempts
    if "grading_standard_id" in values:
        assignment.grading_standard_id = to_int(values["grading_standard_id"]) or None
    if "sis_assignment_id" in values:
        assignment.sis_assignment_id = sis_id or None
    if "integration_id" in values:
        assignment.integration_id = as_str(values["integration_id"]) or None
    if integration_data is not None:
        assignment.integration_data = integration_data

    # An unknown group id is dropped and the model falls back to the default group.
    group_requested = "assignment_group_id" in values and bool(
        as_str(values["assignment_group_id"])
    )
    target_group = group
    if target_group is None and (new or group_requested):
        target_group = default_group(store, course)
    if target_group is not None and target_group.id != assignment.assignment_group_id:
        assignment.assignment_group_id = target_group.id
        siblings = store.live(store.assignments, assignment_group_id=target_group.id)
        assignment.position = (
            max((a.position for a in siblings if a is not assignment), default=0) + 1
        )
    if "position" in values and (position := to_int(values["position"])):
        from .common import move_to

        siblings = sorted(
            (
                a
                for a in store.live(
                    store.assignments, assignment_group_id=assignment.assignment_group_id
                )
            ),
            key=lambda a: (a.position, a.id),
        )
        if assignment not in siblings:
            siblings.append(assignment)
        move_to(siblings, assignment, position)

    if published is not None:
        assignment.workflow_state = "published" if published else "unpublished"
    assignment.updated_at = store.now()


def ordered_assignments(store: Store, course: Course) -> list[Assignment]:
    """Canvas's list order: group position, assignment position, id."""
    groups = {g.id: g.position for g in store.live(store.assignment_groups, course_id=course.id)}
    rows = [
        a
        for a in store.live(store.assignments, course_id=course.id)
        if a.assignment_group_id in groups
    ]
    return sorted(rows, key=lambda a: (groups[a.assignment_group_id], a.position, a.id))


@router.route("GET", "/courses/<course_id>/assignments")
def list_assignments(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    rows = ordered_assignments(req.store, course)
    wanted = {parse_id(v) for v in as_list(req.get("assignment_ids"))}
    if wanted:
        rows = [a for a in rows if a.id in wanted]
    term = as_str(req.get("search_term"))
    if term:
        rows = [a for a in rows if term.lower() in a.name.lower()]
    order_by = as_str(req.get("order_by"))
    if order_by == "name":
        rows = sorted(rows, key=lambda a: (a.name.lower(), a.id))
    elif order_by == "due_at":
        rows = sorted(rows, key=lambda a: (a.due_at is None, a.due_at or a.created_at, a.id))
    return paginate(req, rows, lambda a: assignment_json(req, a))


@router.route("GET", "/courses/<course_id>/assignment_groups/<group_id>/assignments")
def list_group_assignments(req: ApiRequest, course_id: str, group_id: str) -> Any:
    course = find_course(req, course_id)
    group = req.store.get(req.store.assignment_groups, parse_id(group_id))
    if group is None or group.course_id != course.id:
        raise errors.not_found()
    rows = sorted(
        req.store.live(req.store.assignments, assignment_group_id=group.id),
        key=lambda a: (a.position, a.id),
    )
    return paginate(req, rows, lambda a: assignment_json(req, a))


@router.route("GET", "/courses/<course_id>/assignments/<assignment_id>")
def get_assignment(req: ApiRequest, course_id: str, assignment_id: str) -> Any:
    course = find_course(req, course_id)
    return assignment_json(req, find_assignment(req, course, assignment_id))


@router.route("POST", "/courses/<course_id>/assignments")
def create_assignment(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    values = req.require_section("assignment")
    store = req.store
    stamp = store.stamp()
    assignment = Assignment(
        **stamp,
        workflow_state="unpublished",
        course_id=course.id,
        assignment_group_id=0,
        name=as_str(values.get("name")) or "",
        position=0,
    )
    apply_params(req, course, assignment, values, new=True)
    if not assignment.name:
        raise errors.validation_error({"name": "can't be blank"})
    store.add(store.assignments, assignment)
    return json_response(assignment_json(req, assignment), status=201)


@router.route("PUT", "/courses/<course_id>/assignments/<assignment_id>")
def update_assignment(req: ApiRequest, course_id: str, assignment_id: str) -> Any:
    course = find_course(req, course_id)
    assignment = find_assignment(req, course, assignment_id)
    values = req.section("assignment") or {}
    from .blueprints import ensure_editable

    ensure_editable(req, "assignment", course.id, assignment.id, set(values))
    group_before = assignment.assignment_group_id
    apply_params(req, course, assignment, values, new=False)
    update_submittable(req.store, assignment, group_before)
    return assignment_json(req, assignment)


def update_submittable(store: Store, assignment: Assignment, group_before: int) -> None:
    """``Assignment#update_submittable`` (after every save not made by its quiz): a quiz's
    assignment gives the quiz its title, description, dates, points, group and state, and
    the quiz is saved when any of them changed, which moves its ``updated_at`` (the
    sandbox keeps a quiz's group on its assignment only)."""
    if assignment.quiz_id is None or "online_quiz" not in assignment.submission_types:
        return
    quiz = store.get(store.quizzes, assignment.quiz_id)
    if quiz is None or quiz.workflow_state == "deleted":
        return
    published = assignment.workflow_state == "published"
    wanted = {
        "title": assignment.name,
        "description": assignment.description,
        "due_at": assignment.due_at,
        "unlock_at": assignment.unlock_at,
        "lock_at": assignment.lock_at,
        "points_possible": assignment.points_possible,
        "workflow_state": "available" if published else "unpublished",
    }
    changed = {k: v for k, v in wanted.items() if getattr(quiz, k) != v}
    for name, value in changed.items():
        setattr(quiz, name, value)
    if changed.get("workflow_state") == "available":  # generate_quiz_data_on_publish
        from .quizzes import live_questions, question_data

        quiz.quiz_data = [question_data(q) for q in live_questions(store, quiz)]
    if changed or assignment.assignment_group_id != group_before:
        quiz.updated_at = store.now()


@router.route("DELETE", "/courses/<course_id>/assignments/<assignment_id>")
def delete_assignment(req: ApiRequest, course_id: str, assignment_id: str) -> Any:
    course = find_course(req, course_id)
    assignment = find_assignment(req, course, assignment_id)
    from .blueprints import ensure_editable

    ensure_editable(req, "assignment", course.id, assignment.id, {"delete"})
    destroy(req.store, assignment)
    return assignment_json(req, assignment)


def destroy(store: Store, assignment: Assignment) -> None:
    """Soft-delete; module items pointing at it go too, and so does its graded topic."""
    if assignment.deleted:
        return
    assignment.workflow_state = "deleted"
    assignment.updated_at = store.now()
    store.delete_items_for("Assignment", assignment.id)
    topic = store.get(store.discussions, assignment.discussion_topic_id)
    if topic is not None:
        topic.workflow_state = "deleted"
        store.delete_items_for("Discussion", topic.id)
