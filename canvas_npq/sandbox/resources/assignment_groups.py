"""Assignment groups (canvas-api.md §13, §21.11).

Quirks kept: parameters are top-level (``name``, ``position``, ``group_weight``,
``sis_source_id``, ``integration_data[...]``, ``rules[...]``), not wrapped;
``integration_data`` is *merged* into the stored hash, and a non-hash gives 400 with the
bare JSON string ``"Invalid integration data"``; deleting a group without
``move_assignments_to`` deletes its assignments (and their module items). ``position``
on create or update is stored as given and shifts no other group (Canvas's acts_as_list
only places a group created without one at the bottom), so positions may tie; the list
is ordered by position, then name.
"""

from __future__ import annotations

from typing import Any

from canvas_npq.sandbox import errors
from canvas_npq.sandbox.api import ApiRequest, paginate
from canvas_npq.sandbox.params import as_list, as_str, to_float, to_int
from canvas_npq.sandbox.records import AssignmentGroup, Course
from canvas_npq.sandbox.routing import router

from .assignments import assignment_json, destroy
from .common import find_course, parse_id


def group_json(
    req: ApiRequest, group: AssignmentGroup, *, with_assignments: bool = False
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": group.id,
        "name": group.name,
        "position": group.position,
        "group_weight": group.group_weight,
        "sis_source_id": group.sis_source_id,
        "integration_data": dict(group.integration_data),
        "rules": dict(group.rules),
    }
    if with_assignments:
        # AssignmentGroup.visible_assignments: for a user who may manage the course,
        # every active assignment of the group, published or not; nested in the order of
        # Course#active_assignments (title, then position), not the assignments listing's.
        rows = sorted(
            req.store.live(req.store.assignments, assignment_group_id=group.id),
            key=lambda a: (a.name, a.position, a.id),
        )
        topics = "discussion_topic" in req.includes()
        data["assignments"] = [assignment_json(req, a, discussion_topic=topics) for a in rows]
        data["any_assignment_in_closed_grading_period"] = False
    return data


def _find(req: ApiRequest, course: Course, ref: str) -> AssignmentGroup:
    group = req.store.get(req.store.assignment_groups, parse_id(ref))
    if group is None or group.course_id != course.id:
        raise errors.not_found()
    return group


def _ordered(req: ApiRequest, course: Course) -> list[AssignmentGroup]:
    """``Course#assignment_groups`` order: position, then name (Canvas's collation key,
    approximated by ``casefold``)."""
    return sorted(
        req.store.live(req.store.assignment_groups, course_id=course.id),
        key=lambda g: (g.position, g.name.casefold(), g.id),
    )


def _rules(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        return {}
    rules: dict[str, Any] = {}
    for key in ("drop_lowest", "drop_highest"):
        if key in value and (number := to_int(value[key])):
            rules[key] = number
    never = [parse_id(v) for v in as_list(value.get("never_drop"))]
    if any(never):
        rules["never_drop"] = [v for v in never if v]
    return rules


def _apply(req: ApiRequest, course: Course, group: AssignmentGroup) -> None:
    params = req.params
    raw = params.get("integration_data")
    if raw is not None and not isinstance(raw, dict) and as_str(raw) != "":
        raise errors.ApiError(400, "Invalid integration data")  # a bare JSON string (§13)
    if "name" in params:
        group.name = as_str(params["name"]) or group.name
    if "group_weight" in params:
        group.group_weight = to_float(params["group_weight"]) or 0.0
    if "sis_source_id" in params:
        group.sis_source_id = as_str(params["sis_source_id"]) or None
    if isinstance(params.get("integration_data"), dict):
        # Merged, not replaced (§7, §13).
        group.integration_data = {**group.integration_data, **params["integration_data"]}
    if "rules" in params:
        group.rules = _rules(params["rules"])
    if "position" in params and (position := to_int(params["position"])):
        # Assigned as an attribute (``update_assignment_group``): Canvas's acts_as_list
        # shifts nothing on save, so two groups may share a position.
        group.position = position
    group.updated_at = req.store.now()


@router.route("GET", "/courses/<course_id>/assignment_groups")
def list_groups(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    with_assignments = "assignments" in req.includes()
    return paginate(
        req, _ordered(req, course), lambda g: group_json(req, g, with_assignments=with_assignments)
    )


@router.route("GET", "/courses/<course_id>/assignment_groups/<group_id>")
def get_group(req: ApiRequest, course_id: str, group_id: str) -> Any:
    course = find_course(req, course_id)
    return group_json(
        req, _find(req, course, group_id), with_assignments="assignments" in req.includes()
    )


@router.route("POST", "/courses/<course_id>/assignment_groups")
def create_group(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    store = req.store
    position = max((g.position for g in _ordered(req, course)), default=0) + 1
    group = AssignmentGroup(
        **store.stamp(),
        workflow_state="available",
        course_id=course.id,
        name="Assignments",
        position=position,
    )
    _apply(req, course, group)
    store.add(store.assignment_groups, group)
    return group_json(req, group)


@router.route("PUT", "/courses/<course_id>/assignment_groups/<group_id>")
def update_group(req: ApiRequest, course_id: str, group_id: str) -> Any:
    course = find_course(req, course_id)
    group = _find(req, course, group_id)
    _apply(req, course, group)
    return group_json(req, group)


@router.route("DELETE", "/courses/<course_id>/assignment_groups/<group_id>")
def delete_group(req: ApiRequest, course_id: str, group_id: str) -> Any:
    course = find_course(req, course_id)
    group = _find(req, course, group_id)
    store = req.store
    members = store.live(store.assignments, assignment_group_id=group.id)
    target_ref = req.get("move_assignments_to")
    if target_ref not in (None, ""):
        target = store.get(store.assignment_groups, parse_id(as_str(target_ref)))
        if target is None or target.course_id != course.id or target is group:
            raise errors.not_found()
        start = max(
            (a.position for a in store.live(store.assignments, assignment_group_id=target.id)),
            default=0,
        )
        for offset, assignment in enumerate(
            sorted(members, key=lambda a: (a.position, a.id)), start=1
        ):
            assignment.assignment_group_id = target.id
            assignment.position = start + offset
    else:
        for assignment in members:
            destroy(store, assignment)  # §21.11: the assignments go with the group
    group.workflow_state = "deleted"
    group.updated_at = store.now()
    return group_json(req, group)
