"""Blueprint courses: templates, associations, migrations and restrictions (canvas-api.md §19).

Quirks kept: every template endpoint 404s until ``course[blueprint]=true``; ``default`` is
the template id; ``update_associations`` refuses blueprints, deleted or foreign courses and
courses already tied to another blueprint; a migration cannot start with no associated
courses or while another is running (it stays ``queued`` for
``Store.blueprint_sync_seconds``); before the first sync ``unsynced_changes`` is a single
``initial_sync`` record. A migration copies the content at once (see
:mod:`.blueprint_sync`); ``publish_after_initial_sync`` also publishes the child courses.
In a child course, editing an item whose blueprint original is restricted for
``content`` answers 403.
"""

from __future__ import annotations

import time
from typing import Any

from canvas_npq.sandbox import errors
from canvas_npq.sandbox.api import ApiRequest, paginate
from canvas_npq.sandbox.dates import iso
from canvas_npq.sandbox.params import as_list, as_str, to_bool
from canvas_npq.sandbox.records import BlueprintMigration, Course
from canvas_npq.sandbox.roles import account_rights
from canvas_npq.sandbox.routing import router
from canvas_npq.sandbox.store import Store

from . import blueprint_sync
from .common import find_course, parse_id

PREFIX = "/courses/<course_id>/blueprint_templates/<template_id>"
CONTENT_TYPES = {
    "assignment": "assignment",
    "attachment": "attachment",
    "discussion_topic": "discussion_topic",
    "wiki_page": "wiki_page",
    "quiz": None,
    "external_tool": None,
    "lti-quiz": None,
    "course_pace": None,
}


def _template(req: ApiRequest, course_id: str, template_id: str) -> Course:
    course = find_course(req, course_id)
    expected = req.store.blueprint_templates.get(course.id)
    if not course.blueprint or expected is None:
        raise errors.not_found()
    if template_id != "default" and parse_id(template_id) != expected:
        raise errors.not_found()
    return course


def _state(migration: BlueprintMigration) -> str:
    return "completed" if time.monotonic() >= migration.due else "queued"


def migration_json(req: ApiRequest, migration: BlueprintMigration) -> dict[str, Any]:
    completed = _state(migration) == "completed"
    created = iso(migration.created_at)
    return {
        "id": migration.id,
        "template_id": migration.template_id,
        "subscription_id": None,
        "user_id": migration.user_id,
        "workflow_state": _state(migration),
        "created_at": created,
        "exports_started_at": created,
        "imports_queued_at": created if completed else None,
        "imports_completed_at": created if completed else None,
        "comment": migration.comment,
    }


def _migrations(store: Store, course: Course) -> list[BlueprintMigration]:
    return [m for m in store.blueprint_migrations.values() if m.course_id == course.id]


def template_json(req: ApiRequest, course: Course) -> dict[str, Any]:
    store = req.store
    migrations = sorted(_migrations(store, course), key=lambda m: m.id)
    done = [m for m in migrations if _state(m) == "completed"]
    return {
        "id": store.blueprint_templates[course.id],
        "course_id": course.id,
        "last_export_completed_at": iso(done[-1].created_at) if done else None,
        "associated_course_count": len(_children(store, course)),
        "latest_migration": migration_json(req, migrations[-1]) if migrations else None,
    }


def _children(store: Store, course: Course) -> list[Course]:
    ids = store.blueprint_associations.get(course.id, set())
    return [c for c in store.live(store.courses) if c.id in ids]


@router.route("GET", PREFIX)
def get_template(req: ApiRequest, course_id: str, template_id: str) -> Any:
    return template_json(req, _template(req, course_id, template_id))


@router.route("GET", f"{PREFIX}/associated_courses")
def associated_courses(req: ApiRequest, course_id: str, template_id: str) -> Any:
    course = _template(req, course_id, template_id)
    user = req.user
    # associated_courses: sis_course_id only for a caller with read_sis/manage_sis on the
    # account (the sandbox's account admin; a teacher has no account rights).
    can_read_sis = "manage_sis" in account_rights(req.store, user.id)

    def render(child: Course) -> dict[str, Any]:
        row: dict[str, Any] = {
            "id": child.id,
            "name": child.name,
            "course_code": child.course_code,
            "term_name": "Default Term",
            "teachers": [{"display_name": user.short_name, "id": user.id}],
        }
        if can_read_sis:
            row["sis_course_id"] = child.sis_course_id
        return row

    return paginate(req, _children(req.store, course), render)


@router.route("PUT", f"{PREFIX}/update_associations")
def update_associations(req: ApiRequest, course_id: str, template_id: str) -> Any:
    course = _template(req, course_id, template_id)
    store = req.store
    to_add = {parse_id(as_str(v)) for v in as_list(req.get("course_ids_to_add"))} - {None}
    to_remove = {parse_id(as_str(v)) for v in as_list(req.get("course_ids_to_remove"))} - {None}
    if to_add & to_remove:
        raise errors.bad_request("cannot add and remove a course at the same time")
    if to_remove and any(_state(m) != "completed" for m in _migrations(store, course)):
        raise errors.bad_request("cannot remove courses while a sync is ongoing")
    # As master_templates_controller#update_associations: first the courses that cannot
    # be children at all, then those another blueprint already has; ids joined by ", ".
    invalid, taken = [], []
    for child_id in sorted(to_add):  # type: ignore[type-var]
        child = store.get(store.courses, child_id)
        foreign = child is not None and child.account_id != course.account_id
        if child is None or child.blueprint or child.id == course.id or foreign:
            invalid.append(str(child_id))
        elif any(
            child_id in kids
            for owner, kids in store.blueprint_associations.items()
            if owner != course.id
        ):
            taken.append(str(child_id))
    if invalid:
        raise errors.bad_request(f"invalid courses to add ({', '.join(invalid)})")
    if taken:
        raise errors.bad_request(
            f"cannot add courses already associated with other templates ({', '.join(taken)})"
        )
    kids = store.blueprint_associations.setdefault(course.id, set())
    kids |= to_add  # type: ignore[arg-type]
    kids -= to_remove
    return {"success": True}


@router.route("POST", f"{PREFIX}/migrations")
def create_migration(req: ApiRequest, course_id: str, template_id: str) -> Any:
    course = _template(req, course_id, template_id)
    store = req.store
    children = _children(store, course)
    if not children:
        raise errors.bad_request("No associated courses to migrate to")
    if any(_state(m) != "completed" for m in _migrations(store, course)):
        raise errors.bad_request("Cannot queue a migration while one is currently running")
    initial = course.id not in store.blueprint_snapshots
    if initial:
        changes = [(k, i, "created") for (k, i) in blueprint_sync.fingerprints(store, course)]
    else:
        changes = blueprint_sync.changes(store, course)
    changed = {(kind, row_id) for kind, row_id, _ in changes}
    exceptions: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for child in children:
        for kind, row_id, classes in blueprint_sync.sync(store, course, child, changed):
            exceptions.setdefault((kind, row_id), []).append(
                {"course_id": child.id, "conflicting_changes": classes, "name": child.name}
            )
        if initial and to_bool(req.get("publish_after_initial_sync")):
            child.workflow_state = "available"
    store.blueprint_snapshots[course.id] = blueprint_sync.fingerprints(store, course)
    migration = BlueprintMigration(
        **store.stamp(),
        workflow_state="queued",
        course_id=course.id,
        template_id=store.blueprint_templates[course.id],
        user_id=req.user.id,
        comment=as_str(req.get("comment")),
        due=time.monotonic() + store.blueprint_sync_seconds,
        details=[
            {
                "asset_id": row_id,
                "asset_type": kind,
                "asset_name": blueprint_sync.name_of(blueprint_sync.table(store, kind)[row_id]),
                "change_type": change,
                "html_url": req.html_url(f"/courses/{course.id}"),
                "locked": (course.id, kind, row_id) in store.blueprint_restricted,
                "exceptions": exceptions.get((kind, row_id), []),
            }
            for kind, row_id, change in changes
        ],
    )
    store.blueprint_migrations[migration.id] = migration
    body = migration_json(req, migration)
    body["workflow_state"] = "queued"  # what Canvas answers when it queues the job
    return body


@router.route("GET", f"{PREFIX}/migrations")
def list_migrations(req: ApiRequest, course_id: str, template_id: str) -> Any:
    course = _template(req, course_id, template_id)
    rows = sorted(_migrations(req.store, course), key=lambda m: -m.id)
    return paginate(req, rows, lambda m: migration_json(req, m))


@router.route("GET", f"{PREFIX}/migrations/<migration_id>")
def get_migration(req: ApiRequest, course_id: str, template_id: str, migration_id: str) -> Any:
    course = _template(req, course_id, template_id)
    migration = req.store.blueprint_migrations.get(parse_id(migration_id) or 0)
    if migration is None or migration.course_id != course.id:
        raise errors.not_found()
    return migration_json(req, migration)


@router.route("GET", f"{PREFIX}/migrations/<migration_id>/details")
def migration_details(req: ApiRequest, course_id: str, template_id: str, migration_id: str) -> Any:
    """The migration's ChangeRecords; ``exceptions`` name the courses that kept a local
    edit instead of the change. Like Canvas, an empty list until it has completed."""
    course = _template(req, course_id, template_id)
    migration = req.store.blueprint_migrations.get(parse_id(migration_id) or 0)
    if migration is None or migration.course_id != course.id:
        raise errors.not_found()
    return migration.details if _state(migration) == "completed" else []


@router.route("PUT", f"{PREFIX}/restrict_item")
def restrict_item(req: ApiRequest, course_id: str, template_id: str) -> Any:
    course = _template(req, course_id, template_id)
    store = req.store
    content_type = as_str(req.get("content_type")) or ""
    kind = CONTENT_TYPES.get(content_type)
    content_id = parse_id(as_str(req.get("content_id")))
    row = store.get(blueprint_sync.table(store, kind), content_id) if kind else None
    if row is None or row.course_id != course.id:
        raise errors.not_found_message(f"Could not find content: {content_type} {content_id}")
    if to_bool(req.get("restricted")) is False:
        store.blueprint_restricted.pop((course.id, kind, row.id), None)  # type: ignore[arg-type]
    else:
        raw = req.get("restrictions")
        flags = {k: bool(to_bool(v)) for k, v in raw.items()} if isinstance(raw, dict) else {}
        flags = flags or dict(course.blueprint_restrictions) or {"content": True}
        store.blueprint_restricted[(course.id, kind, row.id)] = flags  # type: ignore[index]
    return {"success": True}


@router.route("GET", f"{PREFIX}/unsynced_changes")
def unsynced_changes(req: ApiRequest, course_id: str, template_id: str) -> Any:
    course = _template(req, course_id, template_id)
    store = req.store
    if course.id not in store.blueprint_snapshots:
        return [{"asset_name": course.name, "change_type": "initial_sync"}]
    records = []
    for kind, row_id, change in blueprint_sync.changes(store, course)[:150]:
        row = blueprint_sync.table(store, kind)[row_id]
        records.append(
            {
                "asset_id": row_id,
                "asset_type": kind,
                "asset_name": blueprint_sync.name_of(row),
                "change_type": change,
                "html_url": req.html_url(f"/courses/{course.id}"),
                "locked": (course.id, kind, row_id) in store.blueprint_restricted,
            }
        )
    return records


@router.route("GET", "/courses/<course_id>/blueprint_subscriptions")
def subscriptions(req: ApiRequest, course_id: str) -> Any:
    child = find_course(req, course_id)
    store = req.store
    rows = []
    for owner_id, kids in store.blueprint_associations.items():
        owner = store.get(store.courses, owner_id)
        if child.id in kids and owner is not None:
            rows.append(
                {
                    "id": store.blueprint_templates[owner_id] + 1_000_000,
                    "template_id": store.blueprint_templates[owner_id],
                    "blueprint_course": {
                        "id": owner.id,
                        "name": owner.name,
                        "course_code": owner.course_code,
                        "term_name": "Default Term",
                    },
                }
            )
    return rows


# Which params each restriction covers, per asset type (``restrict_columns``).
_RESTRICTED_PARAMS = {
    "wiki_page": {"content": {"title", "body", "delete"}},
    "assignment": {
        "content": {"name", "description", "delete"},
        "points": {"points_possible"},
        "due_dates": {"due_at"},
        "availability_dates": {"lock_at", "unlock_at"},
    },
    "discussion_topic": {
        "content": {"title", "message", "delete"},
        "availability_dates": {"delayed_post_at", "lock_at"},
    },
}


def ensure_editable(
    req: ApiRequest, kind: str, course_id: int, row_id: int, keys: set[str]
) -> None:
    """403 when a child course changes something its blueprint locked (§21.24).

    ``keys`` are the params the request sets (``delete`` for a deletion).
    """
    origin = blueprint_sync.source_of(req.store, course_id, kind, row_id)
    if origin is None:
        return
    flags = req.store.blueprint_restricted.get((origin[0], kind, origin[1]), {})
    for restriction, params in _RESTRICTED_PARAMS.get(kind, {}).items():
        if flags.get(restriction) and keys & params:
            raise errors.forbidden()
