"""Modules and module items (canvas-api.md §9, §10, §21.3-§21.8)."""

from __future__ import annotations

import pytest
from canvasapi.course import Course
from canvasapi.exceptions import BadRequest, Forbidden, ResourceDoesNotExist

from canvas_npq.sandbox import Sandbox

from .conftest import Http


def test_new_module_is_unpublished_even_when_asked(course: Course) -> None:
    module = course.create_module(module={"name": "Week 1", "published": True})
    assert module.published is False
    assert module.position == 1
    assert module.items_count == 0
    assert module.items_url.endswith(f"/api/v1/courses/{course.id}/modules/{module.id}/items")


def test_missing_module_params_give_bare_messages(http: Http, course: Course) -> None:
    missing = http.post(f"/courses/{course.id}/modules")
    assert (missing.status_code, missing.json()) == (400, {"message": "missing module parameter"})
    nameless = http.post(f"/courses/{course.id}/modules", data={"module[position]": "1"})
    assert nameless.json() == {"message": "missing module name"}


def test_module_position_inserts_and_renumbers(course: Course) -> None:
    first = course.create_module(module={"name": "A"})
    second = course.create_module(module={"name": "B"})
    inserted = course.create_module(module={"name": "C", "position": 1})
    assert inserted.position == 1
    assert [m.name for m in course.get_modules()] == ["C", "A", "B"]
    assert course.get_module(first.id).position == 2
    assert course.get_module(second.id).position == 3


def test_prerequisites_only_point_backwards(course: Course) -> None:
    first = course.create_module(module={"name": "One"})
    second = course.create_module(module={"name": "Two"})
    third = course.create_module(
        module={"name": "Three", "prerequisite_module_ids": [first.id, second.id]}
    )
    assert third.prerequisite_module_ids == [first.id, second.id]
    forward = first.edit(module={"prerequisite_module_ids": [third.id]})
    assert forward.prerequisite_module_ids == []
    named = course.get_module(third.id).edit(
        module={"prerequisite_module_ids": [f"module_{second.id}"]}
    )
    assert named.prerequisite_module_ids == [second.id]


def test_items_of_every_kind(course: Course) -> None:
    module = course.create_module(module={"name": "Week 1"})
    page = course.create_page(wiki_page={"title": "Reading", "published": True})
    assignment = course.create_assignment(assignment={"name": "Task"})
    item_page = module.create_module_item(module_item={"type": "Page", "page_url": page.url})
    item_task = module.create_module_item(
        module_item={"type": "Assignment", "content_id": assignment.id}
    )
    header = module.create_module_item(module_item={"type": "SubHeader", "title": "Intro"})
    link = module.create_module_item(
        module_item={"type": "ExternalUrl", "external_url": "https://example.org", "title": "Ext"}
    )
    assert (item_page.title, item_page.page_url, item_page.published) == (
        "Reading",
        "reading",
        True,
    )
    assert not hasattr(item_page, "content_id")
    assert (item_task.title, item_task.content_id, item_task.published) == (
        "Task",
        assignment.id,
        False,
    )
    assert item_task.url.endswith(f"/api/v1/courses/{course.id}/assignments/{assignment.id}")
    assert header.published is False and not hasattr(header, "html_url")
    assert (link.published, link.external_url, link.new_tab) == (
        False,
        "https://example.org",
        False,
    )
    assert [i.position for i in module.get_module_items()] == [1, 2, 3, 4]


def test_item_creation_errors(http: Http, course: Course) -> None:
    module = course.create_module(module={"name": "M"})
    path = f"/courses/{course.id}/modules/{module.id}/items"
    assert http.post(path).json() == {"message": "missing module item parameter"}
    no_url = http.post(path, data={"module_item[type]": "Page"})
    assert (no_url.status_code, no_url.json()) == (400, {"message": "missing page_url parameter"})
    bad_url = http.post(path, data={"module_item[type]": "Page", "module_item[page_url]": "nope"})
    assert bad_url.json() == {"message": "invalid page_url parameter"}
    no_content = http.post(
        path, data={"module_item[type]": "Assignment", "module_item[content_id]": "999999"}
    )
    assert no_content.json() == {"message": "Could not find content"}


def test_explicit_position_shifts_later_items(course: Course) -> None:
    module = course.create_module(module={"name": "M"})
    for title in ("a", "b", "c"):
        module.create_module_item(module_item={"type": "SubHeader", "title": title})
    module.create_module_item(module_item={"type": "SubHeader", "title": "new", "position": 2})
    assert [(i.title, i.position) for i in module.get_module_items()] == [
        ("a", 1),
        ("new", 2),
        ("b", 3),
        ("c", 4),
    ]


def test_out_of_range_position_still_creates_the_item(http: Http, course: Course) -> None:
    module = course.create_module(module={"name": "M"})
    response = http.post(
        f"/courses/{course.id}/modules/{module.id}/items",
        data={
            "module_item[type]": "SubHeader",
            "module_item[title]": "x",
            "module_item[position]": "9",
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"]["position"][0]["message"] == "Invalid position"
    assert [i.title for i in module.get_module_items()] == ["x"]


def test_publishing_a_module_cascades_to_items_and_content(course: Course) -> None:
    module = course.create_module(module={"name": "M"})
    page = course.create_page(wiki_page={"title": "Notes"})
    assignment = course.create_assignment(assignment={"name": "Essay"})
    module.create_module_item(module_item={"type": "Page", "page_url": page.url})
    module.create_module_item(module_item={"type": "Assignment", "content_id": assignment.id})
    module.create_module_item(module_item={"type": "SubHeader", "title": "Header"})

    published = module.edit(module={"published": True})
    assert published.published is True
    assert all(item.published for item in module.get_module_items())
    assert course.get_page(page.url).published is True
    assert course.get_assignment(assignment.id).published is True

    module.edit(module={"published": False})
    assert not any(item.published for item in module.get_module_items())
    assert course.get_page(page.url).published is False


def test_skip_content_tags_publishes_only_the_module(course: Course) -> None:
    module = course.create_module(module={"name": "M"})
    page = course.create_page(wiki_page={"title": "Notes"})
    module.create_module_item(module_item={"type": "Page", "page_url": page.url})
    module.edit(module={"published": True, "skip_content_tags": True})
    assert course.get_module(module.id).published is True
    assert course.get_page(page.url).published is False


def test_include_items_inlines_only_up_to_100(course: Course) -> None:
    small = course.create_module(module={"name": "small"})
    small.create_module_item(module_item={"type": "SubHeader", "title": "x"})
    big = course.create_module(module={"name": "big"})
    for n in range(101):
        big.create_module_item(module_item={"type": "SubHeader", "title": f"h{n}"})
    modules = {m.name: m for m in course.get_modules(include=["items"])}
    assert [i["title"] for i in modules["small"].items] == ["x"]
    assert modules["big"].items_count == 101
    assert not hasattr(modules["big"], "items")


def test_item_title_update_renames_the_content(course: Course) -> None:
    module = course.create_module(module={"name": "M"})
    page = course.create_page(wiki_page={"title": "Old Name"})
    assignment = course.create_assignment(assignment={"name": "Old Task"})
    page_item = module.create_module_item(module_item={"type": "Page", "page_url": page.url})
    task_item = module.create_module_item(
        module_item={"type": "Assignment", "content_id": assignment.id}
    )
    renamed = page_item.edit(module_item={"title": "New Name"})
    assert renamed.page_url == "new-name"
    assert course.get_page("new-name").title == "New Name"
    task_item.edit(module_item={"title": "New Task"})
    assert course.get_assignment(assignment.id).name == "New Task"


def test_renaming_a_page_renames_its_items(course: Course) -> None:
    module = course.create_module(module={"name": "M"})
    page = course.create_page(wiki_page={"title": "Before"})
    item = module.create_module_item(module_item={"type": "Page", "page_url": page.url})
    page.edit(wiki_page={"title": "After"})
    fresh = module.get_module_item(item.id)
    assert (fresh.title, fresh.page_url) == ("After", "after")


def test_item_published_flips_content_and_refuses_with_submissions(
    http: Http, course: Course
) -> None:
    module = course.create_module(module={"name": "M"})
    assignment = course.create_assignment(
        assignment={"name": "Essay", "submission_types": ["online_text_entry"]}
    )
    item = module.create_module_item(
        module_item={"type": "Assignment", "content_id": assignment.id}
    )
    assert item.edit(module_item={"published": True}).published is True
    assert course.get_assignment(assignment.id).published is True
    assignment.submit({"submission_type": "online_text_entry", "body": "mine"})
    with pytest.raises(Forbidden):
        item.edit(module_item={"published": False})
    response = http.put(
        f"/courses/{course.id}/modules/{module.id}/items/{item.id}",
        data={"module_item[published]": "false"},
    )
    assert (response.status_code, response.json()) == (
        403,
        {"message": "item can't be unpublished"},
    )
    assert module.get_module_item(item.id).unpublishable is False


def test_module_unpublish_leaves_refusing_content_and_warns(http: Http, course: Course) -> None:
    module = course.create_module(module={"name": "M"})
    assignment = course.create_assignment(
        assignment={"name": "Essay", "submission_types": ["online_text_entry"], "published": True}
    )
    module.create_module_item(module_item={"type": "Assignment", "content_id": assignment.id})
    module.edit(module={"published": True})
    assignment.submit({"submission_type": "online_text_entry", "body": "mine"})
    response = http.put(
        f"/courses/{course.id}/modules/{module.id}", data={"module[published]": "false"}
    )
    assert response.json()["published"] is False
    assert response.json()["unpublish_warning"] is True
    assert course.get_assignment(assignment.id).published is True


def test_item_moves_between_modules_but_type_and_content_are_fixed(course: Course) -> None:
    first = course.create_module(module={"name": "One"})
    second = course.create_module(module={"name": "Two"})
    a = course.create_assignment(assignment={"name": "A"})
    b = course.create_assignment(assignment={"name": "B"})
    item = first.create_module_item(
        module_item={
            "type": "Assignment",
            "content_id": a.id,
            "completion_requirement": {"type": "must_submit"},
        }
    )
    moved = item.edit(module_item={"module_id": second.id, "type": "Page", "content_id": b.id})
    assert (moved.module_id, moved.type, moved.content_id) == (second.id, "Assignment", a.id)
    assert moved.completion_requirement == {"type": "must_submit"}
    assert list(first.get_module_items()) == []


def test_item_position_update_reorders(course: Course) -> None:
    module = course.create_module(module={"name": "M"})
    items = [
        module.create_module_item(module_item={"type": "SubHeader", "title": t}) for t in "abc"
    ]
    items[2].edit(module_item={"position": 1})
    assert [i.title for i in module.get_module_items()] == ["c", "a", "b"]
    with pytest.raises(BadRequest):
        items[0].edit(module_item={"position": 7})


def test_completion_requirements_live_on_the_module_and_can_be_dropped(course: Course) -> None:
    module = course.create_module(module={"name": "M"})
    page = course.create_page(wiki_page={"title": "Read me"})
    assignment = course.create_assignment(assignment={"name": "Do me"})
    page_item = module.create_module_item(
        module_item={
            "type": "Page",
            "page_url": page.url,
            "completion_requirement": {"type": "must_submit"},
        }
    )
    assert not hasattr(page_item, "completion_requirement")  # silently dropped (§21.7)
    viewed = page_item.edit(module_item={"completion_requirement": {"type": "must_view"}})
    assert viewed.completion_requirement == {"type": "must_view"}
    scored = module.create_module_item(
        module_item={
            "type": "Assignment",
            "content_id": assignment.id,
            "completion_requirement": {"type": "min_score", "min_score": 7},
        }
    )
    assert scored.completion_requirement == {"type": "min_score", "min_score": 7.0}
    with pytest.raises(BadRequest):
        scored.edit(module_item={"completion_requirement": {"type": "must_dance"}})


def test_deleting_a_module_returns_it_and_hides_it(sandbox: Sandbox, course: Course) -> None:
    module = course.create_module(module={"name": "Gone"})
    item = module.create_module_item(module_item={"type": "SubHeader", "title": "x"})
    deleted = module.delete()
    assert deleted.name == "Gone"
    assert list(course.get_modules()) == []
    with pytest.raises(ResourceDoesNotExist):
        course.get_module(module.id)
    assert sandbox.store.module_items[item.id].deleted


def test_deleting_content_removes_its_items(course: Course) -> None:
    module = course.create_module(module={"name": "M"})
    assignment = course.create_assignment(assignment={"name": "A"})
    module.create_module_item(module_item={"type": "Assignment", "content_id": assignment.id})
    assignment.delete()
    assert list(module.get_module_items()) == []
