"""Blueprint steps with a teacher's token: making a course a Blueprint and associating
courses need account rights (exit 8, nothing changed); applying and syncing an
existing Blueprint need only the teacher's course rights."""

from __future__ import annotations

import pytest

from canvas_npq.cli import exitcodes
from canvas_npq.sandbox.store import TEACHER_USER_ID
from tests.cohorts.specs import make_cohort_spec
from tests.e2e.test_blueprint_cohort import blueprint_cohort
from tests.e2e.test_cohorts import canvas, make_course, run, sandbox  # noqa: F401

pytestmark = pytest.mark.e2e


def test_a_teacher_cannot_associate_courses_with_a_blueprint(sandbox, canvas, tmp_path):  # noqa: F811
    bp = make_course(canvas, "NPQLTD spring 2027 (Blueprint)", "NPQLTD-S27")
    kids = [make_course(canvas, f"NPQLTD spring 2027 group {n}", f"S27-{n}") for n in (1, 2)]
    spec = make_cohort_spec(tmp_path / "spec", 1, kids[0])
    blueprint_cohort(spec, bp, kids[:1])
    admin = run(
        sandbox, "apply", str(spec), "--cohort", "spring-2027", "--yes", token=sandbox.token
    )
    assert admin.code == 0, admin.output

    # A second group joins the cohort: associating it needs account rights.
    blueprint_cohort(spec, bp, kids)
    before = len(sandbox.writes())
    refused = run(sandbox, "apply", str(spec), "--cohort", "spring-2027", "--yes")
    assert refused.code == exitcodes.PERMISSION_DENIED, refused.output
    assert (
        f"The token's user may not change which courses are associated with Blueprint "
        f"course {bp}" in refused.output
    )
    assert "manage_master_courses" in refused.output and "account admin" in refused.output
    assert "Traceback" not in refused.output
    assert sandbox.token not in refused.output and sandbox.teacher_token not in refused.output
    assert len(sandbox.writes()) == before + 1  # the refused PUT, which changed nothing
    assert sandbox.writes()[-1].status == 403
    assert canvas.get_course(kids[1]).blueprint is False
    subscriptions = sandbox.store.blueprint_associations.get(bp, set())
    assert kids[1] not in subscriptions

    # Once an admin has associated it, the teacher's token applies and syncs.
    assert (
        run(
            sandbox, "apply", str(spec), "--cohort", "spring-2027", "--yes", token=sandbox.token
        ).code
        == 0
    )
    synced = run(
        sandbox, "apply", str(spec), "--cohort", "spring-2027", "--yes", "--sync-blueprint"
    )
    assert synced.code == 0, synced.output
    migrations = [m for m in sandbox.store.blueprint_migrations.values() if m.course_id == bp]
    assert migrations[-1].user_id == TEACHER_USER_ID


def test_a_teacher_cannot_make_a_course_a_blueprint(sandbox, canvas, tmp_path):  # noqa: F811
    bp = make_course(canvas, "NPQLTD spring 2027 (Blueprint)", "NPQLTD-S27")
    kid = make_course(canvas, "NPQLTD spring 2027 group 1", "S27-1")
    spec = make_cohort_spec(tmp_path / "spec", 1, kid)
    blueprint_cohort(spec, bp, [kid])
    result = run(sandbox, "apply", str(spec), "--cohort", "spring-2027", "--yes")
    assert result.code == exitcodes.PERMISSION_DENIED, result.output
    assert f"may not turn Blueprint on or off, or change its restrictions, for course {bp}" in (
        result.output
    )
    assert canvas.get_course(bp).blueprint is False
