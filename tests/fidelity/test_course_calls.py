"""Fidelity rows for the course itself and the quiz listing that import reads (course
nicknames have a row of their own elsewhere)."""

from __future__ import annotations

from .conftest import CanvasCourse, Http
from .registry import fidelity

COURSES = "app/controllers/courses_controller.rb"
COURSE_JSON = "lib/api/v1/course_json.rb"
COURSE_MODEL = "app/models/course.rb (validate_default_view)"


@fidelity(
    endpoint="GET /api/v1/courses/:id",
    params="include[]=syllabus_body",
    source=[f"{COURSES} (show)", f"{COURSE_JSON} (syllabus_body only when included)"],
    canvas="the course; syllabus_body only with include[]=syllabus_body; 'sis_course_id:X' "
    "and 'uuid:X' work in place of the id (Api::SIS_MAPPINGS)",
    sandbox="same",
    client="reads the course with include[]=syllabus_body; resolves --course sis_course_id:X",
)
def test_course_syllabus_only_when_included(http: Http, course: CanvasCourse) -> None:
    http.put(
        f"/courses/{course['id']}",
        data={"course[syllabus_body]": "<p>Plan</p>", "course[sis_course_id]": "NPQ-1"},
    )
    bare = http.get(f"/courses/{course['id']}").json()
    assert "syllabus_body" not in bare
    full = http.get(f"/courses/{course['id']}", params={"include[]": "syllabus_body"}).json()
    assert full["syllabus_body"] == "<p>Plan</p>"
    assert http.get("/courses/sis_course_id:NPQ-1").json()["id"] == course["id"]
    assert http.get(f"/courses/uuid:{course['uuid']}").json()["id"] == course["id"]


@fidelity(
    endpoint="PUT /api/v1/courses/:id",
    params="course[name], course[course_code], course[syllabus_body], course[time_zone], "
    "course[default_view], course[blueprint]",
    source=[
        f"{COURSES} (update)",
        COURSE_MODEL,
        "spec/apis/v1/courses_api_spec.rb (default_view 'somethingsilly' and 'wiki' cases)",
    ],
    canvas="200 with the course; default_view must be feed|wiki|modules|syllabus|assignments "
    "(else 400 {errors: {default_view: [{message: 'Home page is not valid'}]}}), and wiki "
    "needs a front page ('A Front Page is required')",
    sandbox="same validation and messages",
    client="the validator refuses default_view: wiki without a front_page page (file:line), "
    "so the refusal is never sent",
)
def test_course_update_validates_default_view(http: Http, course: CanvasCourse) -> None:
    path = f"/courses/{course['id']}"
    updated = http.put(path, data={"course[name]": "Renamed", "course[default_view]": "modules"})
    assert updated.status_code == 200
    assert (updated.json()["name"], updated.json()["default_view"]) == ("Renamed", "modules")
    bad = http.put(path, data={"course[default_view]": "dashboard"})
    assert bad.status_code == 400
    assert bad.json()["errors"]["default_view"][0]["message"] == "Home page is not valid"
    wiki = http.put(path, data={"course[default_view]": "wiki"})
    assert wiki.status_code == 400
    assert wiki.json()["errors"]["default_view"][0]["message"] == "A Front Page is required"


@fidelity(
    endpoint="POST /api/v1/accounts/:account_id/courses",
    params="course[name], course[course_code] (+ enroll_me in the demo and tests)",
    source=[f"{COURSES} (create: enroll_me.to_s == 'true', value_to_boolean(offer))", COURSE_JSON],
    canvas="200 with the new course, unpublished (workflow_state 'unpublished' in the API, "
    "'claimed' in the model) unless offer=true; the caller is enrolled only with "
    "enroll_me=true",
    sandbox="same",
    client="creates the demo's and the tests' courses; publishes nothing by itself",
)
def test_course_create_is_unpublished(http: Http) -> None:
    made = http.post(
        "/accounts/1/courses", data={"course[name]": "Cohort", "course[course_code]": "C"}
    )
    assert made.status_code == 200
    assert made.json()["workflow_state"] == "unpublished"
    assert made.json()["id"] not in [c["id"] for c in http.get("/courses").json()]
    mine = http.post(
        "/accounts/1/courses", data={"course[name]": "Mine", "enroll_me": "true", "offer": "true"}
    ).json()
    assert mine["workflow_state"] == "available"
    assert mine["id"] in [c["id"] for c in http.get("/courses").json()]


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/quizzes",
    params="per_page=100",
    source=["app/controllers/quizzes/quizzes_api_controller.rb (index)", "lib/api/v1/quiz.rb"],
    canvas="the course's classic quizzes (id, title, quiz_type, published, assignment_id "
    "for graded ones)",
    sandbox="same",
    client="import and adopt read it to leave quizzes (and their assignments) alone",
)
def test_quiz_list(http: Http, course: CanvasCourse) -> None:
    http.post(
        f"/courses/{course['id']}/quizzes",
        data={"quiz[title]": "Check", "quiz[quiz_type]": "assignment"},
    )
    quizzes = http.get(f"/courses/{course['id']}/quizzes", params={"per_page": 100}).json()
    assert [(q["title"], q["quiz_type"], q["published"]) for q in quizzes] == [
        ("Check", "assignment", False)
    ]
    assert isinstance(quizzes[0]["assignment_id"], int)
