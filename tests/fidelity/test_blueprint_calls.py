"""Fidelity rows for the blueprint calls made by ``canvas-npq blueprint`` and cohorts."""

from __future__ import annotations

from typing import Any

from canvas_npq.sandbox import Sandbox
from canvas_npq.sandbox.store import TEACHER_USER_ID

from .conftest import CanvasCourse, Http
from .registry import fidelity

TEMPLATES = "app/controllers/master_courses/master_templates_controller.rb"
MASTER_JSON = "lib/api/v1/master_courses.rb"


def new_course(http: Http, name: str) -> dict[str, Any]:
    return http.post("/accounts/1/courses", data={"course[name]": name}).json()


def blueprint(http: Http, course: CanvasCourse) -> str:
    http.put(f"/courses/{course['id']}", data={"course[blueprint]": "true"})
    return f"/courses/{course['id']}/blueprint_templates/default"


def with_child(http: Http, course: CanvasCourse) -> tuple[str, dict[str, Any]]:
    template = blueprint(http, course)
    child = new_course(http, "Cohort A")
    http.put(f"{template}/update_associations", data={"course_ids_to_add[]": str(child["id"])})
    http.post(
        f"/courses/{course['id']}/pages",
        data={"wiki_page[title]": "Welcome", "wiki_page[published]": "true"},
    )
    return template, child


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id/blueprint_templates/:template_id/update_associations",
    params="course_ids_to_add[]",
    source=[f"{TEMPLATES} (update_associations)"],
    canvas="{success: true}; a course that cannot be a child (deleted, a blueprint, outside "
    "the account) → 400 {message: 'invalid courses to add (<ids, comma-space>)'}; one "
    "another template has → 400 {message: 'cannot add courses already associated with "
    "other templates (<ids>)'}; adding an existing child is ignored",
    sandbox="same messages, in the same order of checks",
    client="adds only the cohorts not yet associated and reports Canvas's message otherwise",
)
def test_update_associations_refuses_as_canvas_does(http: Http, course: CanvasCourse) -> None:
    template = blueprint(http, course)
    child = new_course(http, "Cohort A")
    added = http.put(
        f"{template}/update_associations", data={"course_ids_to_add[]": str(child["id"])}
    )
    assert (added.status_code, added.json()) == (200, {"success": True})
    again = http.put(
        f"{template}/update_associations", data={"course_ids_to_add[]": str(child["id"])}
    )
    assert again.json() == {"success": True}
    other = new_course(http, "Other blueprint")
    other_template = blueprint(http, other)
    refused = http.put(
        f"{template}/update_associations",
        data={"course_ids_to_add[]": [str(other["id"]), "999999"]},
    )
    assert refused.status_code == 400
    assert refused.json() == {
        "message": f"invalid courses to add ({min(other['id'], 999999)}, "
        f"{max(other['id'], 999999)})"
    }
    taken = http.put(
        f"{other_template}/update_associations", data={"course_ids_to_add[]": str(child["id"])}
    )
    assert taken.status_code == 400
    assert taken.json() == {
        "message": f"cannot add courses already associated with other templates ({child['id']})"
    }


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/blueprint_templates/:template_id/associated_courses",
    params="per_page=100",
    source=[f"{TEMPLATES} (associated_courses; get_template: RecordNotFound without one)"],
    canvas="the child courses: id, name, course_code, term_name, teachers, and "
    "sis_course_id for a caller with read_sis or manage_sis on the account; the template "
    "is 404 until the course is a blueprint",
    sandbox="same; sis_course_id only for the account admin",
    client="compares the cohorts it wants with the children listed here; a cohort named "
    "by sis_course_id that the listing does not match is looked up by id before it counts "
    "as missing (a teacher's listing has no SIS ids)",
)
def test_associated_courses_lists_children(
    sandbox: Sandbox, http: Http, course: CanvasCourse
) -> None:
    early = http.get(f"/courses/{course['id']}/blueprint_templates/default/associated_courses")
    assert early.status_code == 404
    template, child = with_child(http, course)
    listed = http.get(f"{template}/associated_courses", params={"per_page": 100}).json()
    assert [(c["id"], c["name"]) for c in listed] == [(child["id"], "Cohort A")]
    assert {"course_code", "term_name", "teachers", "sis_course_id"} <= set(listed[0])
    with sandbox.store.lock:
        sandbox.store.enroll(course["id"], TEACHER_USER_ID, "TeacherEnrollment")
    teacher = Http(sandbox, sandbox.teacher_token)
    seen = teacher.get(f"{template}/associated_courses").json()
    assert [c["id"] for c in seen] == [child["id"]] and "sis_course_id" not in seen[0]


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/blueprint_templates/:template_id/unsynced_changes",
    source=[f"{TEMPLATES} (unsynced_changes)", MASTER_JSON],
    canvas="after a sync: a ChangeRecord per item changed since the last export started, "
    "empty when in step; before the first sync, see the note",
    sandbox="before the first sync one record {asset_name: <course name>, change_type: "
    "'initial_sync'}; after it, the changed items",
    client="a non-empty answer means a sync is due",
    settled=False,
    note="the stored version of the controller (e3db402) answers [] until the first export "
    "(no last_export_started_at); canvas-api.md §19 reads an 'initial_sync' record in "
    "2025 Canvas, which the sandbox follows. On a Canvas that answers [], "
    "apply --sync-blueprint would report 'nothing to sync' for a blueprint associated in "
    "an earlier run and never synced",
)
def test_unsynced_changes_before_and_after_a_sync(http: Http, course: CanvasCourse) -> None:
    template, _ = with_child(http, course)
    first = http.get(f"{template}/unsynced_changes").json()
    assert [r["change_type"] for r in first] == ["initial_sync"]
    http.post(f"{template}/migrations", data={"comment": "first"})
    assert http.get(f"{template}/unsynced_changes").json() == []


@fidelity(
    endpoint="POST /api/v1/courses/:course_id/blueprint_templates/:template_id/migrations",
    params="comment",
    source=[f"{TEMPLATES} (queue_migration)", MASTER_JSON],
    canvas="200 with the BlueprintMigration, workflow_state 'queued'; with no associated "
    "courses → 400 {message: 'No associated courses to migrate to'}; while another runs → "
    "400 {message: 'Cannot queue a migration while one is currently running'}",
    sandbox="same",
    client="polls the migration until it is done",
)
def test_migration_is_queued_and_needs_children(http: Http, course: CanvasCourse) -> None:
    lonely = blueprint(http, new_course(http, "Lonely"))
    refused = http.post(f"{lonely}/migrations")
    assert (refused.status_code, refused.json()) == (
        400,
        {"message": "No associated courses to migrate to"},
    )
    template, _ = with_child(http, course)
    queued = http.post(f"{template}/migrations", data={"comment": "sync"})
    assert queued.status_code == 200
    assert queued.json()["workflow_state"] == "queued" and queued.json()["comment"] == "sync"


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/blueprint_templates/:template_id/migrations/:id",
    source=[f"{TEMPLATES} (migrations_show)", MASTER_JSON],
    canvas="the migration; workflow_state moves queued → exporting → imports_queued → "
    "completed (or exports_failed/imports_failed)",
    sandbox="queued for store.blueprint_sync_seconds, then completed",
    client="polls until a done state",
)
def test_migration_reaches_completed(http: Http, course: CanvasCourse) -> None:
    template, _ = with_child(http, course)
    queued = http.post(f"{template}/migrations").json()
    shown = http.get(f"{template}/migrations/{queued['id']}").json()
    assert shown["workflow_state"] == "completed"


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/blueprint_templates/:template_id/migrations/:id"
    "/details",
    source=[f"{TEMPLATES} (migration_details)", MASTER_JSON],
    canvas="the ChangeRecords of a completed migration (asset_id, asset_type, asset_name, "
    "change_type, locked, exceptions)",
    sandbox="same; empty until the migration completes",
    client="reports each child's exceptions (conflicting local changes)",
)
def test_migration_details_list_change_records(http: Http, course: CanvasCourse) -> None:
    template, _ = with_child(http, course)
    queued = http.post(f"{template}/migrations").json()
    details = http.get(f"{template}/migrations/{queued['id']}/details").json()
    assert [(d["asset_type"], d["asset_name"], d["change_type"]) for d in details] == [
        ("wiki_page", "Welcome", "created")
    ]
    assert details[0]["exceptions"] == []


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/blueprint_subscriptions",
    source=[f"{TEMPLATES} (subscriptions_index)", MASTER_JSON],
    canvas="in a child course, its subscription with blueprint_course {id, name, ...}; an "
    "empty list in a course that is no child",
    sandbox="same",
    client="refuses to manage a blueprint child directly",
    settled=False,
    note="the stored controller (e3db402) predates this endpoint (it has the child's "
    "imports_index only); the shape follows canvas-api.md §19 and canvasapi's "
    "BlueprintSubscription",
)
def test_child_sees_its_subscription(http: Http, course: CanvasCourse) -> None:
    _, child = with_child(http, course)
    rows = http.get(f"/courses/{child['id']}/blueprint_subscriptions").json()
    assert [r["blueprint_course"]["id"] for r in rows] == [course["id"]]
    assert http.get(f"/courses/{course['id']}/blueprint_subscriptions").json() == []
