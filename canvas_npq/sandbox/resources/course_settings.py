"""Course settings: ``GET/PUT /courses/:course_id/settings``.

Follows ``CoursesController#settings``/``#update_settings`` and
``Api::V1::Course#course_settings_json`` (instructure/canvas-lms
``app/controllers/courses_controller.rb``, ``lib/api/v1/course.rb``, and the
``add_setting`` defaults in ``app/models/course.rb``):

* both answer the whole settings hash, every key present, defaults filled in;
* ``PUT`` takes top-level params and keeps only the permitted ones (others are
  ignored, not refused); booleans are cast with ``Canvas::Plugin.value_to_boolean``,
  so an unrecognised string is ``to_i != 0`` (``"banana"`` is false);
* ``default_due_time`` must be ``HH:MM[:SS]`` or ``inherit``; Canvas answers 400 with
  the course's errors otherwise.

Features the sandbox does not model (final grade override, quantitative data
restriction, homerooms, course paces, conditional release) keep their defaults.
"""

from __future__ import annotations

import re
from typing import Any

from canvas_npq.sandbox import errors
from canvas_npq.sandbox.api import ApiRequest
from canvas_npq.sandbox.params import to_bool, to_int
from canvas_npq.sandbox.records import Course
from canvas_npq.sandbox.routing import router

from .common import find_course

# Boolean settings a teacher may change through the API, with Course's defaults.
BOOLEAN_SETTINGS: dict[str, bool] = {
    "allow_student_discussion_topics": True,
    "allow_student_forum_attachments": True,
    "allow_student_discussion_editing": True,
    "allow_student_discussion_reporting": True,
    "allow_student_anonymous_discussion_topics": False,
    "filter_speed_grader_by_student_group": False,
    "allow_student_organized_groups": True,
    "hide_final_grades": False,
    "hide_distribution_graphs": False,
    "hide_sections_on_course_users_page": False,
    "lock_all_announcements": False,
    "usage_rights_required": False,
    "restrict_student_past_view": False,
    "restrict_student_future_view": False,
    "show_announcements_on_home_page": False,
    "syllabus_course_summary": True,
}
# Reported but not changed by the sandbox (unmodelled features keep their defaults).
FIXED_SETTINGS: dict[str, Any] = {
    "allow_final_grade_override": False,
    "grading_standard_enabled": False,
    "grading_standard_id": None,
    "grade_passback_setting": None,
    "restrict_quantitative_data": False,
    "homeroom_course": False,
    "image_url": None,
    "image_id": None,
    "image": None,
    "banner_image_url": None,
    "banner_image_id": None,
    "banner_image": None,
    "course_color": None,
    "friendly_name": None,
    "conditional_release": False,
}
DEFAULT_ANNOUNCEMENT_LIMIT = 3
DEFAULT_DUE_TIME = "23:59:59"
_DUE_TIME = re.compile(r"^([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$")


def plugin_boolean(value: Any) -> bool:
    """``Canvas::Plugin.value_to_boolean``: known words, else ``to_i != 0``."""
    known = to_bool(value)
    return known if known is not None else (to_int(value) or 0) != 0


def settings_json(course: Course) -> dict[str, Any]:
    """``course_settings_json``: every setting, in Canvas's order of keys."""
    stored = course.settings
    body: dict[str, Any] = {"allow_final_grade_override": False}
    for name, default in BOOLEAN_SETTINGS.items():
        body[name] = stored.get(name, default)
    body.update({k: v for k, v in FIXED_SETTINGS.items() if k not in body})
    body["home_page_announcement_limit"] = stored.get(
        "home_page_announcement_limit", DEFAULT_ANNOUNCEMENT_LIMIT
    )
    body["default_due_time"] = stored.get("default_due_time", DEFAULT_DUE_TIME)
    return body


@router.route("GET", "/courses/<course_id>/settings")
def get_settings(req: ApiRequest, course_id: str) -> Any:
    return settings_json(find_course(req, course_id))


@router.route("PUT", "/courses/<course_id>/settings")
def update_settings(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    changes: dict[str, Any] = {}
    if req.has("default_due_time"):
        raw = str(req.get("default_due_time") or "")
        if raw != "inherit" and not _DUE_TIME.match(raw):
            raise errors.validation_error({"default_due_time": "is invalid"})
        changes["default_due_time"] = DEFAULT_DUE_TIME if raw == "inherit" else _seconds(raw)
    for name in BOOLEAN_SETTINGS:
        if req.has(name):
            changes[name] = plugin_boolean(req.get(name))
    if req.has("home_page_announcement_limit"):
        changes["home_page_announcement_limit"] = to_int(req.get("home_page_announcement_limit"))
    course.settings = {**course.settings, **changes}
    return settings_json(course)


def _seconds(value: str) -> str:
    hours, minutes, *rest = value.split(":")
    return f"{int(hours):02d}:{minutes}:{rest[0] if rest else '00'}"
