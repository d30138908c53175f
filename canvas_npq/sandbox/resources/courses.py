"""Courses and the current user (canvas-api.md §8).

Quirks kept: a course made through the account API starts ``unpublished`` and the caller
is enrolled only with ``enroll_me=true`` (so ``GET /courses``, which lists the caller's
enrollments, does not show it otherwise); ``default_view`` must be one of five values and
``wiki`` needs a front page; ``syllabus_body`` only with ``include[]=syllabus_body``;
``DELETE`` answers ``{"delete": true}``; a caller's course nickname replaces ``name``
in every course JSON that caller gets (the real name moves to ``original_name``).
"""

from __future__ import annotations

from typing import Any

from canvas_npq.sandbox import errors
from canvas_npq.sandbox.api import ApiRequest, paginate
from canvas_npq.sandbox.dates import is_known_zone, iso
from canvas_npq.sandbox.params import as_str, to_bool
from canvas_npq.sandbox.records import Course, User
from canvas_npq.sandbox.routing import router
from canvas_npq.sandbox.store import ROOT_ACCOUNT_ID

from .common import date_param, find_course, incoming_html, outgoing_html, parse_id

DEFAULT_VIEWS = ("feed", "wiki", "modules", "syllabus", "assignments")
_API_STATE = {"created": "unpublished", "claimed": "unpublished"}


def course_json(req: ApiRequest, course: Course, *, syllabus: bool | None = None) -> dict[str, Any]:
    store = req.store
    enrollments = [
        {
            "type": "teacher" if e.type == "TeacherEnrollment" else "student",
            "role": e.type,
            "role_id": 4 if e.type == "TeacherEnrollment" else 3,
            "user_id": e.user_id,
            "enrollment_state": "active",
            "limit_privileges_to_course_section": False,
        }
        for e in store.live(store.enrollments, course_id=course.id, user_id=req.user.id)
    ]
    body: dict[str, Any] = {
        "id": course.id,
        "name": course.name,
        "account_id": course.account_id,
        "uuid": course.uuid,
        "start_at": iso(course.start_at),
        "grading_standard_id": None,
        "is_public": course.is_public,
        "created_at": iso(course.created_at),
        "course_code": course.course_code,
        "default_view": course.default_view,
        "root_account_id": ROOT_ACCOUNT_ID,
        "enrollment_term_id": 1,
        "license": course.license,
        "grade_passback_setting": None,
        "end_at": iso(course.end_at),
        "public_syllabus": course.public_syllabus,
        "public_syllabus_to_auth": False,
        "storage_quota_mb": 500,
        "is_public_to_auth_users": False,
        "homeroom_course": False,
        "course_color": None,
        "friendly_name": None,
        "apply_assignment_group_weights": False,
        "calendar": {"ics": req.html_url(f"/feeds/calendars/course_{course.uuid}.ics")},
        "time_zone": course.time_zone,
        "blueprint": course.blueprint,
        "template": False,
        "sis_course_id": course.sis_course_id,
        "integration_id": course.integration_id,
        "enrollments": enrollments,
        "hide_final_grades": False,
        "workflow_state": _API_STATE.get(course.workflow_state, course.workflow_state),
        "restrict_enrollments_to_course_dates": False,
    }
    if course.blueprint:
        body["blueprint_restrictions"] = dict(course.blueprint_restrictions)
        if course.use_blueprint_restrictions_by_object_type:
            body["blueprint_restrictions_by_object_type"] = {
                k: dict(v) for k, v in course.blueprint_restrictions_by_object_type.items()
            }
    if syllabus if syllabus is not None else "syllabus_body" in req.includes():
        body["syllabus_body"] = outgoing_html(req, course.syllabus_body)
    return with_nickname(req, course, body)


def with_nickname(req: ApiRequest, course: Course, body: dict[str, Any]) -> dict[str, Any]:
    """``apply_nickname`` (lib/api/v1/course.rb): for a caller who gave the course a
    nickname, ``name`` is the nickname and ``original_name`` the course's real name."""
    nickname = req.store.course_nicknames.get((req.user.id, course.id))
    if nickname:
        body["original_name"] = body["name"]
        body["name"] = nickname
    return body


def user_json(req: ApiRequest, user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "name": user.name,
        "created_at": iso(user.created_at),
        "sortable_name": user.sortable_name,
        "short_name": user.short_name,
        "sis_user_id": None,
        "integration_id": None,
        "login_id": user.login_id,
        "avatar_url": req.html_url("/images/messages/avatar-50.png"),
        "locale": None,
        "effective_locale": "en",
        "permissions": {"can_update_name": True, "can_update_avatar": True},
    }


def _apply_course_params(req: ApiRequest, course: Course, values: dict[str, Any]) -> None:
    """Shared by create and update: ``course[...]`` fields, validated as Canvas does."""
    problems: dict[str, str] = {}
    if "name" in values:
        course.name = as_str(values["name"]) or course.name
    if "course_code" in values:
        course.course_code = as_str(values["course_code"]) or course.course_code
    if "time_zone" in values:
        zone = as_str(values["time_zone"]) or ""
        if is_known_zone(zone):
            course.time_zone = zone
        else:
            problems["time_zone"] = f"'{zone}' is not a valid time zone"
    if "default_view" in values:
        view = as_str(values["default_view"]) or ""
        if view not in DEFAULT_VIEWS:
            problems["default_view"] = "Home page is not valid"
        elif view == "wiki" and req.store.get(req.store.pages, course.front_page_id) is None:
            problems["default_view"] = "A Front Page is required"
        else:
            course.default_view = view
    if "syllabus_body" in values:
        course.syllabus_body = incoming_html(values["syllabus_body"])
    for key in ("start_at", "end_at"):
        if key in values:
            setattr(course, key, date_param(req, course, values[key], key))
    if course.start_at and course.end_at and course.end_at < course.start_at:
        # Real capture: kstateome course-CreateCourseDateError.json
        problems["conclude_at"] = "End date cannot be before start date"
    if "sis_course_id" in values:
        course.sis_course_id = as_str(values["sis_course_id"]) or None
    if "integration_id" in values:
        course.integration_id = as_str(values["integration_id"]) or None
    if "license" in values:
        course.license = as_str(values["license"]) or None
    for key in ("is_public", "public_syllabus"):
        if key in values and (flag := to_bool(values[key])) is not None:
            setattr(course, key, flag)
    if problems:
        raise errors.validation_error(problems)


_EVENTS = {"offer": "available", "claim": "claimed", "conclude": "completed", "delete": "deleted"}


@router.route("POST", "/accounts/<account_id>/courses")
def create_course(req: ApiRequest, account_id: str) -> Any:
    store = req.store
    account = store.get(store.accounts, parse_id(account_id))
    if account is None:
        raise errors.not_found()
    values = req.section("course") or {}
    stamp = store.stamp()
    course = Course(
        **stamp,
        workflow_state="claimed",
        account_id=account.id,
        name=as_str(values.get("name")) or "Unnamed Course",
        course_code=as_str(values.get("course_code")) or "Unnamed",
        uuid=store.new_uuid(),
        time_zone=account.default_time_zone,
    )
    sis_id = as_str(values.get("sis_course_id"))
    if sis_id and any(c.sis_course_id == sis_id for c in store.live(store.courses)):
        raise errors.validation_error({"sis_source_id": f'SIS ID "{sis_id}" is already in use'})
    _apply_course_params(req, course, {k: v for k, v in values.items() if k != "default_view"})
    if "default_view" in values:
        _apply_course_params(req, course, {"default_view": values["default_view"]})
    if req.flag("offer"):
        course.workflow_state = "available"
    store.add(store.courses, course)
    store.enroll_seeded_people(course.id)
    if req.flag("enroll_me"):
        store.enroll(course.id, req.user.id, "TeacherEnrollment")
    return course_json(req, course)


@router.route("GET", "/courses")
def list_courses(req: ApiRequest) -> Any:
    store = req.store
    enrolled = {e.course_id for e in store.live(store.enrollments, user_id=req.user.id)}
    courses = [c for c in store.live(store.courses) if c.id in enrolled]
    return paginate(req, courses, lambda c: course_json(req, c))


@router.route("GET", "/accounts/<account_id>")
def get_account(req: ApiRequest, account_id: str) -> Any:
    account = req.store.get(req.store.accounts, parse_id(account_id))
    if account is None:
        raise errors.not_found()
    return {
        "id": account.id,
        "name": account.name,
        "workflow_state": "active",
        "parent_account_id": None,
        "root_account_id": None,
        "uuid": f"sandbox-account-{account.id}",
        "default_storage_quota_mb": 500,
        "default_user_storage_quota_mb": 50,
        "default_group_storage_quota_mb": 50,
        "default_time_zone": account.default_time_zone,
    }


@router.route("GET", "/accounts/<account_id>/courses")
def list_account_courses(req: ApiRequest, account_id: str) -> Any:
    store = req.store
    if store.get(store.accounts, parse_id(account_id)) is None:
        raise errors.not_found()
    return paginate(req, store.live(store.courses), lambda c: course_json(req, c))


@router.route("GET", "/courses/<course_id>")
def get_course(req: ApiRequest, course_id: str) -> Any:
    return course_json(req, find_course(req, course_id))


@router.route("PUT", "/courses/<course_id>")
def update_course(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    values = req.section("course") or {}
    before = (course.name, course.course_code, course.syllabus_body, course.default_view)
    _apply_course_params(req, course, values)
    if "event" in values:
        event = as_str(values["event"]) or ""
        if event not in _EVENTS:
            raise errors.bad_request(f"invalid event {event}")
        course.workflow_state = _EVENTS[event]
    _apply_blueprint_params(req, course, values)
    if before != (course.name, course.course_code, course.syllabus_body, course.default_view):
        course.updated_at = req.store.now()
    return course_json(req, course)


def _apply_blueprint_params(req: ApiRequest, course: Course, values: dict[str, Any]) -> None:
    """``course[blueprint]`` and its restrictions (§19)."""
    if "blueprint" in values and (flag := to_bool(values["blueprint"])) is not None:
        if flag and any(course.id in kids for kids in req.store.blueprint_associations.values()):
            raise errors.bad_request("A course associated with a blueprint cannot be a blueprint")
        course.blueprint = flag
        if flag:
            req.store.blueprint_templates.setdefault(course.id, req.store.new_id())
            req.store.blueprint_associations.setdefault(course.id, set())
    restrictions = values.get("blueprint_restrictions")
    if isinstance(restrictions, dict):
        course.blueprint_restrictions = {k: bool(to_bool(v)) for k, v in restrictions.items()}
    if "use_blueprint_restrictions_by_object_type" in values:
        course.use_blueprint_restrictions_by_object_type = bool(
            to_bool(values["use_blueprint_restrictions_by_object_type"])
        )
    by_type = values.get("blueprint_restrictions_by_object_type")
    if isinstance(by_type, dict):
        course.blueprint_restrictions_by_object_type = {
            kind: {k: bool(to_bool(v)) for k, v in flags.items()}
            for kind, flags in by_type.items()
            if isinstance(flags, dict)
        }


@router.route("DELETE", "/courses/<course_id>")
def delete_course(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    event = as_str(req.get("event"))
    if event not in ("delete", "conclude"):
        raise errors.bad_request("Only 'delete' and 'conclude' events are allowed.")
    course.workflow_state = "deleted" if event == "delete" else "completed"
    return {event: True}


@router.route("GET", "/users/<user_id>")
def get_user(req: ApiRequest, user_id: str) -> Any:
    store = req.store
    user = req.user if user_id == "self" else store.get(store.users, parse_id(user_id))
    if user is None:
        raise errors.not_found()
    return user_json(req, user)


@router.route("GET", "/users/<user_id>/profile")
def get_profile(req: ApiRequest, user_id: str) -> Any:
    body = get_user(req, user_id)
    body.update({"title": None, "bio": None, "primary_email": body["login_id"], "time_zone": "UTC"})
    return body
