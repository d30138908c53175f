"""Uploading a course file with Canvas's three-step upload (canvas-api.md §15.1).

1. ``POST /api/v1/courses/:id/files`` (with the token) names the file, its size, type
   and folder, and ``on_duplicate=overwrite``; Canvas answers ``upload_url`` and
   ``upload_params``.
2. A multipart ``POST`` to ``upload_url`` with exactly those params and the file last,
   **without** the token: the upload URL may be another host (Canvas's file store)
   and is authorised by its signed params.
3. Canvas answers either ``201 Created`` with the file (or a ``Location`` to read it
   from) or a redirect to a ``create_success`` URL, which must be fetched, *with* the
   token, to complete the upload. The token goes only to the Canvas host.
"""

from __future__ import annotations

import mimetypes
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from canvas_npq.canvas.client import Connection
from canvas_npq.canvas.errors import CanvasError
from canvas_npq.canvas.network import plain_session

FOLDER_ROOT = "course files"
# A change to any of these fields of a file means its bytes are uploaded again.
UPLOADED_FIELDS = frozenset({"size", "content_hash", "path"})


def folder_path(folder: str | None) -> str:
    """The ``parent_folder_path`` for a folder named below "course files" ("" = the root)."""
    return folder.strip("/") if folder else "/"


def _same_origin(url: str, base: str) -> bool:
    a, b = urlsplit(url), urlsplit(base)
    return (a.scheme, a.hostname, a.port) == (b.scheme, b.hostname, b.port)


def upload_file(
    conn: Connection, course_id: int, name: str, folder: str | None, data: bytes
) -> dict[str, Any]:
    """Upload ``data`` as ``name`` into ``folder``, replacing a file of that name there;
    return Canvas's file JSON (its ``id`` is new: Canvas gives a replacement a new id).

    :calls: ``POST /api/v1/courses/:id/files``, ``POST <upload_url>`` (no token), and,
        when Canvas redirects or answers without the file, ``GET <Location>``.
    """
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    ticket = conn.send(
        "POST",
        f"courses/{course_id}/files",
        name=name,
        size=len(data),
        content_type=content_type,
        parent_folder_path=folder_path(folder),
        on_duplicate="overwrite",
    )
    upload_url = (ticket or {}).get("upload_url")
    if not upload_url:
        raise CanvasError(f"Canvas did not offer an upload for {name!r}")
    params = list((ticket.get("upload_params") or {}).items())
    file_param = ticket.get("file_param") or "file"
    try:
        # A plain session: the Canvas token must never travel with the upload itself.
        with plain_session() as session:
            answer = session.post(
                upload_url,
                data=params,
                files={file_param: (name, data, content_type)},
                allow_redirects=False,
                timeout=conn.config.timeout,
            )
    except (requests.ConnectionError, requests.Timeout) as error:
        raise CanvasError(f"Could not upload {name!r}: {type(error).__name__}") from None
    if answer.status_code >= 400:
        raise CanvasError(f"Canvas refused the upload of {name!r} ({answer.status_code})")
    location = answer.headers.get("Location")
    if 300 <= answer.status_code < 400 or (location and not _file_json(answer)):
        if not location:
            raise CanvasError(f"Canvas did not say where the upload of {name!r} went")
        return _confirm(conn, urljoin(upload_url, location), name)
    body = _file_json(answer)
    if body is None:
        raise CanvasError(f"Canvas did not confirm the upload of {name!r}")
    return body


def _file_json(answer: requests.Response) -> dict[str, Any] | None:
    try:
        body = answer.json() if answer.content else None
    except ValueError:
        text = answer.text.removeprefix("while(1);")
        try:
            import json

            body = json.loads(text)
        except ValueError:
            return None
    return body if isinstance(body, dict) and "id" in body else None


def _confirm(conn: Connection, location: str, name: str) -> dict[str, Any]:
    """Step 3: fetch the success URL, with the token only if it is on the Canvas host."""
    use_auth = _same_origin(location, conn.config.url)
    try:
        response = conn.requester.request("GET", _url=location, use_auth=use_auth)
    except Exception as error:  # canvasapi's exceptions, translated
        from canvas_npq.canvas.client import translate

        raise translate(error) from None
    body = _file_json(response)
    if body is None:
        raise CanvasError(f"Canvas did not confirm the upload of {name!r}")
    return body


def download_file(conn: Connection, file_id: int, url: str | None = None) -> bytes:
    """The bytes of a course file, from its ``url`` (the file JSON's download address,
    which carries a ``verifier``), read like every other read: retried on a transient
    fault. The token goes only to the Canvas host; Canvas may redirect the download to
    its file store, and ``requests`` drops the token on a redirect to another host.

    :calls: ``GET /api/v1/files/:id`` when ``url`` is not known, then ``GET <url>``.
    """
    if not url:
        url = (conn.get(f"files/{file_id}") or {}).get("url")
    if not url:
        raise CanvasError(f"Canvas gave no download address for file {file_id}")
    address = urljoin(conn.config.url, url)
    use_auth = _same_origin(address, conn.config.url)
    response = conn.read(lambda: conn.requester.request("GET", _url=address, use_auth=use_auth))
    return response.content
