"""A saved plan is untrusted input (CI passes it between jobs): an edited plan file is
refused before any write, whether or not its digest was recomputed, because every change
is checked again against the live course (exit 9)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from canvas_npq.cli.main import cli
from canvas_npq.plan.saved import PLAN_KEY_VARIABLE, plan_digest
from tests.e2e.conftest import TOKEN, Result

pytestmark = pytest.mark.e2e


def run(course, *args: str, **env: str) -> Result:
    environment = {"CANVAS_API_URL": course.sandbox.url, "CANVAS_API_TOKEN": TOKEN, **env}
    outcome = CliRunner().invoke(cli, list(args), env=environment, catch_exceptions=False)
    return Result(outcome.exit_code, outcome.output)


def _submit(assignment) -> None:
    assignment.submit(submission={"submission_type": "online_text_entry", "body": "My plan"})


@pytest.fixture
def planned(course, tmp_path, monkeypatch):
    """The course applied once, MIT 1 submitted to, a hand-made assignment with a
    submission and a hand-made page beside it, and a fresh ``plan --prune --out``."""
    monkeypatch.chdir(tmp_path)
    assert course.cli("apply", "--yes").code == 0
    mit = next(a for a in course.course.get_assignments() if a.name.startswith("MIT 1"))
    _submit(mit)
    theirs = course.course.create_assignment(
        {"name": "Teacher's own task", "published": True, "submission_types": ["online_text_entry"]}
    )
    _submit(theirs)
    page = course.course.create_page({"title": "Teacher notes", "body": "<p>mine</p>"})
    assert course.cli("plan", "--prune", "--out", "plan.json").code == 0
    return {"mit": mit, "theirs": theirs, "page": page, "file": tmp_path / "plan.json"}


def _edit(path: Path, change: Any, digest: bool = True) -> None:
    data = json.loads(path.read_text())
    change(data["plans"][0])  # the one course's plan
    if digest:  # a digest needs no secret: whoever edits the file can compute it
        data["digest"] = plan_digest(data)
    path.write_text(json.dumps(data))


def _refused(course, path: Path, *expected: str) -> Result:
    before = len(course.sandbox.writes())
    result = run(course, "apply", str(path), "--yes")
    assert result.code == 9, result.output
    assert "Traceback" not in result.output and "Nothing was applied" in result.output
    for text in expected:
        assert text in result.output, result.output
    assert len(course.sandbox.writes()) == before  # not even the lock was taken
    return result


def _delete(address: str, canvas_id: int, title: str = "x") -> dict[str, Any]:
    return {"action": "delete", "address": address, "title": title, "canvas_id": canvas_id,
            "fields": [], "desired": {}}  # fmt: skip


def test_an_added_delete_of_a_hand_made_assignment_with_submissions(course, planned):
    delete = _delete("assignment.teachers-task", planned["theirs"].id)
    _edit(planned["file"], lambda d: d["changes"].append(delete))
    _refused(course, planned["file"], "canvas-npq owns no such object")
    assert course.course.get_assignment(planned["theirs"].id).has_submitted_submissions


def test_an_added_delete_of_the_managed_mit_with_submissions(course, planned):
    delete = _delete("assignment.mit-1", planned["mit"].id)
    _edit(planned["file"], lambda d: d["changes"].append(delete))
    _refused(course, planned["file"], "never deleted: has student submissions")


def test_an_update_retargeted_at_a_hand_made_page(course, planned):
    def retarget(data: dict[str, Any]) -> None:
        data["changes"].append(
            {"action": "update", "address": "page.welcome", "title": "Welcome",
             "canvas_id": planned["page"].page_id,
             "fields": [{"name": "body", "old": "", "new": "<p>gone</p>", "drift": False}],
             "desired": {}}
        )  # fmt: skip

    _edit(planned["file"], retarget)
    _refused(course, planned["file"], f"names Canvas id {planned['page'].page_id}")
    assert course.course.get_page(planned["page"].url).body == "<p>mine</p>"


def test_an_edited_manifest(course, planned):
    def claim(data: dict[str, Any]) -> None:
        data["manifest"]["page.teacher-notes"] = {"id": planned["page"].page_id, "applied": {}}

    _edit(planned["file"], claim)
    _refused(course, planned["file"], "manifest: records Canvas id")


def test_an_upload_of_a_file_outside_the_spec_folder(course, planned, tmp_path):
    secret = tmp_path / "outside.txt"
    secret.write_bytes(b"not for the course")
    digest = hashlib.sha256(secret.read_bytes()).hexdigest()
    upload = {"action": "create", "address": "file.loot", "title": "loot", "canvas_id": None,
              "fields": [], "desired": {"name": "loot.txt", "folder": "handouts",
                                        "size": secret.stat().st_size, "content_hash": digest,
                                        "path": "outside.txt"}}  # fmt: skip
    for root in (str(tmp_path), "/", "spec/.."):

        def point(data: dict[str, Any], root: str = root) -> None:
            data["spec_root"] = root
            data["changes"].append(upload)

        _edit(planned["file"], point)
        _refused(course, planned["file"], "a saved plan uploads only from a spec folder")
        assert course.cli("plan", "--prune", "--out", "plan.json").code == 0
    assert "loot.txt" not in {f.display_name for f in course.course.get_files()}


def test_an_edit_without_a_new_digest_is_caught_by_the_digest(course, planned):
    delete = _delete("page.welcome", 1)
    _edit(planned["file"], lambda d: d["changes"].append(delete), digest=False)
    _refused(course, planned["file"], "does not match its digest")


def test_with_a_plan_key_only_a_plan_made_with_the_key_is_applied(course, planned):
    key = {PLAN_KEY_VARIABLE: "shared-ci-secret"}
    # made without the key: refused where the key is set
    assert run(course, "apply", str(planned["file"]), "--yes", **key).code == 9
    planned_with_key = run(course, "plan", str(course.spec), "--course", str(course.course_id),
                           "--out", "keyed.json", **key)  # fmt: skip
    assert planned_with_key.code == 0, planned_with_key.output
    keyed = planned["file"].parent / "keyed.json"
    assert json.loads(keyed.read_text())["digest"].startswith("hmac-sha256:")
    # the same file, edited and given a plain digest: refused
    forged = planned["file"].parent / "forged.json"
    forged.write_text(keyed.read_text())
    _edit(forged, lambda d: d["warnings"].append("edited"))
    refused = run(course, "apply", str(forged), "--yes", **key)
    assert refused.code == 9 and "made without it" in refused.output, refused.output
    # without the key the keyed plan is refused; with it, applied
    assert run(course, "apply", str(keyed), "--yes").code == 9
    applied = run(course, "apply", str(keyed), "--yes", **key)
    assert applied.code == 0, applied.output


def test_plan_out_warns_when_apply_would_refuse_its_uploads(course, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # the spec folder is not below the working folder
    planned = course.cli("plan", "--out", "plan.json")
    assert planned.code == 0, planned.output
    assert "apply will refuse it" in planned.output
    refused = run(course, "apply", "plan.json", "--yes")
    assert refused.code == 9 and "a saved plan uploads only from" in refused.output
