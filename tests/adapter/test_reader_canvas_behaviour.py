"""The reader against Canvas's real answers: a rubric list without associations, a
course name replaced by the user's nickname."""

from __future__ import annotations

import responses

from canvas_npq.canvas.manifest import encode_manifest
from canvas_npq.canvas.reader import read_course
from canvas_npq.model import Address, Kind
from tests.adapter.test_reader import API, conn, course_json, mock_course, page

__all__ = ["conn"]

MANIFEST = {"rubric.mit-1": {"id": 90}, "assignment.mit-1": {"id": 50}}


def rubric(rubric_id: int, title: str) -> dict:
    return {
        "id": rubric_id,
        "title": title,
        "free_form_criterion_comments": False,
        "data": [{"description": "Planning", "long_description": "", "ratings": []}],
    }


def assignment(assignment_id: int, name: str, rubric_id: int | None, grading: bool = True):
    row = {"id": assignment_id, "name": name, "assignment_group_id": 1, "description": ""}
    if rubric_id is not None:
        row["rubric_settings"] = {"id": rubric_id, "title": "x", "points_possible": 1.0}
        row["use_rubric_for_grading"] = grading
    return row


@responses.activate
def test_which_assignment_a_rubric_grades_comes_from_the_assignments(conn):
    mock_course(
        responses,
        pages=[page(9, "canvas-npq manifest (do not edit)", encode_manifest(MANIFEST))],
        assignments=[assignment(50, "MIT 1", 90), assignment(51, "Other", 91, grading=False)],
    )
    responses.replace(
        responses.GET, f"{API}/rubrics", json=[rubric(90, "MIT 1 rubric"), rubric(91, "Theirs")]
    )
    snapshot, state = read_course(conn, 7)

    owned = snapshot.get(Address(Kind.RUBRIC, "mit-1"))
    assert owned is not None and owned.canvas_id == 90
    assert owned.fields["assignment"] == "assignment.mit-1"
    assert owned.fields["use_for_grading"] is True
    (theirs,) = [u for u in snapshot.meta["unowned"] if u["kind"] == "rubric"]
    assert (theirs["id"], theirs["assignment_id"], theirs["assignments"]) == (91, 51, 1)
    assert state.rubric_associations == {}  # not in any read: the writer names the assignment
    rubric_calls = [c.request.url for c in responses.calls if "/rubrics" in c.request.url]
    assert len(rubric_calls) == 1 and "associations" not in rubric_calls[0]
    assert len(responses.calls) == 13  # the 13 listings: rubrics cost no request more


@responses.activate
def test_a_rubric_that_grades_no_assignment_reads_as_unattached(conn):
    mock_course(
        responses,
        pages=[page(9, "canvas-npq manifest (do not edit)", encode_manifest(MANIFEST))],
        assignments=[assignment(50, "MIT 1", None)],
    )
    responses.replace(responses.GET, f"{API}/rubrics", json=[rubric(90, "MIT 1 rubric")])
    snapshot, _ = read_course(conn, 7)
    owned = snapshot.get(Address(Kind.RUBRIC, "mit-1"))
    assert owned is not None
    assert owned.fields["assignment"] is None and owned.fields["use_for_grading"] is False


@responses.activate
def test_the_course_name_is_the_real_one_not_the_users_nickname(conn):
    mock_course(responses)
    responses.replace(
        responses.GET, API, json={**course_json(), "name": "My LTD", "original_name": "NPQLTD"}
    )
    snapshot, _ = read_course(conn, 7)
    assert snapshot.get(Address(Kind.COURSE, "course")).fields["name"] == "NPQLTD"
    assert snapshot.meta["course_name"] == "NPQLTD"
