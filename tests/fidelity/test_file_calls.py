"""Fidelity rows for the three-step upload and the file and folder calls around it."""

from __future__ import annotations

from typing import Any

import requests

from canvas_npq.sandbox import Sandbox

from .conftest import CanvasCourse, Http
from .registry import fidelity

ATTACHMENT_API = "lib/api/v1/attachment.rb (api_attachment_preflight, attachment_json)"
FILES = "app/controllers/files_controller.rb"
FOLDERS = "app/controllers/folders_controller.rb"
UPLOAD_DOC = "doc/api/file_uploads.md"


def preflight(http: Http, course: CanvasCourse, name: str, **extra: str) -> Any:
    data = {
        "name": name,
        "size": "5",
        "content_type": "text/plain",
        "parent_folder_path": "handouts",
        "on_duplicate": "overwrite",
        **extra,
    }
    return http.post(f"/courses/{course['id']}/files", data=data)


def upload(http: Http, course: CanvasCourse, name: str, data: bytes = b"hello") -> Any:
    ticket = preflight(http, course, name).json()
    return requests.post(
        ticket["upload_url"],
        data=ticket["upload_params"],
        files={ticket.get("file_param") or "file": (name, data)},
        timeout=10,
        allow_redirects=False,
    )


@fidelity(
    endpoint="POST /api/v1/courses/:course_id/files",
    params="name, size, content_type, parent_folder_path, on_duplicate=overwrite",
    source=[
        f"{ATTACHMENT_API.split(' (')[0]} (api_attachment_preflight, validate_on_duplicate, "
        "infer_upload_folder: Folder.assert_path)",
        f"{FILES} (api_create)",
        UPLOAD_DOC,
    ],
    canvas="step 1 answers {upload_url, upload_params, file_param}; the folder path is "
    "created when missing (Folder.assert_path); parent_folder_id together with "
    'parent_folder_path → 400 {message: "Can\'t set folder path and folder id"}; an '
    "unknown on_duplicate → 400 {message: 'invalid on_duplicate option'}; overwrite is the "
    "default",
    sandbox="same ticket and refusals; on_duplicate=error over an existing name → 409",
    client="sends the folder as a path and on_duplicate=overwrite; posts the upload_params "
    "back untouched",
    note="on_duplicate=error (409) is in newer Canvas only; the version read accepts "
    "rename|overwrite. The client never sends it",
)
def test_preflight_gives_an_upload_ticket(http: Http, course: CanvasCourse) -> None:
    ticket = preflight(http, course, "notes.txt")
    assert ticket.status_code == 200, ticket.text
    assert ticket.json()["upload_url"] and ticket.json()["upload_params"]
    both = preflight(http, course, "x.txt", parent_folder_id="1")
    assert (both.status_code, both.json()) == (
        400,
        {"message": "Can't set folder path and folder id"},
    )
    odd = preflight(http, course, "y.txt", on_duplicate="sometimes")
    assert (odd.status_code, odd.json()) == (400, {"message": "invalid on_duplicate option"})
    upload(http, course, "taken.txt")
    clash = preflight(http, course, "taken.txt", on_duplicate="error")
    assert clash.status_code == 409
    folders = http.get(f"/courses/{course['id']}/folders").json()
    assert "course files/handouts" in {f["full_name"] for f in folders}


@fidelity(
    endpoint="POST <upload_url>",
    params="upload_params as given, then the file part (multipart, no token)",
    source=[UPLOAD_DOC, f"{FILES} (api_capture / create_pending: 201 + Location)"],
    canvas="step 2 is sent without the token; Canvas answers 201 with the File JSON and a "
    "Location, or (local storage) a 3xx to .../files/:id/create_success?uuid=...",
    sandbox="201 + Location + File JSON with url by default; the redirect form when "
    "store.upload_answer == 'redirect'",
    client="handles both: a 201 body with 'url', or a GET of the Location with the token",
)
def test_upload_answers_201_with_the_file(
    sandbox: Sandbox, http: Http, course: CanvasCourse
) -> None:
    answer = upload(http, course, "notes.txt")
    assert answer.status_code == 201
    assert answer.headers["Location"].endswith(f"/api/v1/files/{answer.json()['id']}")
    assert "url" in answer.json() and answer.json()["display_name"] == "notes.txt"


@fidelity(
    endpoint="GET /api/v1/files/:id/create_success",
    params="uuid (from the redirect)",
    source=[f"{FILES} (api_create_success)"],
    canvas="finishes an upload that was answered with a redirect: answers with the File "
    "JSON; an id/uuid pair that does not match a pending upload → head :bad_request "
    "(400, empty body)",
    sandbox="same, including the empty 400",
    client="follows the Location of a redirected step 2 with its token",
)
def test_create_success_completes_a_redirected_upload(
    sandbox: Sandbox, http: Http, course: CanvasCourse
) -> None:
    sandbox.store.upload_answer = "redirect"
    answer = upload(http, course, "late.txt")
    assert answer.status_code == 303
    location = answer.headers["Location"].split("/api/v1", 1)[1]
    wrong = http.get(location.split("uuid=")[0] + "uuid=nope")
    assert (wrong.status_code, wrong.content) == (400, b"")
    done = http.get(location)
    assert done.status_code == 200 and done.json()["display_name"] == "late.txt"
    assert http.get(location).status_code == 400  # no longer pending


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/files",
    params="per_page=100",
    source=[f"{FILES} (api_index)", ATTACHMENT_API],
    canvas="the course's files (not deleted), each with folder_id, display_name, size, "
    "url; a file replaced by an overwrite is gone from the list (its replacement has a "
    "new id)",
    sandbox="same",
    client="reads files and folders in one listing each; matches a replaced file by name",
)
def test_file_list_shows_the_replacement_only(http: Http, course: CanvasCourse) -> None:
    first = upload(http, course, "notes.txt", b"one").json()
    second = upload(http, course, "notes.txt", b"two").json()
    assert second["id"] != first["id"]
    listed = http.get(f"/courses/{course['id']}/files", params={"per_page": 100}).json()
    assert [f["id"] for f in listed] == [second["id"]]
    assert {"folder_id", "display_name", "size", "url"} <= set(listed[0])


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/folders",
    params="per_page=100",
    source=[f"{FOLDERS} (api_index)", "lib/api/v1/folders.rb (folder_json)"],
    canvas="every folder of the course, the root 'course files' included, each with "
    "full_name and parent_folder_id",
    sandbox="same",
    client="maps folder_id to a path through full_name",
)
def test_folder_list_has_full_names(http: Http, course: CanvasCourse) -> None:
    upload(http, course, "notes.txt")
    listed = http.get(f"/courses/{course['id']}/folders", params={"per_page": 100}).json()
    names = {f["full_name"] for f in listed}
    assert {"course files", "course files/handouts"} <= names


@fidelity(
    endpoint="GET /api/v1/files/:id",
    source=[
        f"{FILES} (api_show: Attachment.find, RecordNotFound if deleted; show: "
        "context.attachments.find follows an overwrite, FindInContextAssociation)",
        ATTACHMENT_API,
    ],
    canvas="the File JSON, whose url is a download address carrying a verifier; an id an "
    "overwrite retired is 404 here (Attachment.find, then deleted), while "
    "/courses/:course_id/files/:id finds its replacement",
    sandbox="same: the course path follows the overwrite, the bare path does not",
    client="asks for the url only when it does not have it yet, always with the id of the "
    "current upload",
)
def test_file_show_has_a_url_and_no_retired_ids(http: Http, course: CanvasCourse) -> None:
    first = upload(http, course, "notes.txt", b"one").json()
    shown = http.get(f"/files/{first['id']}").json()
    assert "verifier=" in shown["url"]
    second = upload(http, course, "notes.txt", b"two").json()
    assert http.get(f"/files/{first['id']}").status_code == 404
    followed = http.get(f"/courses/{course['id']}/files/{first['id']}").json()
    assert followed["id"] == second["id"]


@fidelity(
    endpoint="GET <file url>",
    params="(the url from the File JSON; verifier in it)",
    source=[f"{FILES} (show with download, verifier check)"],
    canvas="the bytes, with a Content-Disposition attachment header; the verifier is the "
    "authorisation, no token needed",
    sandbox="same",
    client="downloads without sending its token to the file store",
)
def test_download_needs_no_token(http: Http, course: CanvasCourse) -> None:
    made = upload(http, course, "notes.txt", b"hello").json()
    got = requests.get(made["url"], timeout=10)
    assert got.status_code == 200 and got.content == b"hello"
    assert got.headers["Content-Disposition"].startswith("attachment")


@fidelity(
    endpoint="PUT /api/v1/files/:id",
    params="name",
    source=[f"{FILES} (api_update)"],
    canvas="renames the file in place (same id); a name another live file in the folder "
    "has → 409 {message: \"file already exists; use on_duplicate='overwrite' or "
    "'rename'\"} unless on_duplicate is overwrite (the other file is replaced) or rename "
    "(this one gets a unique name)",
    sandbox="same rename, 409 and on_duplicate handling; module items show the new name",
    client="renames without uploading again when only the name changed; sends no "
    "on_duplicate, so a rename onto another managed file's name is refused and reported",
)
def test_file_rename_keeps_its_id_and_refuses_a_taken_name(
    http: Http, course: CanvasCourse
) -> None:
    made = upload(http, course, "notes.txt").json()
    other = upload(http, course, "other.txt").json()
    renamed = http.put(f"/files/{made['id']}", data={"name": "reading.txt"})
    assert renamed.status_code == 200
    assert (renamed.json()["id"], renamed.json()["display_name"]) == (made["id"], "reading.txt")
    taken = http.put(f"/files/{made['id']}", data={"name": "other.txt"})
    assert taken.status_code == 409
    assert taken.json() == {
        "message": "file already exists; use on_duplicate='overwrite' or 'rename'"
    }
    kept = http.put(f"/files/{made['id']}", data={"name": "other.txt", "on_duplicate": "rename"})
    assert kept.json()["display_name"] == "other-1.txt"
    replaced = http.put(
        f"/files/{made['id']}", data={"name": "other.txt", "on_duplicate": "overwrite"}
    )
    assert replaced.json()["display_name"] == "other.txt"
    listed = http.get(f"/courses/{course['id']}/files").json()
    assert [f["id"] for f in listed] == [made["id"]] and other["id"] != made["id"]


@fidelity(
    endpoint="DELETE /api/v1/files/:id",
    source=[f"{FILES} (destroy: Attachment.find, render attachment_json)"],
    canvas="200 with the File JSON; the file leaves the listing",
    sandbox="same; module items for it go too; a later GET or DELETE is 404",
    client="deletes outside the course path; a 404 counts as done",
    note="destroy finds the file with Attachment.find (no active scope), so a second "
    "DELETE on Canvas may answer 200 where the sandbox answers 404; the client takes "
    "either as done",
)
def test_file_delete_leaves_the_listing(http: Http, course: CanvasCourse) -> None:
    made = upload(http, course, "notes.txt").json()
    assert http.delete(f"/files/{made['id']}").status_code == 200
    assert http.get(f"/courses/{course['id']}/files").json() == []
    assert http.get(f"/files/{made['id']}").status_code == 404
