"""Who may do what, as real Canvas decides it, held against the sandbox: one test per row
of the fidelity table. The sandbox's users are an account admin, a teacher and a student
(``canvas_npq/sandbox/roles.py``); the endpoint rules are ``sandbox/permissions.py``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from canvas_npq.sandbox import Sandbox
from canvas_npq.sandbox.store import STUDENT_USER_ID, TEACHER_USER_ID
from tests.fidelity.registry import fidelity

AUTH = "lib/authentication_methods.rb"
APP = "app/controllers/application_controller.rb"
COURSES = "app/controllers/courses_controller.rb"
COURSE_MODEL = "app/models/course.rb"
BLUEPRINT = "app/controllers/master_courses/master_templates_controller.rb"
NOT_AUTHORIZED = {
    "status": "unauthorized",
    "errors": [{"message": "user not authorized to perform that action"}],
}


class Client:
    """Raw HTTP as one of the sandbox's users."""

    def __init__(self, sandbox: Sandbox, token: str) -> None:
        self.base = f"{sandbox.url}/api/v1"
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def __call__(self, method: str, path: str, **kwargs: object) -> requests.Response:
        return self.session.request(method, self.base + path, timeout=10, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as running:
        yield running


@pytest.fixture
def admin(sandbox: Sandbox) -> Client:
    return Client(sandbox, sandbox.token)


@pytest.fixture
def teacher(sandbox: Sandbox) -> Client:
    return Client(sandbox, sandbox.teacher_token)


@pytest.fixture
def student(sandbox: Sandbox) -> Client:
    return Client(sandbox, sandbox.student_token)


def new_course(admin: Client, **fields: object) -> int:
    answer = admin("POST", "/accounts/1/courses", data={"course[name]": "C", **fields})
    assert answer.status_code == 200
    return int(answer.json()["id"])


def assert_refused(answer: requests.Response, status: int = 403) -> None:
    assert answer.status_code == status
    assert answer.json() == NOT_AUTHORIZED
    assert "WWW-Authenticate" not in answer.headers


@fidelity(
    endpoint="any endpoint, refused",
    source=[AUTH, APP, "spec/lib/authentication_methods_spec.rb"],
    canvas=(
        "authorized_action → render_unauthorized_action → render_json_unauthorized: with a "
        "current user and site-admin feature api_auth_error_updates on, 403 "
        '{"status":"unauthorized","errors":[{"message":"user not authorized to perform that '
        'action"}]}; WWW-Authenticate is added only when there is no current user'
    ),
    sandbox="403 with that body and no WWW-Authenticate (the default)",
    client="refusals.is_refusal: PermissionDenied naming what was refused and the right; exit 8",
)
def test_a_refused_action_is_403_with_the_unauthorized_body_and_no_challenge(admin, teacher):
    course_id = new_course(admin)
    assert_refused(teacher("PUT", f"/courses/{course_id}", data={"course[blueprint]": "true"}))


@fidelity(
    endpoint="any endpoint, refused (older Canvas)",
    source=[AUTH, "spec/lib/authentication_methods_spec.rb"],
    canvas=(
        "with api_auth_error_updates off (older Canvas), the same body with status 401; still "
        "no WWW-Authenticate, since there is a current user"
    ),
    sandbox="Sandbox(auth_error_401=True) / canvas-npq sandbox --auth-error-401: 401, same body",
    client="a 401 with the unauthorized body and no WWW-Authenticate is a refusal (exit 8)",
)
def test_older_canvas_refuses_with_401_and_the_same_body() -> None:
    with Sandbox(auth_error_401=True) as sandbox:
        admin, teacher = Client(sandbox, sandbox.token), Client(sandbox, sandbox.teacher_token)
        assert_refused(teacher("POST", "/accounts/1/courses", data={"course[name]": "X"}), 401)
        course_id = new_course(admin)
        assert_refused(teacher("PUT", f"/courses/{course_id}", data={"course[blueprint]": 1}), 401)


@fidelity(
    endpoint="any endpoint, invalid token",
    source=[APP, AUTH],
    canvas=(
        "AccessTokenError → api_error_json: 401, WWW-Authenticate: Bearer "
        'realm="canvas-lms", {"errors":[{"message":"Invalid access token."}]}'
    ),
    sandbox="the same for any token it does not know",
    client="AuthenticationError, exit 3 (a token problem, not a refusal)",
)
def test_an_unknown_token_is_401_with_the_challenge(sandbox: Sandbox) -> None:
    answer = Client(sandbox, "no-such-token")("GET", "/courses")
    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"] == 'Bearer realm="canvas-lms"'
    assert answer.json() == {"errors": [{"message": "Invalid access token."}]}


@fidelity(
    endpoint="POST /api/v1/accounts/:account_id/courses",
    params="course[name], course[course_code], course[sis_course_id]",
    source=[COURSES, "app/models/account.rb"],
    canvas=(
        "create: authorized_action(@account, @current_user, [:manage_courses, "
        ":create_courses]); an account admin holds them, a teacher does not (create_courses "
        "is granted to teachers only where the root account lets teachers create courses)"
    ),
    sandbox=(
        "admin: 200 and the course (teacher and student enrolled); teacher: refused, nothing "
        "created"
    ),
    client="create_course needs an admin's token; a teacher's gets exit 8 and 'use --course'",
    note="The sandbox models the default: teachers may not create courses.",
)
def test_only_an_admin_may_create_a_course(sandbox: Sandbox, admin, teacher) -> None:
    before = len(sandbox.store.courses)
    assert_refused(teacher("POST", "/accounts/1/courses", data={"course[name]": "T"}))
    assert len(sandbox.store.courses) == before
    course_id = new_course(admin)
    kinds = {
        (e.user_id, e.type)
        for e in sandbox.store.live(sandbox.store.enrollments, course_id=course_id)
    }
    assert kinds == {(TEACHER_USER_ID, "TeacherEnrollment"), (STUDENT_USER_ID, "StudentEnrollment")}


@fidelity(
    endpoint="GET /api/v1/accounts/:account_id/courses",
    source=["app/controllers/accounts_controller.rb"],
    canvas="courses_api: authorized_action(@account, @current_user, :read_course_list)",
    sandbox="admin: the list; teacher and student: refused",
    client="canvas-npq never lists an account's courses; courses are named by id or SIS id",
)
def test_listing_an_accounts_courses_needs_read_course_list(admin, teacher, student) -> None:
    new_course(admin)
    assert admin("GET", "/accounts/1/courses").status_code == 200
    assert_refused(teacher("GET", "/accounts/1/courses"))
    assert_refused(student("GET", "/accounts/1/courses"))


@fidelity(
    endpoint="GET /api/v1/accounts/:account_id",
    source=["app/controllers/accounts_controller.rb", "app/models/account.rb"],
    canvas="show: authorized_action(@account, @current_user, :read)",
    sandbox="admin: the account; teacher: refused",
    client="create_course no longer reads the account first, so a refusal names the creation",
    settled=False,
    note=(
        "Which users Account#read is granted to was not read in app/models/account.rb; the "
        "sandbox grants it to account admins only."
    ),
)
def test_reading_the_account_is_for_admins(admin, teacher) -> None:
    assert admin("GET", "/accounts/1").status_code == 200
    assert_refused(teacher("GET", "/accounts/1"))


@fidelity(
    endpoint="course content endpoints canvas-npq reads and writes",
    params="pages, modules, items, assignments, groups, discussions, files, outcomes, rubrics",
    source=[
        COURSE_MODEL,
        "lib/role_override.rb",
        "app/controllers/wiki_pages_api_controller.rb",
        "app/controllers/context_modules_api_controller.rb",
        "app/controllers/assignments_api_controller.rb",
    ],
    canvas=(
        "Course policy 'Active admins (Teacher/TA/Designer)': read, read_as_admin, manage, "
        "update; RoleOverride defaults give TeacherEnrollment manage_content / "
        "manage_course_content_*, manage_assignments_*, manage_wiki_*, manage_files_*, "
        "manage_calendar, manage_grades, manage_outcomes, manage_rubrics, moderate_forum. "
        "Each controller checks one of them on the course (authorized_action(@context, …))"
    ),
    sandbox="a teacher enrolled in the course may read and write all of it",
    client="plan, apply, drift repair and --prune all run with a teacher's token",
)
def test_a_teacher_may_change_the_content_of_their_course(admin, teacher) -> None:
    course_id = new_course(admin)
    base = f"/courses/{course_id}"
    page = teacher("POST", f"{base}/pages", data={"wiki_page[title]": "Welcome"})
    assert page.status_code == 200
    module = teacher("POST", f"{base}/modules", data={"module[name]": "Unit 1"})
    assert module.status_code == 200
    assignment = teacher("POST", f"{base}/assignments", data={"assignment[name]": "Task"})
    assert assignment.status_code == 201
    assert teacher("PUT", base, data={"course[name]": "Renamed"}).json()["name"] == "Renamed"
    delete = teacher("DELETE", f"{base}/pages/{page.json()['url']}")
    assert delete.status_code == 200


@fidelity(
    endpoint="GET/PUT /api/v1/courses/:course_id (and everything under it)",
    source=[COURSES, COURSE_MODEL, APP],
    canvas=(
        "show: authorized_action(@context, @current_user, :read); a user with no enrolment "
        "holds no course right, so every course endpoint is refused (not 404) once the "
        "course is found; a course that does not exist is 404"
    ),
    sandbox="a teacher not enrolled in the course is refused reads and writes; missing course 404",
    client="exit 8: 'use a token of a user enrolled as a teacher in course N'",
)
def test_a_course_the_teacher_is_not_enrolled_in_is_refused(sandbox, admin, teacher) -> None:
    course_id = new_course(admin)
    with sandbox.store.lock:
        for enrollment in sandbox.store.live(
            sandbox.store.enrollments, course_id=course_id, user_id=TEACHER_USER_ID
        ):
            enrollment.workflow_state = "deleted"
    assert_refused(teacher("GET", f"/courses/{course_id}"))
    assert_refused(teacher("GET", f"/courses/{course_id}/modules"))
    assert_refused(teacher("POST", f"/courses/{course_id}/pages", data={"wiki_page[title]": "X"}))
    assert teacher("GET", "/courses/999999").status_code == 404


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id",
    params="course[blueprint]",
    source=[COURSES],
    canvas=(
        "update: needs [:manage_content, :manage_course_content_edit] on the course; changing "
        "course[blueprint] (or the Blueprint restrictions) also needs "
        "authorized_action(@course.account, @current_user, :manage_master_courses)"
    ),
    sandbox="teacher: other course fields accepted, turning Blueprint on refused; admin may",
    client="ensure_blueprint as a teacher: exit 8 'ask an account admin to do this step'",
)
def test_turning_blueprint_on_needs_manage_master_courses(admin, teacher) -> None:
    course_id = new_course(admin)
    base = f"/courses/{course_id}"
    assert_refused(teacher("PUT", base, data={"course[blueprint]": "true"}))
    assert admin("GET", base).json()["blueprint"] is False
    assert admin("PUT", base, data={"course[blueprint]": "true"}).json()["blueprint"] is True
    # Sending the value it already has changes nothing and is not refused.
    assert teacher("PUT", base, data={"course[blueprint]": "true"}).status_code == 200


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id/blueprint_templates/default/update_associations",
    params="course_ids_to_add[]",
    source=[BLUEPRINT, COURSE_MODEL],
    canvas=(
        "before_action require_course_level_manage_rights (course :manage, which a teacher "
        "of the Blueprint holds) and require_account_level_manage_rights "
        "(account :manage_master_courses); update_associations also needs the account's "
        "[:manage_courses, :manage_courses_admin]. Migrations, unsynced_changes, "
        "associated_courses and blueprint_subscriptions need only course :manage"
    ),
    sandbox="teacher: associations refused, sync (POST migrations) allowed; admin: both",
    client="an admin associates courses once; later applies and syncs run with a teacher's token",
)
def test_blueprint_associations_need_the_admin_but_a_teacher_may_sync(admin, teacher) -> None:
    blueprint = new_course(admin)
    admin("PUT", f"/courses/{blueprint}", data={"course[blueprint]": "true"})
    child = new_course(admin)
    template = f"/courses/{blueprint}/blueprint_templates/default"
    assert_refused(
        teacher("PUT", f"{template}/update_associations", data={"course_ids_to_add[]": child})
    )
    assert teacher("GET", f"{template}/associated_courses").json() == []
    added = admin("PUT", f"{template}/update_associations", data={"course_ids_to_add[]": child})
    assert added.json() == {"success": True}
    assert teacher("GET", f"/courses/{child}/blueprint_subscriptions").status_code == 200
    migration = teacher("POST", f"{template}/migrations", data={"comment": "sync"})
    assert migration.status_code == 200 and migration.json()["user_id"] == TEACHER_USER_ID


@fidelity(
    endpoint="course content writes by a student",
    source=[COURSE_MODEL, "lib/role_override.rb", "app/controllers/submissions_api_controller.rb"],
    canvas=(
        "StudentEnrollment defaults: read (in a published course), read_forum, post_to_forum, "
        "submit; none of manage_content, manage_assignments_*, manage_wiki_*, manage_files_*. "
        "Submitting needs Assignment :submit (a student of an available course)"
    ),
    sandbox=(
        "student: refused every content write; may submit to a published assignment once the "
        "course is published"
    ),
    client="—",
)
def test_a_student_may_submit_but_not_write_course_content(admin, student) -> None:
    course_id = new_course(admin)
    base = f"/courses/{course_id}"
    assignment = admin(
        "POST",
        f"{base}/assignments",
        data={
            "assignment[name]": "Essay",
            "assignment[published]": "true",
            "assignment[submission_types][]": "online_text_entry",
        },
    ).json()
    submit = {"submission[submission_type]": "online_text_entry", "submission[body]": "Mine"}
    path = f"{base}/assignments/{assignment['id']}/submissions"
    assert_refused(student("POST", path, data=submit))  # the course is still unpublished
    assert admin("PUT", base, data={"course[event]": "offer"}).status_code == 200
    assert_refused(student("POST", f"{base}/pages", data={"wiki_page[title]": "Mine"}))
    assert_refused(student("POST", f"{base}/modules", data={"module[name]": "Mine"}))
    assert_refused(student("PUT", base, data={"course[name]": "Mine"}))
    answer = student("POST", path, data=submit)
    assert answer.status_code == 200 and answer.json()["user_id"] == STUDENT_USER_ID


@fidelity(
    endpoint=(
        "POST /api/v1/courses/:course_id/rubric_associations/:association_id/rubric_assessments"
    ),
    params="rubric_assessment[user_id], [assessment_type], [criterion_<id>][points|comments]",
    source=[
        "app/controllers/rubric_assessments_controller.rb",
        "app/models/rubric_association.rb",
    ],
    canvas=(
        "update: finds the student's submission (find_asset_for_assessment), refuses unless "
        "user_can_assess_for? (a grader: manage_grades); assess builds one rating per "
        "criterion sent (the rating matching the points lends id and description, else "
        "'No details'), score = sum of points not ignored for scoring; one grading "
        "assessment per submission; answers the assessment as_json with ratings, "
        "assessor_name, artifact and rubric_association"
    ),
    sandbox="the same; a grading association grades the submission with the score",
    client="— (used by tests and the demo's student work, not by apply)",
)
def test_a_teacher_marks_a_students_submission_with_the_rubric(admin, teacher, student) -> None:
    course_id = new_course(admin, offer="true")
    base = f"/courses/{course_id}"
    assignment = teacher(
        "POST",
        f"{base}/assignments",
        data={
            "assignment[name]": "Essay",
            "assignment[published]": "true",
            "assignment[submission_types][]": "online_text_entry",
            "assignment[points_possible]": "5",
        },
    ).json()
    created = teacher(
        "POST",
        f"{base}/rubrics",
        data={
            "rubric[title]": "Essay rubric",
            "rubric[criteria][0][description]": "Argument",
            "rubric[criteria][0][ratings][0][description]": "Strong",
            "rubric[criteria][0][ratings][0][points]": "5",
            "rubric[criteria][0][ratings][1][description]": "Weak",
            "rubric[criteria][0][ratings][1][points]": "1",
            "rubric_association[association_type]": "Assignment",
            "rubric_association[association_id]": assignment["id"],
            "rubric_association[use_for_grading]": "1",
            "rubric_association[purpose]": "grading",
        },
    ).json()
    association = created["rubric_association"]
    criterion = created["rubric"]["data"][0]
    student(
        "POST",
        f"{base}/assignments/{assignment['id']}/submissions",
        data={"submission[submission_type]": "online_text_entry", "submission[body]": "Essay"},
    )
    path = f"{base}/rubric_associations/{association['id']}/rubric_assessments"
    marks = {
        "rubric_assessment[user_id]": STUDENT_USER_ID,
        "rubric_assessment[assessment_type]": "grading",
        f"rubric_assessment[criterion_{criterion['id']}][points]": "5",
        f"rubric_assessment[criterion_{criterion['id']}][comments]": "Clear",
    }
    assert_refused(student("POST", path, data=marks))
    assessment = teacher("POST", path, data=marks).json()
    assert assessment["score"] == 5.0
    assert assessment["assessor_id"] == TEACHER_USER_ID
    assert assessment["assessor_name"] == "Sandbox Teacher"
    rating = assessment["data"][0]
    assert rating["description"] == "Strong" and rating["comments"] == "Clear"
    assert rating["id"] == criterion["ratings"][0]["id"]
    assert assessment["artifact"]["score"] == 5.0
    assert assessment["artifact"]["workflow_state"] == "graded"
    remark = {**marks, f"rubric_assessment[criterion_{criterion['id']}][points]": "1"}
    again = teacher("POST", path, data=remark).json()
    assert again["id"] == assessment["id"]  # one grading assessment per submission
    assert again["score"] == 1.0 and again["data"][0]["description"] == "Weak"
