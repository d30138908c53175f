"""Discussion topics and announcements (canvas-api.md §14, §21.12).

Quirks kept: parameters are top-level (``title``, ``message``, ``published`` …); a topic
created by a teacher is an unpublished draft unless ``published=true``; announcements are
always published (``published`` is ignored for them) and are listed only with
``only_announcements=true``; a future ``delayed_post_at`` makes the topic
``post_delayed``; ``assignment[...]`` makes it graded (a linked assignment with
``submission_types = ["discussion_topic"]``) and ``assignment[set_assignment]=false``
removes the grading; ``DELETE`` answers with the topic and a ``deleted_at``. Entries
(replies) are posted with ``POST .../entries`` (``as_user_id`` names the author, else a new
student is created); ``discussion_subentry_count`` counts them, and an ungraded topic
with a student's entry can no longer be unpublished (``can_unpublish: false``).
"""

from __future__ import annotations

from typing import Any

from canvas_npq.sandbox import errors
from canvas_npq.sandbox.api import ApiRequest, json_response, paginate
from canvas_npq.sandbox.dates import iso
from canvas_npq.sandbox.params import as_str, to_bool, to_int
from canvas_npq.sandbox.records import Assignment, Course, DiscussionEntry, DiscussionTopic
from canvas_npq.sandbox.routing import router
from canvas_npq.sandbox.store import Store

from .blueprints import ensure_editable
from .common import date_param, find_course, find_in_course, incoming_html, outgoing_html

DISCUSSION_TYPES = ("side_comment", "threaded", "not_threaded", "flat")
_FLAGS = (
    "pinned",
    "locked",
    "require_initial_post",
    "podcast_enabled",
    "podcast_has_student_posts",
    "allow_rating",
    "only_graders_can_rate",
    "sort_by_rating",
    "expanded",
)
_PUBLISHED_STATES = ("active", "post_delayed", "locked")


def discussion_json(
    req: ApiRequest, topic: DiscussionTopic, *, with_assignment: bool = True
) -> dict[str, Any]:
    store = req.store
    course_id = topic.course_id
    kind = "announcements" if topic.is_announcement else "discussion_topics"
    user = store.users.get(topic.user_id or 0) or req.user
    data: dict[str, Any] = {
        "id": topic.id,
        "title": topic.title,
        "last_reply_at": iso(topic.last_reply_at or topic.created_at),
        "created_at": iso(topic.created_at),
        "delayed_post_at": iso(topic.delayed_post_at),
        "posted_at": iso(topic.posted_at),
        "assignment_id": topic.assignment_id,
        "root_topic_id": None,
        "position": topic.position,
        "podcast_has_student_posts": topic.podcast_has_student_posts,
        "discussion_type": topic.discussion_type,
        "lock_at": iso(topic.lock_at),
        "allow_rating": topic.allow_rating,
        "only_graders_can_rate": topic.only_graders_can_rate,
        "sort_by_rating": topic.sort_by_rating,
        "is_section_specific": False,
        "anonymous_state": topic.anonymous_state,
        "summary_enabled": False,
        "sort_order": topic.sort_order,
        "sort_order_locked": False,
        "expanded": topic.expanded,
        "expanded_locked": False,
        "user_name": user.name,
        "discussion_subentry_count": len(_entries(store, topic)),
        "permissions": {
            "attach": True,
            "update": True,
            "reply": True,
            "delete": True,
            "manage_assign_to": True,
        },
        "require_initial_post": topic.require_initial_post,
        "user_can_see_posts": True,
        "podcast_url": None,
        "read_state": "read",
        "unread_count": 0,
        "subscribed": True,
        "attachments": [],
        "published": topic.workflow_state in _PUBLISHED_STATES,
        "can_unpublish": _can_unpublish(store, topic),
        "locked": topic.locked,
        "can_lock": True,
        "comments_disabled": False,
        "author": {
            "id": user.id,
            "anonymous_id": format(user.id, "x"),
            "display_name": user.short_name,
            "avatar_image_url": req.html_url("/images/messages/avatar-50.png"),
            "html_url": req.html_url(f"/courses/{course_id}/users/{user.id}"),
            "pronouns": None,
        },
        "html_url": req.html_url(f"/courses/{course_id}/{kind}/{topic.id}"),
        "url": req.html_url(f"/courses/{course_id}/{kind}/{topic.id}"),
        "pinned": topic.pinned,
        "group_category_id": topic.group_category_id,
        "can_group": True,
        "topic_children": [],
        "group_topic_children": [],
        "context_code": f"course_{course_id}",
        "locked_for_user": False,
        "message": outgoing_html(req, topic.message),
        "todo_date": iso(topic.todo_date),
        "is_announcement": topic.is_announcement,
    }
    if with_assignment and topic.assignment_id is not None:
        from .assignments import assignment_json

        assignment = store.get(store.assignments, topic.assignment_id)
        if assignment is not None:
            data["assignment"] = assignment_json(req, assignment)
    return data


def _entries(store: Store, topic: DiscussionTopic) -> list[DiscussionEntry]:
    return store.live(store.discussion_entries, topic_id=topic.id)


def _can_unpublish(store: Store, topic: DiscussionTopic) -> bool:
    if topic.is_announcement:
        return False
    if topic.assignment_id is not None:
        return not store.submitted(topic.assignment_id)
    # Canvas: an ungraded topic with an entry by a student stays published.
    return not any(
        store.is_student(topic.course_id, entry.user_id) for entry in _entries(store, topic)
    )


def set_published(req: ApiRequest, topic: DiscussionTopic, published: bool) -> None:
    if topic.is_announcement:
        return  # announcements are always published
    if not published and topic.workflow_state in _PUBLISHED_STATES:
        if not _can_unpublish(req.store, topic):
            raise errors.validation_error(
                {"published": "Can't unpublish if there are student submissions"}
            )
        topic.workflow_state = "unpublished"
    elif published and topic.workflow_state == "unpublished":
        _publish(req, topic)
    if topic.assignment_id is not None:
        assignment = req.store.get(req.store.assignments, topic.assignment_id)
        if assignment is not None:
            assignment.workflow_state = "published" if published else "unpublished"
    topic.updated_at = req.store.now()


def _publish(req: ApiRequest, topic: DiscussionTopic) -> None:
    now = req.store.now()
    if topic.delayed_post_at is not None and topic.delayed_post_at > now:
        topic.workflow_state = "post_delayed"
    else:
        topic.workflow_state = "active"
        topic.posted_at = topic.posted_at or now


def rename(req: ApiRequest, topic: DiscussionTopic, title: str) -> None:
    topic.title = title
    req.store.retitle_items("Discussion", topic.id, title)
    if topic.assignment_id is not None:
        assignment = req.store.get(req.store.assignments, topic.assignment_id)
        if assignment is not None:
            assignment.name = title
            req.store.retitle_items("Assignment", assignment.id, title)


def _apply(req: ApiRequest, course: Course, topic: DiscussionTopic, *, new: bool) -> None:
    params = req.params
    store = req.store
    dates = {
        key: date_param(req, course, params.get(key), key)
        for key in ("delayed_post_at", "lock_at", "todo_date")
        if key in params
    }
    discussion_type = as_str(params.get("discussion_type"))
    if discussion_type is not None and discussion_type not in DISCUSSION_TYPES:
        raise errors.validation_error({"discussion_type": "is not included in the list"})
    sort_order = as_str(params.get("sort_order"))
    if sort_order is not None and sort_order not in ("asc", "desc"):
        raise errors.validation_error({"sort_order": "invalid sort_order"})
    published = to_bool(params.get("published")) if "published" in params else None

    if "title" in params:
        rename(req, topic, as_str(params["title"]) or "No Title")
    if "message" in params:
        topic.message = incoming_html(params["message"])
    if discussion_type is not None:
        topic.discussion_type = discussion_type
    if sort_order is not None:
        topic.sort_order = sort_order
    for flag in _FLAGS:
        if flag in params and (value := to_bool(params[flag])) is not None:
            setattr(topic, flag, value)
    for key, when in dates.items():
        setattr(topic, key, when)

    assignment_params = params.get("assignment")
    if isinstance(assignment_params, dict):
        _apply_grading(req, course, topic, assignment_params)

    if topic.is_announcement:
        _publish(req, topic)  # announcements are always published (§14)
    elif published is not None:
        set_published(req, topic, published)
    elif topic.workflow_state in ("active", "post_delayed") and "delayed_post_at" in dates:
        _publish(req, topic)  # dates recompute the state
    topic.updated_at = store.now()


def _apply_grading(
    req: ApiRequest, course: Course, topic: DiscussionTopic, values: dict[str, Any]
) -> None:
    """``assignment[...]`` makes the topic graded; ``set_assignment=false`` undoes it."""
    from . import assignments

    store = req.store
    existing = store.get(store.assignments, topic.assignment_id)
    if to_bool(values.get("set_assignment")) is False:
        if existing is not None:
            assignments.destroy(store, existing)
        topic.assignment_id = None
        return
    if existing is None:
        existing = Assignment(
            **store.stamp(),
            workflow_state="unpublished",
            course_id=course.id,
            assignment_group_id=0,
            name=topic.title,
            position=0,
            submission_types=["discussion_topic"],
            discussion_topic_id=topic.id,
        )
        graded = {k: v for k, v in values.items() if k != "submission_types"}
        assignments.apply_params(req, course, existing, graded, new=True)
        store.add(store.assignments, existing)
        topic.assignment_id = existing.id
    else:
        assignments.apply_params(req, course, existing, values, new=False)
    existing.name = topic.title
    existing.submission_types = ["discussion_topic"]
    existing.workflow_state = (
        "published" if topic.workflow_state in _PUBLISHED_STATES else "unpublished"
    )


def _find(req: ApiRequest, course: Course, ref: str) -> DiscussionTopic:
    return find_in_course(req.store.discussions, course, ref)


@router.route("GET", "/courses/<course_id>/discussion_topics")
def list_discussions(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    # ``if params[:only_announcements]``: any value, even "false", is truthy in Ruby.
    announcements = req.get("only_announcements") is not None
    rows = [
        t
        for t in req.store.live(req.store.discussions, course_id=course.id)
        if t.is_announcement == announcements
    ]
    term = as_str(req.get("search_term"))
    if term:
        rows = [t for t in rows if term.lower() in t.title.lower()]
    order_by = as_str(req.get("order_by")) or ("recent_activity" if announcements else "position")
    if order_by == "title":
        rows.sort(key=lambda t: (t.title.lower(), t.id))
    elif order_by == "recent_activity":
        rows.sort(
            key=lambda t: (t.last_reply_at or t.posted_at or t.created_at, t.id), reverse=True
        )
    else:
        rows.sort(key=lambda t: (not t.pinned, t.position or 0, -t.id))
    return paginate(req, rows, lambda t: discussion_json(req, t))


@router.route("POST", "/courses/<course_id>/discussion_topics")
def create_discussion(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    store = req.store
    is_announcement = bool(to_bool(req.get("is_announcement")))
    topic = DiscussionTopic(
        **store.stamp(),
        workflow_state="unpublished",  # a teacher's new topic is a draft (§14)
        course_id=course.id,
        title=as_str(req.get("title")) or "No Title",
        user_id=req.user.id,
        is_announcement=is_announcement,
    )
    if not is_announcement:
        others = store.live(store.discussions, course_id=course.id, is_announcement=False)
        topic.position = max((t.position or 0 for t in others), default=0) + 1
    store.add(store.discussions, topic)
    try:
        _apply(req, course, topic, new=True)
    except errors.ApiError:
        topic.workflow_state = "deleted"
        raise
    return discussion_json(req, topic)


@router.route("GET", "/courses/<course_id>/discussion_topics/<topic_id>")
def get_discussion(req: ApiRequest, course_id: str, topic_id: str) -> Any:
    course = find_course(req, course_id)
    return discussion_json(req, _find(req, course, topic_id))


@router.route("PUT", "/courses/<course_id>/discussion_topics/<topic_id>")
def update_discussion(req: ApiRequest, course_id: str, topic_id: str) -> Any:
    course = find_course(req, course_id)
    topic = _find(req, course, topic_id)
    ensure_editable(req, "discussion_topic", course.id, topic.id, set(req.params))
    _apply(req, course, topic, new=False)
    return discussion_json(req, topic)


@router.route("DELETE", "/courses/<course_id>/discussion_topics/<topic_id>")
def delete_discussion(req: ApiRequest, course_id: str, topic_id: str) -> Any:
    course = find_course(req, course_id)
    topic = _find(req, course, topic_id)
    ensure_editable(req, "discussion_topic", course.id, topic.id, {"delete"})
    store = req.store
    topic.workflow_state = "deleted"
    topic.updated_at = store.now()
    store.delete_items_for("Discussion", topic.id)
    if topic.assignment_id is not None and (a := store.get(store.assignments, topic.assignment_id)):
        from .assignments import destroy

        destroy(store, a)
    return {
        **discussion_json(req, topic, with_assignment=False),
        "deleted_at": iso(topic.updated_at),
    }


def entry_json(req: ApiRequest, entry: DiscussionEntry) -> dict[str, Any]:
    user = req.store.users.get(entry.user_id)
    return {
        "id": entry.id,
        "user_id": entry.user_id,
        "user_name": user.name if user else None,
        "parent_id": entry.parent_id,
        "message": outgoing_html(req, entry.message),
        "read_state": "read",
        "created_at": iso(entry.created_at),
        "updated_at": iso(entry.updated_at),
    }


@router.route("POST", "/courses/<course_id>/discussion_topics/<topic_id>/entries")
def create_entry(req: ApiRequest, course_id: str, topic_id: str) -> Any:
    """Post a reply to a topic, as ``as_user_id`` or as a new student (for tests)."""
    course = find_course(req, course_id)
    topic = _find(req, course, topic_id)
    store = req.store
    if topic.workflow_state not in _PUBLISHED_STATES:
        raise errors.forbidden()
    user_ref = req.get("as_user_id")
    if user_ref is not None:
        user = store.get(store.users, to_int(user_ref))
        if user is None:
            raise errors.not_found()
    else:
        user = store.create_student(course.id)
    entry = DiscussionEntry(
        **store.stamp(),
        topic_id=topic.id,
        user_id=user.id,
        message=incoming_html(req.get("message") or ""),
    )
    store.add(store.discussion_entries, entry)
    topic.last_reply_at = entry.created_at
    return json_response(entry_json(req, entry), status=201)


@router.route("GET", "/courses/<course_id>/discussion_topics/<topic_id>/entries")
def list_entries(req: ApiRequest, course_id: str, topic_id: str) -> Any:
    course = find_course(req, course_id)
    topic = _find(req, course, topic_id)
    rows = sorted(_entries(req.store, topic), key=lambda e: e.id, reverse=True)
    return paginate(req, rows, lambda e: entry_json(req, e))
