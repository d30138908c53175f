"""Files, with Canvas's three-step upload (canvas-api.md §15, §21.20); folders are in
:mod:`.folders`.

Step 1 ``POST /courses/:cid/files`` (or ``/folders/:id/files``) answers ``{"upload_url",
"upload_params"}`` (both non-empty, as canvasapi requires). Step 2 is a multipart POST to
``upload_url`` *without* auth; it answers ``201`` with a ``Location`` and the File JSON,
whose ``url`` canvasapi checks for. ``on_duplicate`` is ``overwrite`` by default, which
makes a *new* file id and retires the old one (lookups of the old id in the course's
path resolve to the replacement, the bare ``/files/:id`` ones are 404); ``rename``
gives ``name-1.ext``; ``error`` → 409 at preflight. Uploads without a folder land in
``course files/unfiled``. Downloads need the file's ``verifier`` (or the token).
"""

from __future__ import annotations

import mimetypes
import posixpath
import secrets
import unicodedata
from typing import Any
from urllib.parse import quote

from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from canvas_npq.sandbox import errors
from canvas_npq.sandbox.api import ApiRequest, json_response, paginate
from canvas_npq.sandbox.dates import iso
from canvas_npq.sandbox.params import as_str, to_bool
from canvas_npq.sandbox.records import Course, File, Folder, UploadTicket
from canvas_npq.sandbox.routing import router
from canvas_npq.sandbox.store import Store

from .common import find_course, parse_id
from .folders import files_in, find_folder, resolve_path, unfiled_folder

UPLOAD_PATH = "/files_api/upload"
ON_DUPLICATE = ("overwrite", "rename", "error")


# -- files -----------------------------------------------------------------------------


_MIME_CLASSES = {
    "application/pdf": "pdf",
    "text/html": "html",
    "text/plain": "text",
    "application/msword": "doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "doc",
    "application/vnd.ms-powerpoint": "ppt",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "ppt",
    "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xls",
    "application/zip": "zip",
}


def _mime_class(content_type: str) -> str:
    major = content_type.split("/", 1)[0]
    if major in ("image", "video", "audio"):
        return major
    return _MIME_CLASSES.get(content_type, "file")


def file_json(req: ApiRequest, file: File) -> dict[str, Any]:
    return {
        "id": file.id,
        "uuid": file.uuid,
        "folder_id": file.folder_id,
        "display_name": file.display_name,
        "filename": file.filename,
        "upload_status": "success",
        "content-type": file.content_type,
        "url": req.html_url(f"/files/{file.id}/download?download_frd=1&verifier={file.uuid}"),
        "size": file.size,
        "created_at": iso(file.created_at),
        "updated_at": iso(file.updated_at),
        "unlock_at": None,
        "locked": file.locked,
        "hidden": file.hidden,
        "lock_at": None,
        "hidden_for_user": False,
        "thumbnail_url": None,
        "modified_at": iso(file.updated_at),
        "mime_class": _mime_class(file.content_type),
        "media_entry_id": None,
        "category": "uncategorized",
        "locked_for_user": False,
        "visibility_level": "inherit",
    }


def find_file(req: ApiRequest, ref: str, course: Course | None = None) -> File:
    """A live file. In a course's path an overwritten id resolves to its replacement (§15.1;
    Canvas's ``context.attachments.find`` does that, FindInContextAssociation); the bare
    ``/files/:id`` paths use ``Attachment.find``, which does not, so there it is gone."""
    store = req.store
    file = store.files.get(parse_id(ref) or 0)
    seen = 0
    while (
        course is not None
        and file is not None
        and file.deleted
        and file.replaced_by is not None
        and seen < 100
    ):
        file = store.files.get(file.replaced_by)
        seen += 1
    if file is None or file.deleted or (course is not None and file.course_id != course.id):
        raise errors.not_found()
    return file


def _unique_name(store: Store, folder: Folder, name: str) -> str:
    taken = {f.display_name for f in files_in(store, folder)}
    if name not in taken:
        return name
    stem, ext = posixpath.splitext(name)
    n = 1
    while f"{stem}-{n}{ext}" in taken:
        n += 1
    return f"{stem}-{n}{ext}"


def _preflight(req: ApiRequest, course: Course, folder: Folder | None) -> Any:
    store = req.store
    name = as_str(req.get("name"))
    if not name:
        raise errors.bad_request("name is required")
    if folder is None:
        folder_id, folder_path = req.get("parent_folder_id"), req.get("parent_folder_path")
        folder_path = folder_path if folder_path is not None else req.get("folder")
        if folder_id not in (None, "") and folder_path not in (None, ""):
            raise errors.bad_request("Can't set folder path and folder id")
        if folder_id not in (None, ""):
            folder = find_folder(req, str(folder_id), course)
        elif folder_path not in (None, ""):
            chain = resolve_path(store, course, str(folder_path), create=True)
            assert chain is not None
            folder = chain[-1]
        else:
            folder = unfiled_folder(store, course)
    on_duplicate = as_str(req.get("on_duplicate")) or "overwrite"
    if on_duplicate not in ON_DUPLICATE:
        raise errors.bad_request("invalid on_duplicate option")
    if on_duplicate == "error" and any(f.display_name == name for f in files_in(store, folder)):
        raise errors.bad_request(
            "file already exists; use on_duplicate='overwrite' or 'rename'", status=409
        )
    content_type = as_str(req.get("content_type")) or (
        mimetypes.guess_type(name)[0] or "application/octet-stream"
    )
    token = secrets.token_urlsafe(16)
    store.upload_tickets[token] = UploadTicket(
        **store.stamp(),
        token=token,
        course_id=course.id,
        folder_id=folder.id,
        name=name,
        content_type=content_type,
        on_duplicate=on_duplicate,
    )
    return {
        "upload_url": req.html_url(f"{UPLOAD_PATH}/{token}"),
        "upload_params": {"filename": name, "content_type": content_type},
        "file_param": "file",
        "progress": None,
    }


@router.route("POST", "/courses/<course_id>/files")
def preflight_course_file(req: ApiRequest, course_id: str) -> Any:
    return _preflight(req, find_course(req, course_id), None)


@router.route("POST", "/folders/<folder_id>/files")
def preflight_folder_file(req: ApiRequest, folder_id: str) -> Any:
    folder = find_folder(req, folder_id)
    course = find_course(req, str(folder.course_id))
    return _preflight(req, course, folder)


@router.route("POST", f"{UPLOAD_PATH}/<token>", prefix="", auth=False)
def upload(req: ApiRequest, token: str) -> Any:
    """Step 2: the multipart POST, without a token; the ticket in the URL is the auth."""
    store = req.store
    ticket = store.upload_tickets.pop(token, None)
    if ticket is None:
        raise errors.not_found()
    data = req.params.get("file")
    if not isinstance(data, FileStorage):
        raise errors.bad_request("file is required")
    folder = store.folders[ticket.folder_id]
    name = ticket.name
    previous = [f for f in files_in(store, folder) if f.display_name == name]
    if previous and ticket.on_duplicate == "rename":
        name = _unique_name(store, folder, name)
    file = store.add(
        store.files,
        File(
            **store.stamp(),
            workflow_state="processed",
            course_id=ticket.course_id,
            folder_id=folder.id,
            display_name=name,
            filename=name,
            content_type=ticket.content_type,
            uuid=store.new_uuid(),
            data=data.read(),
            user_id=req.user.id,
        ),
    )
    if ticket.on_duplicate == "overwrite":
        for old in previous:  # a new attachment replaces the old one (§21.20)
            old.workflow_state = "deleted"
            old.replaced_by = file.id
            for item in store.live(store.module_items, type="File", content_id=old.id):
                item.content_id = file.id
    if store.upload_answer == "redirect":
        file.workflow_state = "pending_upload"
        location = req.api_url(f"/files/{file.id}/create_success?uuid={file.uuid}")
        return Response(status=303, headers={"Location": location})
    location = req.api_url(f"/files/{file.id}")
    return json_response(file_json(req, file), status=201, headers={"Location": location})


@router.route("GET", "/files/<file_id>/create_success")
def create_success(req: ApiRequest, file_id: str) -> Any:
    """Step 3 after a redirect: authenticated, and naming the file's uuid."""
    file = req.store.files.get(parse_id(file_id) or 0)
    if file is None or file.workflow_state != "pending_upload" or req.get("uuid") != file.uuid:
        # api_create_success: ``head :bad_request`` unless the id, uuid and pending state match
        raise errors.ApiError(400, b"", content_type="text/plain; charset=utf-8")
    file.workflow_state = "processed"
    return file_json(req, file)


@router.route("GET", "/courses/<course_id>/files")
def list_course_files(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    rows = req.store.live(req.store.files, course_id=course.id)
    term = as_str(req.get("search_term"))
    if term:
        rows = [f for f in rows if term.lower() in f.display_name.lower()]
    sort = as_str(req.get("sort")) or "name"
    keys = {
        "name": lambda f: (f.display_name.lower(), f.id),
        "size": lambda f: (f.size, f.id),
        "created_at": lambda f: (f.created_at, f.id),
        "updated_at": lambda f: (f.updated_at, f.id),
        "content_type": lambda f: (f.content_type, f.id),
    }
    rows.sort(key=keys.get(sort, keys["name"]), reverse=as_str(req.get("order")) == "desc")
    return paginate(req, rows, lambda f: file_json(req, f))


@router.route("GET", "/courses/<course_id>/files/<file_id>")
def get_course_file(req: ApiRequest, course_id: str, file_id: str) -> Any:
    return file_json(req, find_file(req, file_id, find_course(req, course_id)))


@router.route("GET", "/files/<file_id>")
def get_file(req: ApiRequest, file_id: str) -> Any:
    return file_json(req, find_file(req, file_id))


@router.route("PUT", "/files/<file_id>")
def update_file(req: ApiRequest, file_id: str) -> Any:
    file = find_file(req, file_id)
    store = req.store
    folder_id, name = file.folder_id, file.display_name
    if req.get("parent_folder_id") not in (None, ""):
        folder_id = find_folder(req, str(req.get("parent_folder_id"))).id
    if as_str(req.get("name")):
        name = as_str(req.get("name")) or name
    # api_update: moving or renaming onto a live file's name is a 409 unless on_duplicate
    # says what to do (overwrite replaces the other file, rename renames this one).
    clash = [
        f
        for f in files_in(store, store.folders[folder_id])
        if f.display_name == name and f.id != file.id
    ]
    on_duplicate = as_str(req.get("on_duplicate"))
    if (folder_id, name) != (file.folder_id, file.display_name) and clash:
        if on_duplicate not in ("overwrite", "rename"):
            raise errors.bad_request(
                "file already exists; use on_duplicate='overwrite' or 'rename'", status=409
            )
        if on_duplicate == "rename":
            name = _unique_name(store, store.folders[folder_id], name)
        else:
            for other in clash:
                other.workflow_state = "deleted"
                other.replaced_by = file.id
    file.folder_id = folder_id
    if name != file.display_name:
        file.display_name = name
        store.retitle_items("File", file.id, file.display_name)
    for flag in ("locked", "hidden"):
        if req.get(flag) is not None and (value := to_bool(req.get(flag))) is not None:
            setattr(file, flag, value)
    file.updated_at = store.now()
    return file_json(req, file)


@router.route("DELETE", "/files/<file_id>")
def delete_file(req: ApiRequest, file_id: str) -> Any:
    file = find_file(req, file_id)
    file.workflow_state = "deleted"
    file.updated_at = req.store.now()
    req.store.delete_items_for("File", file.id)
    return file_json(req, file)


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII ``filename`` and, for any other name, the exact one as
    ``filename*`` (RFC 6266), as Canvas sends it: a header is Latin-1 on the wire."""
    ascii_name = (
        unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode() or "file"
    ).replace('"', "")
    header = f'attachment; filename="{ascii_name}"'
    if ascii_name != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header


def _download(req: ApiRequest, file_id: str) -> Response:
    file = find_file(req, file_id)
    authorized = req.get("verifier") == file.uuid or req.http.headers.get(
        "Authorization", ""
    ).startswith("Bearer ")
    if not authorized:
        raise errors.unauthenticated()
    response = Response(file.data, content_type=file.content_type)
    response.headers["Content-Disposition"] = content_disposition(file.filename)
    return response


@router.route("GET", "/files/<file_id>/download", prefix="", auth=False)
def download(req: ApiRequest, file_id: str) -> Any:
    return _download(req, file_id)


@router.route("GET", "/courses/<course_id>/files/<file_id>/download", prefix="", auth=False)
def course_download(req: ApiRequest, course_id: str, file_id: str) -> Any:
    return _download(req, file_id)
