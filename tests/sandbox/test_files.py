"""Files and folders with the three-step upload (canvas-api.md §15, §21.20)."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from canvasapi.course import Course
from canvasapi.exceptions import BadRequest, Conflict, ResourceDoesNotExist

from canvas_npq.sandbox import Sandbox

from .conftest import Http


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "handbook.pdf"
    path.write_bytes(b"%PDF-1.4 sandbox")
    return path


def test_upload_through_canvasapi(sandbox: Sandbox, course: Course, sample: Path) -> None:
    ok, body = course.upload(sample)
    assert ok is True
    assert body["display_name"] == "handbook.pdf"
    assert body["content-type"] == "application/pdf"
    assert body["size"] == len(b"%PDF-1.4 sandbox")
    assert body["mime_class"] == "pdf"
    download = requests.get(body["url"], timeout=5)  # the verifier is the credential
    assert download.content == b"%PDF-1.4 sandbox"
    folder = course.get_folder(body["folder_id"])
    assert folder.full_name == "course files/unfiled"


def test_preflight_reply_and_unauthenticated_step_two(http: Http, course: Course) -> None:
    preflight = http.post(f"/courses/{course.id}/files", data={"name": "a.txt", "size": 3}).json()
    assert preflight["upload_url"] and preflight["upload_params"]
    step2 = requests.post(
        preflight["upload_url"],
        data=preflight["upload_params"],
        files={"file": ("a.txt", b"abc")},
        timeout=5,
    )
    assert step2.status_code == 201
    assert step2.headers["Location"].endswith(f"/api/v1/files/{step2.json()['id']}")
    assert "url" in step2.json()
    again = requests.post(preflight["upload_url"], files={"file": ("a.txt", b"x")}, timeout=5)
    assert again.status_code == 404  # tickets are single use


def test_overwrite_is_the_default_and_makes_a_new_id(course: Course, sample: Path) -> None:
    _, first = course.upload(sample)
    sample.write_bytes(b"%PDF-1.4 v2")
    _, second = course.upload(sample)
    assert second["id"] != first["id"]
    assert [f.display_name for f in course.get_files()] == ["handbook.pdf"]
    old = course.get_file(first["id"])  # the old id resolves to the replacement
    assert (old.id, old.size) == (second["id"], len(b"%PDF-1.4 v2"))


def test_rename_and_error_on_duplicate(course: Course, sample: Path) -> None:
    course.upload(sample)
    _, renamed = course.upload(sample, on_duplicate="rename")
    assert renamed["display_name"] == "handbook-1.pdf"
    with pytest.raises(Conflict):
        course.upload(sample, on_duplicate="error")
    with pytest.raises(BadRequest):
        course.upload(sample, on_duplicate="sideways")


def test_folder_path_is_created_and_resolvable(course: Course, sample: Path) -> None:
    _, body = course.upload(sample, parent_folder_path="units/unit 1")
    chain = [f.name for f in course.resolve_path("units/unit 1")]
    assert chain == ["course files", "units", "unit 1"]
    assert [f.display_name for f in course.get_folder(body["folder_id"]).get_files()] == [
        "handbook.pdf"
    ]
    with pytest.raises(ResourceDoesNotExist):
        list(course.resolve_path("nope"))


def test_folder_id_and_path_together_is_400(http: Http, course: Course) -> None:
    root = http.get(f"/courses/{course.id}/folders/by_path").json()[0]
    response = http.post(
        f"/courses/{course.id}/files",
        data={"name": "x.txt", "parent_folder_id": root["id"], "parent_folder_path": "a"},
    )
    assert response.json() == {"message": "Can't set folder path and folder id"}


def test_folders_create_list_and_delete_rules(http: Http, course: Course, sample: Path) -> None:
    folder = course.create_folder("Resources", parent_folder_path="/")
    assert folder.full_name == "course files/Resources"
    names = [f.full_name for f in course.get_folders()]
    assert "course files" in names and "course files/Resources" in names
    course.upload(sample, parent_folder_id=folder.id)
    refused = http.delete(f"/folders/{folder.id}")
    assert refused.json() == {"message": "Can't delete a folder with content"}
    root = http.get(f"/courses/{course.id}/folders/by_path").json()[0]
    assert http.delete(f"/folders/{root['id']}").json() == {
        "message": "Can't delete the root folder"
    }
    assert http.delete(f"/folders/{folder.id}", params={"force": "true"}).status_code == 200
    assert list(course.get_files()) == []


def test_delete_file_and_module_item(http: Http, course: Course, sample: Path) -> None:
    _, body = course.upload(sample)
    module = course.create_module(module={"name": "M"})
    item = module.create_module_item(module_item={"type": "File", "content_id": body["id"]})
    assert (item.title, item.published) == ("handbook.pdf", True)
    assert http.delete(f"/files/{body['id']}").status_code == 200
    assert list(module.get_module_items()) == []
    assert http.get(f"/files/{body['id']}").status_code == 404


def test_file_links_in_bodies_get_a_verifier(course: Course, sample: Path) -> None:
    _, body = course.upload(sample)
    page = course.create_page(
        wiki_page={
            "title": "Links",
            "body": f'<a href="/courses/{course.id}/files/{body["id"]}/download">pdf</a>',
        }
    )
    assert f"download?verifier={body['uuid']}" in page.body


def test_redirect_answer_needs_the_authenticated_confirm(sandbox: Sandbox, course: Course) -> None:
    from canvas_npq.canvas.client import CanvasConfig, Connection
    from canvas_npq.canvas.files import upload_file

    sandbox.store.upload_answer = "redirect"  # as Canvas's local storage answers step 2
    conn = Connection(CanvasConfig(sandbox.url, sandbox.token))
    ticket = conn.send("POST", f"courses/{course.id}/files", name="b.txt", size=1)
    step2 = requests.post(
        ticket["upload_url"],
        data=ticket["upload_params"],
        files={"file": ("b.txt", b"b")},
        allow_redirects=False,
        timeout=5,
    )
    assert step2.status_code == 303 and "/create_success?uuid=" in step2.headers["Location"]
    assert requests.get(step2.headers["Location"], timeout=5).status_code == 401  # no token
    body = upload_file(conn, course.id, "plan.docx", "handouts", b"PK data")
    assert body["display_name"] == "plan.docx"
    assert course.get_file(body["id"]).size == len(b"PK data")
    assert course.get_folder(body["folder_id"]).full_name == "course files/handouts"
