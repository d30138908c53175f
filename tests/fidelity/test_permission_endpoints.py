"""The right each course endpoint canvas-npq calls needs, family by family: one fidelity
row per family, whose ``canvas`` text names Canvas's check for each endpoint.

Each test sends every endpoint of its family over HTTP as the admin, as the teacher
enrolled in the course, as a teacher not enrolled there and as the student (the course
is published, so the student holds a student's rights). "Allowed" means the answer is
not Canvas's refusal: the request then reaches the handler, which may still answer 400
or 404 for the made-up ids and empty bodies used here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests

from canvas_npq.sandbox import Sandbox
from canvas_npq.sandbox.store import TEACHER_USER_ID
from tests.fidelity.registry import fidelity

NOT_AUTHORIZED = {
    "status": "unauthorized",
    "errors": [{"message": "user not authorized to perform that action"}],
}


@dataclass(frozen=True)
class Call:
    method: str
    path: str  # "{c}" is the course id
    student: bool  # whether a student of the (published) course may
    data: dict[str, Any] | None = None


@dataclass
class World:
    sandbox: Sandbox
    course: int  # the teacher and the student are enrolled here
    other: int  # nobody but the admin is

    def send(self, token: str, call: Call, course: int) -> requests.Response:
        url = f"{self.sandbox.url}/api/v1{call.path.format(c=course)}"
        headers = {"Authorization": f"Bearer {token}"}
        data = {k: str(v).format(c=course) for k, v in (call.data or {}).items()}
        return requests.request(call.method, url, headers=headers, data=data, timeout=10)


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with Sandbox() as sandbox:
        admin = {"Authorization": f"Bearer {sandbox.token}"}
        ids = []
        for name in ("Cohort", "Elsewhere"):
            answer = requests.post(
                f"{sandbox.url}/api/v1/accounts/1/courses",
                headers=admin,
                data={"course[name]": name, "offer": "true"},
                timeout=10,
            )
            ids.append(int(answer.json()["id"]))
        with sandbox.store.lock:
            for enrollment in sandbox.store.live(sandbox.store.enrollments, course_id=ids[1]):
                enrollment.workflow_state = "deleted"
        yield World(sandbox, ids[0], ids[1])


def refused(answer: requests.Response) -> bool:
    if answer.status_code != 403:
        return False
    return answer.json() == NOT_AUTHORIZED


def check_family(world: World, calls: list[Call]) -> None:
    sandbox = world.sandbox
    for call in calls:
        where = f"{call.method} {call.path}"
        assert not refused(world.send(sandbox.token, call, world.course)), f"admin: {where}"
        assert not refused(world.send(sandbox.teacher_token, call, world.course)), where
        assert refused(world.send(sandbox.teacher_token, call, world.other)), f"other: {where}"
        student = world.send(sandbox.student_token, call, world.course)
        assert refused(student) is not call.student, f"student: {where}"


def family(
    slug: str,
    name: str,
    source: list[str],
    canvas: str,
    calls: list[Call],
    *,
    settled: bool = True,
) -> None:
    """Define ``test_permissions_of_<slug>`` in this module, with its fidelity row."""

    def test(world: World) -> None:
        check_family(world, calls)

    test.__name__ = test.__qualname__ = f"test_permissions_of_{slug}"
    listed = "; ".join(f"{c.method} {c.path.replace('{c}', ':course_id')}" for c in calls)
    globals()[test.__name__] = fidelity(
        endpoint=f"{name}: {listed}",
        source=source,
        canvas=canvas,
        sandbox=(
            "admin and the enrolled teacher allowed, a teacher not enrolled refused, the "
            "student as the row says (sandbox/permissions.py)"
        ),
        client="a teacher's token applies all of it (exit 8 with the right named otherwise)",
        settled=settled,
        note=(
            ""
            if settled
            else "The right is Canvas's documented role default; the controller's "
            "authorized_action line was not re-read for every endpoint of the family."
        ),
    )(test)


C = "/courses/{c}"
UNREAD = False  # settled=False: not every controller line re-read

family(
    "the_course",
    "the course",
    ["app/controllers/courses_controller.rb", "app/models/course.rb"],
    "GET: show, authorized_action(@context, :read) (teachers: 'Active admins'; students of "
    "an available course). PUT: update, [:manage_content, :manage_course_content_edit] "
    "(students refused)",
    [Call("GET", C, True), Call("PUT", C, False, {"course[name]": "Renamed"})],
)

family(
    "modules",
    "modules and module items",
    [
        "app/controllers/context_modules_api_controller.rb",
        "app/controllers/context_module_items_api_controller.rb",
        "app/models/context_module.rb",
    ],
    "index/show: course :read; create: manage_content / manage_course_content_add; update "
    "and relock: authorized_action(@module, :update) (manage_course_content_edit); destroy: "
    "(@module, :delete) (manage_course_content_delete); batch_update (PUT .../modules): "
    "authorized_action(@context, :manage_course_content_edit); items alike on the course",
    [
        Call("GET", f"{C}/modules", True),
        Call("POST", f"{C}/modules", False, {"module[name]": "M"}),
        Call("PUT", f"{C}/modules", False, {"event": "publish", "module_ids[]": "999999"}),
        Call("PUT", f"{C}/modules/999999", False),
        Call("DELETE", f"{C}/modules/999999", False),
        Call("GET", f"{C}/modules/999999/items", True),
        Call("POST", f"{C}/modules/999999/items", False),
        Call("PUT", f"{C}/modules/999999/items/999998", False),
        Call("DELETE", f"{C}/modules/999999/items/999998", False),
    ],
)

family(
    "pages",
    "pages and the front page",
    ["app/controllers/wiki_pages_api_controller.rb", "app/models/wiki_page.rb"],
    "index/show: course :read; create: authorized_action(@page, @current_user, :create) "
    "(WikiPage policy: manage_wiki_create); update: :update_content / :update "
    "(manage_wiki_update); destroy: :delete (manage_wiki_delete). Students may edit only "
    "pages whose editing_roles include students (not modelled)",
    [
        Call("GET", f"{C}/pages", True),
        Call("POST", f"{C}/pages", False, {"wiki_page[title]": "P"}),
        Call("PUT", f"{C}/pages/no-such-page-x", False),
        Call("DELETE", f"{C}/pages/no-such-page-x", False),
        Call("GET", f"{C}/front_page", True),
        Call("PUT", f"{C}/front_page", False),
    ],
)

family(
    "assignments",
    "assignments, assignment groups and quizzes",
    [
        "app/controllers/assignments_api_controller.rb",
        "app/controllers/assignment_groups_api_controller.rb",
        "app/controllers/quizzes/quizzes_api_controller.rb",
    ],
    "index/show: course :read; create: authorized_action(@assignment, @current_user, "
    ":create) after @context.assignments.build; update/destroy: :update / :delete; groups "
    "and quizzes alike: the Assignment / AssignmentGroup / Quiz policy grants them with "
    "manage_assignments (granular manage_assignments_add / _edit / _delete); students refused",
    [
        Call("GET", f"{C}/assignments", True),
        Call("POST", f"{C}/assignments", False, {"assignment[name]": "A"}),
        Call("PUT", f"{C}/assignments/999999", False),
        Call("DELETE", f"{C}/assignments/999999", False),
        Call("GET", f"{C}/assignment_groups", True),
        Call("POST", f"{C}/assignment_groups", False, {"name": "G"}),
        Call("PUT", f"{C}/assignment_groups/999999", False),
        Call("DELETE", f"{C}/assignment_groups/999999", False),
        Call("GET", f"{C}/quizzes", True),
    ],
)

family(
    "discussions",
    "discussions",
    [
        "app/controllers/discussion_topics_controller.rb",
        "app/controllers/discussion_topics_api_controller.rb",
    ],
    "index: course :read; create: DiscussionTopic :create, which students hold too "
    "(create_forum, unless the course forbids student topics); update/destroy of another's "
    "topic: moderate_forum",
    [
        Call("GET", f"{C}/discussion_topics", True),
        Call("POST", f"{C}/discussion_topics", True, {"title": "T"}),
        Call("PUT", f"{C}/discussion_topics/999999", False),
        Call("DELETE", f"{C}/discussion_topics/999999", False),
    ],
    settled=UNREAD,
)

family(
    "files",
    "files and folders",
    ["app/controllers/files_controller.rb", "app/controllers/folders_controller.rb"],
    "api_index/list_all_folders: read_files (students of an available course too); "
    "api_create (upload preflight): Attachment :create (manage_files_add); folders "
    "create/update/destroy: manage_files_add / _edit / _delete",
    [
        Call("GET", f"{C}/files", True),
        Call("POST", f"{C}/files", False, {"name": "a.txt"}),
        Call("GET", f"{C}/folders", True),
        Call("POST", f"{C}/folders", False, {"name": "F"}),
    ],
    settled=UNREAD,
)

family(
    "outcomes",
    "outcome groups and outcomes",
    ["app/controllers/outcome_groups_api_controller.rb"],
    "reads: can_read_outcomes = authorized_action(@context, @current_user, :read_outcomes) "
    "(teachers and students); subgroup create, link, unlink, update, destroy: "
    "can_manage_outcomes = authorized_action(@context, @current_user, :manage_outcomes) "
    "(teachers)",
    [
        Call("GET", f"{C}/outcome_groups", True),
        Call("GET", f"{C}/outcome_group_links", True),
        Call("POST", f"{C}/outcome_groups/999999/subgroups", False, {"title": "S"}),
        Call("POST", f"{C}/outcome_groups/999999/outcomes", False, {"title": "O"}),
        Call("PUT", f"{C}/outcome_groups/999999", False),
        Call("DELETE", f"{C}/outcome_groups/999999/outcomes/999998", False),
    ],
)

family(
    "rubrics",
    "rubrics and rubric associations",
    [
        "app/controllers/rubrics_api_controller.rb",
        "app/controllers/rubrics_controller.rb",
        "app/controllers/rubric_associations_controller.rb",
    ],
    "rubrics_api index and show: authorized_action(@context, @current_user, "
    ":manage_rubrics), so a student may not even list them; create/update/destroy and "
    "associations: manage_rubrics",
    [
        Call("GET", f"{C}/rubrics", False),
        Call("GET", f"{C}/rubrics/999999", False),
        Call("POST", f"{C}/rubrics", False, {"rubric[title]": "R"}),
        Call("PUT", f"{C}/rubrics/999999", False),
        Call("DELETE", f"{C}/rubrics/999999", False),
        Call("POST", f"{C}/rubric_associations", False),
        Call("DELETE", f"{C}/rubric_associations/999999", False),
    ],
)

family(
    "calendar_events",
    "calendar events",
    ["app/controllers/calendar_events_api_controller.rb"],
    "create: @context.calendar_events.build then authorized_action(@event, @current_user, "
    ":create); the CalendarEvent policy grants it with the context's manage_calendar "
    "(teachers); students refused",
    [
        Call(
            "POST",
            "/calendar_events",
            False,
            {"calendar_event[context_code]": "course_{c}", "calendar_event[title]": "E"},
        )
    ],
)

family(
    "blueprint_reads_and_syncs",
    "Blueprint reads and syncs",
    ["app/controllers/master_courses/master_templates_controller.rb", "app/models/course.rb"],
    "before_action require_course_level_manage_rights: authorized_action(@course, :manage); "
    "teachers of the course hold :manage ('Active admins'), students do not",
    [
        Call("GET", f"{C}/blueprint_subscriptions", False),
        Call("GET", f"{C}/blueprint_templates/default", False),
        Call("GET", f"{C}/blueprint_templates/default/unsynced_changes", False),
        Call("POST", f"{C}/blueprint_templates/default/migrations", False),
    ],
)


def test_the_world_enrols_the_teacher_in_one_course_only(world: World) -> None:
    store = world.sandbox.store
    teaching = {e.course_id for e in store.live(store.enrollments, user_id=TEACHER_USER_ID)}
    assert world.course in teaching and world.other not in teaching
