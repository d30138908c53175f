"""Rubrics and rubric associations (canvas-api.md §17, §21.21).

Quirks kept: criteria arrive as an indexed hash (``rubric[criteria][0][ratings][1][...]``);
``POST``/``PUT /rubrics`` answer the non-standard ``{"rubric": …, "rubric_association": …}``;
a failed validation is **HTTP 200** ``{"error": true, "messages": [...]}``; updating a
rubric that another assignment also uses changes nothing in place but creates a copy
and points this association at it (the id changes); an assignment has at most one grading
association; deleting the last grading association removes the rubric. An assignment
with a grading rubric shows ``rubric``, ``rubric_settings`` and ``use_rubric_for_grading``.
The list has no ``associations`` even with ``include[]=associations``: only ``GET
.../rubrics/:id`` adds them.
"""

from __future__ import annotations

import html
import re
from typing import Any

from canvas_npq.sandbox import errors
from canvas_npq.sandbox.api import ApiRequest, json_response, paginate
from canvas_npq.sandbox.dates import iso
from canvas_npq.sandbox.params import as_list, as_str, to_bool, to_float
from canvas_npq.sandbox.records import Assignment, Course, Rubric, RubricAssociation
from canvas_npq.sandbox.routing import router
from canvas_npq.sandbox.store import Store

from .common import find_course, parse_id

ASSOCIATION_TYPES = ("Assignment", "Course", "Account")


# -- criteria --------------------------------------------------------------------------


_URL = re.compile(r"(https?://[^\s<>()]+[^\s<>().,;:!?'\"])")


def format_message(text: str) -> str:
    """Canvas's ``format_message``: plain text to HTML (escaped, web addresses linked,
    line breaks as ``<br/>``), which is what a criterion's long description becomes."""
    escaped = html.escape(text.strip(), quote=False)
    linked = _URL.sub(lambda m: f"<a href='{m.group(1)}'>{m.group(1)}</a>", escaped)
    return re.sub(r"\r?\n", "<br/>\r\n", linked)


def _criteria(rubric_id: int, value: Any, store: Store | None = None) -> list[dict[str, Any]]:
    """Canvas's ``generate_criteria``: a criterion's points are its top rating's, whatever
    is sent; its long description is formatted from text, or, when it is aligned to an
    outcome, replaced by the outcome's description."""
    criteria = []
    for n, raw in enumerate(as_list(value), start=1):
        if not isinstance(raw, dict):
            continue
        criterion_id = as_str(raw.get("id")) or f"{rubric_id}_{n}"
        ratings: list[dict[str, Any]] = []
        for m, rating in enumerate(as_list(raw.get("ratings")), start=1):
            if not isinstance(rating, dict):
                continue
            ratings.append(
                {
                    "id": as_str(rating.get("id")) or f"{criterion_id}_{m}",
                    "criterion_id": criterion_id,
                    "description": (as_str(rating.get("description")) or "No Description").strip(),
                    "long_description": (as_str(rating.get("long_description")) or "").strip(),
                    "points": to_float(rating.get("points")) or 0.0,
                }
            )
        ratings.sort(key=lambda r: (-r["points"], r["description"]))
        criterion: dict[str, Any] = {
            "id": criterion_id,
            "description": (as_str(raw.get("description")) or "No Description").strip(),
            "long_description": format_message(as_str(raw.get("long_description")) or ""),
            "points": max((r["points"] for r in ratings), default=0.0),
            "criterion_use_range": as_str(raw.get("criterion_use_range")) == "true"
            or raw.get("criterion_use_range") is True,
            "ratings": ratings,
        }
        if raw.get("learning_outcome_id") not in (None, ""):
            outcome_id = parse_id(as_str(raw.get("learning_outcome_id")))
            outcome = store.get(store.outcomes, outcome_id) if store is not None else None
            criterion["long_description"] = (outcome.description or "") if outcome else ""
            if outcome is not None:
                criterion["learning_outcome_id"] = outcome.id
                mastery = to_float(raw.get("mastery_points"))
                criterion["mastery_points"] = (
                    mastery if mastery is not None else outcome.mastery_points
                )
                criterion["ignore_for_scoring"] = as_str(raw.get("ignore_for_scoring")) in (
                    "true",
                    "1",
                )
        criteria.append(criterion)
    return criteria


def propagate_outcome(store: Store, outcome: Any) -> None:
    """Canvas's ``update_associated_rubrics``: when an outcome's title, description or
    ratings change, every unassessed rubric aligned to it and used by at most one
    assignment gets the outcome's title, description, points and ratings in the aligned
    criteria (in production Canvas does this in a background job)."""
    for rubric in store.live(store.rubrics, course_id=outcome.course_id):
        if _assignment_uses(store, rubric) > 1:
            continue
        for criterion in rubric.criteria:
            if criterion.get("learning_outcome_id") != outcome.id:
                continue
            criterion["description"] = outcome.title
            criterion["long_description"] = outcome.description or ""
            criterion["points"] = outcome.points_possible
            criterion["mastery_points"] = outcome.mastery_points
            criterion["ratings"] = [
                {
                    "id": f"{criterion['id']}_{m}",
                    "criterion_id": criterion["id"],
                    "description": rating["description"],
                    "long_description": "",
                    "points": rating["points"],
                }
                for m, rating in enumerate(outcome.ratings, start=1)
            ]
        rubric.updated_at = store.now()


def _normalized(criteria: list[dict[str, Any]]) -> list[Any]:
    """What ``will_change_with_update?`` compares: descriptions and points, not ids."""
    return [
        (
            c["description"],
            c["long_description"],
            c["points"],
            [(r["description"], r["long_description"], r["points"]) for r in c["ratings"]],
        )
        for c in criteria
    ]


# -- JSON ------------------------------------------------------------------------------


# ``include[]`` values of ``GET .../rubrics/:id`` that add ``associations``, and the
# association types each keeps (RubricsApiController#rubric_associations).
ASSOCIATION_SCOPES = {
    "associations": ASSOCIATION_TYPES,
    "assignment_associations": ("Assignment",),
    "course_associations": ("Course",),
    "account_associations": ("Account",),
}


def rubric_json(
    req: ApiRequest, rubric: Rubric, *, model: bool = False, associations: bool = False
) -> dict[str, Any]:
    """API JSON (``RubricsApiController``); ``model`` adds the legacy model fields that
    ``POST``/``PUT /rubrics`` return. ``associations`` is for ``show`` only: the list
    never has them, whatever ``include[]`` says (lib/api/v1/rubric.rb adds them only
    when the controller passes them, and ``index`` does not)."""
    store = req.store
    data: dict[str, Any] = {
        "id": rubric.id,
        "title": rubric.title,
        "context_id": rubric.course_id,
        "context_type": "Course",
        "points_possible": rubric.points_possible,
        "reusable": False,
        "public": False,
        "read_only": _assignment_uses(store, rubric) > 1,
        "free_form_criterion_comments": rubric.free_form_criterion_comments,
        "hide_score_total": rubric.hide_score_total,
        "data": [dict(c) for c in rubric.criteria],
        "workflow_state": rubric.workflow_state,
        "created_at": iso(rubric.created_at),
        "updated_at": iso(rubric.updated_at),
    }
    if model:
        data.update(
            user_id=rubric.user_id,
            rubric_id=None,
            context_code=f"course_{rubric.course_id}",
            association_count=len(store.live(store.rubric_associations, rubric_id=rubric.id)),
            migration_id=None,
            criteria=[dict(c) for c in rubric.criteria],
        )
    elif associations:
        scope = next((ASSOCIATION_SCOPES[i] for i in ASSOCIATION_SCOPES if i in req.includes()), ())
        if scope:
            data["associations"] = [
                association_json(req, a)
                for a in store.live(store.rubric_associations, rubric_id=rubric.id)
                if a.association_type in scope
            ]
    return data


def association_json(req: ApiRequest, association: RubricAssociation) -> dict[str, Any]:
    return {
        "id": association.id,
        "rubric_id": association.rubric_id,
        "association_id": association.association_id,
        "association_type": association.association_type,
        "use_for_grading": association.use_for_grading,
        "created_at": iso(association.created_at),
        "updated_at": iso(association.updated_at),
        "title": association.title,
        "summary_data": None,
        "purpose": association.purpose,
        "url": None,
        "context_id": association.course_id,
        "context_type": "Course",
        "hide_score_total": association.hide_score_total,
        "bookmarked": association.bookmarked,
        "context_code": f"course_{association.course_id}",
        "hide_points": association.hide_points,
        "hide_outcome_results": association.hide_outcome_results,
        "workflow_state": association.workflow_state,
    }


def _pair(req: ApiRequest, rubric: Rubric, association: RubricAssociation | None) -> dict[str, Any]:
    body: dict[str, Any] = {"rubric": rubric_json(req, rubric, model=True)}
    if association is not None:
        body["rubric_association"] = {
            **association_json(req, association),
            "assessment_requests": [],
            "association_count": len(
                req.store.live(req.store.rubric_associations, rubric_id=rubric.id)
            ),
        }
    return body


def rubric_fields_for_assignment(req: ApiRequest, assignment: Assignment) -> dict[str, Any]:
    """``rubric``/``rubric_settings``/``use_rubric_for_grading`` on assignment JSON (§12).

    As ``lib/api/v1/assignment.rb`` (``assignment_json``) builds them, only with an active
    grading association: each criterion is its row sliced to ``id``, ``points``,
    ``description``, ``long_description`` and ``ignore_for_scoring`` (keys the row has),
    with ``criterion_use_range`` (false when unset) and ``ratings`` (``id``, ``points``,
    ``description``, ``long_description`` as "" when unset); an aligned criterion adds
    ``outcome_id`` and ``vendor_guid`` when the outcome row exists (a deleted outcome's
    row still does: ``LearningOutcome.where(id:)`` has no state condition). None of them
    with ``exclude_response_fields[]=rubric``."""
    store = req.store
    if "rubric" in {str(v) for v in as_list(req.params.get("exclude_response_fields"))}:
        return {}
    association = _grading_association(store, assignment.id)
    rubric = store.get(store.rubrics, association.rubric_id) if association else None
    if association is None or rubric is None:
        return {}
    rows = []
    for c in rubric.criteria:
        row: dict[str, Any] = {
            k: c[k]
            for k in ("id", "points", "description", "long_description", "ignore_for_scoring")
            if k in c
        }
        row["criterion_use_range"] = c.get("criterion_use_range") or False
        row["ratings"] = [
            {
                **{k: r[k] for k in ("id", "points", "description") if k in r},
                "long_description": r.get("long_description") or "",
            }
            for r in c.get("ratings") or ()
        ]
        outcome = store.outcomes.get(c.get("learning_outcome_id") or 0)
        if outcome is not None:
            row["outcome_id"] = outcome.id
            row["vendor_guid"] = outcome.vendor_guid
        rows.append(row)
    return {
        "use_rubric_for_grading": association.use_for_grading,
        "free_form_criterion_comments": bool(rubric.free_form_criterion_comments),
        "rubric": rows,
        "rubric_settings": {
            "id": rubric.id,
            "title": rubric.title,
            "points_possible": rubric.points_possible,
            "free_form_criterion_comments": bool(rubric.free_form_criterion_comments),
            "hide_score_total": bool(association.hide_score_total),
            "hide_points": bool(association.hide_points),
        },
    }


# -- helpers ---------------------------------------------------------------------------


def _grading_association(store: Store, assignment_id: int) -> RubricAssociation | None:
    return next(
        (
            a
            for a in store.live(store.rubric_associations, association_type="Assignment")
            if a.association_id == assignment_id and a.purpose == "grading"
        ),
        None,
    )


def _assignment_uses(store: Store, rubric: Rubric) -> int:
    return len(
        store.live(store.rubric_associations, rubric_id=rubric.id, association_type="Assignment")
    )


def _used_elsewhere(store: Store, rubric: Rubric, association: RubricAssociation | None) -> bool:
    """Whether an edit must not change ``rubric`` in place: another assignment uses it
    (or, with no association named, more than one does)."""
    uses = _assignment_uses(store, rubric)
    if association is None:
        return uses > 1
    mine = 1 if association.association_type == "Assignment" else 0
    return uses - mine > 0


def _find_rubric(req: ApiRequest, course: Course, ref: str) -> Rubric:
    rubric = req.store.get(req.store.rubrics, parse_id(ref))
    if rubric is None or rubric.course_id != course.id:
        raise errors.not_found()
    return rubric


def _validation_failure(messages: list[str]) -> Any:
    """Rubric saves report failure as HTTP 200 (§4, §21.21)."""
    return json_response({"error": True, "messages": messages}, status=200)


def _association_target(req: ApiRequest, course: Course, values: dict[str, Any]) -> tuple[str, int]:
    kind = as_str(values.get("association_type")) or "Course"
    if kind not in ASSOCIATION_TYPES:
        raise errors.bad_request("invalid association_type")
    if kind == "Assignment":
        assignment = req.store.get(
            req.store.assignments, parse_id(as_str(values.get("association_id")))
        )
        if assignment is None or assignment.course_id != course.id:
            raise errors.not_found()
        return kind, assignment.id
    if kind == "Course":
        return kind, course.id
    return kind, parse_id(as_str(values.get("association_id"))) or course.account_id


def _associate(
    req: ApiRequest,
    course: Course,
    rubric: Rubric,
    values: dict[str, Any],
    existing: RubricAssociation | None = None,
    update_points: bool = False,
) -> RubricAssociation:
    """Create or update an association; one grading association per assignment.

    ``update_points``: a rubric saved through RubricsController sets the points of the
    assignment it grades to the rubric's total (RubricAssociation#update_assignment_points,
    before save) unless the request says ``skip_updating_points_possible=true``."""
    store = req.store
    kind, target_id = _association_target(req, course, {**_current(existing), **values})
    association = existing or RubricAssociation(
        **store.stamp(),
        rubric_id=rubric.id,
        course_id=course.id,
        association_id=target_id,
        association_type=kind,
    )
    association.rubric_id = rubric.id
    association.association_type, association.association_id = kind, target_id
    purpose = as_str(values.get("purpose"))
    if purpose in ("grading", "bookmark"):
        association.purpose = purpose
    elif existing is None:
        association.purpose = "grading" if kind == "Assignment" else "bookmark"
    for flag in (
        "use_for_grading",
        "hide_score_total",
        "hide_points",
        "hide_outcome_results",
        "bookmarked",
    ):
        if flag in values and (value := to_bool(values[flag])) is not None:
            setattr(association, flag, value)
    if "title" in values:
        association.title = as_str(values["title"])
    association.updated_at = store.now()
    if kind == "Assignment" and association.purpose == "grading":
        previous = _grading_association(store, target_id)
        if previous is not None and previous is not association:
            _remove_association(store, previous)
    if existing is None:
        store.add(store.rubric_associations, association)
    if update_points and kind == "Assignment" and association.use_for_grading:
        assignment = store.get(store.assignments, target_id)
        total = rubric.points_possible
        if assignment is not None and total and assignment.points_possible != total:
            assignment.points_possible = total
            assignment.updated_at = store.now()
    return association


def _updates_points(req: ApiRequest) -> bool:
    """RubricsController reads the top-level ``skip_updating_points_possible`` (not the
    ``rubric[...]`` one its docs name) and skips only on text matching /true/i."""
    skip = as_str(req.get("skip_updating_points_possible")) or ""
    return "true" not in skip.lower()


def _current(association: RubricAssociation | None) -> dict[str, Any]:
    if association is None:
        return {}
    return {
        "association_type": association.association_type,
        "association_id": association.association_id,
    }


def _remove_association(store: Store, association: RubricAssociation) -> None:
    """Deleting the last grading association deletes the rubric (§6, §17)."""
    association.workflow_state = "deleted"
    rubric = store.get(store.rubrics, association.rubric_id)
    if rubric is None:
        return
    remaining = store.live(store.rubric_associations, rubric_id=rubric.id)
    if association.purpose == "grading" and not any(
        a.purpose == "grading" or a.bookmarked for a in remaining
    ):
        rubric.workflow_state = "deleted"


# -- endpoints -------------------------------------------------------------------------


@router.route("GET", "/courses/<course_id>/rubrics")
def list_rubrics(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    return paginate(
        req, req.store.live(req.store.rubrics, course_id=course.id), lambda r: rubric_json(req, r)
    )


@router.route("GET", "/courses/<course_id>/rubrics/<rubric_id>")
def get_rubric(req: ApiRequest, course_id: str, rubric_id: str) -> Any:
    course = find_course(req, course_id)
    store = req.store
    # ``show`` finds the rubric through one of the course's bookmarked associations.
    wanted = parse_id(rubric_id)
    bookmarked = any(
        a.bookmarked and a.course_id == course.id
        for a in store.live(store.rubric_associations, rubric_id=wanted)
    )
    rubric = store.get(store.rubrics, wanted) if bookmarked else None
    if rubric is None:
        raise errors.not_found_message("Rubric not found")
    return rubric_json(req, rubric, associations=True)


@router.route("POST", "/courses/<course_id>/rubrics")
def create_rubric(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    store = req.store
    values = req.section("rubric") or {}
    title = as_str(values.get("title"))
    if not title:
        return _validation_failure(["Title can't be blank"])
    association_values = req.section("rubric_association") or {}
    _association_target(req, course, association_values)  # 404 before creating anything
    rubric = Rubric(**store.stamp(), course_id=course.id, title=title, user_id=req.user.id)
    rubric.criteria = _criteria(rubric.id, values.get("criteria"), store)
    rubric.free_form_criterion_comments = bool(to_bool(values.get("free_form_criterion_comments")))
    rubric.hide_score_total = bool(to_bool(association_values.get("hide_score_total")))
    store.add(store.rubrics, rubric)
    association = _associate(
        req, course, rubric, association_values, update_points=_updates_points(req)
    )
    return _pair(req, rubric, association)


@router.route("PUT", "/courses/<course_id>/rubrics/<rubric_id>")
def update_rubric(req: ApiRequest, course_id: str, rubric_id: str) -> Any:
    course = find_course(req, course_id)
    store = req.store
    rubric = _find_rubric(req, course, rubric_id)
    values = req.section("rubric") or {}
    association_values = req.section("rubric_association") or {}
    association = store.get(
        store.rubric_associations, parse_id(as_str(req.get("rubric_association_id")))
    )
    if association is not None and association.rubric_id != rubric.id:
        association = None
    if association is None and association_values.get("association_type") == "Assignment":
        target = parse_id(as_str(association_values.get("association_id")))
        association = next(
            (a for a in store.live(store.rubric_associations, rubric_id=rubric.id)
             if a.association_type == "Assignment" and a.association_id == target),
            None,
        )  # fmt: skip

    title = as_str(values.get("title")) if "title" in values else rubric.title
    if not title:
        return _validation_failure(["Title can't be blank"])
    criteria = (
        _criteria(rubric.id, values["criteria"], store) if "criteria" in values else rubric.criteria
    )
    changes = title != rubric.title or _normalized(criteria) != _normalized(rubric.criteria)
    if changes and _used_elsewhere(store, rubric, association):
        # Copy-on-write (§21.21): the other users keep the old rubric.
        copy = Rubric(
            **store.stamp(),
            course_id=course.id,
            title=title,
            user_id=req.user.id,
            free_form_criterion_comments=rubric.free_form_criterion_comments,
            hide_score_total=rubric.hide_score_total,
        )
        copy.criteria = (
            _criteria(copy.id, values["criteria"], store)
            if "criteria" in values
            else [dict(c) for c in rubric.criteria]
        )
        store.add(store.rubrics, copy)
        rubric = copy
        if association is not None:
            association.rubric_id = copy.id
    else:
        rubric.title = title
        rubric.criteria = criteria
    if "free_form_criterion_comments" in values:
        rubric.free_form_criterion_comments = bool(to_bool(values["free_form_criterion_comments"]))
    rubric.updated_at = store.now()
    if association_values:
        association = _associate(
            req, course, rubric, association_values, association, _updates_points(req)
        )
    return _pair(req, rubric, association)


@router.route("DELETE", "/courses/<course_id>/rubrics/<rubric_id>")
def delete_rubric(req: ApiRequest, course_id: str, rubric_id: str) -> Any:
    course = find_course(req, course_id)
    rubric = _find_rubric(req, course, rubric_id)
    store = req.store
    for association in store.live(store.rubric_associations, rubric_id=rubric.id):
        association.workflow_state = "deleted"
    rubric.workflow_state = "deleted"
    rubric.updated_at = store.now()
    return rubric_json(req, rubric, model=True)


@router.route("POST", "/courses/<course_id>/rubric_associations")
def create_association(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    store = req.store
    values = req.require_section("rubric_association")
    rubric = store.get(store.rubrics, parse_id(as_str(values.get("rubric_id"))))
    if rubric is None:
        raise errors.not_found()
    if rubric.course_id != course.id:
        # A rubric from another course is duplicated into this one (§17).
        rubric = store.add(
            store.rubrics,
            Rubric(
                **store.stamp(),
                course_id=course.id,
                title=rubric.title,
                criteria=[dict(c) for c in rubric.criteria],
                free_form_criterion_comments=rubric.free_form_criterion_comments,
                user_id=req.user.id,
            ),
        )
    association = _associate(req, course, rubric, values)
    return _pair(req, rubric, association)


def _find_association(req: ApiRequest, course: Course, ref: str) -> RubricAssociation:
    association = req.store.get(req.store.rubric_associations, parse_id(ref))
    if association is None or association.course_id != course.id:
        raise errors.not_found()
    return association


@router.route("PUT", "/courses/<course_id>/rubric_associations/<association_id>")
def update_association(req: ApiRequest, course_id: str, association_id: str) -> Any:
    course = find_course(req, course_id)
    association = _find_association(req, course, association_id)
    values = req.section("rubric_association") or {}
    rubric = req.store.get(
        req.store.rubrics, parse_id(as_str(values.get("rubric_id"))) or association.rubric_id
    )
    if rubric is None:
        raise errors.not_found()
    association = _associate(req, course, rubric, values, association)
    return _pair(req, rubric, association)


@router.route("DELETE", "/courses/<course_id>/rubric_associations/<association_id>")
def delete_association(req: ApiRequest, course_id: str, association_id: str) -> Any:
    course = find_course(req, course_id)
    association = _find_association(req, course, association_id)
    body = association_json(req, association)
    _remove_association(req.store, association)
    return {**body, "workflow_state": "deleted"}
