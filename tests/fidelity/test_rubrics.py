"""Rubrics: what the list and the single rubric show of their associations, and where
an assignment names the rubric that grades it."""

from __future__ import annotations

from canvasapi.course import Course

from tests.fidelity.registry import fidelity
from tests.sandbox.conftest import Http

CRITERIA = {
    "0": {"description": "Planning", "ratings": {"0": {"description": "Full", "points": 2}}}
}


def _graded(course: Course) -> tuple[int, int, int]:
    """An assignment graded by a new rubric: (assignment id, rubric id, association id)."""
    assignment = course.create_assignment(assignment={"name": "Essay"})
    made = course.create_rubric(
        rubric={"title": "Essay rubric", "criteria": CRITERIA},
        rubric_association={
            "association_id": assignment.id,
            "association_type": "Assignment",
            "use_for_grading": True,
            "purpose": "grading",
        },
    )
    return assignment.id, made["rubric"].id, made["rubric_association"].id


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/rubrics",
    params="include[]=associations",
    source=["app/controllers/rubrics_api_controller.rb", "lib/api/v1/rubric.rb"],
    canvas="index renders rubrics_json with no associations: option; rubric_json adds "
    "'associations' only when the controller passes them, which only show does",
    sandbox="the list never has 'associations'; GET .../rubrics/:id with include[]="
    "associations (or assignment_/course_/account_associations) has them; show finds a "
    "rubric only through a bookmarked association of the course (404 'Rubric not found')",
    client="the reader does not ask the list for associations; it learns which assignment "
    "a rubric grades from the assignments list (rubric_settings.id)",
)
def test_rubric_list_has_no_associations_only_show_does(http: Http, course: Course) -> None:
    assignment_id, rubric_id, association_id = _graded(course)
    listed = http.get(f"/courses/{course.id}/rubrics", params={"include[]": "associations"})
    assert listed.status_code == 200
    assert [r["id"] for r in listed.json()] == [rubric_id]
    assert "associations" not in listed.json()[0]

    shown = http.get(
        f"/courses/{course.id}/rubrics/{rubric_id}", params={"include[]": "associations"}
    )
    (association,) = shown.json()["associations"]
    assert association["id"] == association_id
    assert (association["association_type"], association["association_id"]) == (
        "Assignment",
        assignment_id,
    )
    only_courses = http.get(
        f"/courses/{course.id}/rubrics/{rubric_id}", params={"include[]": "course_associations"}
    )
    assert only_courses.json()["associations"] == []
    assert "associations" not in http.get(f"/courses/{course.id}/rubrics/{rubric_id}").json()

    # show finds a rubric only through one of the course's bookmarked associations
    http.delete(f"/courses/{course.id}/rubrics/{rubric_id}")
    gone = http.get(f"/courses/{course.id}/rubrics/{rubric_id}")
    assert (gone.status_code, gone.json()) == (404, {"message": "Rubric not found"})


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/assignments",
    source=["lib/api/v1/assignment.rb", "app/models/assignment.rb"],
    canvas="with an active grading rubric association (has_one :rubric_association, purpose "
    "grading) an assignment has use_rubric_for_grading, rubric, and rubric_settings "
    "{id (the rubric's), title, points_possible, free_form_criterion_comments, "
    "hide_score_total, hide_points}; no association id",
    sandbox="the same keys, rubric_settings.id is the grading rubric's id",
    client="the reader maps rubric -> assignment from rubric_settings.id and "
    "use_rubric_for_grading; lost-create detection reads the assignment's rubric_settings",
)
def test_assignment_names_its_grading_rubric(http: Http, course: Course) -> None:
    assignment_id, rubric_id, _ = _graded(course)
    (listed,) = http.get(f"/courses/{course.id}/assignments").json()
    assert listed["id"] == assignment_id
    assert listed["use_rubric_for_grading"] is True
    assert set(listed["rubric_settings"]) == {
        "id",
        "title",
        "points_possible",
        "free_form_criterion_comments",
        "hide_score_total",
        "hide_points",
    }
    assert listed["rubric_settings"]["id"] == rubric_id
    assert "rubric_association" not in listed


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id/rubrics/:id",
    params="rubric[...], rubric_association[association_id|association_type|purpose=grading], "
    "no rubric_association_id",
    source=["app/controllers/rubrics_controller.rb", "app/models/rubric.rb",
            "app/models/rubric_association.rb"],
    canvas="update_with_association -> RubricAssociation.generate -> Rubric#associate_with, "
    "which for purpose 'grading' returns the rubric's existing grading association to "
    "that assignment: the rubric is updated in place, no second association is made",
    sandbox="the same: the association (same id) is found from the assignment named",
    client="the writer sends rubric_association_id only when this run's save answered it; "
    "otherwise it names the assignment",
)  # fmt: skip
def test_update_naming_the_assignment_keeps_its_grading_association(
    http: Http, course: Course
) -> None:
    assignment_id, rubric_id, association_id = _graded(course)
    answer = http.put(
        f"/courses/{course.id}/rubrics/{rubric_id}",
        data={
            "rubric[title]": "Essay rubric v2",
            "rubric_association[association_id]": str(assignment_id),
            "rubric_association[association_type]": "Assignment",
            "rubric_association[purpose]": "grading",
        },
    ).json()
    assert answer["rubric"]["id"] == rubric_id
    assert answer["rubric_association"]["id"] == association_id
    shown = http.get(
        f"/courses/{course.id}/rubrics/{rubric_id}", params={"include[]": "associations"}
    )
    assert [a["id"] for a in shown.json()["associations"]] == [association_id]
    assert shown.json()["title"] == "Essay rubric v2"


@fidelity(
    endpoint="POST/PUT /api/v1/courses/:course_id/rubrics[/:id]",
    params="skip_updating_points_possible=true (top level)",
    source=[
        "app/controllers/rubrics_controller.rb update",
        "app/models/rubric_association.rb update_assignment_points",
    ],
    canvas="a save with a grading association (use_for_grading) sets the assignment's "
    "points_possible to the rubric's total before saving, unless the top-level "
    "skip_updating_points_possible matches /true/i (rubric[skip_updating_points_possible], "
    "which the API docs name, is not read)",
    sandbox="the same: the assignment takes the rubric's total unless the top-level "
    "parameter says true",
    client="every rubric save sends skip_updating_points_possible=true: the spec sets the "
    "assignment's points, so a rubric save never changes them (no drift after apply)",
)
def test_a_grading_rubric_sets_the_assignment_points_unless_told_to_skip(
    http: Http, course: Course
) -> None:
    def graded(skip: str | None) -> float:
        assignment = course.create_assignment(assignment={"name": "Task", "points_possible": 0})
        form = {
            "rubric[title]": "Task rubric",
            "rubric[criteria][0][description]": "Planning",
            "rubric[criteria][0][ratings][0][description]": "Full",
            "rubric[criteria][0][ratings][0][points]": "4",
            "rubric_association[association_id]": str(assignment.id),
            "rubric_association[association_type]": "Assignment",
            "rubric_association[use_for_grading]": "1",
            "rubric_association[purpose]": "grading",
        }
        if skip is not None:
            form["skip_updating_points_possible"] = skip
        assert http.post(f"/courses/{course.id}/rubrics", data=form).status_code == 200
        return http.get(f"/courses/{course.id}/assignments/{assignment.id}").json()[
            "points_possible"
        ]

    assert graded(None) == 4.0  # the rubric's total
    assert graded("true") == 0.0  # left alone
    assert graded("1") == 4.0  # only text matching /true/i skips
