"""A cohort delivered through a Blueprint course: apply, associate, sync, report."""

from __future__ import annotations

import pytest

from tests.cohorts.specs import make_cohort_spec
from tests.e2e.test_cohorts import canvas, make_course, run, sandbox  # noqa: F401

pytestmark = pytest.mark.e2e


def blueprint_cohort(spec, blueprint: int, children: list[int]) -> None:
    (spec / "cohorts.yaml").write_text(
        "cohorts:\n"
        "  - name: spring-2027\n"
        f"    blueprint:\n      course: {blueprint}\n      associated: {children}\n"
        "    start: 2027-03-01\n"
        "    delivery: online\n"
        "    course_name: NPQLTD spring 2027\n"
        "    course_code: NPQLTD-S27\n"
        "    overrides:\n"
        "      face-to-face-1: {online_url: https://meet.example.org/s27}\n"
    )


def test_apply_updates_the_blueprint_and_sync_reports_each_course(sandbox, canvas, tmp_path):  # noqa: F811
    bp = make_course(canvas, "NPQLTD spring 2027 (Blueprint)", "NPQLTD-S27")
    kids = [make_course(canvas, f"NPQLTD spring 2027 group {n}", f"S27-{n}") for n in (1, 2)]
    spec = make_cohort_spec(tmp_path / "spec")
    blueprint_cohort(spec, bp, kids)

    # Making a course a Blueprint and associating courses need account rights: the
    # provider's admin runs the first apply; the teacher's token does the rest.
    first = run(
        sandbox,
        "apply",
        str(spec),
        "--cohort",
        "spring-2027",
        "--yes",
        "--sync-blueprint",
        token=sandbox.token,
    )
    assert first.code == 0, first.output
    assert f"Blueprint course {bp}: associated {kids[0]}, {kids[1]}" in first.output
    assert "completed" in first.output
    assert f"  course {kids[0]} (NPQLTD spring 2027 group 1): synced" in first.output
    for kid in kids:
        titles = {p.title for p in canvas.get_course(kid).get_pages()}
        assert "Welcome" in titles

    # A facilitator edits the Welcome page in group 1; the spec's Welcome page changes.
    local = canvas.get_course(kids[0]).get_page("welcome")
    local.edit(wiki_page={"body": "<p>Group 1's own welcome</p>"})
    (spec / "welcome.md").write_text("# Welcome\n\nA new welcome for every group.\n")
    second = run(
        sandbox, "apply", str(spec), "--cohort", "spring-2027", "--yes", "--sync-blueprint"
    )
    assert second.code == 4, second.output  # completed, but not everywhere
    assert f"course {kids[0]} (NPQLTD spring 2027 group 1): 1 item(s) skipped" in second.output
    assert "page 'Welcome' not updated: its copy there has local content changes" in second.output
    assert f"course {kids[1]} (NPQLTD spring 2027 group 2): synced" in second.output
    assert "skipped items in 1 course(s)" in second.output
    assert "every group" in canvas.get_course(kids[1]).get_page("welcome").body
    assert "own welcome" in canvas.get_course(kids[0]).get_page("welcome").body

    # Nothing changed since: no content writes, and nothing to sync.
    before = len(sandbox.writes())
    third = run(sandbox, "apply", str(spec), "--cohort", "spring-2027", "--yes", "--sync-blueprint")
    assert third.code == 0, third.output
    assert f"Blueprint course {bp}: nothing to sync." in third.output
    assert len(sandbox.writes()) == before


def test_applying_a_blueprint_child_directly_is_refused(sandbox, canvas, tmp_path):  # noqa: F811
    bp = make_course(canvas, "NPQLTD spring 2027 (Blueprint)", "NPQLTD-S27")
    kid = make_course(canvas, "NPQLTD spring 2027", "NPQLTD-S27")
    spec = make_cohort_spec(tmp_path / "spec", 1, kid)
    blueprint_cohort(spec, bp, [kid])
    setup = run(
        sandbox, "apply", str(spec), "--cohort", "spring-2027", "--yes", token=sandbox.token
    )
    assert setup.code == 0, setup.output
    (spec / "cohorts.yaml").write_text(
        f"cohorts:\n  - name: spring-2027\n    course: {kid}\n    start: 2027-03-01\n"
        "    course_name: NPQLTD spring 2027\n    course_code: NPQLTD-S27\n"
    )
    result = run(sandbox, "apply", str(spec), "--cohort", "spring-2027", "--yes")
    assert result.code == 1 and f"Blueprint child of course {bp}" in result.output
