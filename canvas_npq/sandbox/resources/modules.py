"""Context modules (canvas-api.md §9, §21.3, §21.4, §21.6, §21.8).

Quirks kept: new modules are unpublished and ``published`` is ignored on create;
``module[published]`` on update cascades to every item and its content unless
``module[skip_content_tags]=true`` (content that refuses to unpublish, e.g. an assignment
with submissions, stays published and the reply carries ``unpublish_warning``);
prerequisites are kept only when they point at a module with a lower position;
``include[]=items`` inlines items only when there are at most 100; delete answers with
the module's JSON and takes its items with it. ``PUT /courses/:id/modules`` publishes,
unpublishes or deletes several modules at once (``batch_update``).
"""

from __future__ import annotations

from typing import Any

from canvas_npq.sandbox import errors
from canvas_npq.sandbox.api import MAX_PER_PAGE, ApiRequest, paginate
from canvas_npq.sandbox.dates import iso
from canvas_npq.sandbox.params import as_list, as_str, to_bool, to_int
from canvas_npq.sandbox.records import Course, Module
from canvas_npq.sandbox.routing import router

from .common import by_position, date_param, find_course, move_to, parse_id
from .content import set_item_published
from .module_items import find_module, item_json, live_items


def module_json(
    req: ApiRequest,
    module: Module,
    *,
    items: bool = False,
    details: bool = False,
    search: str | None = None,
) -> dict[str, Any]:
    rows = live_items(req, module)
    data: dict[str, Any] = {
        "id": module.id,
        "name": module.name,
        "position": module.position,
        "unlock_at": iso(module.unlock_at),
        "require_sequential_progress": module.require_sequential_progress,
        "requirement_type": module.requirement_type,
        "publish_final_grade": module.publish_final_grade,
        "prerequisite_module_ids": list(module.prerequisite_module_ids),
        "published": module.workflow_state == "active",
        "items_count": len(rows),
        "items_url": req.api_url(f"/courses/{module.course_id}/modules/{module.id}/items"),
    }
    if items and len(rows) <= MAX_PER_PAGE:
        if search:
            rows = [i for i in rows if search.lower() in i.title.lower()]
        data["items"] = [item_json(req, i, details=details) for i in rows]
    return data


def _ordered(req: ApiRequest, course: Course) -> list[Module]:
    return by_position(req.store.live(req.store.modules, course_id=course.id))


def _prerequisites(req: ApiRequest, course: Course, module: Module, value: Any) -> list[int]:
    """Ids (or ``module_<id>``) of modules that come before this one; others ignored."""
    positions = {m.id: m.position for m in _ordered(req, course) if m is not module}
    kept: list[int] = []
    for raw in as_list(value):
        text = str(raw).strip()
        module_id = parse_id(text.removeprefix("module_"))
        if (
            module_id in positions
            and positions[module_id] < module.position
            and module_id not in kept
        ):
            kept.append(module_id)
    return kept


def _apply(
    req: ApiRequest, course: Course, module: Module, values: dict[str, Any], *, new: bool
) -> dict[str, Any]:
    """Apply ``module[...]``; returns the extra warning fields for the reply."""
    store = req.store
    # The update action always answers with both flags (``.present?``), false unless
    # content refused to follow the module (context_modules_api_controller#update).
    warnings: dict[str, Any] = {"publish_warning": False, "unpublish_warning": False}
    unlock_at = (
        date_param(req, course, values.get("unlock_at"), "unlock_at")
        if "unlock_at" in values
        else None
    )
    if "name" in values:
        name = as_str(values["name"])
        if not name:
            raise errors.bad_request("missing module name")
        module.name = name
    if "unlock_at" in values:
        module.unlock_at = unlock_at
    for flag in ("require_sequential_progress", "publish_final_grade"):
        if flag in values and (value := to_bool(values[flag])) is not None:
            setattr(module, flag, value)
    if "position" in values and values["position"] not in (None, ""):
        position = to_int(values["position"]) or 0
        siblings = _ordered(req, course)
        if module not in siblings:
            siblings.append(module)
        if not 1 <= position <= len(siblings):
            raise errors.validation_error({"position": "Invalid position"})
        move_to(siblings, module, position)
    if "prerequisite_module_ids" in values:
        module.prerequisite_module_ids = _prerequisites(
            req, course, module, values["prerequisite_module_ids"]
        )
    if (
        not new
        and "published" in values
        and (published := to_bool(values["published"])) is not None
    ):
        module.workflow_state = "active" if published else "unpublished"
        if not to_bool(values.get("skip_content_tags")):
            refused = [
                item
                for item in live_items(req, module)
                if not set_item_published(req, item, published)
            ]
            if refused and published:
                warnings["publish_warning"] = True
                warnings["publish_warning_items"] = [
                    {"id": i.id, "title": i.title, "reason": "unpublishable"} for i in refused
                ]
            elif refused:
                warnings["unpublish_warning"] = True
    module.updated_at = store.now()
    return warnings


@router.route("GET", "/courses/<course_id>/modules")
def list_modules(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    includes = req.includes()
    with_items = "items" in includes
    term = as_str(req.get("search_term"))
    rows = _ordered(req, course)
    if term and not with_items:
        rows = [m for m in rows if term.lower() in m.name.lower()]
    elif term:
        # With items, the term filters items and drops modules left empty (§9).
        rows = [m for m in rows if any(term.lower() in i.title.lower() for i in live_items(req, m))]
    return paginate(
        req,
        rows,
        lambda m: module_json(
            req, m, items=with_items, details="content_details" in includes, search=term
        ),
    )


@router.route("GET", "/courses/<course_id>/modules/<module_id>")
def get_module(req: ApiRequest, course_id: str, module_id: str) -> Any:
    course = find_course(req, course_id)
    includes = req.includes()
    return module_json(
        req,
        find_module(req, course, module_id),
        items="items" in includes,
        details="content_details" in includes,
    )


@router.route("POST", "/courses/<course_id>/modules")
def create_module(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    values = req.require_section("module")
    if not as_str(values.get("name")):
        raise errors.bad_request("missing module name")
    store = req.store
    module = Module(
        **store.stamp(),
        workflow_state="unpublished",  # new modules start unpublished; ``published`` ignored (§9)
        course_id=course.id,
        name="",
        position=max((m.position for m in _ordered(req, course)), default=0) + 1,
    )
    store.add(store.modules, module)
    try:
        _apply(req, course, module, values, new=True)
    except errors.ApiError:
        module.workflow_state = "deleted"
        raise
    return module_json(req, module)


@router.route("PUT", "/courses/<course_id>/modules/<module_id>")
def update_module(req: ApiRequest, course_id: str, module_id: str) -> Any:
    course = find_course(req, course_id)
    module = find_module(req, course, module_id)
    values = req.require_section("module")
    warnings = _apply(req, course, module, values, new=False)
    return {**module_json(req, module), **warnings}


@router.route("DELETE", "/courses/<course_id>/modules/<module_id>")
def delete_module(req: ApiRequest, course_id: str, module_id: str) -> Any:
    course = find_course(req, course_id)
    module = find_module(req, course, module_id)
    body = module_json(req, module)
    _destroy(req, course, module)
    return body


def _destroy(req: ApiRequest, course: Course, module: Module) -> None:
    module.workflow_state = "deleted"
    for item in live_items(req, module):
        item.workflow_state = "deleted"
    for other in req.store.live(req.store.modules, course_id=course.id):
        if module.id in other.prerequisite_module_ids:
            other.prerequisite_module_ids.remove(module.id)


BATCH_EVENTS = ("publish", "unpublish", "delete")


@router.route("PUT", "/courses/<course_id>/modules")
def batch_update_modules(req: ApiRequest, course_id: str) -> Any:
    """``batch_update``: one event for the listed modules of this course.

    As Canvas: ``event`` and ``module_ids[]`` are required (bare-message 400s); ids are
    kept only when they look like ids (``Api.map_non_sis_ids``), other courses' and
    deleted modules are skipped, and none left is 404 ``no modules found``. ``publish``
    and ``unpublish`` also (un)publish each module's items and their content unless
    ``skip_content_tags``. The answer lists the modules done, ``progress`` null.
    """
    course = find_course(req, course_id)
    event = as_str(req.get("event"))
    if not event:
        raise errors.bad_request("need to specify event")
    if event not in BATCH_EVENTS:
        raise errors.bad_request("invalid event")
    raw = req.get("module_ids")
    if raw is None or raw == "" or raw == [] or raw == {}:
        raise errors.bad_request("must specify module_ids[]")
    if to_bool(req.get("async")):
        # Canvas then queues a job and answers with a Progress: not modelled here.
        raise errors.bad_request("the sandbox does not model async batch updates")
    ids = (str(value).strip() for value in as_list(raw))
    wanted = {int(text) for text in ids if text.isascii() and text.isdigit()}
    modules = [m for m in _ordered(req, course) if m.id in wanted]
    if not modules:
        raise errors.not_found_message("no modules found")
    skip_items = bool(to_bool(req.get("skip_content_tags")))
    for module in modules:
        if event == "delete":
            _destroy(req, course, module)
            continue
        published = event == "publish"
        module.workflow_state = "active" if published else "unpublished"
        if not skip_items:
            for item in live_items(req, module):
                set_item_published(req, item, published)  # a refusal is not reported
        module.updated_at = req.store.now()
    return {"completed": [m.id for m in modules], "progress": None}


@router.route("PUT", "/courses/<course_id>/modules/<module_id>/relock")
def relock_module(req: ApiRequest, course_id: str, module_id: str) -> Any:
    course = find_course(req, course_id)
    return module_json(req, find_module(req, course, module_id))
