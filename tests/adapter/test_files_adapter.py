"""The three-step upload over HTTP: the token goes to Canvas, never with the file."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest
import responses

from canvas_npq.canvas.client import CanvasConfig, Connection
from canvas_npq.canvas.errors import CanvasError
from canvas_npq.canvas.files import download_file, upload_file
from canvas_npq.canvas.reader import CourseState
from canvas_npq.canvas.writer import CanvasCourseWriter
from canvas_npq.model import Kind

BASE = "http://127.0.0.1:9"
API = f"{BASE}/api/v1"
STORE = "http://127.0.0.2:9/upload/abc"  # Canvas's file store: another host
FILE_JSON = {"id": 700, "display_name": "plan.docx", "url": f"{BASE}/files/700/download"}


@pytest.fixture
def conn():
    return Connection(CanvasConfig(BASE, "secret-token"), max_attempts=1)


def preflight(rsps, url=STORE):
    rsps.post(
        f"{API}/courses/7/files",
        json={"upload_url": url, "upload_params": {"key": "k1", "signature": "s1"}},
    )


@responses.activate
def test_preflight_names_the_file_and_folder_then_uploads_without_the_token(conn):
    preflight(responses)
    responses.post(STORE, json=FILE_JSON, status=201, headers={"Location": f"{API}/files/700"})
    assert upload_file(conn, 7, "plan.docx", "handouts", b"PK\x03\x04data")["id"] == 700
    first, second = responses.calls
    sent = dict(parse_qsl(first.request.body))
    assert sent["name"] == "plan.docx" and sent["size"] == "8"
    assert sent["parent_folder_path"] == "handouts" and sent["on_duplicate"] == "overwrite"
    assert sent["content_type"].endswith("wordprocessingml.document")
    assert first.request.headers["Authorization"] == "Bearer secret-token"
    assert "Authorization" not in second.request.headers
    body = second.request.body
    assert b'name="key"' in body and b"k1" in body and b'name="signature"' in body
    assert body.index(b'name="signature"') < body.index(b'name="file"; filename="plan.docx"')
    assert b"PK\x03\x04data" in body


@responses.activate
def test_a_redirect_is_confirmed_with_the_token_on_the_canvas_host(conn):
    preflight(responses)
    success = f"{API}/files/700/create_success?uuid=u1"
    responses.post(STORE, status=303, headers={"Location": success})
    responses.get(success, json=FILE_JSON)
    assert upload_file(conn, 7, "plan.docx", None, b"x")["id"] == 700
    assert dict(parse_qsl(responses.calls[0].request.body))["parent_folder_path"] == "/"
    assert "Authorization" not in responses.calls[1].request.headers
    assert responses.calls[2].request.headers["Authorization"] == "Bearer secret-token"


@responses.activate
def test_a_confirm_url_on_another_host_gets_no_token(conn):
    preflight(responses)
    elsewhere = "http://127.0.0.3:9/done?uuid=u1"
    responses.post(STORE, status=302, headers={"Location": elsewhere})
    responses.get(elsewhere, json=FILE_JSON)
    upload_file(conn, 7, "plan.docx", None, b"x")
    assert "Authorization" not in responses.calls[2].request.headers


@responses.activate
def test_a_refused_upload_is_an_error(conn):
    preflight(responses)
    responses.post(STORE, status=400, json={"message": "bad signature"})
    with pytest.raises(CanvasError, match="refused the upload"):
        upload_file(conn, 7, "plan.docx", None, b"x")


@responses.activate
def test_writer_uploads_from_the_spec_folder_and_renames_in_place(conn, tmp_path):
    (tmp_path / "handouts").mkdir()
    (tmp_path / "handouts" / "plan.docx").write_bytes(b"new bytes")
    writer = CanvasCourseWriter(conn, CourseState(course_id=7), files_root=tmp_path)
    fields = {"name": "plan.docx", "folder": "handouts", "path": "handouts/plan.docx"}
    preflight(responses)
    responses.post(STORE, json={**FILE_JSON, "id": 701}, status=201)
    responses.put(f"{API}/files/700", json=FILE_JSON)
    resolve = {}.__getitem__
    assert writer.rewrite(Kind.FILE, 700, fields, resolve, frozenset({"name"})) == 700
    assert dict(parse_qsl(responses.calls[0].request.body)) == {"name": "plan.docx"}
    new_id = writer.rewrite(Kind.FILE, 700, fields, resolve, frozenset({"content_hash", "size"}))
    assert new_id == 701  # Canvas replaces a file under a new id
    assert b"new bytes" in responses.calls[-1].request.body


@responses.activate
def test_file_references_in_text_become_canvas_file_links(conn):
    writer = CanvasCourseWriter(conn, CourseState(course_id=7))
    responses.post(f"{API}/courses/7/pages", json={"page_id": 5, "url": "p"})
    body = '<p><a href="canvas-npq-file:plan">plan</a></p>'
    ids = {"file.plan": 700}
    writer.create(Kind.PAGE, "p", {"title": "P", "body": body}, ids.__getitem__, None)
    sent = dict(parse_qsl(responses.calls[0].request.body))
    assert sent["wiki_page[body]"] == '<p><a href="/courses/7/files/700">plan</a></p>'


# -- downloads (import) -----------------------------------------------------------------


@responses.activate
def test_a_download_on_the_canvas_host_carries_the_token():
    conn = Connection(CanvasConfig(BASE, "secret-token"), max_attempts=1)
    url = f"{BASE}/files/700/download?download_frd=1&verifier=v1"
    responses.get(url, body=b"PK\x03\x04data")
    assert download_file(conn, 700, url) == b"PK\x03\x04data"
    assert responses.calls[0].request.headers["Authorization"] == "Bearer secret-token"


@responses.activate
def test_a_download_from_another_host_never_carries_the_token():
    conn = Connection(CanvasConfig(BASE, "secret-token"), max_attempts=1)
    url = "http://127.0.0.2:9/files/700/download?verifier=v1"
    responses.get(url, body=b"data")
    assert download_file(conn, 700, url) == b"data"
    assert "Authorization" not in responses.calls[0].request.headers


@responses.activate
def test_a_download_is_retried_like_a_read_and_its_address_read_when_not_known():
    conn = Connection(CanvasConfig(BASE, "secret-token"), max_attempts=3, sleep=lambda s: None)
    responses.get(f"{API}/files/700", json=FILE_JSON)
    responses.get(f"{BASE}/files/700/download", status=503)
    responses.get(f"{BASE}/files/700/download", body=b"data")
    assert download_file(conn, 700) == b"data"
    assert [c.request.method for c in responses.calls] == ["GET", "GET", "GET"]


@responses.activate
def test_a_file_canvas_will_not_serve_is_an_error_naming_no_token():
    conn = Connection(CanvasConfig(BASE, "secret-token"), max_attempts=1)
    responses.get(f"{BASE}/files/700/download", status=404, json={"errors": []})
    with pytest.raises(CanvasError) as caught:
        download_file(conn, 700, f"{BASE}/files/700/download")
    assert "secret-token" not in str(caught.value)


@responses.activate
def test_a_download_canvas_sends_on_to_its_file_store_is_followed_without_the_token_there():
    # Canvas answers a file's download address with a redirect to its file store (another
    # host): the redirect is followed, and the token goes to the Canvas host only.
    conn = Connection(CanvasConfig(BASE, "secret-token"), max_attempts=1)
    url = f"{BASE}/files/700/download?download_frd=1&verifier=v1"
    store = "http://127.0.0.2:9/file-store/700?sig=abc"
    responses.get(url, status=302, headers={"Location": store})
    responses.get(store, body=b"PK\x03\x04data")
    assert download_file(conn, 700, url) == b"PK\x03\x04data"
    assert [c.request.url for c in responses.calls] == [url, store]
    assert responses.calls[0].request.headers["Authorization"] == "Bearer secret-token"
    assert "Authorization" not in responses.calls[1].request.headers
