"""Outcome groups, outcomes and their links (canvas-api.md §16, §21.22).

Quirks kept: ``GET /courses/:cid/root_outcome_group`` is a 302 redirect to the root group
(``requests`` follows it); creating an outcome is ``POST …/outcome_groups/:id/outcomes``
(create + link) while linking an existing one is ``PUT …/outcomes/:outcome_id``; failures
of the group API answer 400 with the bare JSON string ``"error"``; the root group cannot
be updated or deleted; ``vendor_guid`` is free-form (HTML-stripped); ``mastery_points``
defaults to the top rating; ratings without a description get "No description"; an
outcome goes away only when its last link is removed; deleting a group deletes its
subgroups and links.
"""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from canvas_npq.sandbox import errors
from canvas_npq.sandbox.api import ApiRequest, paginate
from canvas_npq.sandbox.params import as_list, as_str, to_float, to_int
from canvas_npq.sandbox.records import Course, Outcome, OutcomeGroup, OutcomeLink
from canvas_npq.sandbox.routing import router
from canvas_npq.sandbox.store import Store

from .common import find_course, incoming_html, parse_id

CALCULATION_METHODS = (
    "weighted_average",
    "decaying_average",
    "n_mastery",
    "latest",
    "highest",
    "average",
)
_DEFAULT_INT = {"weighted_average": 65, "decaying_average": 65, "n_mastery": 5}
DEFAULT_RATINGS = [
    {"description": "Exceeds Expectations", "points": 5.0},
    {"description": "Meets Expectations", "points": 3.0},
    {"description": "Does Not Meet Expectations", "points": 0.0},
]


def _error() -> errors.ApiError:
    """The outcome group API's failure body: the JSON string ``"error"`` (§4)."""
    return errors.ApiError(400, "error")


def _plain(value: Any) -> str | None:
    """Titles and ``vendor_guid`` are HTML-stripped (§16)."""
    from canvas_npq.sandbox.html import strip_tags

    return strip_tags(as_str(value))


# -- JSON ------------------------------------------------------------------------------


def _group_base(req: ApiRequest, group: OutcomeGroup) -> dict[str, Any]:
    prefix = f"/courses/{group.course_id}/outcome_groups/{group.id}"
    return {
        "id": group.id,
        "title": group.title,
        "vendor_guid": group.vendor_guid,
        "url": req.api_url(prefix),
        "subgroups_url": req.api_url(f"{prefix}/subgroups"),
        "outcomes_url": req.api_url(f"{prefix}/outcomes"),
        "can_edit": group.parent_id is not None,
    }


def group_json(req: ApiRequest, group: OutcomeGroup) -> dict[str, Any]:
    parent = req.store.outcome_groups.get(group.parent_id or 0)
    return {
        **_group_base(req, group),
        "description": group.description,
        "context_id": group.course_id,
        "context_type": "Course",
        "import_url": req.api_url(f"/courses/{group.course_id}/outcome_groups/{group.id}/import"),
        "parent_outcome_group": _group_base(req, parent) if parent is not None else None,
    }


def outcome_json(req: ApiRequest, outcome: Outcome, *, full: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": outcome.id,
        "url": req.api_url(f"/outcomes/{outcome.id}"),
        "context_id": outcome.course_id,
        "context_type": "Course",
        "title": outcome.title,
        "display_name": outcome.display_name,
        "can_edit": True,
    }
    if full:
        data.update(
            vendor_guid=outcome.vendor_guid,
            description=outcome.description,
            points_possible=outcome.points_possible,
            mastery_points=outcome.mastery_points,
            ratings=[dict(r) for r in outcome.ratings],
            calculation_method=outcome.calculation_method,
            calculation_int=outcome.calculation_int,
            has_updateable_rubrics=False,
            assessed=False,
            friendly_description=None,
        )
    return data


def link_json(req: ApiRequest, link: OutcomeLink, *, full: bool = False) -> dict[str, Any]:
    store = req.store
    return {
        "url": req.api_url(
            f"/courses/{link.course_id}/outcome_groups/{link.group_id}/outcomes/{link.outcome_id}"
        ),
        "context_id": link.course_id,
        "context_type": "Course",
        "outcome_group": _group_base(req, store.outcome_groups[link.group_id]),
        "outcome": outcome_json(req, store.outcomes[link.outcome_id], full=full),
        "assessed": False,
        "can_unlink": True,
    }


# -- lookups ---------------------------------------------------------------------------


def root_group(store: Store, course: Course) -> OutcomeGroup:
    for group in store.live(store.outcome_groups, course_id=course.id):
        if group.parent_id is None:
            return group
    return store.add(
        store.outcome_groups,
        OutcomeGroup(**store.stamp(), course_id=course.id, title=course.name, parent_id=None),
    )


def _find_group(req: ApiRequest, course: Course, ref: str) -> OutcomeGroup:
    group = req.store.get(req.store.outcome_groups, parse_id(ref))
    if group is None or group.course_id != course.id:
        raise errors.not_found()
    return group


def _links_of(store: Store, group: OutcomeGroup) -> list[OutcomeLink]:
    rows = store.live(store.outcome_links, group_id=group.id)
    return sorted(rows, key=lambda link: (store.outcomes[link.outcome_id].title.lower(), link.id))


def _full(req: ApiRequest) -> bool:
    return as_str(req.get("outcome_style")) == "full"


# -- outcome fields --------------------------------------------------------------------


def _ratings(value: Any) -> list[dict[str, Any]]:
    ratings = []
    for raw in as_list(value):
        if not isinstance(raw, dict):
            continue
        ratings.append(
            {
                "description": as_str(raw.get("description")) or "No description",
                "points": to_float(raw.get("points")) or 0.0,
            }
        )
    return sorted(ratings, key=lambda r: -r["points"])


def _apply_outcome(req: ApiRequest, outcome: Outcome, values: dict[str, Any]) -> None:
    method = as_str(values.get("calculation_method")) if "calculation_method" in values else None
    if method is not None and method not in CALCULATION_METHODS:
        raise errors.validation_error(
            {"calculation_method": f"{method} is not a valid calculation_method"}
        )
    if "title" in values:
        title = _plain(values["title"])
        if not title:
            raise errors.validation_error({"title": "can't be blank"})
        outcome.title = title
    if "display_name" in values:
        outcome.display_name = _plain(values["display_name"]) or None
    if "description" in values:
        outcome.description = incoming_html(values["description"])
    if "vendor_guid" in values:
        outcome.vendor_guid = _plain(values["vendor_guid"]) or None
    if "ratings" in values:
        outcome.ratings = _ratings(values["ratings"])
        outcome.points_possible = max((r["points"] for r in outcome.ratings), default=0.0)
        if "mastery_points" not in values:
            outcome.mastery_points = outcome.points_possible
    if "mastery_points" in values and (points := to_float(values["mastery_points"])) is not None:
        outcome.mastery_points = points
    if method is not None:
        outcome.calculation_method = method
        outcome.calculation_int = _DEFAULT_INT.get(method)
    if "calculation_int" in values:
        outcome.calculation_int = to_int(values["calculation_int"])
    outcome.updated_at = req.store.now()


# -- endpoints -------------------------------------------------------------------------


@router.route("GET", "/courses/<course_id>/root_outcome_group")
def redirect_to_root(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    group = root_group(req.store, course)
    location = req.api_url(f"/courses/{course.id}/outcome_groups/{group.id}")
    response = Response(
        f'<html><body>You are being <a href="{location}">redirected</a>.</body></html>',
        status=302,
        content_type="text/html; charset=utf-8",
    )
    response.headers["Location"] = location
    return response


@router.route("GET", "/courses/<course_id>/outcome_groups")
def list_groups(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    root_group(req.store, course)
    rows = req.store.live(req.store.outcome_groups, course_id=course.id)
    return paginate(req, rows, lambda g: group_json(req, g))


@router.route("GET", "/courses/<course_id>/outcome_group_links")
def list_all_links(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    rows = req.store.live(req.store.outcome_links, course_id=course.id)
    return paginate(req, rows, lambda link: link_json(req, link, full=_full(req)))


@router.route("GET", "/courses/<course_id>/outcome_groups/<group_id>")
def get_group(req: ApiRequest, course_id: str, group_id: str) -> Any:
    course = find_course(req, course_id)
    return group_json(req, _find_group(req, course, group_id))


@router.route("PUT", "/courses/<course_id>/outcome_groups/<group_id>")
def update_group(req: ApiRequest, course_id: str, group_id: str) -> Any:
    course = find_course(req, course_id)
    group = _find_group(req, course, group_id)
    store = req.store
    if group.parent_id is None:
        raise _error()  # the root group cannot be updated
    if "title" in req.params:
        title = _plain(req.get("title"))
        if not title:
            raise _error()
        group.title = title
    if "description" in req.params:
        group.description = incoming_html(req.get("description"))
    if "vendor_guid" in req.params:
        group.vendor_guid = _plain(req.get("vendor_guid")) or None
    parent_ref = req.get("parent_outcome_group_id")
    if parent_ref not in (None, ""):
        parent = store.get(store.outcome_groups, parse_id(as_str(parent_ref)))
        if parent is None or parent.course_id != course.id or _is_within(store, parent, group):
            raise _error()
        group.parent_id = parent.id
    group.updated_at = store.now()
    return group_json(req, group)


def _is_within(store: Store, candidate: OutcomeGroup, ancestor: OutcomeGroup) -> bool:
    node: OutcomeGroup | None = candidate
    while node is not None:
        if node.id == ancestor.id:
            return True
        node = store.outcome_groups.get(node.parent_id or 0)
    return False


@router.route("DELETE", "/courses/<course_id>/outcome_groups/<group_id>")
def delete_group(req: ApiRequest, course_id: str, group_id: str) -> Any:
    course = find_course(req, course_id)
    group = _find_group(req, course, group_id)
    if group.parent_id is None:
        raise _error()  # the root group cannot be deleted
    body = group_json(req, group)
    _delete_tree(req.store, group)
    return body


def _delete_tree(store: Store, group: OutcomeGroup) -> None:
    for child in store.live(store.outcome_groups, parent_id=group.id):
        _delete_tree(store, child)
    for link in store.live(store.outcome_links, group_id=group.id):
        _unlink(store, link)
    group.workflow_state = "deleted"


def _unlink(store: Store, link: OutcomeLink) -> None:
    link.workflow_state = "deleted"
    if not store.live(store.outcome_links, outcome_id=link.outcome_id):
        store.outcomes[link.outcome_id].workflow_state = "deleted"


@router.route("GET", "/courses/<course_id>/outcome_groups/<group_id>/subgroups")
def list_subgroups(req: ApiRequest, course_id: str, group_id: str) -> Any:
    course = find_course(req, course_id)
    group = _find_group(req, course, group_id)
    rows = req.store.live(req.store.outcome_groups, parent_id=group.id)
    rows.sort(key=lambda g: (g.title.lower(), g.id))  # ``order_by_title``
    return paginate(req, rows, lambda g: group_json(req, g))


@router.route("POST", "/courses/<course_id>/outcome_groups/<group_id>/subgroups")
def create_subgroup(req: ApiRequest, course_id: str, group_id: str) -> Any:
    course = find_course(req, course_id)
    parent = _find_group(req, course, group_id)
    title = _plain(req.get("title"))
    if not title:
        raise _error()
    store = req.store
    group = store.add(
        store.outcome_groups,
        OutcomeGroup(
            **store.stamp(),
            course_id=course.id,
            title=title,
            parent_id=parent.id,
            description=incoming_html(req.get("description")),
            vendor_guid=_plain(req.get("vendor_guid")) or None,
        ),
    )
    return group_json(req, group)


@router.route("GET", "/courses/<course_id>/outcome_groups/<group_id>/outcomes")
def list_group_links(req: ApiRequest, course_id: str, group_id: str) -> Any:
    course = find_course(req, course_id)
    group = _find_group(req, course, group_id)
    return paginate(
        req, _links_of(req.store, group), lambda link: link_json(req, link, full=_full(req))
    )


@router.route("POST", "/courses/<course_id>/outcome_groups/<group_id>/outcomes")
def create_and_link(req: ApiRequest, course_id: str, group_id: str) -> Any:
    course = find_course(req, course_id)
    group = _find_group(req, course, group_id)
    store = req.store
    if not _plain(req.get("title")):
        raise errors.validation_error({"title": "can't be blank"})
    outcome = Outcome(
        **store.stamp(),
        course_id=course.id,
        title="",
        ratings=[dict(r) for r in DEFAULT_RATINGS],
    )
    _apply_outcome(req, outcome, req.params)
    store.add(store.outcomes, outcome)
    link = store.add(
        store.outcome_links,
        OutcomeLink(**store.stamp(), course_id=course.id, group_id=group.id, outcome_id=outcome.id),
    )
    return link_json(req, link, full=True)


@router.route("PUT", "/courses/<course_id>/outcome_groups/<group_id>/outcomes/<outcome_id>")
def link_existing(req: ApiRequest, course_id: str, group_id: str, outcome_id: str) -> Any:
    course = find_course(req, course_id)
    group = _find_group(req, course, group_id)
    store = req.store
    move_from = req.get("move_from")
    if move_from not in (None, ""):
        # ``link`` with move_from: the old group's active link to this outcome moves
        # (adopt_outcome_link); without one, the bare "error".
        source = _find_group(req, course, as_str(move_from) or "")
        moving = next(
            (link for link in store.live(store.outcome_links, group_id=source.id)
             if link.outcome_id == parse_id(outcome_id)),
            None,
        )  # fmt: skip
        if moving is None:
            raise _error()
        moving.group_id = group.id
        moving.updated_at = store.now()
        return link_json(req, moving, full=True)
    outcome = store.get(store.outcomes, parse_id(outcome_id))
    if outcome is None or outcome.course_id != course.id:
        raise _error()  # not available in this context
    existing = next(
        (link for link in store.live(store.outcome_links, group_id=group.id)
         if link.outcome_id == outcome.id),
        None,
    )  # fmt: skip
    link = existing or store.add(
        store.outcome_links,
        OutcomeLink(**store.stamp(), course_id=course.id, group_id=group.id, outcome_id=outcome.id),
    )
    return link_json(req, link, full=True)


@router.route("DELETE", "/courses/<course_id>/outcome_groups/<group_id>/outcomes/<outcome_id>")
def unlink(req: ApiRequest, course_id: str, group_id: str, outcome_id: str) -> Any:
    course = find_course(req, course_id)
    group = _find_group(req, course, group_id)
    store = req.store
    link = next(
        (link for link in store.live(store.outcome_links, group_id=group.id)
         if link.outcome_id == parse_id(outcome_id)),
        None,
    )  # fmt: skip
    if link is None:
        raise errors.not_found()
    body = link_json(req, link, full=True)
    _unlink(store, link)
    return body


@router.route("GET", "/outcomes/<outcome_id>")
def get_outcome(req: ApiRequest, outcome_id: str) -> Any:
    outcome = req.store.get(req.store.outcomes, parse_id(outcome_id))
    if outcome is None:
        raise errors.not_found()
    return outcome_json(req, outcome)


@router.route("PUT", "/outcomes/<outcome_id>")
def update_outcome(req: ApiRequest, outcome_id: str) -> Any:
    outcome = req.store.get(req.store.outcomes, parse_id(outcome_id))
    if outcome is None:
        raise errors.not_found()
    before = (outcome.title, outcome.description, [dict(r) for r in outcome.ratings])
    _apply_outcome(req, outcome, req.params)
    if (outcome.title, outcome.description, outcome.ratings) != before:
        from .rubrics import propagate_outcome

        propagate_outcome(req.store, outcome)
    return outcome_json(req, outcome)
