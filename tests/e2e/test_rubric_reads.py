"""A plan reads owned rubrics from the assignments that they grade, not from the rubric
list: a facilitator's edit still shows as drift, and a rubric no assignment shows (taken
off its assignment or deleted by hand) makes the read list the rubrics, as it did."""

from __future__ import annotations

import json

import pytest

from canvas_npq import sync
from canvas_npq.canvas.client import CanvasConfig, Connection
from tests.e2e.conftest import TOKEN

pytestmark = pytest.mark.e2e


def rubric_listings(course, since: int) -> list[str]:
    return [
        r.path
        for r in course.sandbox.requests[since:]
        if r.method == "GET" and r.path.endswith(f"/courses/{course.course_id}/rubrics")
    ]


def mit_rubric(course):
    listed = next(r for r in course.course.get_rubrics() if r.title == "MIT 1 rubric")
    return course.course.get_rubric(listed.id, include=["associations"])


def planned(course) -> tuple[dict, list[str]]:
    """The CLI's plan (JSON) and the rubric listings its read made."""
    before = len(course.sandbox.requests)
    result = course.cli("plan", "--json")
    return json.loads(result.output)["plans"][0], rubric_listings(course, before)


def as_before(course) -> list[tuple]:
    """The plan as a read of every listing, the rubric list included, makes it (the
    read import and adopt make, and every plan made before rubrics were read from the
    assignments)."""
    _, desired = sync.load(course.spec)
    conn = Connection(CanvasConfig(course.sandbox.url, TOKEN))
    live = sync.read(conn, course.course_id, extras=sync.extras_of(desired))
    return _changes(sync.plan(desired, live))


def as_now(course) -> list[tuple]:
    _, desired = sync.load(course.spec)
    conn = Connection(CanvasConfig(course.sandbox.url, TOKEN))
    return _changes(sync.plan(desired, sync.read(conn, course.course_id, managing=desired)))


def _changes(plan) -> list[tuple]:
    return sorted(
        (
            str(c.address),
            c.action.value,
            tuple((f.name, repr(f.old), repr(f.new), f.drift) for f in c.fields),
        )
        for c in plan.changes
    )


def test_a_rubric_edited_by_hand_is_drift_read_from_its_assignment(course):
    assert course.cli("apply", "--yes").code == 0
    rubric = mit_rubric(course)
    params = [
        ("rubric[title]", "Renamed by a facilitator"),
        ("rubric[free_form_criterion_comments]", "1"),
    ]
    for n, criterion in enumerate(rubric.data):  # as a facilitator's edit would send it
        prefix = f"rubric[criteria][{n}]"
        text = "Edited criterion" if n == 0 else criterion["description"]
        params.append((f"{prefix}[description]", text))
        if criterion.get("learning_outcome_id"):
            params.append((f"{prefix}[learning_outcome_id]", criterion["learning_outcome_id"]))
        for m, rating in enumerate(criterion["ratings"]):
            points = rating["points"] + (1 if (n, m) == (1, 0) else 0)
            params.append((f"{prefix}[ratings][{m}][description]", rating["description"]))
            params.append((f"{prefix}[ratings][{m}][points]", points))
    path = f"courses/{course.course_id}/rubrics/{rubric.id}"
    course.canvas._Canvas__requester.request("PUT", path, _kwargs=params)

    plan, listings = planned(course)
    assert listings == []  # read from the assignment it grades
    (change,) = [c for c in plan["changes"] if c["address"] == "rubric.mit-1"]
    assert change["action"] == "update"
    fields = {f["name"]: f for f in change["fields"]}
    assert set(fields) == {"title", "free_form_criterion_comments", "criteria"}
    assert all(f["drift"] is True for f in fields.values())
    assert as_now(course) == as_before(course)

    applied = course.cli("apply", "--yes")
    assert applied.code == 0, applied.output
    assert "Verified: the course now matches the spec." in applied.output
    assert mit_rubric(course).title == "MIT 1 rubric"
    again = course.cli("plan", "--detailed-exitcode")
    assert again.code == 0, again.output


def test_a_rubric_taken_off_its_assignment_is_read_from_the_list(course):
    assert course.cli("apply", "--yes").code == 0
    rubric = mit_rubric(course)
    (grading,) = rubric.associations
    http = course.canvas._Canvas__requester
    base = f"courses/{course.course_id}/rubric_associations"
    # kept in the course's rubrics (bookmarked there), graded nothing once detached
    keep = {
        "rubric_association[rubric_id]": rubric.id,
        "rubric_association[association_type]": "Course",
        "rubric_association[association_id]": course.course_id,
        "rubric_association[purpose]": "bookmark",
    }
    http.request("POST", base, _kwargs=list(keep.items()))
    http.request("DELETE", f"{base}/{grading['id']}")
    assert mit_rubric(course).id == rubric.id

    plan, listings = planned(course)
    assert len(listings) == 1  # no assignment shows it: the list is read
    (change,) = [c for c in plan["changes"] if c["address"] == "rubric.mit-1"]
    # a rubric's assignment is not changed in place: it is made again on the assignment
    assert change["action"] == "replace"
    assert "assignment" in [f["name"] for f in change["fields"]]
    assert as_now(course) == as_before(course)

    # made again on its assignment, and recorded: the next plan finds it
    applied = course.cli("apply", "--yes")
    assert applied.code == 0, applied.output
    assert "Verified: the course now matches the spec." in applied.output
    again = course.cli("plan", "--detailed-exitcode")
    assert again.code == 0, again.output


def test_a_rubric_deleted_by_hand_is_read_from_the_list_as_gone(course):
    assert course.cli("apply", "--yes").code == 0
    rubric = mit_rubric(course)
    course.canvas._Canvas__requester.request(
        "DELETE", f"courses/{course.course_id}/rubrics/{rubric.id}"
    )

    plan, listings = planned(course)
    assert len(listings) == 1
    (change,) = [c for c in plan["changes"] if c["address"] == "rubric.mit-1"]
    assert change["action"] == "create"
    assert as_now(course) == as_before(course)

    assert course.cli("apply", "--yes").code == 0
    assert mit_rubric(course).id != rubric.id
    again = course.cli("plan", "--detailed-exitcode")
    assert again.code == 0, again.output
