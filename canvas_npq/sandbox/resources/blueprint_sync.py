"""Blueprint sync: copy a blueprint course's content into its associated courses.

Each synced row in a child course remembers its blueprint original
(``Store.blueprint_copies``), so a later sync updates or deletes the copy instead of
duplicating it. Change detection for ``unsynced_changes`` compares a fingerprint of every
blueprint row with the fingerprints taken at the last sync. Kinds covered: assignment
groups, assignments, discussions, pages (and the front page), files, modules with their
items and completion requirements.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from canvas_npq.sandbox.records import (
    Assignment,
    AssignmentGroup,
    Course,
    DiscussionTopic,
    File,
    Module,
    ModuleItem,
    Page,
    Record,
)
from canvas_npq.sandbox.slugs import unique_slug
from canvas_npq.sandbox.store import Store

# ChangeRecord asset types (§19), in the order a sync must copy them.
KINDS = ("assignment_group", "attachment", "wiki_page", "discussion_topic", "assignment",
         "context_module")  # fmt: skip
_ITEM_KINDS = {"Page": "wiki_page", "Assignment": "assignment", "Discussion": "discussion_topic",
               "File": "attachment"}  # fmt: skip
_SKIP = {"id", "course_id", "created_at", "updated_at"}


def table(store: Store, kind: str) -> dict[int, Any]:
    tables: dict[str, dict[int, Any]] = {
        "assignment_group": store.assignment_groups,
        "attachment": store.files,
        "wiki_page": store.pages,
        "discussion_topic": store.discussions,
        "assignment": store.assignments,
        "context_module": store.modules,
    }
    return tables[kind]


def name_of(row: Record) -> str:
    for attribute in ("title", "name", "display_name"):
        value = getattr(row, attribute, None)
        if isinstance(value, str):
            return value
    return ""


def _fields(row: Record) -> dict[str, Any]:
    return {f.name: getattr(row, f.name) for f in dataclasses.fields(row) if f.name not in _SKIP}


def fingerprints(store: Store, course: Course) -> dict[tuple[str, int], str]:
    prints: dict[tuple[str, int], str] = {}
    for kind in KINDS:
        for row in store.live(table(store, kind), course_id=course.id):
            fields = _fields(row)
            if isinstance(row, Module):
                items = store.live(store.module_items, module_id=row.id)
                fields["items"] = [_fields(i) for i in sorted(items, key=lambda i: i.id)]
            if isinstance(row, Page):
                fields["front_page"] = course.front_page_id == row.id
            prints[(kind, row.id)] = repr(sorted(fields.items()))
    return prints


def changes(store: Store, course: Course) -> list[tuple[str, int, str]]:
    """``(asset_type, id, change_type)`` since the last sync (or ``initial_sync``)."""
    before = store.blueprint_snapshots.get(course.id)
    if before is None:
        return []
    now = fingerprints(store, course)
    found = []
    for key, value in now.items():
        if key not in before:
            found.append((key[0], key[1], "created"))
        elif before[key] != value:
            found.append((key[0], key[1], "updated"))
    found += [(kind, row_id, "deleted") for (kind, row_id) in before if (kind, row_id) not in now]
    return found


# Kinds whose copies a child course may edit; Canvas keeps those edits (§19).
_LOCALLY_EDITABLE = ("wiki_page", "assignment", "discussion_topic")
# Which fields make up each restriction class (``conflicting_changes`` of an exception).
_CHANGE_CLASSES = {
    "points": {"points_possible"},
    "due_dates": {"due_at"},
    "availability_dates": {"lock_at", "unlock_at", "delayed_post_at"},
}


def _field_texts(row: Record) -> dict[str, str]:
    return {name: repr(value) for name, value in _fields(row).items()}


def _local_changes(store: Store, child: Course, kind: str, copy: Record | None) -> list[str]:
    """The change classes of a child's own edits to a synced copy ([] if none)."""
    if copy is None or kind not in _LOCALLY_EDITABLE:
        return []
    synced = store.blueprint_copy_fields.get((child.id, kind, copy.id))
    if synced is None:
        return []
    now = _field_texts(copy)
    changed = {name for name in now if now[name] != synced.get(name)}
    if not changed:
        return []
    classes = [c for c, names in _CHANGE_CLASSES.items() if changed & names]
    if changed - set().union(*_CHANGE_CLASSES.values()):
        classes.insert(0, "content")
    return classes


def sync(
    store: Store,
    blueprint: Course,
    child: Course,
    changed: set[tuple[str, int]] | None = None,
) -> list[tuple[str, int, list[str]]]:
    """Bring ``child`` in line with ``blueprint``; returns what it skipped.

    As Canvas does, a copy the child edited locally is not overwritten unless the
    blueprint restricts that item; when the blueprint's item changed (``changed``:
    ``(kind, id)`` since the last sync) the skip is an exception of the migration:
    ``(kind, blueprint id, conflicting change classes)``.
    """
    skipped: list[tuple[str, int, list[str]]] = []
    for kind in KINDS:
        sources = table(store, kind)
        for source in [r for r in sources.values() if r.course_id == blueprint.id]:
            key = (child.id, kind, source.id)
            copy = store.get(sources, store.blueprint_copies.get(key))
            local = _local_changes(store, child, kind, copy)
            if local and (blueprint.id, kind, source.id) not in store.blueprint_restricted:
                if changed is None or (kind, source.id) in changed:
                    skipped.append((kind, source.id, local))
                continue
            if source.deleted:
                if copy is not None:
                    copy.workflow_state = "deleted"
                    if kind in _ITEM_KINDS.values():
                        store.delete_items_for(_api_type(kind), copy.id)
                continue
            copy = _copy(store, kind, source, copy, child)
            store.blueprint_copies[key] = copy.id
            store.blueprint_copy_fields[(child.id, kind, copy.id)] = _field_texts(copy)
    front = blueprint.front_page_id
    if front is not None:
        child.front_page_id = store.blueprint_copies.get((child.id, "wiki_page", front))
    return skipped


def _api_type(kind: str) -> str:
    return next(t for t, k in _ITEM_KINDS.items() if k == kind)


def _mapped(store: Store, child: Course, kind: str, source_id: int | None) -> int | None:
    if source_id is None:
        return None
    return store.blueprint_copies.get((child.id, kind, source_id))


def _copy(store: Store, kind: str, source: Record, copy: Record | None, child: Course) -> Record:
    now = store.now()
    fields = _fields(source)
    if isinstance(source, AssignmentGroup):
        pass
    elif isinstance(source, Assignment):
        group = _mapped(store, child, "assignment_group", source.assignment_group_id)
        fields["assignment_group_id"] = group or source.assignment_group_id
        fields["discussion_topic_id"] = _mapped(
            store, child, "discussion_topic", source.discussion_topic_id
        )
        fields["sis_assignment_id"] = None
    elif isinstance(source, DiscussionTopic):
        fields["assignment_id"] = _mapped(store, child, "assignment", source.assignment_id)
    elif isinstance(source, Page):
        taken = {p.url for p in store.live(store.pages, course_id=child.id) if p is not copy}
        fields["url"] = unique_slug(source.url, taken)
    elif isinstance(source, File):
        from .folders import full_name, resolve_path

        folder = store.folders[source.folder_id]
        path = full_name(store, folder).split("/", 1)[1] if "/" in full_name(store, folder) else ""
        chain = resolve_path(store, child, path, create=True)
        assert chain is not None
        fields["folder_id"] = chain[-1].id
        fields["uuid"] = copy.uuid if isinstance(copy, File) else store.new_uuid()
    elif isinstance(source, Module):
        fields["prerequisite_module_ids"] = [
            m
            for m in (
                _mapped(store, child, "context_module", p) for p in source.prerequisite_module_ids
            )
            if m
        ]
        fields["completion_requirements"] = []
    if copy is None:
        make: Any = type(source)  # a Record subclass, which has these fields
        copy = make(id=store.new_id(), course_id=child.id, created_at=now, updated_at=now, **fields)
        table(store, kind)[copy.id] = copy
    else:
        for name, value in fields.items():
            setattr(copy, name, value)
        copy.updated_at = now
    if isinstance(source, Assignment) and isinstance(copy, Assignment):
        topic = store.get(store.discussions, copy.discussion_topic_id)
        if topic is not None:
            topic.assignment_id = copy.id
    if isinstance(source, Module) and isinstance(copy, Module):
        _copy_items(store, source, copy, child)
    return copy


def _copy_items(store: Store, source: Module, copy: Module, child: Course) -> None:
    """Replace the copy's items with copies of the source's, content ids mapped."""
    for item in store.live(store.module_items, module_id=copy.id):
        item.workflow_state = "deleted"
    requirements = {r["id"]: r for r in source.completion_requirements}
    copy.completion_requirements = []
    for item in sorted(
        store.live(store.module_items, module_id=source.id), key=lambda i: i.position
    ):
        content_id = item.content_id
        if item.type in _ITEM_KINDS:
            content_id = _mapped(store, child, _ITEM_KINDS[item.type], item.content_id)
            if content_id is None:
                continue
        fields = _fields(item) | {"module_id": copy.id, "content_id": content_id}
        now = store.now()
        new = store.add(
            store.module_items,
            ModuleItem(
                id=store.new_id(), course_id=child.id, created_at=now, updated_at=now, **fields
            ),
        )
        if item.id in requirements:
            copy.completion_requirements.append({**requirements[item.id], "id": new.id})


def source_of(store: Store, child_course_id: int, kind: str, row_id: int) -> tuple[int, int] | None:
    """``(blueprint course id, blueprint row id)`` a child's row was copied from."""
    for (course_id, copied_kind, source_id), copy_id in store.blueprint_copies.items():
        if course_id == child_course_id and copied_kind == kind and copy_id == row_id:
            return table(store, kind)[source_id].course_id, source_id
    return None
