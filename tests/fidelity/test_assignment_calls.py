"""Fidelity rows for assignments and assignment groups (group position has its own row
elsewhere)."""

from __future__ import annotations

from typing import Any

from .conftest import CanvasCourse, Http
from .registry import fidelity

ASSIGNMENTS_API = "app/controllers/assignments_api_controller.rb"
ASSIGNMENT_JSON = "lib/api/v1/assignment.rb"
GROUPS_API = "app/controllers/assignment_groups_api_controller.rb"
GROUP_JSON = "lib/api/v1/assignment_group.rb (assignment_group_json)"


def make_group(http: Http, course: CanvasCourse, name: str, **extra: str) -> dict[str, Any]:
    answer = http.post(f"/courses/{course['id']}/assignment_groups", data={"name": name, **extra})
    assert answer.status_code == 200, answer.text
    return answer.json()


def make_assignment(http: Http, course: CanvasCourse, **fields: str) -> Any:
    data = {f"assignment[{k}]": v for k, v in fields.items()}
    return http.post(f"/courses/{course['id']}/assignments", data=data)


@fidelity(
    endpoint="POST /api/v1/courses/:course_id/assignments",
    params="assignment[name], [description], [points_possible], [grading_type], "
    "[submission_types][], [due_at|unlock_at|lock_at], [assignment_group_id], [published]",
    source=[
        f"{ASSIGNMENTS_API} (create: workflow_state = 'unpublished'; "
        "render_create_or_update_result renders :created)",
        f"{ASSIGNMENT_JSON} (update_api_assignment, assignment_json)",
    ],
    canvas="201 Created with the assignment; unpublished unless assignment[published]=true; "
    "submission_types come back as an array; dates as ISO 8601 with Z",
    sandbox="same status, default and shapes",
    client="accepts 201 (canvasapi and its own requester take any 2xx); always sends published",
)
def test_assignment_create_answers_201_unpublished(http: Http, course: CanvasCourse) -> None:
    made = http.post(
        f"/courses/{course['id']}/assignments",
        data={
            "assignment[name]": "Reflection",
            "assignment[points_possible]": "10",
            "assignment[due_at]": "2026-10-01T12:00:00Z",
            "assignment[submission_types][]": "online_text_entry",
        },
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["published"] is False and body["workflow_state"] == "unpublished"
    assert body["submission_types"] == ["online_text_entry"]
    assert body["due_at"] == "2026-10-01T12:00:00Z" and body["points_possible"] == 10


@fidelity(
    endpoint="POST /api/v1/courses/:course_id/assignments",
    params="assignment[due_at] (and the other dates)",
    source=[f"{ASSIGNMENT_JSON} (assignment_dates_valid?)", "lib/api.rb (ISO8601_REGEX)"],
    canvas="a date that is not ISO 8601 → 400 {errors: {'assignment[due_at]': "
    "[{message: 'Invalid datetime for due_at'}]}} and nothing is saved",
    sandbox="same key and message; nothing created",
    client="validates dates in the spec (file:line) and sends them as ISO 8601 with offset",
)
def test_assignment_bad_date_is_refused(http: Http, course: CanvasCourse) -> None:
    refused = make_assignment(http, course, name="Late", due_at="next friday")
    assert refused.status_code == 400
    errors = refused.json()["errors"]["assignment[due_at]"]
    assert errors[0]["message"] == "Invalid datetime for due_at"
    assert http.get(f"/courses/{course['id']}/assignments").json() == []


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id/assignments/:id",
    params="assignment[...] (changed fields only), assignment[published]",
    source=[f"{ASSIGNMENTS_API} (update)", f"{ASSIGNMENT_JSON} (update_api_assignment)"],
    canvas="200 with the assignment; fields not sent are kept; published=true publishes",
    sandbox="same",
    client="sends only the fields whose values differ from the live course",
)
def test_assignment_update_keeps_fields_not_sent(http: Http, course: CanvasCourse) -> None:
    made = make_assignment(
        http, course, name="Essay", description="<p>Write</p>", points_possible="5"
    ).json()
    path = f"/courses/{course['id']}/assignments/{made['id']}"
    updated = http.put(
        path, data={"assignment[points_possible]": "8", "assignment[published]": "true"}
    )
    assert updated.status_code == 200
    body = updated.json()
    assert (body["points_possible"], body["published"]) == (8, True)
    assert (body["name"], body["description"]) == ("Essay", "<p>Write</p>")


@fidelity(
    endpoint="DELETE /api/v1/courses/:course_id/assignments/:id",
    source=[
        f"{ASSIGNMENTS_API} (destroy)",
        "app/models/assignment.rb (destroy: module tags deleted with it)",
    ],
    canvas="200 with the deleted assignment (workflow_state 'deleted'); its module items go "
    "with it; later GET/DELETE → 404 (active scope)",
    sandbox="same",
    client="a 404 on delete counts as done",
)
def test_assignment_delete_removes_its_module_items(http: Http, course: CanvasCourse) -> None:
    made = make_assignment(http, course, name="Gone").json()
    module = http.post(f"/courses/{course['id']}/modules", data={"module[name]": "M"}).json()
    items = f"/courses/{course['id']}/modules/{module['id']}/items"
    http.post(
        items, data={"module_item[type]": "Assignment", "module_item[content_id]": str(made["id"])}
    )
    path = f"/courses/{course['id']}/assignments/{made['id']}"
    deleted = http.delete(path)
    assert deleted.status_code == 200 and deleted.json()["workflow_state"] == "deleted"
    assert http.get(items).json() == []
    assert http.delete(path).status_code == 404


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/assignments",
    params="per_page=100",
    source=[f"{ASSIGNMENTS_API} (index)", f"{ASSIGNMENT_JSON} (assignment_json)"],
    canvas="active assignments ordered by group position, then assignment position; each "
    "has assignment_group_id, position, published, submission_types, dates",
    sandbox="same order and keys",
    client="lists them from the assignment groups listing instead, in this order, and keys "
    "them by the marker in the description; after a lost create it lists them here to find "
    "the one made",
)
def test_assignment_list_orders_by_group_then_position(http: Http, course: CanvasCourse) -> None:
    first = make_group(http, course, "First")
    second = make_group(http, course, "Second")
    make_assignment(http, course, name="B2", assignment_group_id=str(second["id"]))
    make_assignment(http, course, name="A1", assignment_group_id=str(first["id"]))
    make_assignment(http, course, name="A2", assignment_group_id=str(first["id"]))
    listed = http.get(f"/courses/{course['id']}/assignments", params={"per_page": 100}).json()
    assert [a["name"] for a in listed] == ["A1", "A2", "B2"]
    assert {"assignment_group_id", "position", "published", "submission_types"} <= set(listed[0])


@fidelity(
    endpoint="POST /api/v1/courses/:course_id/assignment_groups",
    params="name, integration_data[canvas_npq_id] (top-level, not wrapped)",
    source=[f"{GROUPS_API} (create, update_group_params)", GROUP_JSON],
    canvas="parameters are top level; integration_data must be a hash (else 400 with the "
    "JSON string 'Invalid integration data') and comes back in the group JSON",
    sandbox="same: the hash is stored and returned, a non-hash is 400",
    client="marks each group it owns with integration_data[canvas_npq_id]",
)
def test_group_create_keeps_integration_data(http: Http, course: CanvasCourse) -> None:
    group = make_group(http, course, "Core", **{"integration_data[canvas_npq_id]": "core"})
    assert group["integration_data"] == {"canvas_npq_id": "core"}
    listed = http.get(f"/courses/{course['id']}/assignment_groups").json()
    assert [g["integration_data"] for g in listed if g["id"] == group["id"]] == [
        {"canvas_npq_id": "core"}
    ]
    refused = http.post(
        f"/courses/{course['id']}/assignment_groups",
        data={"name": "Bad", "integration_data": "text"},
    )
    assert (refused.status_code, refused.json()) == (400, "Invalid integration data")


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id/assignment_groups/:id",
    params="name, integration_data[...]",
    source=[f"{GROUPS_API} (update, update_group_params: integration_data merged)"],
    canvas="integration_data sent on update is merged into the stored hash, not replaced",
    sandbox="same merge",
    client="sends only its own marker key, so other tools' keys survive",
)
def test_group_update_merges_integration_data(http: Http, course: CanvasCourse) -> None:
    group = make_group(http, course, "Core", **{"integration_data[other_tool]": "x"})
    path = f"/courses/{course['id']}/assignment_groups/{group['id']}"
    updated = http.put(path, data={"name": "Core work", "integration_data[canvas_npq_id]": "core"})
    assert updated.status_code == 200
    assert updated.json()["integration_data"] == {"other_tool": "x", "canvas_npq_id": "core"}
    assert updated.json()["name"] == "Core work"


@fidelity(
    endpoint="DELETE /api/v1/courses/:course_id/assignment_groups/:id",
    params="(no move_assignments_to)",
    source=[f"{GROUPS_API} (destroy)"],
    canvas="200 with the group's JSON; without move_assignments_to its assignments are deleted too",
    sandbox="same cascade",
    client="deletes a group only after planning the deletes (or moves) of its assignments",
)
def test_group_delete_takes_its_assignments(http: Http, course: CanvasCourse) -> None:
    group = make_group(http, course, "Old")
    make_assignment(http, course, name="Inside", assignment_group_id=str(group["id"]))
    deleted = http.delete(f"/courses/{course['id']}/assignment_groups/{group['id']}")
    assert deleted.status_code == 200 and deleted.json()["id"] == group["id"]
    assert http.get(f"/courses/{course['id']}/assignments").json() == []


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/assignment_groups",
    params="per_page=100",
    source=["app/controllers/assignment_groups_controller.rb (index)", GROUP_JSON],
    canvas="the active groups, each with id, name, position, group_weight, rules and "
    "integration_data; assignments nested only with include[]=assignments; a deleted group "
    "is left out",
    sandbox="same keys; assignments only when included",
    client="reads the groups with include[]=assignments (the assignments come inside them, "
    "see the row below) and keys them by integration_data",
)
def test_group_list_nests_assignments_only_when_asked(http: Http, course: CanvasCourse) -> None:
    group = make_group(http, course, "Core", **{"integration_data[canvas_npq_id]": "core"})
    gone = make_group(http, course, "Gone")
    http.delete(f"/courses/{course['id']}/assignment_groups/{gone['id']}")
    make_assignment(http, course, name="Inside", assignment_group_id=str(group["id"]))
    base = f"/courses/{course['id']}/assignment_groups"
    listed = http.get(base, params={"per_page": 100}).json()
    assert [g["id"] for g in listed] == [group["id"]]
    assert {"id", "name", "position", "group_weight", "rules", "integration_data"} <= set(listed[0])
    assert "assignments" not in listed[0]
    nested = http.get(base, params={"include[]": "assignments"}).json()
    assert [a["name"] for a in nested[0]["assignments"]] == ["Inside"]
