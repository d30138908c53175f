"""Course sections and assignment overrides per section (facilitator groups' own dates).

Sections (``sections_controller.rb``): ``GET /courses/:id/sections`` lists the live
sections by name then id, to anyone who may read the course; ``POST`` with
``course_section[name]`` makes one (``manage_sections_add``).

Overrides (``assignment_overrides_controller.rb``, ``lib/api/v1/assignment_override.rb``):
``POST .../assignments/:id/overrides`` with ``assignment_override[course_section_id]``
and any of ``[due_at]``, ``[unlock_at]``, ``[lock_at]``; a date is overridden only when
sent (sent blank, it is overridden to none). The JSON carries ``due_at`` (with
``all_day`` and ``all_day_date``), ``unlock_at`` and ``lock_at`` only when overridden,
and ``course_section_id`` for a section's override. ``PUT`` replaces the dates: one not
sent is no longer overridden. A section holds at most one override per assignment.
"""

from __future__ import annotations

from typing import Any

from canvas_npq.sandbox import errors
from canvas_npq.sandbox.api import ApiRequest, paginate
from canvas_npq.sandbox.dates import iso
from canvas_npq.sandbox.params import as_str, to_int
from canvas_npq.sandbox.records import AssignmentOverride, Course, CourseSection
from canvas_npq.sandbox.routing import router

from .common import date_param, find_course, find_in_course

DATES = ("due_at", "unlock_at", "lock_at")


def section_json(section: CourseSection) -> dict[str, Any]:
    return {
        "id": section.id,
        "course_id": section.course_id,
        "name": section.name,
        "start_at": None,
        "end_at": None,
        "restrict_enrollments_to_section_dates": None,
        "nonxlist_course_id": None,
        "sis_section_id": None,
        "sis_course_id": None,
        "integration_id": None,
        "created_at": iso(section.created_at),
    }


def override_json(override: AssignmentOverride) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": override.id,
        "assignment_id": override.assignment_id,
        "title": override.title,
    }
    if "due_at" in override.overridden:
        data["due_at"] = iso(override.due_at)
        data["all_day"] = False
        data["all_day_date"] = override.due_at.date().isoformat() if override.due_at else None
    for name in ("unlock_at", "lock_at"):
        if name in override.overridden:
            data[name] = iso(getattr(override, name))
    data["course_section_id"] = override.course_section_id
    return data


@router.route("GET", "/courses/<course_id>/sections")
def list_sections(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    rows = req.store.live(req.store.course_sections, course_id=course.id)
    rows.sort(key=lambda s: (s.name.lower(), s.id))
    return paginate(req, rows, section_json)


@router.route("POST", "/courses/<course_id>/sections")
def create_section(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    values = req.section("course_section") or {}
    store = req.store
    name = as_str(values.get("name")) or f"{course.name} {store.now().date().isoformat()}"
    section = CourseSection(**store.stamp(), course_id=course.id, name=name)
    store.add(store.course_sections, section)
    return section_json(section)


def _assignment(req: ApiRequest, course: Course, assignment_id: str) -> Any:
    return find_in_course(req.store.assignments, course, assignment_id)


def _set_dates(req: ApiRequest, course: Course, override: AssignmentOverride) -> None:
    values = req.section("assignment_override") or {}
    dates = {
        name: date_param(req, course, values.get(name), name, strict=True)
        for name in DATES
        if name in values
    }
    override.overridden = set(dates)
    for name in DATES:
        setattr(override, name, dates.get(name))
    override.updated_at = req.store.now()


@router.route("GET", "/courses/<course_id>/assignments/<assignment_id>/overrides")
def list_overrides(req: ApiRequest, course_id: str, assignment_id: str) -> Any:
    course = find_course(req, course_id)
    assignment = _assignment(req, course, assignment_id)
    rows = req.store.live(req.store.assignment_overrides, assignment_id=assignment.id)
    return paginate(req, rows, override_json)


@router.route("POST", "/courses/<course_id>/assignments/<assignment_id>/overrides")
def create_override(req: ApiRequest, course_id: str, assignment_id: str) -> Any:
    course = find_course(req, course_id)
    assignment = _assignment(req, course, assignment_id)
    store = req.store
    values = req.section("assignment_override") or {}
    section = store.get(store.course_sections, to_int(values.get("course_section_id")))
    if section is None or section.course_id != course.id:
        raise errors.validation_error({"course_section": "unknown section"})
    taken = store.live(
        store.assignment_overrides, assignment_id=assignment.id, course_section_id=section.id
    )
    if taken:
        raise errors.validation_error({"set_id": "taken"})
    override = AssignmentOverride(
        **store.stamp(),
        course_id=course.id,
        assignment_id=assignment.id,
        course_section_id=section.id,
        title=section.name,
    )
    _set_dates(req, course, override)
    store.add(store.assignment_overrides, override)
    return override_json(override)


def _override(req: ApiRequest, course: Course, assignment_id: str, ref: str) -> Any:
    assignment = _assignment(req, course, assignment_id)
    override = find_in_course(req.store.assignment_overrides, course, ref)
    if override.assignment_id != assignment.id:
        raise errors.not_found()
    return override


@router.route("GET", "/courses/<course_id>/assignments/<assignment_id>/overrides/<override_id>")
def get_override(req: ApiRequest, course_id: str, assignment_id: str, override_id: str) -> Any:
    course = find_course(req, course_id)
    return override_json(_override(req, course, assignment_id, override_id))


@router.route("PUT", "/courses/<course_id>/assignments/<assignment_id>/overrides/<override_id>")
def update_override(req: ApiRequest, course_id: str, assignment_id: str, override_id: str) -> Any:
    course = find_course(req, course_id)
    override = _override(req, course, assignment_id, override_id)
    _set_dates(req, course, override)
    return override_json(override)


@router.route("DELETE", "/courses/<course_id>/assignments/<assignment_id>/overrides/<override_id>")
def delete_override(req: ApiRequest, course_id: str, assignment_id: str, override_id: str) -> Any:
    course = find_course(req, course_id)
    override = _override(req, course, assignment_id, override_id)
    override.workflow_state = "deleted"
    override.updated_at = req.store.now()
    return override_json(override)
