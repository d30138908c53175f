"""The course front page (canvas-api.md §11, §21.23)."""

from __future__ import annotations

import pytest
from canvasapi import Canvas
from canvasapi.course import Course
from canvasapi.exceptions import BadRequest

from .conftest import Http


def test_no_front_page_is_404_with_message(http: Http, course: Course) -> None:
    response = http.get(f"/courses/{course.id}/front_page")
    assert (response.status_code, response.json()) == (
        404,
        {"message": "No front page has been set"},
    )


def test_put_front_page_creates_a_published_one(course: Course) -> None:
    page = course.edit_front_page(wiki_page={"title": "Welcome", "body": "<p>Hi</p>"})
    assert (page.title, page.published, page.front_page) == ("Welcome", True, True)
    assert course.show_front_page().url == "welcome"


def test_only_a_published_page_can_become_the_front_page(http: Http, course: Course) -> None:
    draft = course.create_page(wiki_page={"title": "Draft"})
    refused = http.put(
        f"/courses/{course.id}/pages/{draft.url}", data={"wiki_page[front_page]": "true"}
    )
    assert refused.status_code == 400
    assert "front_page" in refused.json()["errors"]
    draft.edit(wiki_page={"published": True, "front_page": True})
    assert draft.front_page is True


def test_front_page_cannot_be_unpublished_or_deleted(course: Course) -> None:
    page = course.create_page(wiki_page={"title": "Home", "published": True, "front_page": True})
    with pytest.raises(BadRequest, match="cannot unpublish front page"):
        page.edit(wiki_page={"published": False})
    with pytest.raises(BadRequest, match="The front page cannot be deleted"):
        page.delete()


def test_renamed_front_page_stays_the_front_page(course: Course) -> None:
    page = course.create_page(wiki_page={"title": "Home", "published": True, "front_page": True})
    page.edit(wiki_page={"title": "Start Here"})
    assert course.show_front_page().url == "start-here"


def test_wiki_home_needs_a_front_page_and_unsetting_resets_it(
    canvas: Canvas, course: Course
) -> None:
    page = course.create_page(wiki_page={"title": "Home", "published": True, "front_page": True})
    course.update(course={"default_view": "wiki"})
    assert course.default_view == "wiki"
    page.edit(wiki_page={"front_page": False})
    assert canvas.get_course(course.id).default_view is None
