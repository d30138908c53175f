"""The Canvas connection under failure: retries, throttling, pacing, 401s, partial reads,
the token's origin, and creates whose answer was lost."""

from __future__ import annotations

import pytest
import requests
import responses
from responses import matchers

from canvas_npq.canvas.client import PACE_FLOOR, CanvasConfig, Connection
from canvas_npq.canvas.errors import (
    AuthenticationError,
    CanvasError,
    ConfigurationError,
    IncompleteRead,
    PermissionDenied,
    ResponseLost,
)
from canvas_npq.canvas.reader import CourseState, read_course
from canvas_npq.canvas.writer import CanvasCourseWriter
from canvas_npq.model import Kind
from canvas_npq.model.markers import wrap_owned

BASE = "http://127.0.0.1:9"
API = f"{BASE}/api/v1"
TOKEN = "t0ken-canary-7c1f"
THROTTLED = "403 Forbidden (Rate Limit Exceeded)\n"


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def conn(sleeps: list[float]) -> Connection:
    return Connection(CanvasConfig(BASE, TOKEN), max_attempts=4, sleep=sleeps.append)


def calls_to(path: str) -> int:
    return sum(1 for c in responses.calls if c.request.url.split("?")[0].endswith(path))


# -- retries --------------------------------------------------------------------------


@responses.activate
def test_throttling_403_is_retried_and_told_from_a_permission_403(conn, sleeps):
    responses.get(f"{API}/users/self", body=THROTTLED, status=403, content_type="text/plain")
    responses.get(f"{API}/users/self", json={"id": 1})
    assert conn.get("users/self") == {"id": 1}
    assert len(sleeps) == 1

    responses.get(
        f"{API}/courses/5",
        json={"status": "unauthorized", "errors": [{"message": "user not authorized"}]},
        status=403,
    )
    with pytest.raises(PermissionDenied) as caught:
        conn.get("courses/5")
    assert calls_to("/courses/5") == 1  # a permission 403 is not retried
    assert "throttl" not in str(caught.value).lower()


@responses.activate
def test_429_honours_retry_after(conn, sleeps):
    responses.get(f"{API}/users/self", body="429", status=429, headers={"Retry-After": "7"})
    responses.get(f"{API}/users/self", json={"id": 1})
    conn.get("users/self")
    assert sleeps and sleeps[0] >= 7


@responses.activate
def test_throttling_that_never_ends_is_reported_as_throttling_not_permission(conn, sleeps):
    responses.get(f"{API}/users/self", body=THROTTLED, status=403, content_type="text/plain")
    with pytest.raises(CanvasError) as caught:
        conn.get("users/self")
    assert not isinstance(caught.value, PermissionDenied)
    assert "rate limit" in str(caught.value)
    assert calls_to("/users/self") == 4  # bounded attempts
    assert len(sleeps) == 3
    assert all(0 < s <= 20 for s in sleeps)


@responses.activate
def test_5xx_and_connection_errors_on_reads_are_retried(conn):
    responses.get(f"{API}/users/self", status=502, json={})
    responses.get(f"{API}/users/self", body=requests.ConnectionError("reset"))
    responses.get(f"{API}/users/self", body=requests.ReadTimeout("slow"))
    responses.get(f"{API}/users/self", json={"id": 1})
    assert conn.get("users/self") == {"id": 1}
    assert calls_to("/users/self") == 4


@responses.activate
def test_put_and_delete_are_retried_post_is_not(conn):
    responses.put(f"{API}/courses/7/pages/page_id:3", status=503, json={})
    responses.put(f"{API}/courses/7/pages/page_id:3", json={"page_id": 3, "url": "a"})
    assert conn.send("PUT", "courses/7/pages/page_id:3", wiki_page={"title": "A"})["url"] == "a"
    assert calls_to("/pages/page_id:3") == 2

    responses.post(f"{API}/courses/7/modules", status=500, json={})
    with pytest.raises(ResponseLost):
        conn.send("POST", "courses/7/modules", module={"name": "M"})
    assert calls_to("/courses/7/modules") == 1


@responses.activate
def test_post_is_retried_when_canvas_cannot_have_run_it(conn):
    responses.post(f"{API}/courses/7/modules", body=THROTTLED, status=403)
    responses.post(f"{API}/courses/7/modules", status=429, body="429")
    responses.post(f"{API}/courses/7/modules", json={"id": 40})
    assert conn.send("POST", "courses/7/modules", module={"name": "M"}) == {"id": 40}
    assert calls_to("/courses/7/modules") == 3


@responses.activate
def test_a_reset_after_sending_a_post_is_a_lost_response(conn):
    responses.post(f"{API}/courses/7/modules", body=requests.ConnectionError("reset"))
    with pytest.raises(ResponseLost):
        conn.send("POST", "courses/7/modules", module={"name": "M"})
    assert calls_to("/courses/7/modules") == 1


# -- pacing ---------------------------------------------------------------------------


@responses.activate
def test_requests_wait_when_the_rate_limit_bucket_runs_low(conn, sleeps):
    responses.get(f"{API}/users/self", json={"id": 1}, headers={"X-Rate-Limit-Remaining": "600.0"})
    conn.get("users/self")
    conn.get("users/self")
    assert sleeps == []
    responses.replace(
        responses.GET, f"{API}/users/self", json={"id": 1}, headers={"X-Rate-Limit-Remaining": "30"}
    )
    conn.get("users/self")
    conn.get("users/self")  # this one waits for the bucket to drain
    assert sleeps == [pytest.approx((PACE_FLOOR - 30) / 10)]


# -- 401 ------------------------------------------------------------------------------


@responses.activate
def test_expired_token_and_an_sso_login_page_are_authentication_errors(conn):
    responses.get(
        f"{API}/users/self",
        json={"errors": [{"message": "Invalid access token."}]},
        status=401,
        headers={"WWW-Authenticate": 'Bearer realm="canvas-lms"'},
    )
    with pytest.raises(AuthenticationError) as caught:
        conn.get("users/self")
    assert TOKEN not in str(caught.value) and TOKEN[-4:] not in str(caught.value)
    assert calls_to("/users/self") == 1

    responses.post(
        f"{API}/courses/7/pages",
        body="<html><body>Sign in with your school account</body></html>",
        status=401,
        content_type="text/html",
    )
    with pytest.raises(AuthenticationError) as caught:
        conn.send("POST", "courses/7/pages", wiki_page={"title": "x"})
    assert "login page" in str(caught.value)


# -- partial reads and the token's origin ---------------------------------------------


def mock_course_reads(pages_link: str | None = None, pages_status: int = 200):
    course = {"id": 7, "name": "C", "course_code": "C", "time_zone": "UTC"}
    responses.get(f"{API}/courses/7", json=course)
    headers = {"Link": f'<{pages_link}>; rel="next"'} if pages_link else {}
    responses.get(f"{API}/courses/7/pages", json=[], headers=headers, status=pages_status)
    for name in ("assignment_groups", "assignments", "modules", "discussion_topics"):
        responses.get(f"{API}/courses/7/{name}", json=[])
    responses.get(f"{API}/courses/7/outcome_groups", json=[])
    responses.get(f"{API}/courses/7/outcome_group_links", json=[])


@responses.activate
def test_a_next_page_link_to_another_host_aborts_the_read(conn):
    mock_course_reads(pages_link="https://elsewhere.example/api/v1/courses/7/pages?page=2")
    with pytest.raises(IncompleteRead) as caught:
        read_course(conn, 7)
    assert "another host" in str(caught.value)
    assert not [c for c in responses.calls if "elsewhere" in c.request.url]


@responses.activate
def test_a_listing_that_fails_part_way_aborts_the_read(conn):
    mock_course_reads(pages_link=f"{API}/courses/7/pages?page=2&per_page=100")
    responses.get(
        f"{API}/courses/7/pages",
        status=500,
        json={},
        match=[matchers.query_param_matcher({"page": "2", "per_page": "100"})],
    )
    with pytest.raises(IncompleteRead) as caught:
        read_course(conn, 7)
    assert "Nothing was changed" in str(caught.value)


@responses.activate
def test_a_redirect_to_another_host_is_not_followed(conn):
    responses.get(
        f"{API}/users/self", status=302, headers={"Location": "https://elsewhere.example/login"}
    )
    with pytest.raises(IncompleteRead):
        conn.get("users/self")
    assert not [c for c in responses.calls if "elsewhere" in c.request.url]


def test_the_token_is_never_sent_to_another_origin(conn):
    session = conn.requester._session
    for url in ("https://elsewhere.example/api/v1/x", "http://127.0.0.1:10/api/v1/x"):
        with pytest.raises(ConfigurationError):
            session.get(url, headers={"Authorization": f"Bearer {TOKEN}"})


def test_plain_http_is_refused_except_on_loopback():
    with pytest.raises(ConfigurationError):
        Connection(CanvasConfig("http://canvas.school.example", TOKEN))
    Connection(CanvasConfig("http://localhost:8900", TOKEN))


def test_a_token_with_a_line_break_is_refused_without_quoting_it(monkeypatch):
    monkeypatch.setenv("CANVAS_API_URL", "https://canvas.school.example")
    monkeypatch.setenv("CANVAS_API_TOKEN", "abc\r\nX-Evil: 1")
    with pytest.raises(ConfigurationError) as caught:
        CanvasConfig.from_env()
    assert "abc" not in str(caught.value)


# -- lost creates ---------------------------------------------------------------------


@pytest.fixture
def writer(conn: Connection) -> CanvasCourseWriter:
    state = CourseState(course_id=7, known={(Kind.MODULE, 30)})
    return CanvasCourseWriter(conn, state)


def resolve(address: str) -> int:
    return {"module.b1": 40}[address]


@responses.activate
def test_a_page_created_but_unanswered_is_found_by_its_marker_not_created_twice(writer):
    responses.post(f"{API}/courses/7/pages", status=504, json={})
    responses.get(
        f"{API}/courses/7/pages",
        json=[
            {"page_id": 8, "url": "other", "title": "Other", "body": "<p>x</p>"},
            {"page_id": 9, "url": "unit-1", "title": "Unit 1", "body": wrap_owned("u1", "<p/>")},
        ],
    )
    fields = {"title": "Unit 1", "body": wrap_owned("u1", "<p/>"), "published": True}
    assert writer.create(Kind.PAGE, "u1", fields, resolve, None) == 9
    assert calls_to("/courses/7/pages") == 2  # one POST, one listing
    assert writer.state.page_slugs[9] == "unit-1"
    assert writer.adopted == 1


@responses.activate
def test_a_module_created_but_unanswered_is_adopted_and_then_published(writer):
    responses.post(f"{API}/courses/7/modules", body=requests.ReadTimeout("slow"))
    responses.get(
        f"{API}/courses/7/modules",
        json=[
            {"id": 30, "name": "Block 1", "published": False},  # there before: not ours
            {"id": 41, "name": "Block 1", "published": False},
        ],
    )
    responses.put(f"{API}/courses/7/modules/41", json={"id": 41, "published": True})
    fields = {"name": "Block 1", "published": True, "require_sequential_progress": False}
    assert writer.create(Kind.MODULE, "b1", fields, resolve, None) == 41
    assert [c.request.method for c in responses.calls] == ["POST", "GET", "PUT"]


@responses.activate
def test_a_create_that_canvas_did_not_make_is_sent_again(writer):
    responses.post(f"{API}/courses/7/modules/40/items", status=502, json={})
    responses.post(f"{API}/courses/7/modules/40/items", json={"id": 77, "published": False})
    responses.get(f"{API}/courses/7/modules/40/items", json=[])
    responses.put(f"{API}/courses/7/modules/40/items/77", json={"id": 77})
    fields = {"module": "module.b1", "type": "SubHeader", "title": "Self-study", "published": True}
    assert writer.create(Kind.MODULE_ITEM, "h1", fields, resolve, None) == 77
    assert [c.request.method for c in responses.calls] == ["POST", "GET", "POST", "PUT"]


@responses.activate
def test_two_unmanaged_matches_stop_the_apply_rather_than_guess(writer):
    responses.post(f"{API}/courses/7/modules", status=500, json={})
    responses.get(
        f"{API}/courses/7/modules",
        json=[{"id": 41, "name": "Block 1"}, {"id": 42, "name": "Block 1"}],
    )
    fields = {"name": "Block 1", "published": False, "require_sequential_progress": False}
    with pytest.raises(CanvasError, match="rather than guess"):
        writer.create(Kind.MODULE, "b1", fields, resolve, None)


@responses.activate
def test_deleting_what_is_already_gone_is_done(writer):
    responses.delete(f"{API}/courses/7/pages/page_id:9", status=404, json={})
    writer.delete(Kind.PAGE, 9)
