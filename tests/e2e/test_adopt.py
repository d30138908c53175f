"""``canvas-npq adopt`` against the sandbox: bind a spec to a course that already has it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import CourseFixture
from tests.e2e.test_import import build_by_hand

pytestmark = pytest.mark.e2e

MANIFEST = "canvas-npq manifest (do not edit)"


def new_course(course: CourseFixture) -> CourseFixture:
    created = course.canvas.get_account(1).create_course(
        course={"name": "Test cohort", "course_code": "T"}
    )
    return CourseFixture(course.sandbox, course.canvas, created.id, course.spec)


def test_adopt_a_copy_of_last_terms_course(course: CourseFixture, tmp_path: Path) -> None:
    # Last term's course, built by hand, imported into a spec.
    build_by_hand(course)
    spec = tmp_path / "imported"
    assert course.cli("import", str(spec), "--course", str(course.course_id)).code == 0

    # This term's course: a copy (no manifest, no markers), edited a little since.
    copy = new_course(course)
    build_by_hand(copy)
    unit = next(p for p in copy.course.get_pages() if p.title.startswith("1.1"))
    body = copy.course.get_page(unit.url).body
    unit.edit(wiki_page={"body": body.replace("carefully", "slowly")})
    module = next(m for m in copy.course.get_modules() if m.name.startswith("Block 1"))
    for item in module.get_module_items():
        if item.type == "ExternalUrl":
            item.delete()  # missing: apply will create it
    module.create_module_item(module_item={"type": "SubHeader", "title": "Self-study"})
    pages_before = len(list(copy.course.get_pages()))

    before = len(course.sandbox.writes())
    adopted = copy.cli("adopt", str(spec), "--course", str(copy.course_id), "--yes")
    assert adopted.code == 0, adopted.output
    out = adopted.output
    assert "Matched to existing Canvas objects (20):" in out  # files, rubric, assignment...
    assert "Ambiguous, not bound (1):" in out and "2 Canvas objects match" in out
    assert "Not in the course (1):" in out and "EEF guide" in out
    assert "Knowledge check" in out and "a New Quiz" in out
    assert "Bound 20 objects" in out
    writes = course.sandbox.writes()[before:]
    assert writes and all("/pages" in path for _, path, *_ in writes)  # manifest and lock only

    plan = copy.cli("plan", spec=spec)
    assert "Plan: 2 to add, 1 to change" in plan.output, plan.output
    assert "slowly" in plan.output and "DRIFT" not in plan.output
    assert "1.1 Über effective CPD" not in plan.output.split("~")[0]  # not created

    applied = copy.cli("apply", "--yes", spec=spec)
    assert applied.code == 0, applied.output
    assert "No changes." in copy.cli("plan", spec=spec).output
    body = copy.course.get_page(unit.url).body
    assert f"/courses/{copy.course_id}/pages/1-2-tables-and-video" in body  # its own course
    pages = [p.title for p in copy.course.get_pages()]
    assert len(pages) == pages_before + 1 and pages.count(MANIFEST) == 1  # no duplicates


def test_adopt_a_copy_that_kept_the_page_markers(course: CourseFixture) -> None:
    # A copy of a managed course: markers in the bodies, but no manifest page.
    assert course.cli("apply", "--yes").code == 0
    manifest = next(p for p in course.course.get_pages() if p.title == MANIFEST)
    manifest.delete()
    plan = course.cli("plan")
    assert "to add" in plan.output and "module " in plan.output  # modules would be duplicated

    adopted = course.cli("adopt", str(course.spec), "--course", str(course.course_id), "--yes")
    assert adopted.code == 0, adopted.output
    assert "Already managed by canvas-npq:" in adopted.output
    assert "Ambiguous" not in adopted.output and "Not in the course" not in adopted.output
    plan = course.cli("plan", "--detailed-exitcode")
    assert plan.code == 0, plan.output
    assert "No changes. The course matches the spec." in plan.output


def test_adopt_asks_first_and_binds_nothing_without_an_answer(course: CourseFixture) -> None:
    assert course.cli("apply", "--yes").code == 0
    manifest = next(p for p in course.course.get_pages() if p.title == MANIFEST)
    manifest.delete()
    before = len(course.sandbox.writes())
    result = course.cli("adopt", str(course.spec), "--course", str(course.course_id))
    assert result.code == 1 and "--yes" in result.output
    assert len(course.sandbox.writes()) == before


def test_adopt_a_managed_course_has_nothing_to_bind(course: CourseFixture) -> None:
    assert course.cli("apply", "--yes").code == 0
    before = len(course.sandbox.writes())
    result = course.cli("adopt", str(course.spec), "--course", str(course.course_id), "--yes")
    assert result.code == 0 and "Nothing to bind" in result.output
    assert len(course.sandbox.writes()) == before
