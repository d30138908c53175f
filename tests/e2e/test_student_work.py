"""Student work survives every apply: an assignment with submissions is never deleted or
unpublished, by --prune or otherwise, and plan and apply say why."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

ASSIGNMENTS = ("MIT 1: Exploring", "Final written assessment")


def _submit_to_every_assignment(course) -> dict[int, int]:
    counts = {}
    for assignment in course.course.get_assignments():
        if assignment.name not in ASSIGNMENTS:
            continue
        for text in ("My plan", "My second attempt"):
            assignment.submit(submission={"submission_type": "online_text_entry", "body": text})
        counts[assignment.id] = 2
    assert len(counts) == len(ASSIGNMENTS)
    return counts


def _assert_work_intact(course, counts: dict[int, int]) -> None:
    for assignment_id, expected in counts.items():
        assignment = course.course.get_assignment(assignment_id)
        assert assignment.published, assignment.name
        assert assignment.has_submitted_submissions
        submissions = [s for s in assignment.get_submissions() if s.workflow_state != "deleted"]
        assert len(submissions) == expected, assignment.name


def _edit(course, old: str, new: str) -> None:
    path = course.spec / "course.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_applies_that_would_unpublish_or_delete_submitted_work_keep_it(course):
    assert course.cli("apply", "--yes").code == 0
    counts = _submit_to_every_assignment(course)

    # The spec unpublishes both and changes one: the change is made, the unpublish not.
    _edit(
        course,
        "        grading: complete_incomplete\n",
        "        grading: complete_incomplete\n        published: false\n",
    )
    _edit(course, "        points: 100\n", "        points: 80\n        published: false\n")
    plan = course.cli("plan")
    assert plan.output.count("stays published: it has student submissions") == 2, plan.output
    applied = course.cli("apply", "--yes")
    assert applied.code == 0, applied.output
    assert "stays published" in applied.output
    assert course.cli("apply", "--yes").code == 0  # and it stays so, without failing
    _assert_work_intact(course, counts)
    final = next(a for a in course.course.get_assignments() if a.name == ASSIGNMENTS[1])
    assert final.points_possible == 80

    # Both leave the spec, with their groups; --prune deletes neither.
    text = (course.spec / "course.yaml").read_text(encoding="utf-8")
    mit = text.index("      - type: mit")
    text = text[:mit] + text[text.index("  - id: block-2") :]
    final_item = text.index("      - type: assignment")
    text = text[:final_item] + text[text.index("      - type: discussion") :]
    groups = text.index("assignment_groups:")
    text = text[:groups] + text[text.index("pages:") :]
    (course.spec / "course.yaml").write_text(text, encoding="utf-8")
    plan = course.cli("plan", "--prune")
    assert plan.output.count("has student submissions") == 2, plan.output
    assert "holds assignments that are kept" in plan.output
    # The marking goes with the work: MIT 1's rubric and the outcome it is aligned to
    # (2g) are kept; 2h, which only the spec named, is deleted.
    assert "rubric           MIT 1 rubric" in plan.output
    assert "its marking is student work" in plan.output
    assert "the kept rubric 'MIT 1 rubric' is aligned to it" in plan.output
    applied = course.cli("apply", "--yes", "--prune")
    assert applied.code == 0, applied.output
    assert "has student submissions" in applied.output
    _assert_work_intact(course, counts)
    mit = next(a for a in course.course.get_assignments() if a.name == ASSIGNMENTS[0])
    assert mit.rubric and mit.rubric_settings["title"] == "MIT 1 rubric"
    outcomes = {
        link.outcome["title"].split()[0]
        for link in course.course.get_all_outcome_links_in_context()
    }
    assert "2g" in outcomes and "2h" not in outcomes, outcomes


def test_a_marked_submission_keeps_its_rubric_and_assessment_under_prune(course):
    # A facilitator marks MIT 1 against its rubric (a rubric assessment); the MIT then
    # leaves the spec and apply runs with --prune: the rubric, and with it the marking,
    # stays, as do the assignment and the submission.
    assert course.cli("apply", "--yes").code == 0
    mit = next(a for a in course.course.get_assignments() if a.name == ASSIGNMENTS[0])
    submission = mit.submit(submission={"submission_type": "online_text_entry", "body": "Plan"})
    store = course.sandbox.store
    association = next(
        a
        for a in store.live(store.rubric_associations)
        if a.association_type == "Assignment" and a.association_id == mit.id
    )
    rubric = store.rubrics[association.rubric_id]
    criterion = rubric.criteria[0]
    top = max(r["points"] for r in criterion["ratings"])
    marked = course.canvas._Canvas__requester.request(  # the facilitator marks the work
        "POST",
        f"courses/{course.course_id}/rubric_associations/{association.id}/rubric_assessments",
        _kwargs=[
            ("rubric_assessment[user_id]", submission.user_id),
            ("rubric_assessment[assessment_type]", "grading"),
            (f"rubric_assessment[criterion_{criterion['id']}][points]", top),
        ],
    )
    assessment_id = marked.json()["id"]

    text = (course.spec / "course.yaml").read_text(encoding="utf-8")
    start = text.index("      - type: mit")
    text = text[:start] + text[text.index("  - id: block-2") :]
    (course.spec / "course.yaml").write_text(text, encoding="utf-8")
    applied = course.cli("apply", "--yes", "--prune")
    assert applied.code == 0, applied.output
    assert "its marking is student work" in applied.output

    kept = store.get(store.rubric_assessments, assessment_id)
    assert kept is not None and kept.score == top  # the marking survives
    assert store.get(store.rubrics, rubric.id) is not None
    mit = course.course.get_assignment(mit.id)
    assert mit.rubric_settings["id"] == rubric.id  # still graded by it
    assert course.cli("apply", "--yes", "--prune").code == 0  # and stays so
    assert store.get(store.rubric_assessments, assessment_id) is not None
