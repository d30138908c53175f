"""Assignments, assignment groups and submissions (canvas-api.md §12, §13, §21.9, §21.11)."""

from __future__ import annotations

import pytest
from canvasapi.course import Course
from canvasapi.exceptions import BadRequest, Conflict, Forbidden, ResourceDoesNotExist

from canvas_npq.sandbox import Sandbox

from .conftest import Http


def test_create_is_201_unpublished_with_defaults(http: Http, course: Course) -> None:
    response = http.post(f"/courses/{course.id}/assignments", data={"assignment[name]": "Essay"})
    assert response.status_code == 201
    body = response.json()
    assert body["published"] is False
    assert body["workflow_state"] == "unpublished"
    assert body["points_possible"] == 0.0
    assert body["submission_types"] == ["none"]
    assert body["has_submitted_submissions"] is False
    assert body["unpublishable"] is True
    group = http.get(f"/courses/{course.id}/assignment_groups").json()
    assert [(g["id"], g["name"]) for g in group] == [(body["assignment_group_id"], "Assignments")]


def test_published_true_and_fields_round_trip(course: Course) -> None:
    assignment = course.create_assignment(
        assignment={
            "name": "Portfolio",
            "published": True,
            "points_possible": 20,
            "grading_type": "pass_fail",
            "submission_types": ["online_upload", "online_url"],
            "allowed_extensions": ["pdf", "docx"],
            "due_at": "2025-03-01T17:00:00+01:00",
            "description": "<p onclick='x'>Submit <b>one</b> file</p>",
        }
    )
    assert assignment.published is True
    assert assignment.points_possible == 20.0
    assert assignment.grading_type == "pass_fail"
    assert assignment.submission_types == ["online_upload", "online_url"]
    assert assignment.allowed_extensions == ["pdf", "docx"]
    assert assignment.due_at == "2025-03-01T16:00:00Z"
    assert assignment.description == "<p>Submit <b>one</b> file</p>"


def test_naive_dates_are_read_in_the_course_time_zone(course: Course) -> None:
    course.update(course={"time_zone": "Europe/London"})
    assignment = course.create_assignment(assignment={"name": "A", "due_at": "2025-07-01T09:00:00"})
    assert assignment.due_at == "2025-07-01T08:00:00Z"


def test_invalid_date_is_400_on_the_wrapped_key(http: Http, course: Course) -> None:
    response = http.post(
        f"/courses/{course.id}/assignments",
        data={"assignment[name]": "A", "assignment[due_at]": "next tuesday"},
    )
    assert response.status_code == 400
    assert response.json() == {
        "errors": {
            "assignment[due_at]": [
                {
                    "attribute": "assignment[due_at]",
                    "type": "Invalid datetime for due_at",
                    "message": "Invalid datetime for due_at",
                }
            ]
        }
    }


def test_invalid_submission_types_and_grading_type(http: Http, course: Course) -> None:
    bad_types = http.post(
        f"/courses/{course.id}/assignments",
        data={"assignment[name]": "A", "assignment[submission_types][]": "carrier_pigeon"},
    )
    assert bad_types.status_code == 400
    assert bad_types.json()["errors"]["assignment[submission_types]"][0]["message"] == (
        "Invalid submission types"
    )
    bad_grading = http.post(
        f"/courses/{course.id}/assignments",
        data={"assignment[name]": "A", "assignment[grading_type]": "vibes"},
    )
    assert bad_grading.status_code == 400
    assert "grading_type" in bad_grading.json()["errors"]


def test_not_graded_forces_submission_types(course: Course) -> None:
    assignment = course.create_assignment(
        assignment={
            "name": "Reflection",
            "grading_type": "not_graded",
            "submission_types": ["none"],
        }
    )
    assert assignment.submission_types == ["not_graded"]


def test_submission_sets_flag_and_blocks_unpublish(http: Http, course: Course) -> None:
    assignment = course.create_assignment(
        assignment={"name": "Essay", "published": True, "submission_types": ["online_text_entry"]}
    )
    submission = assignment.submit({"submission_type": "online_text_entry", "body": "<p>done</p>"})
    assert submission.workflow_state == "submitted"
    fresh = course.get_assignment(assignment.id)
    assert fresh.has_submitted_submissions is True
    assert fresh.unpublishable is False
    response = http.put(
        f"/courses/{course.id}/assignments/{assignment.id}",
        data={"assignment[published]": "false"},
    )
    assert response.status_code == 400
    assert response.json()["errors"]["published"][0]["message"] == (
        "Can't unpublish if there are student submissions"
    )
    assert course.get_assignment(assignment.id).published is True
    assert [s.user_id for s in assignment.get_submissions()] == [submission.user_id]


def test_submission_requires_published_assignment_and_matching_type(course: Course) -> None:
    draft = course.create_assignment(
        assignment={"name": "Draft", "submission_types": ["online_text_entry"]}
    )
    with pytest.raises(Forbidden):
        draft.submit({"submission_type": "online_text_entry", "body": "x"})
    live = draft.edit(assignment={"published": True})
    with pytest.raises(BadRequest):
        live.submit({"submission_type": "online_url", "url": "https://example.org"})


def test_submission_as_named_user(sandbox: Sandbox, http: Http, course: Course) -> None:
    assignment = course.create_assignment(
        assignment={"name": "E", "published": True, "submission_types": ["online_url"]}
    )
    with sandbox.store.lock:
        student = sandbox.store.create_student(course.id, "Ada Lovelace")
    response = http.post(
        f"/courses/{course.id}/assignments/{assignment.id}/submissions",
        data={
            "as_user_id": student.id,
            "submission[submission_type]": "online_url",
            "submission[url]": "https://example.org",
        },
    )
    assert response.json()["user_id"] == student.id


def test_update_moves_between_groups_and_renames(course: Course) -> None:
    first = course.create_assignment_group(name="Tasks")
    second = course.create_assignment_group(name="Exams")
    assignment = course.create_assignment(
        assignment={"name": "Quiz prep", "assignment_group_id": first.id}
    )
    moved = assignment.edit(assignment={"assignment_group_id": second.id, "name": "Exam prep"})
    assert (moved.assignment_group_id, moved.name) == (second.id, "Exam prep")


def test_sis_assignment_id_is_unique_and_addressable(http: Http, course: Course) -> None:
    course.create_assignment(assignment={"name": "A", "sis_assignment_id": "npq-1"})
    with pytest.raises(Conflict):
        course.create_assignment(assignment={"name": "B", "sis_assignment_id": "npq-1"})
    found = http.get(f"/courses/{course.id}/assignments/sis_assignment_id:npq-1")
    assert found.json()["name"] == "A"


def test_list_orders_by_group_then_position(course: Course) -> None:
    later = course.create_assignment_group(name="Later", position=2)
    earlier = course.create_assignment_group(name="Earlier", position=1)
    course.create_assignment(assignment={"name": "L1", "assignment_group_id": later.id})
    course.create_assignment(assignment={"name": "E1", "assignment_group_id": earlier.id})
    course.create_assignment(assignment={"name": "E2", "assignment_group_id": earlier.id})
    assert [a.name for a in course.get_assignments()] == ["E1", "E2", "L1"]


def test_delete_assignment_hides_it(course: Course) -> None:
    assignment = course.create_assignment(assignment={"name": "Temp"})
    assignment.delete()
    assert list(course.get_assignments()) == []
    with pytest.raises(ResourceDoesNotExist):
        course.get_assignment(assignment.id)


def test_assignment_group_params_are_top_level_and_integration_data_merges(
    course: Course,
) -> None:
    group = course.create_assignment_group(
        name="Core", group_weight=40, integration_data={"spec_key": "core"}, sis_source_id="g1"
    )
    assert (group.name, group.group_weight, group.sis_source_id) == ("Core", 40.0, "g1")
    assert group.integration_data == {"spec_key": "core"}
    edited = group.edit(integration_data={"hash": "abc"}, rules={"drop_lowest": 1})
    assert edited.integration_data == {"spec_key": "core", "hash": "abc"}
    assert edited.rules == {"drop_lowest": 1}


def test_non_hash_integration_data_is_a_bare_string_error(http: Http, course: Course) -> None:
    response = http.post(
        f"/courses/{course.id}/assignment_groups",
        data={"name": "G", "integration_data": "not-a-hash"},
    )
    assert (response.status_code, response.json()) == (400, "Invalid integration data")


def test_deleting_a_group_deletes_its_assignments(course: Course) -> None:
    keep = course.create_assignment_group(name="Keep")
    doomed = course.create_assignment_group(name="Doomed")
    course.create_assignment(assignment={"name": "Kept", "assignment_group_id": keep.id})
    course.create_assignment(assignment={"name": "Lost", "assignment_group_id": doomed.id})
    doomed.delete()
    assert [a.name for a in course.get_assignments()] == ["Kept"]


def test_deleting_a_group_can_move_its_assignments(course: Course) -> None:
    keep = course.create_assignment_group(name="Keep")
    doomed = course.create_assignment_group(name="Doomed")
    course.create_assignment(assignment={"name": "Saved", "assignment_group_id": doomed.id})
    doomed.delete(move_assignments_to=keep.id)
    assert [(a.name, a.assignment_group_id) for a in course.get_assignments()] == [
        ("Saved", keep.id)
    ]


def test_group_list_can_include_assignments(course: Course) -> None:
    group = course.create_assignment_group(name="G")
    course.create_assignment(assignment={"name": "A", "assignment_group_id": group.id})
    listed = list(course.get_assignment_groups(include=["assignments"]))
    assert [a["name"] for a in listed[0].assignments] == ["A"]
    assert not hasattr(next(iter(course.get_assignment_groups())), "assignments")
