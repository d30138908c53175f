"""Rubrics and associations (canvas-api.md §17, §21.21)."""

from __future__ import annotations

from canvasapi.course import Course

from .conftest import Http

CRITERIA = {
    "0": {
        "description": "Planning",
        "ratings": {
            "0": {"description": "Full", "points": 4},
            "1": {"description": "None", "points": 0},
        },
    },
    "1": {
        "description": "Evidence",
        "points": 6,
        "ratings": {"0": {"description": "Strong", "points": 6}},
    },
}


def _rubric_for(course: Course, assignment_id: int, title: str = "Essay rubric") -> dict:
    return course.create_rubric(
        rubric={"title": title, "criteria": CRITERIA},
        rubric_association={
            "association_id": assignment_id,
            "association_type": "Assignment",
            "use_for_grading": True,
            "purpose": "grading",
        },
    )


def test_create_returns_rubric_and_association(course: Course) -> None:
    assignment = course.create_assignment(assignment={"name": "Essay"})
    created = _rubric_for(course, assignment.id)
    rubric, association = created["rubric"], created["rubric_association"]
    assert rubric.points_possible == 10.0
    assert [c["description"] for c in rubric.criteria] == ["Planning", "Evidence"]
    assert rubric.criteria[0]["points"] == 4.0
    assert (association.association_type, association.association_id) == (
        "Assignment",
        assignment.id,
    )
    fetched = course.get_assignment(assignment.id)
    assert fetched.use_rubric_for_grading is True
    assert fetched.rubric_settings["points_possible"] == 10.0
    assert [c["description"] for c in fetched.rubric] == ["Planning", "Evidence"]
    assert [r.title for r in course.get_rubrics()] == ["Essay rubric"]
    assert course.get_rubric(rubric.id).title == "Essay rubric"


def test_validation_failure_is_http_200(http: Http, course: Course) -> None:
    response = http.post(f"/courses/{course.id}/rubrics", data={"rubric[title]": ""})
    assert response.status_code == 200
    assert response.json() == {"error": True, "messages": ["Title can't be blank"]}


def test_update_in_place_when_used_once(http: Http, course: Course) -> None:
    assignment = course.create_assignment(assignment={"name": "Essay"})
    rubric = _rubric_for(course, assignment.id)["rubric"]
    response = http.put(
        f"/courses/{course.id}/rubrics/{rubric.id}", data={"rubric[title]": "Renamed"}
    )
    assert response.json()["rubric"]["id"] == rubric.id
    assert response.json()["rubric"]["title"] == "Renamed"


def test_update_copies_when_another_assignment_uses_it(http: Http, course: Course) -> None:
    first = course.create_assignment(assignment={"name": "Essay 1"})
    second = course.create_assignment(assignment={"name": "Essay 2"})
    created = _rubric_for(course, first.id)
    rubric = created["rubric"]
    http.post(
        f"/courses/{course.id}/rubric_associations",
        data={
            "rubric_association[rubric_id]": rubric.id,
            "rubric_association[association_id]": second.id,
            "rubric_association[association_type]": "Assignment",
            "rubric_association[purpose]": "grading",
        },
    )
    response = http.put(
        f"/courses/{course.id}/rubrics/{rubric.id}",
        data={
            "rubric_association_id": created["rubric_association"].id,
            "rubric[title]": "Essay rubric v2",
        },
    ).json()
    assert response["rubric"]["id"] != rubric.id  # copy-on-write
    assert course.get_assignment(first.id).rubric_settings["id"] == response["rubric"]["id"]
    assert course.get_assignment(second.id).rubric_settings["id"] == rubric.id
    assert course.get_rubric(rubric.id).title == "Essay rubric"


def test_deleting_the_last_grading_association_deletes_the_rubric(
    http: Http, course: Course
) -> None:
    assignment = course.create_assignment(assignment={"name": "Essay"})
    created = _rubric_for(course, assignment.id)
    created["rubric_association"].course_id = course.id
    created["rubric_association"].delete()
    assert http.get(f"/courses/{course.id}/rubrics/{created['rubric'].id}").status_code == 404
    assert not hasattr(course.get_assignment(assignment.id), "rubric")


def test_delete_rubric(course: Course) -> None:
    assignment = course.create_assignment(assignment={"name": "Essay"})
    rubric = _rubric_for(course, assignment.id)["rubric"]
    assert rubric.delete().id == rubric.id
    assert list(course.get_rubrics()) == []
