"""The CLI against the sandbox: first apply, idempotency, identity, drift, ownership."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.e2e


def test_first_apply_creates_everything_in_order(course):
    result = course.cli("apply", "--yes")
    assert result.code == 0, result.output
    assert "Verified: the course now matches the spec." in result.output

    modules = list(course.course.get_modules(include=["items"]))
    assert [m.name for m in modules] == ["Block 1: Leading improvement", "Block 2: Preparing"]
    assert all(m.published for m in modules)
    items = modules[0].items
    assert [(i["type"], i["title"]) for i in items] == [
        ("SubHeader", "Self-study"),
        ("Page", "1.1a Effective professional development"),
        ("Page", "1.1f Using data to inform decisions"),
        ("ExternalUrl", "EEF: Putting Evidence to Work"),
        ("Assignment", "MIT 1: Exploring"),
    ]
    assert [i["indent"] for i in items] == [0, 1, 1, 0, 0]
    assert all(i["published"] for i in items)
    pages = {p.title: p for p in course.course.get_pages()}
    assert {"Welcome", "1.1a Effective professional development"} <= set(pages)
    assert not pages["canvas-npq manifest (do not edit)"].published
    mit = next(a for a in course.course.get_assignments() if a.name == "MIT 1: Exploring")
    assert mit.grading_type == "pass_fail"
    assert mit.due_at == "2026-11-02T17:00:00Z"  # 17:00 GMT
    assert sorted(mit.submission_types) == ["online_text_entry", "online_upload"]
    course_json = course.course
    assert (course_json.name, course_json.course_code) == ("NPQLTD test cohort", "NPQLTD-T")


def test_second_apply_sends_no_writes_and_plan_says_no_changes(course):
    assert course.cli("apply", "--yes").code == 0
    result, writes = course.writes_during("apply", "--yes")
    assert result.code == 0
    assert writes == 0
    assert "No changes." in result.output
    plan = course.cli("plan", "--detailed-exitcode")
    assert plan.code == 0, plan.output


def test_plan_json_and_detailed_exitcode_before_the_first_apply(course):
    result = course.cli("plan", "--json", "--detailed-exitcode")
    assert result.code == 2
    data = json.loads(result.output)["plans"][0]
    actions = [c["action"] for c in data["changes"]]
    assert data["summary"]["create"] == actions.count("create") > 10
    # The fixture course was created with a placeholder name, so the course
    # settings are the one update; nothing is deleted from a fresh course.
    assert data["summary"]["update"] == actions.count("update") == 1
    assert data["summary"]["delete"] == 0


def test_title_change_in_spec_updates_the_same_object(course):
    course.cli("apply", "--yes")
    before = {p.title: p.page_id for p in course.course.get_pages()}
    yaml_path = course.spec / "course.yaml"
    yaml_path.write_text(
        yaml_path.read_text().replace(
            "1.1a Effective professional development", "1.1a What makes PD effective?"
        )
    )
    plan = course.cli("plan")
    assert '"1.1a Effective professional development" → "1.1a What makes PD effective?"' in (
        plan.output
    )
    assert "1 to change" in plan.output and "0 to add" in plan.output
    assert course.cli("apply", "--yes").code == 0
    after = {p.title: p.page_id for p in course.course.get_pages()}
    assert (
        after["1.1a What makes PD effective?"] == before["1.1a Effective professional development"]
    )
    assert len(after) == len(before)


def test_title_change_in_canvas_keeps_identity_and_is_reverted(course):
    course.cli("apply", "--yes")
    page = next(p for p in course.course.get_pages() if p.title == "Welcome")
    page.edit(wiki_page={"title": "Renamed by a facilitator"})
    plan = course.cli("plan")
    assert "DRIFT" in plan.output
    assert '"Renamed by a facilitator" → "Welcome"' in plan.output
    assert course.cli("apply", "--yes").code == 0
    again = {p.page_id: p.title for p in course.course.get_pages()}
    assert again[page.page_id] == "Welcome"


def test_edit_in_canvas_shows_as_drift_and_apply_reverts_it(course):
    course.cli("apply", "--yes")
    page = next(p for p in course.course.get_pages() if p.title.startswith("1.1f"))
    body = course.course.get_page(page.url).body
    page.edit(wiki_page={"body": body.replace("more than one", "just one")})
    plan = course.cli("plan")
    assert "DRIFT" in plan.output
    assert "(edited in Canvas)" in plan.output
    assert "just one" in plan.output
    assert course.cli("apply", "--yes").code == 0
    assert "more than one" in course.course.get_page(page.url).body
    assert course.cli("plan", "--detailed-exitcode").code == 0


def test_unowned_page_is_never_touched(course):
    course.cli("apply", "--yes")
    mine = course.course.create_page(
        wiki_page={"title": "Facilitator notes", "body": "<p>Mine</p>", "published": True}
    )
    before = course.course.get_page(mine.url)
    result, _ = course.writes_during("apply", "--yes", "--prune")
    assert result.code == 0
    after = course.course.get_page(mine.url)
    assert (after.body, after.updated_at, after.title) == (
        before.body,
        before.updated_at,
        before.title,
    )
    writes = course.sandbox.writes()
    assert not any(f"page_id:{mine.page_id}" in w.path or mine.url in w.path for w in writes)


def test_owned_page_removed_from_spec_is_deleted_only_with_prune(course):
    course.cli("apply", "--yes")
    yaml_path = course.spec / "course.yaml"
    text = yaml_path.read_text()
    yaml_path.write_text(
        text.replace("  - id: welcome\n    title: Welcome\n    body: welcome.md\n", "")
    )
    plan = course.cli("plan")
    assert "Kept, not deleted" in plan.output and "--prune" in plan.output
    assert course.cli("apply", "--yes").code == 0
    assert "Welcome" in {p.title for p in course.course.get_pages()}
    pruned = course.cli("apply", "--yes", "--prune")
    assert pruned.code == 0, pruned.output
    assert "Welcome" not in {p.title for p in course.course.get_pages()}


def test_assignment_with_a_student_submission_is_never_deleted(course):
    course.cli("apply", "--yes")
    mit = next(a for a in course.course.get_assignments() if a.name == "MIT 1: Exploring")
    mit.submit(submission={"submission_type": "online_text_entry", "body": "My plan"})
    yaml_path = course.spec / "course.yaml"
    text = yaml_path.read_text()
    start = text.index("      - type: mit")
    end = text.index("  - id: block-2")
    yaml_path.write_text(text[:start] + text[end:])
    plan = course.cli("plan", "--prune")
    assert "student work" in plan.output
    result = course.cli("apply", "--yes", "--prune")
    assert result.code == 0, result.output
    still = course.course.get_assignment(mit.id)
    assert still.has_submitted_submissions
    assert len(list(still.get_submissions())) == 1


def test_invalid_spec_is_rejected_before_any_request(course):
    (course.spec / "course.yaml").write_text("course:\n  name: x\n  titel: y\n")
    before = len(course.sandbox.requests)
    result = course.cli("plan")
    assert result.code == 1
    assert "course.yaml:3" in result.output
    assert len(course.sandbox.requests) == before


def test_wrong_token_is_refused_with_a_clear_message(course, monkeypatch):
    from click.testing import CliRunner

    from canvas_npq.cli.main import cli

    env = {"CANVAS_API_URL": course.sandbox.url, "CANVAS_API_TOKEN": "wrong-token-123"}
    result = CliRunner().invoke(
        cli, ["plan", str(course.spec), "--course", str(course.course_id)], env=env
    )
    assert result.exit_code == 3
    assert "refused the API token" in result.output
    assert "wrong-token-123" not in result.output
