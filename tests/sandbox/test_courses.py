"""Courses (canvas-api.md §8)."""

from __future__ import annotations

import pytest
from canvasapi import Canvas
from canvasapi.course import Course
from canvasapi.exceptions import BadRequest

from .conftest import Http


def test_create_course_starts_unpublished(canvas: Canvas) -> None:
    course = canvas.get_account(1).create_course(course={"name": "Leading Behaviour"})
    assert course.workflow_state == "unpublished"
    assert course.account_id == 1
    assert course.default_view == "modules"
    assert course.time_zone == "UTC"


def test_course_list_shows_only_enrolled_courses(canvas: Canvas) -> None:
    account = canvas.get_account(1)
    account.create_course(course={"name": "Not mine"})
    mine = account.create_course(course={"name": "Mine"}, enroll_me=True)
    assert [c.id for c in canvas.get_courses()] == [mine.id]
    assert mine.enrollments[0]["type"] == "teacher"
    assert len(list(account.get_courses())) == 2


def test_update_course_fields(course: Course) -> None:
    name = course.update(
        course={
            "name": "Renamed",
            "course_code": "NEW",
            "time_zone": "Europe/London",
            "start_at": "2025-09-01T09:00:00",
            "syllabus_body": "<p>Plan<script>x</script></p>",
        }
    )
    assert name == "Renamed"
    assert course.course_code == "NEW"
    assert course.start_at == "2025-09-01T08:00:00Z"


def test_syllabus_only_with_include(canvas: Canvas, course: Course) -> None:
    course.update(course={"syllabus_body": "<p>Plan<!-- c --></p>"})
    assert not hasattr(canvas.get_course(course.id), "syllabus_body")
    fetched = canvas.get_course(course.id, include=["syllabus_body"])
    assert fetched.syllabus_body == "<p>Plan</p>"


def test_default_view_validation(http: Http, course: Course) -> None:
    bad = http.put(f"/courses/{course.id}", data={"course[default_view]": "dashboard"})
    assert bad.status_code == 400
    assert bad.json()["errors"]["default_view"][0]["message"] == "Home page is not valid"
    wiki = http.put(f"/courses/{course.id}", data={"course[default_view]": "wiki"})
    assert wiki.json()["errors"]["default_view"][0]["message"] == "A Front Page is required"


def test_end_before_start_is_the_recorded_error(http: Http, course: Course) -> None:
    response = http.put(
        f"/courses/{course.id}",
        data={"course[start_at]": "2025-09-01T00:00:00Z", "course[end_at]": "2025-01-01T00:00:00Z"},
    )
    assert response.status_code == 400
    assert response.json() == {
        "errors": {
            "conclude_at": [
                {
                    "attribute": "conclude_at",
                    "type": "End date cannot be before start date",
                    "message": "End date cannot be before start date",
                }
            ]
        }
    }


def test_offer_publishes_and_sis_id_lookup(canvas: Canvas, http: Http, course: Course) -> None:
    course.update(course={"event": "offer", "sis_course_id": "NPQ-2025"})
    fetched = canvas.get_course("NPQ-2025", use_sis_id=True)
    assert (fetched.id, fetched.workflow_state) == (course.id, "available")
    assert http.get("/courses/sis_course_id:missing").status_code == 404


def test_delete_course(canvas: Canvas, course: Course) -> None:
    assert course.delete() is True
    with pytest.raises(Exception, match="Not Found"):
        canvas.get_course(course.id)


def test_invalid_time_zone(course: Course) -> None:
    with pytest.raises(BadRequest):
        course.update(course={"time_zone": "Mars/Olympus"})
