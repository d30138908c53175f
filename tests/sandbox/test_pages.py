"""Wiki pages (canvas-api.md §11, §21.1, §21.2, §21.14)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from canvasapi import Canvas
from canvasapi.course import Course
from canvasapi.exceptions import BadRequest, ResourceDoesNotExist

from canvas_npq.sandbox import Sandbox

from .conftest import Http


def test_new_page_is_an_unpublished_draft_with_a_slug(course: Course) -> None:
    page = course.create_page(wiki_page={"title": "Week 1: Getting Started!", "body": "<p>Hi</p>"})
    assert page.url == "week-1-getting-started"
    assert page.published is False
    assert page.hide_from_students is True
    assert page.front_page is False
    assert page.body == "<p>Hi</p>"
    assert isinstance(page.page_id, int)
    assert page.html_url.endswith(f"/courses/{course.id}/pages/week-1-getting-started")


def test_published_true_publishes_on_create(course: Course) -> None:
    assert course.create_page(wiki_page={"title": "Live", "published": True}).published is True


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Q&A Session", "q-and-a-session"),
        ("Leading Teams (Part 2)", "leading-teams-part-2"),
        ("Unit 1.2 Overview", "unit-1-dot-2-overview"),
        ("Café Déjà Vu", "cafe-deja-vu"),
        ("100% Effort", "100-percent-effort"),
        ("It's   fine", "its-fine"),
    ],
)
def test_slugs_follow_stringex(course: Course, title: str, slug: str) -> None:
    assert course.create_page(wiki_page={"title": title}).url == slug


def test_title_is_required(http: Http, course: Course) -> None:
    response = http.post(f"/courses/{course.id}/pages", data={"wiki_page[body]": "x"})
    assert response.status_code == 400
    assert response.json()["errors"]["title"][0]["message"] == "Title can't be blank"
    punctuation = http.post(f"/courses/{course.id}/pages", data={"wiki_page[title]": "!!!"})
    assert punctuation.json()["errors"]["title"][0]["message"] == (
        "Title must contain at least one letter or number"
    )


def test_duplicate_titles_get_numbered_titles_and_slugs(course: Course) -> None:
    first = course.create_page(wiki_page={"title": "Intro"})
    second = course.create_page(wiki_page={"title": "Intro"})
    third = course.create_page(wiki_page={"title": "Intro"})
    assert (first.title, first.url) == ("Intro", "intro")
    assert (second.title, second.url) == ("Intro-2", "intro-2")
    assert (third.title, third.url) == ("Intro-3", "intro-3")


def test_colliding_title_that_ends_in_a_number_is_refused(course: Course) -> None:
    course.create_page(wiki_page={"title": "Intro"})
    course.create_page(wiki_page={"title": "Intro"})  # becomes Intro-2
    with pytest.raises(BadRequest, match="A page with this title already exists"):
        course.create_page(wiki_page={"title": "Intro-2"})


def test_rename_changes_the_slug_and_the_old_slug_stops_resolving(course: Course) -> None:
    page = course.create_page(wiki_page={"title": "Old Title"})
    page.edit(wiki_page={"title": "New Title"})
    assert page.url == "new-title"
    with pytest.raises(ResourceDoesNotExist):
        course.get_page("old-title")
    assert course.get_page("new-title").title == "New Title"


def test_put_on_a_missing_slug_creates_a_page(http: Http, course: Course) -> None:
    response = http.put(
        f"/courses/{course.id}/pages/never-existed", data={"wiki_page[body]": "<p>surprise</p>"}
    )
    assert response.status_code == 200
    created = response.json()
    assert (created["title"], created["url"], created["published"]) == (
        "Never Existed",
        "never-existed",
        False,
    )
    assert len(list(course.get_pages())) == 1


def test_stale_slug_edit_creates_a_duplicate(course: Course) -> None:
    page = course.create_page(wiki_page={"title": "Topic"})
    stale = course.get_page(page.url)
    page.edit(wiki_page={"title": "Topic Renamed"})
    stale.edit(wiki_page={"body": "<p>lost update</p>"})
    assert sorted(p.title for p in course.get_pages()) == ["Topic", "Topic Renamed"]


def test_lookup_by_page_id_and_by_numeric_id(course: Course) -> None:
    page = course.create_page(wiki_page={"title": "Find Me"})
    assert course.get_page(f"page_id:{page.page_id}").title == "Find Me"
    assert course.get_page(str(page.page_id)).title == "Find Me"
    assert course.get_page("Find Me").url == "find-me"  # ``param.to_url`` also matches


def test_missing_page_is_404_page_not_found(http: Http, course: Course) -> None:
    response = http.get(f"/courses/{course.id}/pages/nope")
    assert (response.status_code, response.json()) == (404, {"message": "page not found"})


def test_list_omits_body_unless_included(course: Course) -> None:
    course.create_page(wiki_page={"title": "With Body", "body": "<p>text</p>"})
    assert not hasattr(next(iter(course.get_pages())), "body")
    assert next(iter(course.get_pages(include=["body"]))).body == "<p>text</p>"


def test_list_filters_and_sorts(course: Course) -> None:
    course.create_page(wiki_page={"title": "Beta", "published": True})
    course.create_page(wiki_page={"title": "Alpha"})
    assert [p.title for p in course.get_pages(sort="title")] == ["Alpha", "Beta"]
    assert [p.title for p in course.get_pages(sort="title", order="desc")] == ["Beta", "Alpha"]
    assert [p.title for p in course.get_pages(published=True)] == ["Beta"]
    assert [p.title for p in course.get_pages(search_term="alp")] == ["Alpha"]


def test_updated_at_moves_only_for_body_title_or_state() -> None:
    now = [datetime(2025, 1, 1, 9, 0, 0, tzinfo=timezone.utc)]
    with Sandbox(clock=lambda: now[0]) as sandbox, pytest.warns(UserWarning, match="HTTP"):
        canvas = Canvas(sandbox.url, sandbox.token)
        course = canvas.get_account(1).create_course(course={"name": "C"})
        page = course.create_page(wiki_page={"title": "Clocked"})
        assert page.updated_at == "2025-01-01T09:00:00Z"
        now[0] += timedelta(minutes=5)
        page.edit(wiki_page={"editing_roles": "teachers,students"})
        assert page.updated_at == "2025-01-01T09:00:00Z"
        assert page.editing_roles == "teachers,students"
        now[0] += timedelta(minutes=5)
        page.edit(wiki_page={"body": "<p>changed</p>"})
        assert page.updated_at == "2025-01-01T09:10:00Z"


def test_invalid_editing_roles_are_400_with_empty_errors(http: Http, course: Course) -> None:
    page = course.create_page(wiki_page={"title": "Roles"})
    response = http.put(
        f"/courses/{course.id}/pages/{page.url}", data={"wiki_page[editing_roles]": "admins"}
    )
    assert (response.status_code, response.json()) == (400, {"errors": {}})


def test_delete_returns_the_page_and_hides_it(course: Course) -> None:
    page = course.create_page(wiki_page={"title": "Temporary"})
    deleted = page.delete()
    assert deleted.title == "Temporary"
    assert list(course.get_pages()) == []
    with pytest.raises(ResourceDoesNotExist):
        course.get_page("temporary")
    recreated = course.create_page(wiki_page={"title": "Temporary"})
    assert (recreated.title, recreated.url) == ("Temporary", "temporary")


def test_body_is_sanitized_and_links_made_absolute(sandbox: Sandbox, course: Course) -> None:
    page = course.create_page(
        wiki_page={
            "title": "Rich",
            "body": (
                '<div data-sync-key="unit-1" onclick="steal()" style="color: red">'
                "<!-- hidden --><script>alert(1)</script>"
                f'<a href="/courses/{course.id}/pages/other">next</a></div>'
            ),
        }
    )
    assert page.body == (
        f'<div data-sync-key="unit-1" style="color: red">'
        f'<a href="{sandbox.url}/courses/{course.id}/pages/other"'
        f' data-api-endpoint="{sandbox.url}/api/v1/courses/{course.id}/pages/other"'
        ' data-api-returntype="Page">next</a></div>'
    )
    stored = sandbox.store.pages[page.page_id].body
    assert stored is not None and f'href="/courses/{course.id}/pages/other"' in stored


def test_page_bodies_lose_object_and_embed_on_read(sandbox: Sandbox, course: Course) -> None:
    html = '<p>Watch</p><object data="https://video.example/a"></object>'
    page = course.create_page(wiki_page={"title": "Media", "body": html})
    assert page.body == "<p>Watch</p>"
    stored = sandbox.store.pages[page.page_id].body
    assert stored is not None and "<object" in stored  # kept on save, dropped on read
