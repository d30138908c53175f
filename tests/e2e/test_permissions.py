"""A teacher's token, as providers run canvas-npq: what Canvas keeps for account admins
is refused with exit 8 and a message that says what to do, nothing is written, and a
bad token stays exit 3. The everyday flows (apply, no-op, drift repair, --prune) run
with the teacher's token in the other e2e modules; Blueprint steps are in
``test_permissions_blueprint.py``."""

from __future__ import annotations

import shutil

import pytest
from canvasapi import Canvas
from click.testing import CliRunner

from canvas_npq.canvas.client import CanvasConfig, Connection
from canvas_npq.canvas.courses import create_course
from canvas_npq.canvas.errors import PermissionDenied
from canvas_npq.cli import exitcodes
from canvas_npq.cli.app import describe_error
from canvas_npq.cli.main import cli
from canvas_npq.sandbox import Sandbox
from canvas_npq.sandbox.store import TEACHER_USER_ID
from tests.e2e.conftest import SMALL_SPEC, TEACHER_TOKEN, CourseFixture, Result

pytestmark = pytest.mark.e2e


def apply_elsewhere(course: CourseFixture) -> Result:
    """The teacher applies to a course they are not enrolled in."""
    store = course.sandbox.store
    with store.lock:
        for enrollment in store.live(
            store.enrollments, course_id=course.course_id, user_id=TEACHER_USER_ID
        ):
            enrollment.workflow_state = "deleted"
    return course.cli("apply", "--yes")


def test_a_course_the_teacher_is_not_enrolled_in_is_exit_8_and_untouched(course):
    before = len(course.sandbox.writes())
    result = apply_elsewhere(course)
    assert result.code == exitcodes.PERMISSION_DENIED, result.output
    assert f"may not read course {course.course_id}" in result.output
    assert "enrolled as a teacher" in result.output
    assert "Traceback" not in result.output
    assert len(course.sandbox.writes()) == before
    assert list(course.course.get_pages()) == []


def test_older_canvas_refusing_with_401_is_also_exit_8(tmp_path):
    with Sandbox(auth_error_401=True) as older:
        canvas = Canvas(older.url, older.token)
        created = canvas.get_account(1).create_course(course={"name": "T", "course_code": "T"})
        spec = tmp_path / "spec"
        shutil.copytree(SMALL_SPEC, spec)
        fixture = CourseFixture(older, canvas, created.id, spec, token=older.teacher_token)
        result = apply_elsewhere(fixture)
        assert result.code == exitcodes.PERMISSION_DENIED, result.output
        assert "answered 401" in result.output
        assert "Canvas refused the API token" not in result.output
        statuses = {r.status for r in older.requests}
        assert 401 in statuses and 403 not in statuses


def test_an_invalid_token_is_still_exit_3(course):
    result = course.cli("plan", token="not-a-token-anyone-issued")
    assert result.code == exitcodes.AUTH_ERROR, result.output
    assert "Canvas refused the API token" in result.output


def test_the_student_token_cannot_apply(course):
    before = len(course.sandbox.writes())
    course.canvas.get_course(course.course_id).update(course={"event": "offer"})
    result = course.cli("apply", "--yes", token=course.sandbox.student_token)
    assert result.code == exitcodes.PERMISSION_DENIED, result.output
    assert "Traceback" not in result.output
    writes = course.sandbox.writes()[before + 1 :]  # after the admin's publish
    assert all(w.status == 403 for w in writes) and len(writes) <= 1


def test_the_sandbox_command_takes_the_teacher_and_student_tokens():
    help_text = CliRunner().invoke(cli, ["sandbox", "--help"]).output
    for option in ("--teacher-token", "--student-token", "--auth-error-401"):
        assert option in help_text


def test_a_teacher_cannot_create_the_cohort_course(sandbox):
    """The demo's first step, with the teacher's token: refused, nothing created, exit 8."""
    conn = Connection(CanvasConfig(sandbox.url, TEACHER_TOKEN))
    courses = len(sandbox.store.courses)
    with pytest.raises(PermissionDenied) as caught:
        create_course(conn, 1, "NPQLTD autumn 2026", "NPQLTD-A26", sis_course_id="A26")
    assert describe_error(caught.value)[0] == exitcodes.PERMISSION_DENIED
    message = str(caught.value)
    assert message.startswith("The token's user may not create courses in account 1")
    assert "enrol the user as a teacher, then use --course" in message
    assert TEACHER_TOKEN not in message
    assert len(sandbox.store.courses) == courses
    assert sandbox.requests[-1][:2] == ("POST", "/api/v1/accounts/1/courses")
    assert sandbox.requests[-1].status == 403
