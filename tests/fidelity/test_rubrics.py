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
    endpoint="POST /api/v1/courses/:course_id/rubrics",
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


def _aligned(http: Http, course: Course) -> tuple[int, int, dict]:
    """An assignment graded by a rubric with a criterion aligned to an outcome and one
    with no use_range and a rating with no long description: (assignment id, outcome
    id, the rubric as the rubric list shows it)."""
    redirect = http.get(f"/courses/{course.id}/root_outcome_group")
    root = http.get(redirect.headers["Location"].split("/api/v1", 1)[1]).json()
    link = http.post(
        f"/courses/{course.id}/outcome_groups/{root['id']}/outcomes",
        data={"title": "Plan", "description": "<p>Plans</p>", "vendor_guid": "g:plan"},
    ).json()
    outcome_id = link["outcome"]["id"]
    assignment = course.create_assignment(assignment={"name": "Essay"})
    form = {
        "rubric[title]": "Essay rubric",
        "rubric[free_form_criterion_comments]": "1",
        "rubric[criteria][0][description]": "Planning",
        "rubric[criteria][0][learning_outcome_id]": str(outcome_id),
        "rubric[criteria][0][ratings][0][description]": "Full",
        "rubric[criteria][0][ratings][0][points]": "3",
        "rubric[criteria][1][description]": "Reflection",
        "rubric[criteria][1][long_description]": "Looks back",
        "rubric[criteria][1][ratings][0][description]": "Deep",
        "rubric[criteria][1][ratings][0][points]": "2",
        "rubric_association[association_id]": str(assignment.id),
        "rubric_association[association_type]": "Assignment",
        "rubric_association[use_for_grading]": "1",
        "rubric_association[purpose]": "grading",
        "skip_updating_points_possible": "true",
    }
    rubric_id = http.post(f"/courses/{course.id}/rubrics", data=form).json()["rubric"]["id"]
    (listed,) = [
        r for r in http.get(f"/courses/{course.id}/rubrics").json() if r["id"] == rubric_id
    ]
    return assignment.id, outcome_id, listed


def _nested(http: Http, course: Course, assignment_id: int, **params: str) -> dict:
    groups = http.get(
        f"/courses/{course.id}/assignment_groups", params={"include[]": "assignments", **params}
    ).json()
    (assignment,) = [a for g in groups for a in g["assignments"] if a["id"] == assignment_id]
    return assignment


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/assignment_groups",
    params="include[]=assignments",
    source=[
        "lib/api/v1/assignment.rb (assignment_json)",
        "lib/api/v1/assignment_group.rb (assignment_group_json)",
        "app/controllers/assignment_groups_controller.rb (index)",
    ],
    canvas="each nested assignment goes through assignment_json (rubric excluded only by "
    "exclude_response_fields[]=rubric): with an active grading association, 'rubric' is "
    "the rubric's data rows sliced to id, points, description, long_description, "
    "ignore_for_scoring (when the row has it), plus criterion_use_range (|| false), "
    "ratings (id, points, description, long_description || ''), and outcome_id and "
    "vendor_guid for a row whose learning_outcome_id names an outcome row; "
    "rubric_settings is {id, title, points_possible, free_form_criterion_comments (!!), "
    "hide_score_total, hide_points}; use_rubric_for_grading and a top-level "
    "free_form_criterion_comments beside them",
    sandbox="the same keys and values, from the same rubric the rubric list shows",
    client="a read that says its kinds builds owned rubrics from these (outcome_id as "
    "the list's learning_outcome_id) and does not list GET .../rubrics while every rubric "
    "the manifest names is shown by an assignment",
)
def test_an_assignment_carries_the_whole_rubric_that_grades_it(http: Http, course: Course) -> None:
    assignment_id, outcome_id, listed = _aligned(http, course)
    nested = _nested(http, course, assignment_id)
    assert nested["id"] == assignment_id
    assert nested["use_rubric_for_grading"] is True
    assert nested["free_form_criterion_comments"] is True
    assert nested["rubric_settings"] == {
        "id": listed["id"],
        "title": "Essay rubric",
        "points_possible": listed["points_possible"],
        "free_form_criterion_comments": True,
        "hide_score_total": False,
        "hide_points": False,
    }
    planning, reflection = nested["rubric"]
    assert planning["outcome_id"] == outcome_id and planning["vendor_guid"] == "g:plan"
    assert "learning_outcome_id" not in planning and "mastery_points" not in planning
    assert listed["data"][0]["learning_outcome_id"] == outcome_id
    assert planning["criterion_use_range"] is False
    assert "outcome_id" not in reflection and "ignore_for_scoring" not in reflection
    assert set(reflection) == {
        "id",
        "points",
        "description",
        "long_description",
        "criterion_use_range",
        "ratings",
    }
    (rating,) = reflection["ratings"]
    assert set(rating) == {"id", "points", "description", "long_description"}
    assert rating["long_description"] == ""
    for row, data in zip(nested["rubric"], listed["data"], strict=True):
        assert (row["id"], row["description"], row["points"]) == (
            data["id"],
            data["description"],
            data["points"],
        )
    single = http.get(f"/courses/{course.id}/assignments/{assignment_id}").json()
    assert (single["rubric"], single["rubric_settings"]) == (
        nested["rubric"],
        nested["rubric_settings"],
    )


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/assignment_groups",
    params="include[]=assignments (exclude_response_fields[]=rubric)",
    source=[
        "app/models/assignment.rb (has_one :rubric_association, purpose grading; "
        "active_rubric_association?)",
        "app/models/rubric_association.rb (assert_uniqueness: one grading association per "
        "assignment)",
        "app/models/rubric.rb (destroy: the rubric's associations with it)",
        "lib/api/v1/assignment.rb (assignment_json)",
    ],
    canvas="rubric, rubric_settings and use_rubric_for_grading appear only while the "
    "assignment's one grading association is active: none once it is deleted (the rubric "
    "detached) or the rubric is (its associations go with it); none with "
    "exclude_response_fields[]=rubric",
    sandbox="the same",
    client="a rubric the manifest names that no assignment shows makes the read list GET "
    ".../rubrics, which shows it detached, or gone",
)
def test_an_assignment_shows_a_rubric_only_while_it_grades_it(http: Http, course: Course) -> None:
    assignment_id, _, listed = _aligned(http, course)
    rubric_keys = {"rubric", "rubric_settings", "use_rubric_for_grading"}
    assert rubric_keys <= set(_nested(http, course, assignment_id))
    excluded = _nested(http, course, assignment_id, **{"exclude_response_fields[]": "rubric"})
    assert not rubric_keys & set(excluded)

    # detached: its grading association deleted
    shown = http.get(
        f"/courses/{course.id}/rubrics/{listed['id']}", params={"include[]": "associations"}
    ).json()
    (association,) = shown["associations"]
    http.delete(f"/courses/{course.id}/rubric_associations/{association['id']}")
    assert not rubric_keys & set(_nested(http, course, assignment_id))

    # deleted: its associations go with it
    other_id, _, other = _aligned(http, course)
    assert rubric_keys <= set(_nested(http, course, other_id))
    http.delete(f"/courses/{course.id}/rubrics/{other['id']}")
    assert not rubric_keys & set(_nested(http, course, other_id))
