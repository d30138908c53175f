"""Blueprint courses (canvas-api.md §19, §21.24)."""

from __future__ import annotations

import pytest
from canvasapi import Canvas
from canvasapi.course import Course
from canvasapi.exceptions import BadRequest, Forbidden, ResourceDoesNotExist

from canvas_npq.sandbox import Sandbox

from .conftest import Http


@pytest.fixture
def blueprint(canvas: Canvas) -> Course:
    course = canvas.get_account(1).create_course(course={"name": "NPQ Blueprint"})
    course.update(course={"blueprint": True, "blueprint_restrictions": {"content": True}})
    return course


@pytest.fixture
def child(canvas: Canvas) -> Course:
    return canvas.get_account(1).create_course(course={"name": "Cohort 1"})


def test_template_404_until_the_course_is_a_blueprint(canvas: Canvas, course: Course) -> None:
    with pytest.raises(ResourceDoesNotExist):
        course.get_blueprint()
    course.update(course={"blueprint": True})
    template = canvas.get_course(course.id).get_blueprint()
    assert (template.course_id, template.associated_course_count) == (course.id, 0)


def test_associations_and_invalid_courses(blueprint: Course, child: Course, canvas: Canvas) -> None:
    template = blueprint.get_blueprint()
    assert template.update_associated_courses(course_ids_to_add=[child.id]) is True
    assert [c.id for c in template.get_associated_courses()] == [child.id]
    other = canvas.get_account(1).create_course(course={"name": "Other BP"})
    other.update(course={"blueprint": True})
    with pytest.raises(BadRequest, match="invalid courses to add"):
        template.update_associated_courses(course_ids_to_add=[other.id])
    with pytest.raises(BadRequest, match="already associated with other templates"):
        other.get_blueprint().update_associated_courses(course_ids_to_add=[child.id])
    with pytest.raises(BadRequest):
        template.update_associated_courses(course_ids_to_add=[5], course_ids_to_remove=[5])


def test_unsynced_changes_before_and_after_sync(blueprint: Course, child: Course) -> None:
    template = blueprint.get_blueprint()
    initial = [(c.asset_name, c.change_type) for c in template.get_unsynced_changes()]
    assert initial == [("NPQ Blueprint", "initial_sync")]
    with pytest.raises(BadRequest):  # no associated courses yet
        template.associated_course_migration()
    template.update_associated_courses(course_ids_to_add=[child.id])
    page = blueprint.create_page(wiki_page={"title": "Welcome", "published": True})
    migration = template.associated_course_migration(comment="first")
    assert migration.workflow_state == "queued"
    assert template.show_blueprint_migration(migration.id).workflow_state == "completed"
    assert list(template.get_unsynced_changes()) == []
    page.edit(wiki_page={"body": "<p>v2</p>"})
    blueprint.create_assignment(assignment={"name": "Task"})
    changes = sorted((c.asset_type, c.change_type) for c in template.get_unsynced_changes())
    assert changes == [("assignment", "created"), ("assignment_group", "created"),
                       ("wiki_page", "updated")]  # fmt: skip


def test_sync_copies_content_into_child_courses(blueprint: Course, child: Course) -> None:
    template = blueprint.get_blueprint()
    template.update_associated_courses(course_ids_to_add=[child.id])
    page = blueprint.create_page(wiki_page={"title": "Reading", "published": True})
    assignment = blueprint.create_assignment(assignment={"name": "Essay", "published": True})
    module = blueprint.create_module(module={"name": "Week 1"})
    module.create_module_item(module_item={"type": "Page", "page_url": page.url})
    module.create_module_item(
        module_item={
            "type": "Assignment",
            "content_id": assignment.id,
            "completion_requirement": {"type": "must_submit"},
        }
    )
    template.associated_course_migration(publish_after_initial_sync=True)

    [copied_module] = list(child.get_modules(include=["items"]))
    assert copied_module.name == "Week 1"
    titles = [(i["title"], i["type"]) for i in copied_module.items]
    assert titles == [("Reading", "Page"), ("Essay", "Assignment")]
    copied_assignment = next(iter(child.get_assignments()))
    assert copied_assignment.id != assignment.id
    assert copied_module.items[1]["content_id"] == copied_assignment.id
    assert copied_module.items[1]["completion_requirement"] == {"type": "must_submit"}
    assert child.get_page("reading").published is True

    page.edit(wiki_page={"title": "Reading v2"})
    assignment.delete()
    template.associated_course_migration()
    assert [p.title for p in child.get_pages()] == ["Reading v2"]
    assert list(child.get_assignments()) == []


def test_migration_cannot_start_while_one_is_running(
    sandbox: Sandbox, blueprint: Course, child: Course
) -> None:
    template = blueprint.get_blueprint()
    template.update_associated_courses(course_ids_to_add=[child.id])
    sandbox.store.blueprint_sync_seconds = 30
    template.associated_course_migration()
    with pytest.raises(BadRequest):
        template.associated_course_migration()


def test_restricted_content_cannot_be_edited_in_the_child(
    http: Http, blueprint: Course, child: Course
) -> None:
    template = blueprint.get_blueprint()
    template.update_associated_courses(course_ids_to_add=[child.id])
    page = blueprint.create_page(wiki_page={"title": "Locked", "published": True})
    assert template.change_blueprint_restrictions("wiki_page", page.page_id, True) is True
    template.associated_course_migration()
    copy = child.get_page("locked")
    with pytest.raises(Forbidden):
        copy.edit(wiki_page={"body": "<p>local change</p>"})
    assert http.delete(f"/courses/{child.id}/pages/locked").status_code == 403
    copy.edit(wiki_page={"editing_roles": "teachers,students"})  # not content: allowed
    with pytest.raises(ResourceDoesNotExist):
        template.change_blueprint_restrictions("wiki_page", 999999, True)


def test_child_sees_its_subscription(http: Http, blueprint: Course, child: Course) -> None:
    blueprint.get_blueprint().update_associated_courses(course_ids_to_add=[child.id])
    [subscription] = http.get(f"/courses/{child.id}/blueprint_subscriptions").json()
    assert subscription["blueprint_course"]["id"] == blueprint.id
