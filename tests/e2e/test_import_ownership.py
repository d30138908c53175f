"""One course, one spec: import never takes a managed course over silently, and two
specs never flip a course between them (each rewriting the other's record)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from canvas_npq.canvas.manifest import decode_manifest, decode_owner, encode_manifest, is_manifest
from tests.e2e.conftest import CourseFixture

pytestmark = pytest.mark.e2e


def manifest_page(course: CourseFixture):
    pages = course.course.get_pages(include=["body"])
    return next(p for p in pages if is_manifest(getattr(p, "body", None)))


def test_importing_a_managed_course_is_refused_and_nothing_is_written(
    course: CourseFixture, tmp_path: Path
) -> None:
    assert course.cli("apply", "--yes").code == 0
    out = tmp_path / "reimported"
    result, writes = course.writes_during("import", str(out), "--course", str(course.course_id))
    assert result.code == 1, result.output
    assert "is already managed by the spec 'spec'" in result.output
    assert "--no-bind" in result.output and "--take-over" in result.output
    assert writes == 0 and not out.exists()
    assert decode_owner(manifest_page(course).body) == "spec"


def test_an_import_without_binding_cannot_plan_the_course_its_owner_still_can(
    course: CourseFixture, tmp_path: Path
) -> None:
    assert course.cli("apply", "--yes").code == 0
    out = tmp_path / "copy"
    result, writes = course.writes_during(
        "import", str(out), "--course", str(course.course_id), "--no-bind"
    )
    assert result.code == 0 and writes == 0 and (out / "course.yaml").is_file()
    plan = course.cli("plan", spec=out)
    assert plan.code == 1
    assert "managed by the spec 'spec' (its canvas-npq manifest records it), not by this " in (
        plan.output
    )
    assert "spec 'copy'" in plan.output
    owner = course.cli("plan", "--detailed-exitcode")
    assert owner.code == 0 and "No changes. The course matches the spec." in owner.output


def test_take_over_moves_the_course_to_the_imported_spec_once_and_for_good(
    course: CourseFixture, tmp_path: Path
) -> None:
    assert course.cli("apply", "--yes").code == 0
    out = tmp_path / "reimported"
    result = course.cli("import", str(out), "--course", str(course.course_id), "--take-over")
    assert result.code == 0, result.output
    assert "with 'reimported' as the course's spec" in result.output
    assert decode_owner(manifest_page(course).body) == "reimported"
    for _ in range(2):  # every run, not just the first: nothing left to rewrite
        new_owner = course.cli("plan", "--detailed-exitcode", spec=out)
        assert new_owner.code == 0, new_owner.output
        assert "canvas-npq will update its record" not in new_owner.output
        old_owner, writes = course.writes_during("apply", "--yes")
        assert old_owner.code == 1 and writes == 0
        assert "managed by the spec 'reimported'" in old_owner.output


def test_force_takes_the_course_back_and_then_the_other_spec_is_refused(
    course: CourseFixture, tmp_path: Path
) -> None:
    assert course.cli("apply", "--yes").code == 0
    out = tmp_path / "reimported"
    assert (
        course.cli("import", str(out), "--course", str(course.course_id), "--take-over").code == 0
    )
    back = course.cli("apply", "--yes", "--force")
    assert back.code == 0, back.output
    assert decode_owner(manifest_page(course).body) == "spec"
    assert course.cli("plan", "--detailed-exitcode").code == 0
    assert course.cli("plan", spec=out).code == 1


def test_a_plan_that_only_updates_the_record_does_not_count_as_a_change(
    course: CourseFixture,
) -> None:
    """A course bound before owners were recorded: its next apply only records the owner."""
    assert course.cli("apply", "--yes").code == 0
    page = manifest_page(course)
    page.edit(wiki_page={"body": encode_manifest(decode_manifest(page.body))})  # no owner
    plan = course.cli("plan", "--detailed-exitcode")
    assert plan.code == 0, plan.output
    assert "No changes to course content." in plan.output
    assert "canvas-npq will update its record of managed objects (one write)." in plan.output
    cohorts = f"cohorts:\n  - name: autumn\n    course: {course.course_id}\n    start: 2026-10-05\n"
    (course.spec / "cohorts.yaml").write_text(cohorts)
    by_cohort = course.cli("plan", "--cohort", "autumn", "--detailed-exitcode")
    assert by_cohort.code == 0, by_cohort.output
    [row] = [line for line in by_cohort.output.splitlines() if line.startswith("  autumn")]
    assert row.split()[2:] == ["record", "only", "0", "0", "0", "0"]
    applied = course.cli("apply", "--yes")
    assert applied.code == 0 and "0 deleted; 1 write requests." in applied.output
    assert decode_owner(manifest_page(course).body) == "spec"
    assert course.writes_during("apply", "--yes")[1] == 0


def test_adopt_refuses_a_course_another_spec_owns(course: CourseFixture, tmp_path: Path) -> None:
    assert course.cli("apply", "--yes").code == 0
    other = tmp_path / "other-spec"
    shutil.copytree(course.spec, other)
    result, writes = course.writes_during(
        "adopt", str(other), "--course", str(course.course_id), "--yes"
    )
    assert result.code == 1 and writes == 0
    assert "managed by the spec 'spec'" in result.output and "--force" in result.output
