"""Link-header pagination as Canvas does it (canvas-api.md §2)."""

from __future__ import annotations

from canvasapi.course import Course
from canvasapi.page import Page
from canvasapi.paginated_list import PaginatedList

from canvas_npq.sandbox import Sandbox

from .conftest import Http


def _make_pages(course: Course, count: int) -> None:
    for n in range(count):
        course.create_page(wiki_page={"title": f"Page {n:02d}"})


def _links(header: str) -> dict[str, str]:
    links = {}
    for part in header.split(","):
        url, rel = part.split("; ")
        links[rel.removeprefix('rel="').removesuffix('"')] = url.strip("<>")
    return links


def test_default_page_size_is_ten_and_link_header_matches_canvas(
    sandbox: Sandbox, http: Http, course: Course
) -> None:
    _make_pages(course, 25)
    response = http.get(f"/courses/{course.id}/pages")
    assert len(response.json()) == 10
    header = response.headers["Link"]
    base = f"{sandbox.url}/api/v1/courses/{course.id}/pages?"
    assert header == ",".join(
        [
            f'<{base}page=1&per_page=10>; rel="current"',
            f'<{base}page=2&per_page=10>; rel="next"',
            f'<{base}page=1&per_page=10>; rel="first"',
            f'<{base}page=3&per_page=10>; rel="last"',
        ]
    )


def test_other_query_params_are_kept_sorted_and_encoded_before_paging(
    sandbox: Sandbox, http: Http, course: Course
) -> None:
    _make_pages(course, 3)
    response = http.get(f"/courses/{course.id}/pages?sort=title&include[]=body&page=2&per_page=1")
    links = _links(response.headers["Link"])
    base = f"{sandbox.url}/api/v1/courses/{course.id}/pages?include%5B%5D=body&sort=title&"
    assert links == {
        "current": f"{base}page=2&per_page=1",
        "next": f"{base}page=3&per_page=1",
        "prev": f"{base}page=1&per_page=1",
        "first": f"{base}page=1&per_page=1",
        "last": f"{base}page=3&per_page=1",
    }


def test_links_use_the_host_the_client_addressed(sandbox: Sandbox, course: Course) -> None:
    import requests

    response = requests.get(
        f"http://localhost:{sandbox.port}/api/v1/courses/{course.id}/pages",
        headers={"Authorization": f"Bearer {sandbox.token}"},
        timeout=5,
    )
    assert f"<http://localhost:{sandbox.port}/api/v1/" in response.headers["Link"]


def test_per_page_is_clamped_and_past_the_end_is_empty(http: Http, course: Course) -> None:
    _make_pages(course, 3)
    path = f"/courses/{course.id}/pages"
    assert len(http.get(path, params={"per_page": 1000}).json()) == 3
    assert "per_page=100>" in http.get(path, params={"per_page": 1000}).headers["Link"]
    assert len(http.get(path, params={"per_page": "abc"}).json()) == 1
    past = http.get(path, params={"page": 9})
    assert past.status_code == 200
    assert past.json() == []


def test_canvasapi_paginated_list_follows_next_links(sandbox: Sandbox, course: Course) -> None:
    _make_pages(course, 25)
    sandbox.reset_log()
    pages = PaginatedList(
        Page, course._requester, "GET", f"courses/{course.id}/pages", {"course_id": course.id},
        per_page=10,
    )  # fmt: skip
    titles = [page.title for page in pages]
    assert titles == [f"Page {n:02d}" for n in range(25)]
    assert [r.query for r in sandbox.requests] == [
        "per_page=10",
        "page=2&per_page=10",
        "page=3&per_page=10",
    ]


def test_repeated_per_page_uses_the_last_value_like_rails(sandbox: Sandbox, course: Course) -> None:
    """canvasapi's ``get_pages(per_page=10)`` sends ``per_page=10&per_page=100``; Rails
    keeps the last value, so Canvas serves 100 per page and one request suffices."""
    _make_pages(course, 25)
    sandbox.reset_log()
    assert len(list(course.get_pages(per_page=10))) == 25
    assert [r.query for r in sandbox.requests] == ["per_page=10&per_page=100"]
