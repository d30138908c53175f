"""Outcomes, rubrics and files end to end: created, idempotent, drift shown and reverted."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.e2e


def outcome_links(course):
    return list(course.course.get_all_outcome_links_in_context(outcome_style="full"))


def test_outcomes_are_created_in_a_group_per_area_with_vendor_guids(course):
    result = course.cli("apply", "--yes")
    assert result.code == 0, result.output
    groups = {g.title: g for g in course.course.get_outcome_groups_in_context()}
    framework = next(g for g in groups.values() if g.vendor_guid == "canvas-npq:npqltd-2020-10")
    area = groups["2. Designing Effective Professional Development"]
    assert area.parent_outcome_group["id"] == framework.id
    assert framework.parent_outcome_group["id"] not in (None, framework.id)  # the root group
    guids = sorted(link.outcome["vendor_guid"] for link in outcome_links(course))
    cited = ["2.4", "2.5", "2.7", "2d", "2g", "2h"]  # statements: used, in spec_small
    assert guids == sorted(f"canvas-npq:npqltd-2020-10:{s}" for s in cited)
    assert all(link.outcome_group["id"] == area.id for link in outcome_links(course))


def test_outcome_edited_in_canvas_is_drift_and_apply_puts_it_back(course):
    assert course.cli("apply", "--yes").code == 0
    link = next(
        link for link in outcome_links(course) if link.outcome["vendor_guid"].endswith(":2d")
    )
    outcome = course.canvas.get_outcome(link.outcome["id"])
    outcome.update(title="Edited by a facilitator")
    plan = course.cli("plan", "--json")
    changes = json.loads(plan.output)["plans"][0]["changes"]
    edited = [c for c in changes if c["address"] == "outcome.2d"]
    assert len(edited) == 1 and edited[0]["action"] == "update"
    assert edited[0]["fields"][0]["drift"] is True
    assert len(changes) == 1
    before = len(course.sandbox.writes())
    assert course.cli("apply", "--yes").code == 0
    writes = [w.path for w in course.sandbox.writes()[before:]]
    assert [p for p in writes if "outcome" in p] == [f"/api/v1/outcomes/{outcome.id}"]
    assert course.canvas.get_outcome(outcome.id).title.startswith("2d ")


def mit_rubric(course):
    # As in Canvas, only the single rubric shows its associations, not the list.
    listed = next(r for r in course.course.get_rubrics() if r.title == "MIT 1 rubric")
    return course.course.get_rubric(listed.id, include=["associations"])


def test_rubric_is_aligned_to_the_outcome_and_grades_the_assignment(course):
    assert course.cli("apply", "--yes").code == 0
    rubric = mit_rubric(course)
    mit = next(a for a in course.course.get_assignments() if a.name == "MIT 1: Exploring")
    (association,) = rubric.associations
    assert association["association_id"] == mit.id
    assert association["association_type"] == "Assignment"
    assert association["use_for_grading"] is True and association["purpose"] == "grading"
    shared, aligned = rubric.data
    assert shared["description"] == "Addresses every part of the task"
    assert "learning_outcome_id" not in shared
    assert shared["points"] == 1.0
    # Markdown long descriptions go as text: Canvas escapes them and links addresses.
    assert "**" not in shared["long_description"]
    assert "https://educationendowmentfoundation.org.uk/" in shared["long_description"]
    link = next(
        link for link in outcome_links(course) if link.outcome["vendor_guid"].endswith(":2g")
    )
    assert aligned["learning_outcome_id"] == link.outcome["id"]
    # Canvas shows the outcome's description on an aligned criterion.
    assert aligned["long_description"].startswith("<p>Breaking down complex CPD objectives")
    assert [r["description"] for r in aligned["ratings"]] == ["Complete", "Not yet complete"]
    assert mit.use_rubric_for_grading is True


def test_rubric_edited_in_canvas_is_drift_and_apply_puts_it_back(course):
    assert course.cli("apply", "--yes").code == 0
    rubric = mit_rubric(course)
    params = []
    for n, criterion in enumerate(rubric.data):  # as a facilitator's edit would send it
        prefix = f"rubric[criteria][{n}]"
        params.append((f"{prefix}[description]", criterion["description"]))
        params.append((f"{prefix}[long_description]", "Edited"))
        for m, rating in enumerate(criterion["ratings"]):
            params.append((f"{prefix}[ratings][{m}][description]", rating["description"]))
            params.append((f"{prefix}[ratings][{m}][points]", rating["points"]))
    path = f"courses/{course.course_id}/rubrics/{rubric.id}"
    course.canvas._Canvas__requester.request("PUT", path, _kwargs=params)
    plan = json.loads(course.cli("plan", "--json").output)["plans"][0]
    (change,) = [c for c in plan["changes"] if c["address"] == "rubric.mit-1"]
    assert change["action"] == "update" and change["fields"][0]["drift"] is True
    assert course.cli("apply", "--yes").code == 0
    again = course.cli("plan", "--detailed-exitcode")
    assert again.code == 0, again.output


def test_outcome_edit_copied_into_the_rubric_is_undone_by_one_apply(course):
    assert course.cli("apply", "--yes").code == 0
    link = next(
        link for link in outcome_links(course) if link.outcome["vendor_guid"].endswith(":2g")
    )
    # Canvas copies an outcome's new title into the criteria aligned to it.
    course.canvas.get_outcome(link.outcome["id"]).update(title="Edited in Canvas")
    assert mit_rubric(course).data[1]["description"] == "Edited in Canvas"
    plan = json.loads(course.cli("plan", "--json").output)["plans"][0]
    assert {c["address"] for c in plan["changes"]} == {"outcome.2g", "rubric.mit-1"}
    assert course.cli("apply", "--yes").code == 0
    assert mit_rubric(course).data[1]["description"] == "Components (2g, 2h)"
    again = course.cli("plan", "--detailed-exitcode")
    assert again.code == 0, again.output


def course_files(course):
    return {f.display_name: f for f in course.course.get_files()}


def unit_page(course):
    page = next(p for p in course.course.get_pages() if p.title.startswith("1.1a"))
    return course.course.get_page(page.url)


def test_files_are_uploaded_into_their_folder_and_linked_from_pages(course):
    assert course.cli("apply", "--yes").code == 0
    plan_file = course_files(course)["action-plan.docx"]
    assert course.canvas.get_folder(plan_file.folder_id).full_name == "course files/handouts"
    assert plan_file.size == (course.spec / "handouts" / "action-plan.docx").stat().st_size
    # Canvas shows the link absolute and with a verifier; it still names the file.
    body = unit_page(course).body
    assert f"/courses/{course.course_id}/files/{plan_file.id}" in body
    assert "canvas-npq-file" not in body


def test_unchanged_file_is_not_uploaded_again_and_a_changed_one_once(course):
    assert course.cli("apply", "--yes").code == 0
    before = len(course.sandbox.writes())
    assert course.cli("apply", "--yes").code == 0
    assert len(course.sandbox.writes()) == before  # no upload, no write at all
    (course.spec / "handouts" / "action-plan.docx").write_bytes(b"PK\x03\x04 version 2")
    plan = json.loads(course.cli("plan", "--json").output)["plans"][0]
    (change,) = plan["changes"]
    assert change["address"] == "file.action-plan" and change["action"] == "update"
    assert course.cli("apply", "--yes").code == 0
    writes = [w.path for w in course.sandbox.writes()[before:]]
    assert writes.count(f"/api/v1/courses/{course.course_id}/files") == 1
    assert not any(f"page_id:{unit_page(course).page_id}" in p for p in writes)
    assert course_files(course)["action-plan.docx"].size == len(b"PK\x03\x04 version 2")
    # The page still links to the id the file had; Canvas leads it to the new one.
    again = course.cli("plan", "--detailed-exitcode")
    assert again.code == 0, again.output
    before = len(course.sandbox.writes())
    assert course.cli("apply", "--yes").code == 0
    assert len(course.sandbox.writes()) == before


def test_file_renamed_in_canvas_is_drift_and_apply_renames_it_back(course):
    assert course.cli("apply", "--yes").code == 0
    plan_file = course_files(course)["action-plan.docx"]
    course.canvas._Canvas__requester.request("PUT", f"files/{plan_file.id}", name="renamed.docx")
    result = course.cli("plan")
    assert "DRIFT" in result.output and "renamed.docx" in result.output
    assert course.cli("apply", "--yes").code == 0
    assert course_files(course)["action-plan.docx"].id == plan_file.id  # renamed in place
    assert course.cli("plan", "--detailed-exitcode").code == 0


def test_a_file_is_a_module_item_that_follows_a_replaced_upload(course):
    assert course.cli("apply", "--yes").code == 0
    module = next(m for m in course.course.get_modules() if m.name.startswith("Block 2"))
    item = next(i for i in module.get_module_items() if i.type == "File")
    plan_file = course_files(course)["action-plan.docx"]
    assert (item.content_id, item.title) == (plan_file.id, "action-plan.docx")
    (course.spec / "handouts" / "action-plan.docx").write_bytes(b"PK\x03\x04 version 3")
    assert course.cli("apply", "--yes").code == 0
    item = next(i for i in module.get_module_items() if i.type == "File")
    assert item.content_id == course_files(course)["action-plan.docx"].id != plan_file.id
    assert course.cli("plan", "--detailed-exitcode").code == 0


def test_apply_completes_uploads_that_canvas_answers_with_a_redirect(course):
    course.sandbox.store.upload_answer = "redirect"
    try:
        assert course.cli("apply", "--yes").code == 0
    finally:
        course.sandbox.store.upload_answer = "created"
    assert "action-plan.docx" in course_files(course)
    assert course.cli("plan", "--detailed-exitcode").code == 0
