"""Answers no Canvas gives, refused with a clear error rather than followed or parsed:
a next-page chain that never ends, and a sign-in page where API data should be."""

from __future__ import annotations

import re

import pytest
import responses

from canvas_npq.canvas import reader
from canvas_npq.canvas.errors import AuthenticationError, IncompleteRead
from canvas_npq.canvas.reader import read_course
from tests.adapter.test_client_faults import API, conn, mock_course_reads, sleeps  # noqa: F401


@responses.activate
def test_a_next_page_chain_that_never_ends_is_cut_off(conn, monkeypatch):  # noqa: F811
    monkeypatch.setattr(reader, "MAX_PAGES", 5)
    mock_course_reads(pages_link=f"{API}/courses/7/pages?page=2&per_page=100")

    def endless(request):  # type: ignore[no-untyped-def]
        page = int(re.search(r"page=(\d+)", request.url).group(1))  # type: ignore[union-attr]
        link = f'<{API}/courses/7/pages?page={page + 1}&per_page=100>; rel="next"'
        return 200, {"Link": link, "Content-Type": "application/json"}, "[]"

    responses.add_callback(
        responses.GET, re.compile(rf"{re.escape(API)}/courses/7/pages\?page=\d+.*"), endless
    )
    with pytest.raises(IncompleteRead) as caught:
        read_course(conn, 7)
    assert "did not end after 5 pages" in str(caught.value)
    assert "courses/7/pages" in str(caught.value)
    followed = [c for c in responses.calls if "/pages" in c.request.url]
    assert len(followed) == 5


@responses.activate
def test_an_html_page_answering_an_api_read_is_a_refused_token(conn):  # noqa: F811
    responses.get(
        f"{API}/courses/7",
        body="<!DOCTYPE html><html><body><form>Sign in</form></body></html>",
        status=200,
        content_type="text/html; charset=utf-8",
    )
    with pytest.raises(AuthenticationError) as caught:
        conn.get("courses/7")
    assert "web page, not API data" in str(caught.value)
    assert len(responses.calls) == 1  # not retried
