"""Course folders (canvas-api.md §15.2).

Every course has a root folder, ``course files``; uploads and new folders without a
parent go into ``course files/unfiled``. ``by_path`` lists the chain from the root; the
root cannot be deleted, nor a folder with content unless ``force=true``.
"""

from __future__ import annotations

from typing import Any

from canvas_npq.sandbox import errors
from canvas_npq.sandbox.api import ApiRequest, paginate
from canvas_npq.sandbox.dates import iso
from canvas_npq.sandbox.params import as_str, to_bool, to_int
from canvas_npq.sandbox.records import Course, File, Folder
from canvas_npq.sandbox.routing import router
from canvas_npq.sandbox.store import Store

from .common import find_course, parse_id

ROOT_NAME = "course files"


def root_folder(store: Store, course: Course) -> Folder:
    for folder in store.live(store.folders, course_id=course.id):
        if folder.parent_folder_id is None:
            return folder
    return store.add(
        store.folders,
        Folder(
            **store.stamp(),
            course_id=course.id,
            name=ROOT_NAME,
            full_name=ROOT_NAME,
            parent_folder_id=None,
        ),
    )


def _child(store: Store, parent: Folder, name: str, *, create: bool) -> Folder | None:
    for folder in store.live(store.folders, parent_folder_id=parent.id):
        if folder.name == name:
            return folder
    if not create:
        return None
    siblings = store.live(store.folders, parent_folder_id=parent.id)
    return store.add(
        store.folders,
        Folder(
            **store.stamp(),
            course_id=parent.course_id,
            name=name,
            full_name=f"{full_name(store, parent)}/{name}",
            parent_folder_id=parent.id,
            position=len(siblings) + 1,
        ),
    )


def unfiled_folder(store: Store, course: Course) -> Folder:
    folder = _child(store, root_folder(store, course), "unfiled", create=True)
    assert folder is not None
    return folder


def resolve_path(store: Store, course: Course, path: str, *, create: bool) -> list[Folder] | None:
    """Folders from the root down to ``path`` (relative to the root), or ``None``."""
    chain = [root_folder(store, course)]
    for part in [p for p in path.strip("/").split("/") if p]:
        nxt = _child(store, chain[-1], part, create=create)
        if nxt is None:
            return None
        chain.append(nxt)
    return chain


def full_name(store: Store, folder: Folder) -> str:
    parts = [folder.name]
    parent = store.folders.get(folder.parent_folder_id or 0)
    while parent is not None:
        parts.append(parent.name)
        parent = store.folders.get(parent.parent_folder_id or 0)
    return "/".join(reversed(parts))


def folder_json(req: ApiRequest, folder: Folder) -> dict[str, Any]:
    store = req.store
    return {
        "id": folder.id,
        "name": folder.name,
        "full_name": full_name(store, folder),
        "context_id": folder.course_id,
        "context_type": "Course",
        "parent_folder_id": folder.parent_folder_id,
        "created_at": iso(folder.created_at),
        "updated_at": iso(folder.updated_at),
        "lock_at": None,
        "unlock_at": None,
        "position": folder.position,
        "locked": folder.locked,
        "folders_url": req.api_url(f"/folders/{folder.id}/folders"),
        "files_url": req.api_url(f"/folders/{folder.id}/files"),
        "files_count": len(files_in(store, folder)),
        "folders_count": len(store.live(store.folders, parent_folder_id=folder.id)),
        "hidden": folder.hidden,
        "locked_for_user": False,
        "hidden_for_user": False,
        "for_submissions": False,
        "can_upload": True,
    }


def find_folder(req: ApiRequest, ref: str, course: Course | None = None) -> Folder:
    folder = req.store.get(req.store.folders, parse_id(ref))
    if folder is None or (course is not None and folder.course_id != course.id):
        raise errors.not_found()
    return folder


def files_in(store: Store, folder: Folder) -> list[File]:
    return store.live(store.files, folder_id=folder.id)


@router.route("GET", "/courses/<course_id>/folders")
def list_folders(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    root_folder(req.store, course)
    rows = sorted(
        req.store.live(req.store.folders, course_id=course.id),
        key=lambda f: (full_name(req.store, f), f.id),
    )
    return paginate(req, rows, lambda f: folder_json(req, f))


@router.route("GET", "/courses/<course_id>/folders/by_path")
def resolve_root(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    return paginate(req, [root_folder(req.store, course)], lambda f: folder_json(req, f))


@router.route("GET", "/courses/<course_id>/folders/by_path/<path:full_path>")
def resolve_by_path(req: ApiRequest, course_id: str, full_path: str) -> Any:
    course = find_course(req, course_id)
    chain = resolve_path(req.store, course, full_path, create=False)
    if chain is None:
        raise errors.not_found()
    return paginate(req, chain, lambda f: folder_json(req, f))


@router.route("GET", "/courses/<course_id>/folders/<folder_id>")
def get_course_folder(req: ApiRequest, course_id: str, folder_id: str) -> Any:
    course = find_course(req, course_id)
    if folder_id == "root":
        return folder_json(req, root_folder(req.store, course))
    return folder_json(req, find_folder(req, folder_id, course))


@router.route("GET", "/folders/<folder_id>")
def get_folder(req: ApiRequest, folder_id: str) -> Any:
    return folder_json(req, find_folder(req, folder_id))


@router.route("GET", "/folders/<folder_id>/folders")
def list_subfolders(req: ApiRequest, folder_id: str) -> Any:
    folder = find_folder(req, folder_id)
    rows = req.store.live(req.store.folders, parent_folder_id=folder.id)
    return paginate(req, rows, lambda f: folder_json(req, f))


@router.route("GET", "/folders/<folder_id>/files")
def list_folder_files(req: ApiRequest, folder_id: str) -> Any:
    folder = find_folder(req, folder_id)
    from .files import file_json

    rows = sorted(files_in(req.store, folder), key=lambda f: (f.display_name.lower(), f.id))
    return paginate(req, rows, lambda f: file_json(req, f))


def _create_folder(req: ApiRequest, course: Course, parent: Folder | None) -> Any:
    store = req.store
    name = as_str(req.get("name"))
    if not name:
        raise errors.validation_error({"name": "can't be blank"})
    if parent is None:
        parent_id, parent_path = req.get("parent_folder_id"), req.get("parent_folder_path")
        if parent_id not in (None, ""):
            parent = find_folder(req, str(parent_id), course)
        elif parent_path not in (None, ""):
            chain = resolve_path(store, course, str(parent_path), create=True)
            assert chain is not None
            parent = chain[-1]
        else:
            parent = unfiled_folder(store, course)
    folder = _child(store, parent, name, create=True)
    assert folder is not None
    for flag in ("locked", "hidden"):
        if (value := to_bool(req.get(flag))) is not None:
            setattr(folder, flag, value)
    if (position := to_int(req.get("position"))) is not None:
        folder.position = position
    return folder_json(req, folder)


@router.route("POST", "/courses/<course_id>/folders")
def create_course_folder(req: ApiRequest, course_id: str) -> Any:
    return _create_folder(req, find_course(req, course_id), None)


@router.route("POST", "/folders/<folder_id>/folders")
def create_subfolder(req: ApiRequest, folder_id: str) -> Any:
    parent = find_folder(req, folder_id)
    return _create_folder(req, find_course(req, str(parent.course_id)), parent)


@router.route("PUT", "/folders/<folder_id>")
def update_folder(req: ApiRequest, folder_id: str) -> Any:
    folder = find_folder(req, folder_id)
    if as_str(req.get("name")):
        folder.name = as_str(req.get("name")) or folder.name
    if req.get("parent_folder_id") not in (None, ""):
        parent = find_folder(req, str(req.get("parent_folder_id")))
        if parent.course_id != folder.course_id:
            raise errors.bad_request("Folder must be in the same context")
        folder.parent_folder_id = parent.id
    for flag in ("locked", "hidden"):
        if (value := to_bool(req.get(flag))) is not None:
            setattr(folder, flag, value)
    folder.full_name = full_name(req.store, folder)
    folder.updated_at = req.store.now()
    return folder_json(req, folder)


@router.route("DELETE", "/folders/<folder_id>")
def delete_folder(req: ApiRequest, folder_id: str) -> Any:
    folder = find_folder(req, folder_id)
    store = req.store
    if folder.parent_folder_id is None:
        raise errors.bad_request("Can't delete the root folder")
    has_content = bool(files_in(store, folder)) or bool(
        store.live(store.folders, parent_folder_id=folder.id)
    )
    if has_content and not to_bool(req.get("force")):
        raise errors.bad_request("Can't delete a folder with content")
    body = folder_json(req, folder)
    _delete_tree(store, folder)
    return body


def _delete_tree(store: Store, folder: Folder) -> None:
    for child in store.live(store.folders, parent_folder_id=folder.id):
        _delete_tree(store, child)
    for file in files_in(store, folder):
        file.workflow_state = "deleted"
        store.delete_items_for("File", file.id)
    folder.workflow_state = "deleted"
