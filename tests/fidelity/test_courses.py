"""Courses: a user's course nickname in the course JSON that user gets."""

from __future__ import annotations

from canvasapi.course import Course

from tests.fidelity.registry import fidelity
from tests.sandbox.conftest import Http


@fidelity(
    endpoint="PUT/GET/DELETE /api/v1/users/self/course_nicknames/:course_id",
    params="nickname",
    source=["app/controllers/course_nicknames_controller.rb"],
    canvas="PUT sets the caller's nickname (400 'missing nickname' when blank, 'nickname "
    "too long' at 60 characters or more) and answers {course_id, name, nickname}; GET "
    "answers the same (nickname null when none); DELETE removes it, 404 'no nickname "
    "exists for course' when there is none",
    sandbox="the same endpoints, bodies and refusals",
    client="canvas-npq never sets a nickname; tests use these endpoints to give the "
    "token's user one",
)
def test_course_nickname_endpoints(http: Http, course: Course) -> None:
    path = f"/users/self/course_nicknames/{course.id}"
    assert http.get(path).json() == {"course_id": course.id, "name": course.name, "nickname": None}
    assert http.put(path, data={"nickname": ""}).json() == {"message": "missing nickname"}
    too_long = http.put(path, data={"nickname": "x" * 60})
    assert (too_long.status_code, too_long.json()) == (400, {"message": "nickname too long"})
    saved = http.put(path, data={"nickname": "My LTD"})
    assert saved.json() == {"course_id": course.id, "name": course.name, "nickname": "My LTD"}
    assert http.get("/users/self/course_nicknames").json() == [saved.json()]
    removed = http.delete(path)
    assert removed.json()["nickname"] is None
    again = http.delete(path)
    assert (again.status_code, again.json()) == (404, {"message": "no nickname exists for course"})


@fidelity(
    endpoint="GET /api/v1/courses/:id (and every course JSON)",
    source=["lib/api/v1/course.rb", "lib/api/v1/course_json.rb"],
    canvas="course_json calls apply_nickname: when the caller has a nickname for the "
    "course, 'original_name' is the real name and 'name' the nickname; a PUT of the "
    "name changes the real name and still answers with the nickname",
    sandbox="every course JSON for that caller (get, lists, create/update answers) does the same",
    client="the reader takes the course's name from 'original_name' when present, so a "
    "nickname is neither drift nor written over",
)
def test_a_nickname_replaces_the_name_in_course_json(http: Http, course: Course) -> None:
    http.put(f"/users/self/course_nicknames/{course.id}", data={"nickname": "My LTD"})
    shown = http.get(f"/courses/{course.id}").json()
    assert (shown["name"], shown["original_name"]) == ("My LTD", course.name)
    listed = next(c for c in http.get("/courses").json() if c["id"] == course.id)
    assert (listed["name"], listed["original_name"]) == ("My LTD", course.name)
    renamed = http.put(f"/courses/{course.id}", data={"course[name]": "NPQLTD 2027"}).json()
    assert (renamed["name"], renamed["original_name"]) == ("My LTD", "NPQLTD 2027")
    http.delete(f"/users/self/course_nicknames/{course.id}")
    plain = http.get(f"/courses/{course.id}").json()
    assert plain["name"] == "NPQLTD 2027" and "original_name" not in plain
