"""Course nicknames (``CourseNicknamesController``): a user's own name for a course.

Once set, every course JSON that user gets shows the nickname as ``name`` and the real
name as ``original_name`` (``courses.with_nickname``). A nickname must be present and
shorter than 60 characters; removing one that does not exist is a 404.
"""

from __future__ import annotations

from typing import Any

from canvas_npq.sandbox import errors
from canvas_npq.sandbox.api import ApiRequest, paginate
from canvas_npq.sandbox.params import as_str
from canvas_npq.sandbox.records import Course
from canvas_npq.sandbox.routing import router

from .common import find_course

MAX_LENGTH = 60  # the controller refuses a nickname of 60 characters or more


def _json(req: ApiRequest, course: Course) -> dict[str, Any]:
    return {
        "course_id": course.id,
        "name": course.name,
        "nickname": req.store.course_nicknames.get((req.user.id, course.id)),
    }


@router.route("GET", "/users/self/course_nicknames")
def list_nicknames(req: ApiRequest) -> Any:
    store = req.store
    courses = [
        course
        for (user_id, course_id), _ in sorted(store.course_nicknames.items())
        if user_id == req.user.id and (course := store.get(store.courses, course_id)) is not None
    ]
    return paginate(req, courses, lambda c: _json(req, c))


@router.route("GET", "/users/self/course_nicknames/<course_id>")
def get_nickname(req: ApiRequest, course_id: str) -> Any:
    return _json(req, find_course(req, course_id))


@router.route("PUT", "/users/self/course_nicknames/<course_id>")
def set_nickname(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    nickname = as_str(req.get("nickname"))
    if not nickname or not nickname.strip():
        raise errors.bad_request("missing nickname")
    if len(nickname) >= MAX_LENGTH:
        raise errors.bad_request("nickname too long")
    req.store.course_nicknames[(req.user.id, course.id)] = nickname
    return _json(req, course)


@router.route("DELETE", "/users/self/course_nicknames/<course_id>")
def remove_nickname(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    if req.store.course_nicknames.pop((req.user.id, course.id), None) is None:
        raise errors.not_found_message("no nickname exists for course")
    return _json(req, course)


@router.route("DELETE", "/users/self/course_nicknames")
def clear_nicknames(req: ApiRequest) -> Any:
    store = req.store
    for key in [k for k in store.course_nicknames if k[0] == req.user.id]:
        del store.course_nicknames[key]
    return {"message": "OK"}
