"""Module items (canvas-api.md §10, §21.5-§21.7).

Quirks kept: creating with an explicit ``position`` shifts the items at and after it
down by one; an out-of-range position still creates the item (at the end) and then
answers 400 ``Invalid position``; content items mirror their content's published state
while SubHeader/ExternalUrl/ExternalTool items start unpublished; the title defaults to
the content's; updating ``title`` renames the content and ``published`` flips it (422
``item can't be published`` / 403 ``item can't be unpublished``); ``module_id`` moves
the item (and its completion requirement); type and content cannot change. Completion
requirements are stored on the module and ``must_submit``/``min_score``/
``min_percentage`` on something that cannot be scored are silently dropped; only a blank
``completion_requirement`` clears one (a blank ``[type]`` is a 400).
"""

from __future__ import annotations

from typing import Any

from canvas_npq.sandbox import errors
from canvas_npq.sandbox.api import ApiRequest, paginate
from canvas_npq.sandbox.dates import iso
from canvas_npq.sandbox.params import as_str, to_bool, to_float, to_int
from canvas_npq.sandbox.records import Assignment, Course, Module, ModuleItem
from canvas_npq.sandbox.routing import router

from .common import by_position, find_course, find_in_course, move_to, parse_id
from .content import (
    CONTENT_TYPES,
    UNPUBLISHED_BY_DEFAULT,
    api_type,
    api_url,
    content_details,
    content_of,
    item_published,
    item_unpublishable,
    rename_content,
    set_item_published,
    table_for,
    title_of,
)

REQUIREMENT_TYPES = (
    "must_view",
    "must_submit",
    "must_contribute",
    "min_score",
    "min_percentage",
    "must_mark_done",
)
_SCORE_REQUIREMENTS = ("must_submit", "min_score", "min_percentage")


def item_json(req: ApiRequest, item: ModuleItem, *, details: bool = False) -> dict[str, Any]:
    store = req.store
    data: dict[str, Any] = {
        "id": item.id,
        "title": item.title,
        "position": item.position,
        "indent": item.indent,
        "quiz_lti": False,
        "type": item.type,
        "module_id": item.module_id,
    }
    if item.type != "SubHeader":
        data["html_url"] = req.html_url(f"/courses/{item.course_id}/modules/items/{item.id}")
    if item.type not in ("Page", "SubHeader", "ExternalUrl"):
        data["content_id"] = item.content_id
    content = content_of(store, item)
    if item.type == "Page" and content is not None:
        data["page_url"] = content.url  # type: ignore[attr-defined]
        data["publish_at"] = iso(content.publish_at)  # type: ignore[attr-defined]
    if (url := api_url(req, item)) is not None:
        data["url"] = url
    if item.type in ("ExternalUrl", "ExternalTool"):
        data["external_url"] = item.external_url
        data["new_tab"] = item.new_tab
    requirement = requirement_for(store.modules[item.module_id], item)
    if requirement is not None:
        data["completion_requirement"] = {k: v for k, v in requirement.items() if k != "id"}
    data["published"] = item_published(store, item)
    data["unpublishable"] = item_unpublishable(store, item)
    if details:
        data["content_details"] = content_details(req, item)
    return data


def requirement_for(module: Module, item: ModuleItem) -> dict[str, Any] | None:
    return next((r for r in module.completion_requirements if r["id"] == item.id), None)


def live_items(req: ApiRequest, module: Module) -> list[ModuleItem]:
    return by_position(req.store.live(req.store.module_items, module_id=module.id))


def _scoreable(req: ApiRequest, item: ModuleItem) -> bool:
    if item.type in ("Assignment", "Quiz"):
        return True
    if item.type == "Discussion":
        topic = content_of(req.store, item)
        return topic is not None and getattr(topic, "assignment_id", None) is not None
    return False


def _blank(value: Any) -> bool:
    """Rails's ``blank?``: nil, an empty or all-space string, an empty hash."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, dict | list) and not value


def set_requirement(req: ApiRequest, module: Module, item: ModuleItem, value: Any) -> None:
    """``set_completion_requirement`` + ``validate_completion_requirements`` (§10).

    Only a blank ``module_item[completion_requirement]`` clears a requirement; a hash
    whose ``type`` is blank or unknown (``completion_requirement[type]=``) is refused
    with 400 ``Invalid completion requirement type`` (ContextModuleItemsApiController).
    """
    others = [r for r in module.completion_requirements if r["id"] != item.id]
    if _blank(value):
        module.completion_requirements = others
        return
    kind = as_str(value.get("type")) if isinstance(value, dict) else None
    if kind not in REQUIREMENT_TYPES:
        raise errors.validation_error(
            {"completion_requirement": "Invalid completion requirement type"}
        )
    if kind in _SCORE_REQUIREMENTS and not _scoreable(req, item):
        module.completion_requirements = others  # silently dropped (§21.7)
        return
    requirement: dict[str, Any] = {"id": item.id, "type": kind}
    if kind == "min_score" and value.get("min_score") is not None:
        requirement["min_score"] = to_float(value["min_score"])
    if kind == "min_percentage" and value.get("min_percentage") is not None:
        requirement["min_percentage"] = to_float(value["min_percentage"])
    module.completion_requirements = [*others, requirement]


def find_module(req: ApiRequest, course: Course, ref: str) -> Module:
    return find_in_course(req.store.modules, course, ref)


def _find_item(req: ApiRequest, course: Course, module: Module, ref: str) -> ModuleItem:
    item = find_in_course(req.store.module_items, course, ref)
    if item.module_id != module.id:
        raise errors.not_found()
    return item


def _resolve_content(
    req: ApiRequest, course: Course, type_: str, values: dict[str, Any]
) -> tuple[str, Any]:
    """``(type, content)`` for a new item; raises with Canvas's messages."""
    store = req.store
    if type_ == "Page":
        page_url = as_str(values.get("page_url"))
        if page_url is None:
            raise errors.bad_request("missing page_url parameter")
        page = next(
            (p for p in store.live(store.pages, course_id=course.id) if p.url == page_url), None
        )
        if page is None:
            raise errors.bad_request("invalid page_url parameter")
        return type_, page
    table = table_for(store, type_)
    if table is None:
        raise errors.bad_request("Could not find content")
    content = store.get(table, parse_id(as_str(values.get("content_id"))))
    if content is None or getattr(content, "course_id", None) != course.id:
        raise errors.bad_request("Could not find content")
    # An assignment that *is* a classic quiz links to the quiz (§10).
    if isinstance(content, Assignment) and content.quiz_id is not None:
        quiz = store.get(store.quizzes, content.quiz_id)
        if quiz is not None:
            return "Quiz", quiz
    # An assignment that *is* a graded discussion links to the discussion (§10).
    if isinstance(content, Assignment) and content.discussion_topic_id is not None:
        topic = store.get(store.discussions, content.discussion_topic_id)
        if topic is not None:
            return "Discussion", topic
    return type_, content


def _create_one(
    req: ApiRequest, course: Course, module: Module, values: dict[str, Any]
) -> ModuleItem:
    store = req.store
    type_ = api_type(values.get("type"))
    if type_ is None:
        raise errors.bad_request("Could not find content")
    content = None
    external_url = as_str(values.get("external_url"))
    if type_ in CONTENT_TYPES:
        type_, content = _resolve_content(req, course, type_, values)
    elif type_ in ("ExternalUrl", "ExternalTool") and not external_url:
        raise errors.validation_error({"url": "can't be blank"})
    title = as_str(values.get("title"))
    if title is None:
        title = title_of(content) if content is not None else (external_url or "")
    siblings = live_items(req, module)
    requested = values.get("position")
    position = to_int(requested) if requested not in (None, "") else None
    item = ModuleItem(
        **store.stamp(),
        workflow_state="unpublished" if type_ in UNPUBLISHED_BY_DEFAULT else "active",
        course_id=course.id,
        module_id=module.id,
        position=max((i.position for i in siblings), default=0) + 1,
        title=title,
        type=type_,
        content_id=content.id if content is not None else None,
        external_url=external_url if type_ in ("ExternalUrl", "ExternalTool") else None,
        new_tab=bool(to_bool(values.get("new_tab"))),
        indent=to_int(values.get("indent")) or 0,
    )
    valid_position = position is not None and 1 <= position <= len(siblings) + 1
    if valid_position:
        for sibling in siblings:  # ``resolve_conflicts``: shift the rest down by one
            if sibling.position >= position:  # type: ignore[operator]
                sibling.position += 1
        item.position = position  # type: ignore[assignment]
    store.add(store.module_items, item)
    if "completion_requirement" in values:
        set_requirement(req, module, item, values["completion_requirement"])
    module.updated_at = store.now()
    if position is not None and not valid_position:
        # Canvas keeps the item it already saved and reports the bad position.
        raise errors.validation_error({"position": "Invalid position"})
    return item


@router.route("GET", "/courses/<course_id>/modules/<module_id>/items")
def list_items(req: ApiRequest, course_id: str, module_id: str) -> Any:
    course = find_course(req, course_id)
    module = find_module(req, course, module_id)
    rows = live_items(req, module)
    term = as_str(req.get("search_term"))
    if term:
        rows = [i for i in rows if term.lower() in i.title.lower()]
    details = "content_details" in req.includes()
    return paginate(req, rows, lambda i: item_json(req, i, details=details))


@router.route("GET", "/courses/<course_id>/modules/<module_id>/items/<item_id>")
def get_item(req: ApiRequest, course_id: str, module_id: str, item_id: str) -> Any:
    course = find_course(req, course_id)
    module = find_module(req, course, module_id)
    item = _find_item(req, course, module, item_id)
    return item_json(req, item, details="content_details" in req.includes())


@router.route("POST", "/courses/<course_id>/modules/<module_id>/items")
def create_item(req: ApiRequest, course_id: str, module_id: str) -> Any:
    course = find_course(req, course_id)
    module = find_module(req, course, module_id)
    bulk = req.params.get("module_items")
    single = req.section("module_item")
    if single is None and not bulk:
        raise errors.bad_request("missing module item parameter")
    if bulk:
        created, problems = [], []
        for index, values in enumerate(bulk if isinstance(bulk, list) else [bulk]):
            try:
                created.append(item_json(req, _create_one(req, course, module, values or {})))
            except errors.ApiError as exc:
                message = exc.body.get("message") if isinstance(exc.body, dict) else None
                problems.append({"index": index, "message": message or "invalid item"})
        body: dict[str, Any] = {"created": created}
        if problems:
            body["errors"] = problems
        return body
    return item_json(req, _create_one(req, course, module, single or {}))


@router.route("PUT", "/courses/<course_id>/modules/<module_id>/items/<item_id>")
def update_item(req: ApiRequest, course_id: str, module_id: str, item_id: str) -> Any:
    course = find_course(req, course_id)
    module = find_module(req, course, module_id)
    item = _find_item(req, course, module, item_id)
    values = req.require_section("module_item")
    store = req.store
    title = as_str(values.get("title"))
    if title:
        item.title = title
    if item.type in ("ExternalUrl", "ExternalTool") and as_str(values.get("external_url")):
        item.external_url = as_str(values["external_url"])
    if values.get("indent") not in (None, ""):
        item.indent = to_int(values["indent"]) or 0
    if values.get("new_tab") not in (None, ""):
        item.new_tab = bool(to_bool(values["new_tab"]))
    target_ref = values.get("module_id")
    if target_ref not in (None, "") and to_int(target_ref) != item.module_id:
        target = store.get(store.modules, to_int(target_ref))
        if target is None or target.course_id != course.id:
            raise errors.bad_request("invalid module_id")
        moved = requirement_for(module, item)
        module.completion_requirements = [
            r for r in module.completion_requirements if r["id"] != item.id
        ]
        remaining = [i for i in live_items(req, module) if i is not item]
        for number, sibling in enumerate(remaining, start=1):
            sibling.position = number
        item.module_id = target.id
        item.position = (
            max((i.position for i in live_items(req, target) if i is not item), default=0) + 1
        )
        if moved is not None and "completion_requirement" not in values:
            values = {**values, "completion_requirement": moved}
        module = target
    if "published" in values:
        wanted = bool(to_bool(values["published"]))
        if not set_item_published(req, item, wanted):
            if wanted:
                raise errors.bad_request("item can't be published", status=422)
            raise errors.bad_request("item can't be unpublished", status=403)
    item.updated_at = store.now()
    if values.get("position") not in (None, ""):
        position = to_int(values["position"]) or 0
        siblings = live_items(req, module)
        if not 1 <= position <= len(siblings):
            raise errors.validation_error({"position": "Invalid position"})
        move_to(siblings, item, position)
    if "completion_requirement" in values:
        set_requirement(req, module, item, values["completion_requirement"])
    if title:
        rename_content(req, item, title)
    module.updated_at = store.now()
    return item_json(req, item)


@router.route("DELETE", "/courses/<course_id>/modules/<module_id>/items/<item_id>")
def delete_item(req: ApiRequest, course_id: str, module_id: str, item_id: str) -> Any:
    course = find_course(req, course_id)
    module = find_module(req, course, module_id)
    item = _find_item(req, course, module, item_id)
    body = item_json(req, item)
    item.workflow_state = "deleted"
    module.completion_requirements = [
        r for r in module.completion_requirements if r["id"] != item.id
    ]
    module.updated_at = req.store.now()
    return body
