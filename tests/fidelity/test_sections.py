"""Sections and their own dates (assignment overrides): what canvas-npq relies on, held
against the sandbox, each row naming the Canvas source that settles it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from canvas_npq.sandbox import Sandbox
from tests.fidelity.registry import fidelity

SECTIONS = "app/controllers/sections_controller.rb"
SECTION_MODEL = "app/models/course_section.rb"
OVERRIDES = "app/controllers/assignment_overrides_controller.rb"
OVERRIDE_JSON = "lib/api/v1/assignment_override.rb"


class World:
    def __init__(self, sandbox: Sandbox, course: int, assignment: int) -> None:
        self.sandbox, self.course, self.assignment = sandbox, course, assignment

    def send(
        self, method: str, path: str, token: str | None = None, **data: Any
    ) -> requests.Response:
        url = f"{self.sandbox.url}/api/v1/courses/{self.course}{path}"
        headers = {"Authorization": f"Bearer {token or self.sandbox.teacher_token}"}
        return requests.request(method, url, headers=headers, data=data, timeout=10)

    def ok(self, method: str, path: str, **data: Any) -> Any:
        answer = self.send(method, path, **data)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def section(self, name: str) -> int:
        return int(self.ok("POST", "/sections", **{"course_section[name]": name})["id"])

    @property
    def overrides(self) -> str:
        return f"/assignments/{self.assignment}/overrides"


@pytest.fixture
def world() -> Iterator[World]:
    with Sandbox() as sandbox:
        admin = {"Authorization": f"Bearer {sandbox.token}"}
        course = requests.post(
            f"{sandbox.url}/api/v1/accounts/1/courses",
            headers=admin,
            data={"course[name]": "Cohort", "offer": "true"},
            timeout=10,
        ).json()["id"]
        assignment = requests.post(
            f"{sandbox.url}/api/v1/courses/{course}/assignments",
            headers=admin,
            data={"assignment[name]": "MIT 1", "assignment[due_at]": "2026-11-13T17:00:00Z"},
            timeout=10,
        ).json()["id"]
        yield World(sandbox, int(course), int(assignment))


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/sections",
    params="course_section[name]",
    source=[SECTIONS, SECTION_MODEL],
    canvas=(
        "index lists active_course_sections ordered by name then id to anyone with read, "
        "read_roster, view_all_grades or manage_grades on the course; create needs "
        "CourseSection :create, which manage_sections_add grants"
    ),
    sandbox="the same order; a teacher may create, a student may list but not create",
    client="matches a cohort's facilitator groups to sections by name",
)
def test_sections_are_listed_by_name_and_made_by_teachers(world: World) -> None:
    world.section("Group B")
    world.section("Group A")
    assert [s["name"] for s in world.ok("GET", "/sections")] == ["Group A", "Group B"]
    student = world.sandbox.student_token
    assert world.send("GET", "/sections", token=student).status_code == 200
    refused = world.send("POST", "/sections", token=student, **{"course_section[name]": "C"})
    assert refused.status_code == 403


@fidelity(
    endpoint="POST /api/v1/courses/:course_id/assignments/:assignment_id/overrides",
    params="assignment_override[course_section_id], [due_at], [unlock_at], [lock_at]",
    source=[OVERRIDES, OVERRIDE_JSON],
    canvas=(
        "a date is overridden only when sent; the JSON carries due_at (with all_day, "
        "all_day_date), unlock_at and lock_at only when overridden, and course_section_id "
        "for a section's override; needs Assignment :update (require_assignment_edit)"
    ),
    sandbox="the same shape; a second override for the same section is refused (400)",
    client="reads only the dates an override carries; one override per section",
)
def test_an_override_carries_only_the_dates_it_overrides(world: World) -> None:
    group = world.section("Group A")
    made = world.ok(
        "POST",
        world.overrides,
        **{
            "assignment_override[course_section_id]": group,
            "assignment_override[due_at]": "2026-11-20T17:00:00Z",
        },
    )
    assert made["course_section_id"] == group and made["title"] == "Group A"
    assert made["due_at"] == "2026-11-20T17:00:00Z" and made["all_day"] is False
    assert "unlock_at" not in made and "lock_at" not in made
    again = world.send("POST", world.overrides, **{"assignment_override[course_section_id]": group})
    assert again.status_code == 400
    student = world.send("POST", world.overrides, token=world.sandbox.student_token)
    assert student.status_code == 403


@fidelity(
    endpoint="PUT/DELETE /api/v1/courses/:course_id/assignments/:assignment_id/overrides/:id",
    params="assignment_override[due_at], [unlock_at], [lock_at]",
    source=[OVERRIDES],
    canvas=(
        "update: all current overridden values must be supplied to be kept; a date not "
        "sent is no longer overridden; destroy returns the former override"
    ),
    sandbox="the same",
    client="sends every date of the override on each update",
)
def test_an_update_replaces_the_overridden_dates(world: World) -> None:
    group = world.section("Group A")
    made = world.ok(
        "POST",
        world.overrides,
        **{
            "assignment_override[course_section_id]": group,
            "assignment_override[due_at]": "2026-11-20T17:00:00Z",
            "assignment_override[lock_at]": "2026-11-27T17:00:00Z",
        },
    )
    path = f"{world.overrides}/{made['id']}"
    updated = world.ok("PUT", path, **{"assignment_override[lock_at]": "2026-11-28T17:00:00Z"})
    assert "due_at" not in updated and updated["lock_at"] == "2026-11-28T17:00:00Z"
    world.ok("DELETE", path)
    assert world.ok("GET", world.overrides) == []


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/assignments",
    params="include[]=overrides",
    source=["app/controllers/assignments_api_controller.rb", "lib/api/v1/assignment.rb"],
    canvas=(
        "with include[]=overrides (honoured for a user who can manage assignments) each "
        "assignment carries 'overrides': its active overrides rendered by "
        "assignment_overrides_json, the same shape as the overrides endpoint"
    ),
    sandbox="the same list, live overrides only; without the include there is no key",
    client="reads every section override with the assignments, inside the assignment groups "
    "listing it already makes (include[]=overrides there too)",
)
def test_the_assignments_listing_can_carry_their_overrides(world: World) -> None:
    group = world.section("Group A")
    made = world.ok(
        "POST",
        world.overrides,
        **{
            "assignment_override[course_section_id]": group,
            "assignment_override[unlock_at]": "2026-10-26T09:00:00Z",
        },
    )
    [plain] = world.ok("GET", "/assignments")
    assert "overrides" not in plain
    [listed] = world.ok("GET", "/assignments?include[]=overrides")
    assert listed["overrides"] == [made]
