"""Discussion topics and announcements (canvas-api.md §14, §21.12)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from canvasapi.course import Course
from canvasapi.exceptions import ResourceDoesNotExist

from .conftest import Http


def test_teacher_topic_is_a_draft_unless_published(course: Course) -> None:
    draft = course.create_discussion_topic(title="Reflect", message="<p>Think</p>")
    assert (draft.published, draft.is_announcement) == (False, False)
    assert draft.message == "<p>Think</p>"
    live = course.create_discussion_topic(title="Share", published=True)
    assert live.published is True
    assert live.posted_at is not None


def test_announcements_are_always_published_and_listed_separately(course: Course) -> None:
    course.create_discussion_topic(title="Topic")
    news = course.create_discussion_topic(title="News", is_announcement=True, published=False)
    assert news.published is True
    assert [t.title for t in course.get_discussion_topics()] == ["Topic"]
    assert [t.title for t in course.get_discussion_topics(only_announcements=True)] == ["News"]


def test_update_publishes_and_renames(course: Course) -> None:
    topic = course.create_discussion_topic(title="Draft")
    updated = topic.update(title="Final", published=True)
    assert (updated.title, updated.published) == ("Final", True)
    assert course.get_discussion_topic(topic.id).title == "Final"


def test_future_delayed_post_is_post_delayed(http: Http, course: Course) -> None:
    later = (datetime.now(timezone.utc) + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    response = http.post(
        f"/courses/{course.id}/discussion_topics",
        data={"title": "Later", "published": "true", "delayed_post_at": later},
    )
    body = response.json()
    assert body["published"] is True
    assert body["delayed_post_at"] == later
    assert body["posted_at"] is None


def test_graded_discussion_has_a_linked_assignment(course: Course) -> None:
    topic = course.create_discussion_topic(
        title="Graded", published=True, assignment={"points_possible": 5}
    )
    assert topic.assignment["points_possible"] == 5.0
    assert topic.assignment["submission_types"] == ["discussion_topic"]
    assert topic.assignment["published"] is True
    assignment = course.get_assignment(topic.assignment_id)
    assert assignment.discussion_topic["id"] == topic.id
    module = course.create_module(module={"name": "M"})
    item = module.create_module_item(
        module_item={"type": "Assignment", "content_id": assignment.id}
    )
    assert (item.type, item.content_id) == ("Discussion", topic.id)
    ungraded = topic.update(assignment={"set_assignment": False})
    assert ungraded.assignment_id is None
    with pytest.raises(ResourceDoesNotExist):
        course.get_assignment(assignment.id)


def test_delete_reports_deleted_at_and_hides_the_topic(course: Course) -> None:
    topic = course.create_discussion_topic(title="Gone")
    assert topic.delete() is True
    assert list(course.get_discussion_topics()) == []


def test_module_item_published_flips_the_topic(course: Course) -> None:
    topic = course.create_discussion_topic(title="Talk")
    module = course.create_module(module={"name": "M"})
    item = module.create_module_item(module_item={"type": "Discussion", "content_id": topic.id})
    assert item.published is False
    item.edit(module_item={"published": True})
    assert course.get_discussion_topic(topic.id).published is True


def test_a_students_reply_is_counted_and_keeps_the_topic_published(
    http: Http, course: Course
) -> None:
    topic = course.create_discussion_topic(title="Share", published=True)
    response = http.post(
        f"/courses/{course.id}/discussion_topics/{topic.id}/entries", data={"message": "Hi"}
    )
    assert response.status_code == 201
    assert response.json()["message"] == "Hi"
    again = course.get_discussion_topic(topic.id)
    assert (again.discussion_subentry_count, again.can_unpublish) == (1, False)
    refused = http.put(
        f"/courses/{course.id}/discussion_topics/{topic.id}", data={"published": "false"}
    )
    assert refused.status_code == 400
    assert "published" in refused.json()["errors"]
    entries = http.get(f"/courses/{course.id}/discussion_topics/{topic.id}/entries").json()
    assert [e["message"] for e in entries] == ["Hi"]


def test_a_teachers_reply_does_not_stop_unpublishing(http: Http, course: Course) -> None:
    topic = course.create_discussion_topic(title="Share", published=True)
    http.post(
        f"/courses/{course.id}/discussion_topics/{topic.id}/entries",
        data={"message": "Welcome", "as_user_id": "1"},
    )
    again = course.get_discussion_topic(topic.id)
    assert (again.discussion_subentry_count, again.can_unpublish) == (1, True)


def test_replies_need_a_published_topic(http: Http, course: Course) -> None:
    draft = course.create_discussion_topic(title="Draft")
    response = http.post(
        f"/courses/{course.id}/discussion_topics/{draft.id}/entries", data={"message": "x"}
    )
    assert response.status_code == 403
