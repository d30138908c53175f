"""Assignment groups: what ``position`` on create and update does to the other groups."""

from __future__ import annotations

from canvasapi.course import Course

from tests.fidelity.registry import fidelity
from tests.sandbox.conftest import Http


def _positions(http: Http, course: Course) -> list[tuple[str, int]]:
    groups = http.get(f"/courses/{course.id}/assignment_groups").json()
    return [(g["name"], g["position"]) for g in groups]


@fidelity(
    endpoint="POST/PUT /api/v1/courses/:course_id/assignment_groups[/:id]",
    params="position",
    source=[
        "app/controllers/assignment_groups_api_controller.rb",
        "lib/api/v1/assignment_group.rb",
        "app/models/assignment_group.rb",
        "vendor/plugins/acts_as_list/lib/active_record/acts/list.rb",
        "app/models/course.rb",
    ],
    canvas="update_assignment_group assigns position as an attribute; acts_as_list's only "
    "save callback, add_to_list_bottom, runs on create and only when no position was "
    "given; no other group moves, so positions can tie. Course#assignment_groups orders "
    "by position, then name",
    sandbox="the same: the position is stored as sent, the others keep theirs, the list "
    "is ordered by (position, name)",
    client="after placing a group, apply sends each owned group its place in the spec's "
    "order as its position, so no tie or gap leaves the order to names (no endless move)",
)
def test_a_position_is_stored_as_sent_and_moves_no_other_group(http: Http, course: Course) -> None:
    base = f"/courses/{course.id}/assignment_groups"
    for name in ("Alpha", "Beta", "Gamma"):
        assert http.post(base, data={"name": name}).status_code == 200
    assert _positions(http, course) == [("Alpha", 1), ("Beta", 2), ("Gamma", 3)]

    gamma = next(g for g in http.get(base).json() if g["name"] == "Gamma")
    http.put(f"{base}/{gamma['id']}", data={"position": 1})
    # Gamma ties with Alpha and sorts after it by name; Beta did not move.
    assert _positions(http, course) == [("Alpha", 1), ("Gamma", 1), ("Beta", 2)]

    http.post(base, data={"name": "Aardvark", "position": 2})
    assert _positions(http, course) == [
        ("Alpha", 1),
        ("Gamma", 1),
        ("Aardvark", 2),
        ("Beta", 2),
    ]
