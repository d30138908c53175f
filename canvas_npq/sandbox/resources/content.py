"""What a module item points at: lookup, title, published state and their side effects.

A content item's ``published`` mirrors its content (canvas-api.md §10), so it is read
from the content here rather than stored on the item. Publishing or renaming through a
module item changes the content (``update_asset_workflow_state!``,
``update_asset_name!``; §21.5).
"""

from __future__ import annotations

from typing import Any

from canvas_npq.sandbox import errors
from canvas_npq.sandbox.api import ApiRequest
from canvas_npq.sandbox.dates import iso
from canvas_npq.sandbox.records import (
    Assignment,
    DiscussionTopic,
    File,
    ModuleItem,
    Page,
    Quiz,
    Record,
)
from canvas_npq.sandbox.store import Store

CONTENT_TYPES = ("Page", "Assignment", "Discussion", "File", "Quiz")
UNPUBLISHED_BY_DEFAULT = ("SubHeader", "ExternalUrl", "ExternalTool")

_ALIASES = {
    "page": "Page", "wikipage": "Page", "wiki_page": "Page",
    "file": "File", "attachment": "File",
    "discussion": "Discussion", "discussiontopic": "Discussion", "discussion_topic": "Discussion",
    "assignment": "Assignment",
    "quiz": "Quiz", "quizzes::quiz": "Quiz", "quizzes/quiz": "Quiz",
    "subheader": "SubHeader", "sub_header": "SubHeader", "contextmodulesubheader": "SubHeader",
    "context_module_sub_header": "SubHeader",
    "externalurl": "ExternalUrl", "external_url": "ExternalUrl",
    "externaltool": "ExternalTool", "external_tool": "ExternalTool",
    "contextexternaltool": "ExternalTool", "context_external_tool": "ExternalTool",
}  # fmt: skip


def api_type(raw: Any) -> str | None:
    """``add_item`` underscores the type and matches it case-insensitively."""
    if raw is None:
        return None
    return _ALIASES.get(str(raw).strip().lower())


def table_for(store: Store, type_: str) -> dict[int, Any] | None:
    tables: dict[str, dict[int, Any]] = {
        "Page": store.pages,
        "Assignment": store.assignments,
        "Discussion": store.discussions,
        "File": store.files,
        "Quiz": store.quizzes,
    }
    return tables.get(type_)


def content_of(store: Store, item: ModuleItem) -> Record | None:
    table = table_for(store, item.type)
    return None if table is None else store.get(table, item.content_id)


def title_of(content: Record) -> str:
    if isinstance(content, Page):
        return content.title
    if isinstance(content, Assignment):
        return content.name
    if isinstance(content, DiscussionTopic):
        return content.title
    if isinstance(content, File):
        return content.display_name
    if isinstance(content, Quiz):
        return content.title
    return ""


def is_published(content: Record) -> bool:
    if isinstance(content, Page):
        return content.workflow_state == "active"
    if isinstance(content, Assignment):
        return content.workflow_state == "published"
    if isinstance(content, DiscussionTopic):
        return content.workflow_state in ("active", "post_delayed", "locked")
    if isinstance(content, File):
        return not content.locked
    if isinstance(content, Quiz):
        return content.workflow_state == "available"
    return True


def can_unpublish(store: Store, content: Record) -> bool:
    """``can_unpublish?``: no student submissions on the assignment (or the graded topic's)."""
    assignment_id = None
    if isinstance(content, Assignment):
        assignment_id = content.id
    elif isinstance(content, DiscussionTopic):
        assignment_id = content.assignment_id
    return assignment_id is None or not store.submitted(assignment_id)


def item_published(store: Store, item: ModuleItem) -> bool:
    content = content_of(store, item)
    if content is None:
        return item.workflow_state == "active"
    return is_published(content)


def item_unpublishable(store: Store, item: ModuleItem) -> bool:
    content = content_of(store, item)
    return True if content is None else can_unpublish(store, content)


def set_content_published(req: ApiRequest, content: Record, published: bool) -> None:
    """Flip the content's state; raises ``ApiError`` when the content refuses."""
    from . import assignments, discussions, pages

    if isinstance(content, Page):
        pages.set_published(req, content, published)
        content.revised_at = content.updated_at = req.store.now()
    elif isinstance(content, Assignment):
        assignments.set_published(req, content, published)
        content.updated_at = req.store.now()
    elif isinstance(content, DiscussionTopic):
        discussions.set_published(req, content, published)
    elif isinstance(content, File):
        content.locked = not published
        content.updated_at = req.store.now()


def set_item_published(req: ApiRequest, item: ModuleItem, published: bool) -> bool:
    """Publish/unpublish an item and its content; ``False`` when the content refuses."""
    item.workflow_state = "active" if published else "unpublished"
    content = content_of(req.store, item)
    if content is None:
        return True
    if is_published(content) == published:
        return True
    if not published and not can_unpublish(req.store, content):
        return False
    try:
        set_content_published(req, content, published)
    except errors.ApiError:
        return False
    return True


def rename_content(req: ApiRequest, item: ModuleItem, title: str) -> None:
    """``update_asset_name!``: the content takes the item's new title (§21.5)."""
    from . import assignments, discussions, pages

    content = content_of(req.store, item)
    if isinstance(content, Page):
        try:
            pages.set_title(req, content, title)
        except errors.ApiError:
            return  # Canvas saves the item even when the page refuses the title
        content.revised_at = content.updated_at = req.store.now()
    elif isinstance(content, Assignment):
        assignments.rename(req, content, title)
        content.updated_at = req.store.now()
    elif isinstance(content, DiscussionTopic):
        discussions.rename(req, content, title)
    elif isinstance(content, File):
        content.display_name = title
        req.store.retitle_items("File", content.id, title)


def api_url(req: ApiRequest, item: ModuleItem) -> str | None:
    content = content_of(req.store, item)
    course = item.course_id
    if isinstance(content, Page):
        return req.api_url(f"/courses/{course}/pages/{content.url}")
    if isinstance(content, Assignment):
        return req.api_url(f"/courses/{course}/assignments/{content.id}")
    if isinstance(content, DiscussionTopic):
        return req.api_url(f"/courses/{course}/discussion_topics/{content.id}")
    if isinstance(content, File):
        return req.api_url(f"/courses/{course}/files/{content.id}")
    return None


def content_details(req: ApiRequest, item: ModuleItem) -> dict[str, Any]:
    content = content_of(req.store, item)
    details: dict[str, Any] = {"locked_for_user": False}
    if isinstance(content, Assignment):
        details.update(
            points_possible=content.points_possible,
            due_at=iso(content.due_at),
            unlock_at=iso(content.unlock_at),
            lock_at=iso(content.lock_at),
        )
    elif isinstance(content, DiscussionTopic):
        details.update(lock_at=iso(content.lock_at))
    elif isinstance(content, File):
        details.update(
            hidden=content.hidden, display_name=content.display_name, thumbnail_url=None,
            lock_at=None, unlock_at=None, locked=content.locked,
        )  # fmt: skip
    return details
