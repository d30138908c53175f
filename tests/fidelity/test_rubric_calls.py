"""Fidelity rows for rubric saves and deletes (the rubric listing's associations have a
row of their own elsewhere)."""

from __future__ import annotations

from .conftest import CanvasCourse, Http
from .registry import fidelity

RUBRICS = "app/controllers/rubrics_controller.rb"
RUBRICS_API = "app/controllers/rubrics_api_controller.rb"
RUBRIC_MODEL = "app/models/rubric.rb (update_criteria, generate_criteria, will_change_with_update?)"


def assignment(http: Http, course: CanvasCourse, name: str) -> int:
    made = http.post(
        f"/courses/{course['id']}/assignments",
        data={"assignment[name]": name, "assignment[points_possible]": "4"},
    )
    return int(made.json()["id"])


def rubric_form(title: str, assignment_id: int, top: str = "4") -> dict[str, str]:
    return {
        "rubric[title]": title,
        "rubric[free_form_criterion_comments]": "false",
        "rubric[criteria][0][description]": "Planning",
        "rubric[criteria][0][long_description]": "",
        "rubric[criteria][0][points]": "99",
        "rubric[criteria][0][criterion_use_range]": "false",
        "rubric[criteria][0][ratings][0][description]": "Full",
        "rubric[criteria][0][ratings][0][long_description]": "",
        "rubric[criteria][0][ratings][0][points]": top,
        "rubric[criteria][0][ratings][1][description]": "None",
        "rubric[criteria][0][ratings][1][long_description]": "",
        "rubric[criteria][0][ratings][1][points]": "0",
        "rubric_association[association_id]": str(assignment_id),
        "rubric_association[association_type]": "Assignment",
        "rubric_association[use_for_grading]": "true",
        "rubric_association[purpose]": "grading",
    }


@fidelity(
    endpoint="POST /api/v1/courses/:course_id/rubrics",
    params="rubric[title], rubric[free_form_criterion_comments], rubric[criteria][n][...] "
    "(indexed hash), rubric_association[association_id|association_type|use_for_grading|"
    "purpose]",
    source=[
        f"{RUBRICS} (create → update: render json: {{rubric:, rubric_association:}})",
        RUBRIC_MODEL,
    ],
    canvas="200 with {rubric: {...}, rubric_association: {...}} (not a bare rubric); a "
    "criterion's points are its top rating's whatever 'points' says; a failed save is "
    "also HTTP 200, with {error: true, messages: [...]}",
    sandbox="same pair, same points rule, same 200 error body",
    client="reads saved['rubric']['id'] and the association's id; treats {error: true} as "
    "a refusal even though the status is 200",
)
def test_rubric_create_answers_a_pair_and_errors_with_200(http: Http, course: CanvasCourse) -> None:
    target = assignment(http, course, "Essay")
    saved = http.post(f"/courses/{course['id']}/rubrics", data=rubric_form("Essay", target))
    assert saved.status_code == 200, saved.text
    body = saved.json()
    assert set(body) == {"rubric", "rubric_association"}
    assert body["rubric"]["data"][0]["points"] == 4
    assert body["rubric_association"]["association_id"] == target
    refused = http.post(f"/courses/{course['id']}/rubrics", data=rubric_form("", target))
    assert refused.status_code == 200
    assert refused.json()["error"] is True and refused.json()["messages"]


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id/rubrics/:id",
    params="rubric[...], rubric_association[...], rubric_association_id",
    source=[
        f"{RUBRICS} (update: will_change_with_update? && !grants_right?(:update) → "
        "@context.rubrics.build)",
        RUBRIC_MODEL,
        "app/models/rubric.rb (set_policy)",
    ],
    canvas="a change to a rubric the caller may not update in place (one that grades more "
    "than one assignment) builds a new rubric with a new id and points this association "
    "at it",
    sandbox="same copy-on-write; the other assignment keeps the old rubric",
    client="records the id the answer carries (rewrite), never assumes it is unchanged",
)
def test_rubric_update_copies_a_shared_rubric(http: Http, course: CanvasCourse) -> None:
    first, second = assignment(http, course, "One"), assignment(http, course, "Two")
    base = f"/courses/{course['id']}"
    made = http.post(f"{base}/rubrics", data=rubric_form("Shared", first)).json()
    rubric_id = made["rubric"]["id"]
    shared = http.post(
        f"{base}/rubric_associations",
        data={
            "rubric_association[rubric_id]": str(rubric_id),
            "rubric_association[association_id]": str(second),
            "rubric_association[association_type]": "Assignment",
            "rubric_association[use_for_grading]": "true",
            "rubric_association[purpose]": "grading",
        },
    )
    assert shared.status_code == 200
    form = rubric_form("Changed", first, top="5")
    form["rubric_association_id"] = str(made["rubric_association"]["id"])
    updated = http.put(f"{base}/rubrics/{rubric_id}", data=form).json()
    assert updated["rubric"]["id"] != rubric_id
    assert updated["rubric"]["title"] == "Changed"
    assert http.get(f"{base}/rubrics/{rubric_id}").json()["title"] == "Shared"


@fidelity(
    endpoint="DELETE /api/v1/courses/:course_id/rubrics/:id",
    source=[
        f"{RUBRICS} (destroy: RubricAssociation.active.where(rubric_id:, context:).first"
        ".rubric, then destroy_for(@context); render json: @rubric)"
    ],
    canvas="200 with the rubric; its associations in the course go with it; the rubric is "
    "found through an active association in the course, see the note for one without",
    sandbox="200 and the same cascade; a rubric already deleted is 404",
    client="a 404 on delete counts as done",
    settled=False,
    note="with no active association left in the course (a second DELETE, or one after "
    "the last grading association went) the lookup is nil and Canvas's action fails "
    "(500) where the sandbox answers 404; the client would retry a 500 and then stop",
)
def test_rubric_delete_takes_its_associations(http: Http, course: CanvasCourse) -> None:
    target = assignment(http, course, "Essay")
    base = f"/courses/{course['id']}"
    made = http.post(f"{base}/rubrics", data=rubric_form("Gone", target)).json()
    path = f"{base}/rubrics/{made['rubric']['id']}"
    assert http.delete(path).status_code == 200
    assert http.get(path).status_code == 404
    assert "rubric" not in http.get(f"{base}/assignments/{target}").json()
    assert http.delete(path).status_code == 404


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/rubrics",
    params="include[]=associations, per_page=100",
    source=[f"{RUBRICS_API} (index)", "lib/api/v1/rubric.rb (rubric_json)"],
    canvas="the course's active rubrics, each with its criteria under 'data'; deleted "
    "rubrics are left out",
    sandbox="same",
    client="reads every rubric in one listing (what it reads about associations is the "
    "subject of its own row)",
)
def test_rubric_list_has_active_rubrics_with_criteria(http: Http, course: CanvasCourse) -> None:
    base = f"/courses/{course['id']}"
    kept = http.post(f"{base}/rubrics", data=rubric_form("Kept", assignment(http, course, "A")))
    gone = http.post(f"{base}/rubrics", data=rubric_form("Gone", assignment(http, course, "B")))
    http.delete(f"{base}/rubrics/{gone.json()['rubric']['id']}")
    listed = http.get(f"{base}/rubrics", params={"per_page": 100}).json()
    assert [r["id"] for r in listed] == [kept.json()["rubric"]["id"]]
    assert listed[0]["data"][0]["description"] == "Planning"
