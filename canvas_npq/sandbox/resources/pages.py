"""Wiki pages and the course front page (canvas-api.md §11, §21.1, §21.2, §21.14, §21.23).

Quirks kept: the slug follows the title (stringex ``to_url``) and is re-derived on every
rename; a duplicate title gets ``-2``, ``-3``… appended to the *title* (and so the slug),
and a colliding title that already ends in ``-<digits>`` is refused; ``PUT`` on an unknown
slug creates the page; teacher-created pages start unpublished; ``updated_at`` is
``revised_at``, bumped only by body, title or published changes; the list omits ``body``
unless ``include[]=body``; the front page cannot be unpublished or deleted and only a
published page can become it; renaming a page renames module items that point at it.
``page_id:N`` finds a deleted page too, and then GET, PUT and DELETE answer 403 (a slug
or bare id finds only pages that are not deleted, and a PUT there creates a new page).
"""

from __future__ import annotations

import re
from typing import Any

from canvas_npq.sandbox import errors
from canvas_npq.sandbox.api import ApiRequest, paginate
from canvas_npq.sandbox.dates import iso
from canvas_npq.sandbox.html import sanitize_page_read
from canvas_npq.sandbox.params import as_str, to_bool
from canvas_npq.sandbox.records import Course, Page
from canvas_npq.sandbox.routing import router
from canvas_npq.sandbox.slugs import cased_title, to_url, unique_slug

from .blueprints import ensure_editable
from .common import date_param, find_course, incoming_html, outgoing_html

TITLE_LENGTH = 255
# ``validates :body, length: {maximum: maximum_long_text_length}`` (app/models/wiki_page.rb);
# ``maximum_long_text_length`` is ``500.kilobytes - 1`` characters.
BODY_LENGTH = 500 * 1024 - 1
EDITING_ROLES = {"teachers", "students", "members", "public"}


def page_json(req: ApiRequest, page: Page, *, body: bool = True) -> dict[str, Any]:
    course = req.store.courses[page.course_id]
    user = req.store.users.get(page.user_id or 0) or req.user
    data: dict[str, Any] = {
        "title": page.title,
        "created_at": iso(page.created_at),
        "url": page.url,
        "editing_roles": page.editing_roles,
        "page_id": page.id,
        "last_edited_by": {
            "id": user.id,
            "anonymous_id": format(user.id, "x"),
            "display_name": user.short_name,
            "avatar_image_url": req.html_url("/images/messages/avatar-50.png"),
            "html_url": req.html_url(f"/courses/{course.id}/users/{user.id}"),
            "pronouns": None,
        },
        "published": page.workflow_state == "active",
        "hide_from_students": page.workflow_state != "active",
        "front_page": is_front_page(course, page),
        "html_url": req.html_url(f"/courses/{course.id}/pages/{page.url}"),
        "todo_date": iso(page.todo_date),
        "publish_at": iso(page.publish_at),
        "updated_at": iso(page.revised_at),
        "locked_for_user": False,
    }
    if body:
        data["body"] = outgoing_html(req, sanitize_page_read(page.body))
    return data


def readable(page: Page) -> Page:
    """``WikiPage#can_read_page?`` grants nothing on a deleted page (it is neither
    published nor unpublished), so every action on one found by ``page_id:N`` fails
    ``authorized_action``: 403, not 404, and a PUT neither revives nor re-creates it."""
    if page.deleted:
        raise errors.forbidden()
    return page


def is_front_page(course: Course, page: Page) -> bool:
    return not page.deleted and course.front_page_id == page.id


def find_page(req: ApiRequest, course: Course, ref: str) -> Page | None:
    """``Wiki#find_page``: ``page_id:N``, then slug (as given or ``to_url``), then id.

    ``page_id:N`` is looked up among all the course's pages, deleted ones included;
    slugs and bare ids only among pages that are not deleted.
    """
    if ref.startswith("page_id:"):
        wanted = ref.split(":", 1)[1]
        every = (p for p in req.store.pages.values() if p.course_id == course.id)
        return next((p for p in every if str(p.id) == wanted), None)
    pages = req.store.live(req.store.pages, course_id=course.id)
    for candidate in (ref, to_url(ref)):
        match = next((p for p in pages if p.url == candidate), None)
        if match is not None:
            return match
    if ref.isdigit():
        return next((p for p in pages if p.id == int(ref)), None)
    return None


def _title_problem(title: str) -> str | None:
    if not title.strip():
        return "Title can't be blank"
    if len(title) > TITLE_LENGTH:
        return f"Title can't exceed {TITLE_LENGTH} characters"
    if not to_url(title):
        return "Title must contain at least one letter or number"
    return None


def _unique_title(req: ApiRequest, page: Page, title: str) -> str:
    """``WikiPage#ensure_unique_title`` without the ``permanent_page_links`` flag."""
    others = {
        p.title for p in req.store.live(req.store.pages, course_id=page.course_id) if p is not page
    }
    if title not in others:
        return title
    if re.search(r"-\d+\Z", title):
        raise errors.validation_error(
            {"title": "A page with this title already exists. Please choose a different title."}
        )
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = title[: TITLE_LENGTH - len(suffix)] + suffix
        if candidate not in others:
            return candidate
        n += 1


def checked_title(req: ApiRequest, page: Page, title: str) -> str:
    """The title Canvas would save (validated, made unique), without saving it."""
    problem = _title_problem(title)
    if problem:
        raise errors.validation_error({"title": problem})
    return _unique_title(req, page, title)


def set_title(req: ApiRequest, page: Page, title: str) -> None:
    """Rename: unique title, slug re-derived (``sync_url``), module items follow."""
    title = checked_title(req, page, title)
    if title == page.title and page.url:
        return
    taken = {
        p.url for p in req.store.live(req.store.pages, course_id=page.course_id) if p is not page
    }
    page.title = title
    page.url = unique_slug(to_url(title), taken)
    if page.id:
        req.store.retitle_items("Page", page.id, title)


def set_published(req: ApiRequest, page: Page, published: bool) -> None:
    course = req.store.courses[page.course_id]
    if not published and is_front_page(course, page):
        raise errors.validation_error({"published": "cannot unpublish front page"})
    page.workflow_state = "active" if published else "unpublished"


def check_body_length(body: str | None) -> None:
    """A body over Canvas's limit fails validation: 400 with a ``too_long`` error, and
    nothing is saved."""
    if body is not None and len(body) > BODY_LENGTH:
        message = f"is too long (maximum is {BODY_LENGTH} characters)"
        raise errors.ApiError(
            400,
            {"errors": {"body": [{"attribute": "body", "type": "too_long", "message": message}]}},
        )


def _apply(
    req: ApiRequest, course: Course, page: Page, values: dict[str, Any], *, new: bool
) -> None:
    """``get_update_params`` + model callbacks. Everything is validated before anything
    changes, so a 400 leaves the page as it was."""
    roles: list[str] | None = None
    if "editing_roles" in values:
        roles = [r.strip() for r in (as_str(values["editing_roles"]) or "").split(",") if r.strip()]
        if not roles or any(r not in EDITING_ROLES for r in roles):
            # Canvas renders the (empty) model errors with 400 here.
            raise errors.ApiError(400, {"errors": {}})
    title: str | None = None
    if "title" in values or new:
        title = as_str(values.get("title"))
        if title is None:
            title = cased_title(page.url) if page.url else ""
        checked_title(req, page, title)
    published: bool | None = None
    if "published" in values and as_str(values["published"]) != "":
        published = to_bool(values["published"])
        if published is False and is_front_page(course, page):
            raise errors.validation_error({"published": "cannot unpublish front page"})
    todo_date = date_param(req, course, values.get("todo_date"), "todo_date")
    publish_at = date_param(req, course, values.get("publish_at"), "publish_at")
    check_body_length(as_str(values.get("body")))

    before = (page.title, page.body, page.workflow_state)
    if title is not None:
        set_title(req, page, title)
    if "body" in values:
        page.body = incoming_html(values["body"])
    if roles is not None:
        page.editing_roles = ",".join(roles)
    if published is not None:
        page.workflow_state = "active" if published else "unpublished"
    if "todo_date" in values:
        page.todo_date = todo_date
    if "publish_at" in values:
        page.publish_at = publish_at
    now = req.store.now()
    page.updated_at = now
    if new or before != (page.title, page.body, page.workflow_state):
        page.revised_at = now  # ``set_revised_at``: only body/title/state changes (§21.14)


def _process_front_page(
    req: ApiRequest, course: Course, page: Page, values: dict[str, Any]
) -> None:
    if "front_page" not in values:
        return
    wanted = to_bool(values["front_page"])
    if wanted and not is_front_page(course, page):
        if page.workflow_state != "active":
            raise errors.validation_error(
                {"front_page": "could not set as front page because it is unpublished"}
            )
        course.front_page_id = page.id
    elif wanted is False and is_front_page(course, page):
        unset_front_page(course)


def unset_front_page(course: Course) -> None:
    """``Wiki#unset_front_page!``: a course showing the wiki loses its home page view."""
    course.front_page_id = None
    if course.default_view == "wiki":
        course.default_view = None  # type: ignore[assignment]


def _new_page(req: ApiRequest, course: Course, slug: str = "") -> Page:
    now = req.store.now()
    return Page(
        id=0,
        created_at=now,
        updated_at=now,
        revised_at=now,
        workflow_state="unpublished",  # teacher-created pages start as drafts (§11)
        course_id=course.id,
        url=to_url(slug) if slug else "",
        title="",
        user_id=req.user.id,
    )


def _save_new(req: ApiRequest, page: Page) -> Page:
    page.id = req.store.new_id()
    return req.store.add(req.store.pages, page)


@router.route("GET", "/courses/<course_id>/pages")
def list_pages(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    pages = req.store.live(req.store.pages, course_id=course.id)
    published = to_bool(req.get("published"))
    if published is not None:
        pages = [p for p in pages if (p.workflow_state == "active") == published]
    term = as_str(req.get("search_term"))
    if term:  # a blank term filters nothing (``search_term.present?``)
        if len(term) < 2:
            # SearchTermHelper::SearchTermTooShortError#error_json, status 400
            raise errors.ApiError(
                400,
                {
                    "errors": [
                        {
                            "field": "search_term",
                            "code": "invalid",
                            "message": "2 or more characters is required",
                        }
                    ]
                },
            )
        pages = [p for p in pages if term.lower() in p.title.lower()]
    sort = as_str(req.get("sort"))
    keys = {
        "title": lambda p: (p.title.lower(), p.id),
        "created_at": lambda p: (p.created_at, p.id),
        "updated_at": lambda p: (p.revised_at, p.id),  # really ``revised_at`` (§11)
    }
    if sort in keys:
        pages = sorted(pages, key=keys[sort], reverse=as_str(req.get("order")) == "desc")
    with_body = "body" in req.includes()
    return paginate(req, pages, lambda p: page_json(req, p, body=with_body))


@router.route("POST", "/courses/<course_id>/pages")
def create_page(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    values = req.section("wiki_page") or {}
    page = _new_page(req, course)
    if as_str(values.get("title")) is None:
        raise errors.validation_error({"title": "Title can't be blank"})
    _apply(req, course, page, values, new=True)
    _save_new(req, page)
    # Canvas saves the page before processing front_page, so a refused front_page
    # leaves the new page in place and still answers 400.
    _process_front_page(req, course, page, values)
    return page_json(req, page)


@router.route("GET", "/courses/<course_id>/pages/<url_or_id>")
def get_page(req: ApiRequest, course_id: str, url_or_id: str) -> Any:
    course = find_course(req, course_id)
    page = find_page(req, course, url_or_id)
    if page is None:
        raise errors.not_found_message("page not found")
    return page_json(req, readable(page))


@router.route("PUT", "/courses/<course_id>/pages/<url_or_id>")
def update_page(req: ApiRequest, course_id: str, url_or_id: str) -> Any:
    course = find_course(req, course_id)
    values = req.section("wiki_page") or {}
    page = find_page(req, course, url_or_id)
    if page is None:
        # Quirk (§21.2): an unknown slug is an upsert, so a stale slug makes a new page.
        page = _new_page(req, course, url_or_id)
        _apply(req, course, page, values, new=True)
        _save_new(req, page)
    else:
        readable(page)
        ensure_editable(req, "wiki_page", course.id, page.id, set(values))
        _apply(req, course, page, values, new=False)
    _process_front_page(req, course, page, values)
    return page_json(req, page)


@router.route("DELETE", "/courses/<course_id>/pages/<url_or_id>")
def delete_page(req: ApiRequest, course_id: str, url_or_id: str) -> Any:
    course = find_course(req, course_id)
    page = find_page(req, course, url_or_id)
    if page is None:
        raise errors.not_found_message("page not found")
    readable(page)
    if is_front_page(course, page):
        raise errors.validation_error({"front_page": "The front page cannot be deleted"})
    ensure_editable(req, "wiki_page", course.id, page.id, {"delete"})
    page.workflow_state = "deleted"
    page.updated_at = req.store.now()
    req.store.delete_items_for("Page", page.id)
    return page_json(req, page)


@router.route("GET", "/courses/<course_id>/front_page")
def get_front_page(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    page = req.store.get(req.store.pages, course.front_page_id)
    if page is None:
        raise errors.not_found_message("No front page has been set")
    return page_json(req, page)


@router.route("PUT", "/courses/<course_id>/front_page")
def update_front_page(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    values = req.section("wiki_page") or {}
    page = req.store.get(req.store.pages, course.front_page_id)
    if page is None:
        # No front page yet: Canvas creates one, published, and makes it the front page.
        page = _new_page(req, course, "front-page")
        page.workflow_state = "active"
        _apply(req, course, page, values, new=True)
        _save_new(req, page)
        course.front_page_id = page.id
        return page_json(req, page)
    _apply(req, course, page, values, new=False)
    _process_front_page(req, course, page, values)
    return page_json(req, page)
