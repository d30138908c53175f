"""Permission refusals as Canvas sends them (403 now, 401 on older Canvas), told apart
from a bad token and from throttling, and explained: what was refused, which right, what
to do. Each test also checks what was sent, and that a refusal is never retried."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest
import responses

from canvas_npq.canvas.blueprint import ensure_blueprint
from canvas_npq.canvas.client import CanvasConfig, Connection
from canvas_npq.canvas.courses import create_course
from canvas_npq.canvas.errors import AuthenticationError, CanvasError, PermissionDenied
from canvas_npq.cli import exitcodes
from canvas_npq.cli.app import describe_error

BASE = "http://127.0.0.1:9"
API = f"{BASE}/api/v1"
TOKEN = "teacher-t0ken-5b2e"
NOT_AUTHORIZED = {
    "status": "unauthorized",
    "errors": [{"message": "user not authorized to perform that action"}],
}
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="canvas-lms"'}


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def conn(sleeps: list[float]) -> Connection:
    return Connection(CanvasConfig(BASE, TOKEN), max_attempts=4, sleep=sleeps.append)


def sent_form(call: responses.Call) -> dict[str, list[str]]:
    body = call.request.body
    text = body.decode() if isinstance(body, bytes) else str(body or "")
    return parse_qs(text)


@pytest.mark.parametrize("status", [403, 401])
@responses.activate
def test_a_refused_course_creation_names_the_right_and_the_way_out(conn, sleeps, status):
    responses.post(f"{API}/accounts/1/courses", json=NOT_AUTHORIZED, status=status)
    with pytest.raises(PermissionDenied) as caught:
        create_course(conn, 1, "NPQLTD", "LTD", sis_course_id="LTD-A26")
    message = str(caught.value)
    assert "may not create courses in account 1" in message
    assert "manage_courses or create_courses" in message
    assert "enrol the user as a teacher" in message and "--course" in message
    assert f"answered {status}" in message
    assert TOKEN not in message
    # One request, the creation itself (the account is not read first), never retried.
    assert [c.request.method for c in responses.calls] == ["POST"]
    assert sent_form(responses.calls[0]) == {
        "course[name]": ["NPQLTD"],
        "course[course_code]": ["LTD"],
        "course[sis_course_id]": ["LTD-A26"],
    }
    assert sleeps == []
    assert describe_error(caught.value) == (exitcodes.PERMISSION_DENIED, f"Error: {message}")


@responses.activate
def test_an_old_style_401_refusal_of_blueprint_associations_is_a_permission_error(conn):
    template = f"{API}/courses/5/blueprint_templates/default"
    responses.get(f"{API}/courses/5", json={"id": 5, "blueprint": True})
    responses.get(f"{template}/associated_courses", json=[])
    responses.put(f"{template}/update_associations", json=NOT_AUTHORIZED, status=401)
    with pytest.raises(PermissionDenied) as caught:
        ensure_blueprint(conn, 5, [7, 8])
    message = str(caught.value)
    assert "associated with Blueprint course 5" in message
    assert "manage_master_courses" in message and "admin" in message
    put = responses.calls[-1]
    assert put.request.method == "PUT"
    assert sent_form(put) == {"course_ids_to_add[]": ["7", "8"]}
    assert sum(1 for c in responses.calls if c.request.method == "PUT") == 1


@responses.activate
def test_turning_blueprint_on_is_refused_for_lack_of_the_account_right(conn):
    responses.get(f"{API}/courses/5", json={"id": 5, "blueprint": False})
    responses.put(f"{API}/courses/5", json=NOT_AUTHORIZED, status=403)
    with pytest.raises(PermissionDenied) as caught:
        ensure_blueprint(conn, 5, [7])
    assert "turn Blueprint on or off" in str(caught.value)
    assert "manage_master_courses on the account" in str(caught.value)
    assert sent_form(responses.calls[-1]) == {"course[blueprint]": ["true"]}


@responses.activate
def test_a_course_the_user_is_not_enrolled_in_is_refused_with_advice(conn):
    responses.get(f"{API}/courses/9/pages", json=NOT_AUTHORIZED, status=403)
    with pytest.raises(PermissionDenied) as caught:
        conn.get("courses/9/pages", per_page=100)
    message = str(caught.value)
    assert "may not read course 9" in message
    assert "enrolled as a teacher" in message
    assert len(responses.calls) == 1


@responses.activate
def test_a_refused_page_write_names_the_wiki_rights(conn):
    responses.post(f"{API}/courses/9/pages", json=NOT_AUTHORIZED, status=403)
    with pytest.raises(PermissionDenied) as caught:
        conn.send("POST", "courses/9/pages", wiki_page={"title": "Welcome"})
    assert "change pages in course 9" in str(caught.value)
    assert "manage_wiki_create" in str(caught.value)
    assert sent_form(responses.calls[0]) == {"wiki_page[title]": ["Welcome"]}
    assert len(responses.calls) == 1


@responses.activate
def test_an_invalid_token_stays_a_token_problem_with_exit_3(conn):
    responses.get(
        f"{API}/courses/9",
        json={"errors": [{"message": "Invalid access token."}]},
        status=401,
        headers=CHALLENGE,
    )
    with pytest.raises(AuthenticationError) as caught:
        conn.get("courses/9")
    assert not isinstance(caught.value, PermissionDenied)
    code, _ = describe_error(caught.value) or (None, "")
    assert code == exitcodes.AUTH_ERROR


@responses.activate
def test_a_401_with_the_challenge_header_is_never_read_as_a_refusal(conn):
    # Canvas adds WWW-Authenticate only when there is no current user, so even a body
    # that looks like a refusal means the token was not accepted.
    responses.get(f"{API}/courses/9", json=NOT_AUTHORIZED, status=401, headers=CHALLENGE)
    with pytest.raises(AuthenticationError):
        conn.get("courses/9")


@responses.activate
def test_a_throttling_403_on_a_write_is_retried_not_read_as_a_refusal(conn, sleeps):
    throttled = "403 Forbidden (Rate Limit Exceeded)\n"
    responses.put(f"{API}/courses/9/pages/a", body=throttled, status=403, content_type="text/plain")
    responses.put(f"{API}/courses/9/pages/a", json={"url": "a"})
    assert conn.send("PUT", "courses/9/pages/a", wiki_page={"title": "A"}) == {"url": "a"}
    assert len(sleeps) == 1 and len(responses.calls) == 2


@responses.activate
def test_a_403_that_never_stops_throttling_is_a_canvas_error_not_exit_8(conn):
    throttled = "403 Forbidden (Rate Limit Exceeded)\n"
    responses.get(f"{API}/courses/9", body=throttled, status=403, content_type="text/plain")
    with pytest.raises(CanvasError) as caught:
        conn.get("courses/9")
    assert not isinstance(caught.value, PermissionDenied)
    code, _ = describe_error(caught.value) or (None, "")
    assert code == exitcodes.CANVAS_ERROR


@responses.activate
def test_refusals_outside_a_course_path_still_name_the_right(conn):
    responses.put(f"{API}/outcomes/31", json=NOT_AUTHORIZED, status=403)
    with pytest.raises(PermissionDenied) as caught:
        conn.send("PUT", "outcomes/31", title="Planning")
    assert "may not use outcome 31" in str(caught.value)
    assert "manage_outcomes" in str(caught.value)
    responses.delete(f"{API}/files/44", json=NOT_AUTHORIZED, status=403)
    with pytest.raises(PermissionDenied) as caught:
        conn.send("DELETE", "files/44")
    assert "may not use file 44" in str(caught.value)
    assert "manage_files" in str(caught.value)
