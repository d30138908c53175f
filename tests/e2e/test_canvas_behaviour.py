"""Apply and plan against a sandbox that answers as Canvas's source says it does:
rubric lists without associations, how a completion requirement is cleared, course
nicknames, pages deleted in Canvas."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from canvas_npq import sync
from canvas_npq.canvas import manifest as manifest_module
from canvas_npq.canvas.client import CanvasConfig, Connection
from tests.e2e.conftest import TOKEN

pytestmark = pytest.mark.e2e

NPQLTD = Path(__file__).resolve().parents[2] / "course_spec" / "npqltd"


def api(course, method: str, path: str, **kwargs):
    response = requests.request(
        method,
        f"{course.sandbox.url}/api/v1{path}",
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=10,
        **kwargs,
    )
    response.raise_for_status()
    return response.json()


def test_npqltd_rubrics_are_applied_once_and_then_match(course):
    assert course.cli("apply", "--yes", spec=NPQLTD).code == 0
    rubrics = list(course.course.get_rubrics())
    assert len(rubrics) == 6
    (manifest,) = _manifest_pages(course)
    # About 60 000 characters for the whole NPQLTD course: far under one page's budget.
    assert 30_000 < len(manifest.body) < manifest_module.PAGE_BUDGET // 4
    plan = course.cli("plan", "--detailed-exitcode", spec=NPQLTD)
    assert plan.code == 0, plan.output
    before = len(course.sandbox.writes())
    assert course.cli("apply", "--yes", spec=NPQLTD).code == 0
    assert not [w for w in course.sandbox.writes()[before:] if "rubric" in w.path]
    assert sorted(r.id for r in course.course.get_rubrics()) == sorted(r.id for r in rubrics)


def _manifest_pages(course):
    return [
        p
        for p in course.sandbox.store.pages.values()
        if p.course_id == course.course_id
        and not p.deleted
        and p.title.startswith("canvas-npq manifest")
    ]


def _item(course, title: str):
    module = next(m for m in course.course.get_modules() if m.name.startswith("Block 1"))
    return next(i for i in module.get_module_items() if i.title == title)


def test_completion_none_clears_a_requirement_canvas_set(course):
    assert course.cli("apply", "--yes").code == 0
    title = "1.1a Effective professional development"
    assert _item(course, title).completion_requirement["type"] == "must_view"
    path = course.spec / "course.yaml"
    text = path.read_text()
    anchor = "        body: block-1/unit-1-1.md\n"
    path.write_text(text.replace(anchor, anchor + "        completion: none\n", 1))

    result = course.cli("apply", "--yes")
    assert result.code == 0, result.output
    assert not hasattr(_item(course, title), "completion_requirement")
    assert course.cli("plan", "--detailed-exitcode").code == 0


def test_a_nickname_for_the_course_is_not_drift(course):
    assert course.cli("apply", "--yes").code == 0
    name = course.course.original_name if hasattr(course.course, "original_name") else None
    assert name is None  # no nickname yet
    real = course.course.name
    api(
        course, "PUT", f"/users/self/course_nicknames/{course.course_id}", data={"nickname": "Mine"}
    )
    assert (course.course.name, course.course.original_name) == ("Mine", real)

    plan = course.cli("plan", "--detailed-exitcode")
    assert plan.code == 0, plan.output
    before = len(course.sandbox.writes())
    assert course.cli("apply", "--yes").code == 0
    assert not [
        w
        for w in course.sandbox.writes()[before:]
        if w.path.endswith(f"/courses/{course.course_id}")
    ]
    assert course.course.original_name == real


def _plan_then(course, change_file: str):
    """A plan made after ``change_file`` changed, and what apply needs to run it."""
    path = course.spec / change_file
    path.write_text(path.read_text() + "\nOne more line.\n")
    _, desired = sync.load(course.spec)
    conn = Connection(CanvasConfig(course.sandbox.url, TOKEN))
    live = sync.read(conn, course.course_id)
    return desired, conn, live, sync.plan(desired, live)


def test_a_page_deleted_in_canvas_after_the_plan_is_made_again_not_revived(course):
    assert course.cli("apply", "--yes").code == 0
    desired, conn, live, plan = _plan_then(course, "welcome.md")
    welcome = next(p for p in course.course.get_pages() if p.title == "Welcome")
    welcome.delete()  # Canvas keeps the row: page_id:N still finds it, and refuses edits

    result = sync.apply(plan, conn, live)
    assert any("deleted in Canvas after the plan was made" in n for n in result.notes)
    again = [p for p in course.course.get_pages() if p.title == "Welcome"]
    assert len(again) == 1 and again[0].page_id != welcome.page_id
    assert not [p for p in course.course.get_pages() if p.title.lower().startswith("page id")]
    assert course.sandbox.store.pages[welcome.page_id].deleted
    assert not sync.verify(desired, conn, course.course_id).changes


def test_a_manifest_page_deleted_in_canvas_after_the_plan_is_written_anew(course):
    assert course.cli("apply", "--yes").code == 0
    _, conn, live, plan = _plan_then(course, "welcome.md")
    manifest = next(
        p for p in course.course.get_pages() if p.title.startswith("canvas-npq manifest")
    )
    manifest.delete()

    sync.apply(plan, conn, live)
    pages = [p for p in course.course.get_pages() if p.title.startswith("canvas-npq manifest")]
    assert len(pages) == 1 and pages[0].page_id != manifest.page_id
    assert course.cli("plan", "--detailed-exitcode").code == 0


def test_a_page_body_over_canvas_limit_is_refused_naming_its_file(course):
    path = course.spec / "block-1" / "unit-1-1.md"
    path.write_text(path.read_text() + "\n\n" + ("Evidence matters. " * 30_000))
    requests_before = len(course.sandbox.requests)
    result = course.cli("apply", "--yes")
    assert result.code == 1, result.output
    assert "block-1/unit-1-1.md" in result.output
    assert "511999" in result.output and "Split the text" in result.output
    assert len(course.sandbox.requests) == requests_before  # nothing sent, not even a read


def test_a_manifest_too_large_for_one_page_is_kept_in_parts(course, monkeypatch):
    monkeypatch.setattr(manifest_module, "PAGE_BUDGET", 6_000)  # as for a huge course
    assert course.cli("apply", "--yes").code == 0
    pages = _manifest_pages(course)
    main = [p for p in pages if manifest_module.is_manifest(p.body)]
    parts = [p for p in pages if manifest_module.is_manifest_part(p.body)]
    assert len(main) == 1 and len(parts) > 1
    assert sorted(manifest_module.manifest_parts(main[0].body)) == sorted(p.id for p in parts)
    assert all(len(p.body) <= 6_000 for p in parts)
    assert course.cli("plan", "--detailed-exitcode").code == 0  # read back whole

    path = course.spec / "welcome.md"
    path.write_text(path.read_text() + "\nOne more line.\n")
    assert course.cli("apply", "--yes").code == 0
    again = [p for p in _manifest_pages(course) if manifest_module.is_manifest_part(p.body)]
    assert not {p.id for p in again} & {p.id for p in parts}  # old parts replaced, not left
    assert course.cli("plan", "--detailed-exitcode").code == 0

    monkeypatch.undo()  # back to the real budget: one page again, the parts deleted
    path.write_text(path.read_text() + "\nAnd another.\n")
    assert course.cli("apply", "--yes").code == 0
    (only,) = _manifest_pages(course)
    assert (
        manifest_module.is_manifest(only.body) and manifest_module.manifest_parts(only.body) == []
    )
    assert course.cli("plan", "--detailed-exitcode").code == 0


def _group_order(course) -> list[str]:
    return [g.name for g in course.course.get_assignment_groups()]


def test_assignment_groups_reach_the_spec_order_without_endless_moves(course):
    assert course.cli("apply", "--yes").code == 0
    assert _group_order(course) == ["Micro-implementation tasks", "Final assessment"]
    path = course.spec / "course.yaml"
    # A new group first: created at position 1, which Canvas does not make room for
    # (it would tie with the first group and sort after it by name).
    path.write_text(
        path.read_text().replace(
            "assignment_groups:\n", "assignment_groups:\n  - id: zeta\n    name: Zeta readings\n"
        )
    )
    result = course.cli("apply", "--yes")
    assert result.code == 0, result.output
    expected = ["Zeta readings", "Micro-implementation tasks", "Final assessment"]
    assert _group_order(course) == expected
    assert [g.position for g in course.course.get_assignment_groups()] == [1, 2, 3]
    plan = course.cli("plan", "--detailed-exitcode")
    assert plan.code == 0, plan.output

    # Swapped in the spec: moves, and again one apply settles it.
    text = path.read_text()
    mits = "  - id: mits\n    name: Micro-implementation tasks\n"
    final = "  - id: assessment\n    name: Final assessment\n"
    path.write_text(text.replace(mits + final, final + mits))
    assert course.cli("apply", "--yes").code == 0
    assert _group_order(course) == [
        "Zeta readings",
        "Final assessment",
        "Micro-implementation tasks",
    ]
    assert course.cli("plan", "--detailed-exitcode").code == 0
