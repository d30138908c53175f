"""The assignment groups listing with the assignments inside: the one request the reader
makes for both, held against what the assignments listing answers for the same course."""

from __future__ import annotations

from typing import Any

from tests.fidelity.registry import fidelity
from tests.fidelity.test_sections import World, world

__all__ = ["world"]

GROUPS_INDEX = "app/controllers/assignment_groups_controller.rb (index, visible_assignments)"
GROUP_JSON = "lib/api/v1/assignment_group.rb (assignment_group_json)"
ASSIGNMENT_JSON = "lib/api/v1/assignment.rb (assignment_json)"
ASSIGNMENTS_INDEX = "app/controllers/assignments_api_controller.rb (get_assignments)"
GROUP_MODEL = "app/models/assignment_group.rb (visible_assignments)"
APPLICATOR = "lib/assignment_override_applicator.rb (assignment_overridden_for)"
READER = "include[]=assignments, include[]=discussion_topic, include[]=overrides"


def _made(world: World, path: str, **data: Any) -> dict[str, Any]:
    answer = world.send("POST", path, **data)
    assert answer.status_code in (200, 201), answer.text
    return dict(answer.json())


def _nested(world: World, query: str) -> list[dict[str, Any]]:
    groups = world.ok("GET", f"/assignment_groups?{query}")
    return [a for g in groups for a in g["assignments"]]


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/assignment_groups",
    params=f"{READER}, override_assignment_dates=false, per_page=100",
    source=[GROUPS_INDEX, GROUP_JSON, ASSIGNMENT_JSON, ASSIGNMENTS_INDEX, GROUP_MODEL],
    canvas=(
        "the groups are paged; each carries every active assignment of the group (for a "
        "user who may manage it: unpublished ones, quiz assignments, graded discussions and "
        "external tools alike), not paged, rendered by the same assignment_json as the "
        "assignments listing: overrides with include[]=overrides, a graded discussion's "
        "discussion_topic only with include[]=discussion_topic (the assignments listing "
        "adds it unasked). Nested in Course#active_assignments order (title, then "
        "position), not the listing's (group position, position, id)"
    ),
    sandbox=(
        "the same: each nested assignment is the assignments listing's JSON for the same "
        "options, in title order"
    ),
    client=(
        "reads the groups and their assignments in this one request (no GET .../assignments) "
        "and orders the assignments as the assignments listing does"
    ),
)
def test_the_groups_listing_carries_the_assignments_listings_json(world: World) -> None:
    renamed = {"assignment[name]": "Zeta task", "assignment[published]": "true"}
    world.ok("PUT", f"/assignments/{world.assignment}", **renamed)
    group_a = world.section("Group A")
    world.ok("POST", world.overrides, **{"assignment_override[course_section_id]": group_a})
    _made(world, "/assignments", **{"assignment[name]": "Alpha draft"})  # unpublished
    topic = _made(
        world,
        "/discussion_topics",
        title="Graded talk",
        **{
            "assignment[points_possible]": "1",
            "assignment[submission_types][]": "discussion_topic",
        },
    )
    assert topic["assignment_id"]

    listed = world.ok("GET", "/assignments?include[]=overrides&override_assignment_dates=false")
    query = (
        "include[]=assignments&include[]=discussion_topic&include[]=overrides"
        "&override_assignment_dates=false"
    )
    nested = _nested(world, query)
    assert sorted(a["name"] for a in nested) == sorted(a["name"] for a in listed)
    assert [a["name"] for a in nested] == sorted(a["name"] for a in nested)
    by_id = {a["id"]: a for a in listed}
    for assignment in nested:  # the same JSON, key for key
        assert assignment == by_id[assignment["id"]]
    assert {a["published"] for a in nested} == {True, False}
    graded = next(a for a in nested if a["name"] == "Graded talk")
    assert graded["discussion_topic"]["id"] == topic["id"]
    mit = next(a for a in nested if a["id"] == world.assignment)
    assert [o["course_section_id"] for o in mit["overrides"]] == [group_a]

    bare = _nested(world, "include[]=assignments&override_assignment_dates=false")
    assert all("discussion_topic" not in a and "overrides" not in a for a in bare)


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/assignment_groups",
    params="override_assignment_dates=false (with include[]=assignments)",
    source=[GROUPS_INDEX, ASSIGNMENT_JSON, APPLICATOR, ASSIGNMENTS_INDEX],
    canvas=(
        "override_assignment_dates defaults to true in both listings: assignment_json "
        "answers assignment.overridden_for(user). For a teacher or an admin every active "
        "override applies: the latest due date, the earliest unlock date of an override not "
        "yet locked, the latest lock date (a date set to none wins), and the due date stays "
        "the assignment's own when that is later and not every section is overridden. With "
        "false the assignment's own dates"
    ),
    sandbox="the same folding for a teacher or an admin; a student (in no section) gets "
    "the assignment's own dates",
    client=(
        "sends override_assignment_dates=false, so an assignment whose facilitator groups "
        "have their own dates reads with the dates canvas-npq wrote to it"
    ),
)
def test_a_teacher_is_answered_with_the_overrides_dates_unless_told_not(world: World) -> None:
    group_a = world.section("Group A")
    world.section("Group B")
    world.ok(
        "POST",
        world.overrides,
        **{
            "assignment_override[course_section_id]": group_a,
            "assignment_override[due_at]": "2026-11-20T17:00:00Z",
            "assignment_override[unlock_at]": "2026-11-01T09:00:00Z",
        },
    )
    [folded] = _nested(world, "include[]=assignments")
    assert folded["due_at"] == "2026-11-20T17:00:00Z"  # later than its own, B not overridden
    assert folded["unlock_at"] == "2026-11-01T09:00:00Z"
    [listed] = world.ok("GET", "/assignments")
    assert (listed["due_at"], listed["unlock_at"]) == (folded["due_at"], folded["unlock_at"])
    [own] = _nested(world, "include[]=assignments&override_assignment_dates=false")
    assert (own["due_at"], own["unlock_at"]) == ("2026-11-13T17:00:00Z", None)
    student = world.send(
        "GET", "/assignments", token=world.sandbox.student_token
    ).json()  # the course is offered: the student may list it
    assert student[0]["due_at"] == "2026-11-13T17:00:00Z"
