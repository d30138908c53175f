"""A saved plan is checked again at apply: every change against the live course and the
rules that ``build_plan`` plans by (no HTTP: snapshots built by hand)."""

from __future__ import annotations

from dataclasses import replace

from canvas_npq.model import Address, Kind, Resource, Snapshot
from canvas_npq.plan import Action, PlanOptions, build_plan
from canvas_npq.plan.guard import check_plan
from canvas_npq.plan.model import Change, FieldChange
from tests.unit.builders import applied_manifest, res


def snapshot(*resources, order=None, manifest=None):
    return Snapshot.of(
        resources, order=order or {}, meta={"course_id": 7, "manifest": manifest or {}}
    )


def rubric(key: str, canvas_id: int, assignment: str, outcomes: tuple[str, ...]) -> Resource:
    criteria = [
        {"description": o, "long_description": "", "use_range": False, "outcome": o,
         "ratings": ()}
        for o in outcomes
    ]  # fmt: skip
    fields = {
        "title": f"{key} rubric",
        "assignment": assignment,
        "use_for_grading": False,
        "free_form_criterion_comments": False,
        "criteria": criteria,
    }
    return Resource(Address(Kind.RUBRIC, key), fields, canvas_id=canvas_id)


def outcome(key: str, canvas_id: int) -> Resource:
    fields = {"title": key, "display_name": "", "description": "", "vendor_guid": f"x:{key}",
              "group": "outcome_group.area-2"}  # fmt: skip
    return Resource(Address(Kind.OUTCOME, key), fields, canvas_id=canvas_id)


def outcome_group(key: str, canvas_id: int) -> Resource:
    fields = {"title": key, "description": "", "vendor_guid": f"x:{key}", "parent": None}
    return Resource(Address(Kind.OUTCOME_GROUP, key), fields, canvas_id=canvas_id)


SUBMITTED = {"has_submitted_submissions": True}


def marked_course() -> Snapshot:
    """An MIT with submissions, its rubric aligned to 2g, and 2h aligned to nothing."""
    mit = res(Kind.ASSIGNMENT, "mit-1", canvas_id=5, facts=SUBMITTED)
    parts = (
        mit,
        rubric("mit-1", 9, "assignment.mit-1", ("outcome.2g",)),
        outcome("2g", 20),
        outcome("2h", 21),
        outcome_group("area-2", 19),
        res(Kind.PAGE, "welcome", canvas_id=11),
    )
    return snapshot(*parts, manifest=applied_manifest(*parts))


def test_an_assignment_with_submissions_keeps_its_rubric_and_aligned_outcomes_under_prune():
    plan = build_plan(snapshot(), marked_course(), PlanOptions(prune=True))
    deleted = {str(c.address) for c in plan.changes if c.action is Action.DELETE}
    kept = {str(r.address): r.reason for r in plan.retained}
    assert deleted == {"outcome.2h", "page.welcome"}
    assert "its marking is student work" in kept["rubric.mit-1"]
    assert "kept rubric 'mit-1 rubric' is aligned to it" in kept["outcome.2g"]
    assert kept["outcome_group.area-2"] == "holds outcomes that are kept"
    assert "student work" in kept["assignment.mit-1"]


def test_every_plan_build_plan_makes_passes_the_check():
    live = marked_course()
    for prune in (False, True):
        plan = build_plan(snapshot(res(Kind.PAGE, "new")), live, PlanOptions(prune=prune))
        assert check_plan(plan, live) == []


def _plan_with(live: Snapshot, *changes: Change):
    base = build_plan(snapshot(), live, PlanOptions(prune=True))
    return replace(base, changes=base.changes + changes)


def test_an_added_delete_of_student_work_or_its_marking_is_refused():
    live = marked_course()
    for address, canvas_id in (("assignment.mit-1", 5), ("rubric.mit-1", 9), ("outcome.2g", 20)):
        change = Change(Action.DELETE, Address.parse(address), "x", canvas_id=canvas_id)
        problems = check_plan(_plan_with(live, change), live)
        assert len(problems) == 1 and "never deleted" in problems[0], problems


def test_a_change_to_an_object_canvas_npq_does_not_own_is_refused():
    live = marked_course()  # canvas id 77 is a hand-made page: not in the snapshot
    hand_made = Change(Action.DELETE, Address(Kind.PAGE, "theirs"), "Theirs", canvas_id=77)
    retargeted = Change(
        Action.UPDATE, Address(Kind.PAGE, "welcome"), "Welcome", canvas_id=77,
        fields=(FieldChange("title", "A page", "Mine now"),),
    )  # fmt: skip
    problems = check_plan(_plan_with(live, hand_made, retargeted), live)
    assert any("owns no such object" in p for p in problems), problems
    assert any("names Canvas id 77" in p for p in problems), problems


def test_unpublishing_student_work_is_refused():
    live = marked_course()
    change = Change(
        Action.UPDATE, Address(Kind.ASSIGNMENT, "mit-1"), "MIT 1", canvas_id=5,
        fields=(FieldChange("published", True, False),),
    )  # fmt: skip
    [problem] = check_plan(_plan_with(live, change), live)
    assert "unpublishes an assignment with student submissions" in problem


def test_a_manifest_that_claims_an_object_is_refused():
    live = marked_course()
    plan = build_plan(snapshot(), live, PlanOptions(prune=False))
    forged = dict(plan.manifest)
    forged["page.theirs"] = {"id": 77, "applied": {}}
    forged["page.welcome"] = {"id": 78, "applied": {}}
    problems = check_plan(replace(plan, manifest=forged), live)
    assert len(problems) == 2 and all("does not give it" in p for p in problems), problems


def test_a_plan_for_another_course_or_with_unknown_fields_is_refused():
    live = marked_course()
    plan = build_plan(snapshot(res(Kind.PAGE, "new")), live)
    assert "not 7" in check_plan(replace(plan, course_id=8), live)[0]
    create = replace(plan.changes[0], desired={**plan.changes[0].desired, "editing_roles": "x"})
    [problem] = check_plan(replace(plan, changes=(create,)), live)
    assert "editing_roles" in problem


def test_pruning_a_module_item_whose_content_stays_passes_the_check():
    page = res(Kind.PAGE, "u1", canvas_id=11)
    item = res(Kind.MODULE_ITEM, "u1", canvas_id=31, content="page.u1", module="module.b1")
    module = res(Kind.MODULE, "b1", canvas_id=21)
    order = {"module.b1": ["module_item.u1"]}
    live = snapshot(page, module, item, order=order, manifest=applied_manifest(page, module, item))
    desired = snapshot(page, module, order={"module.b1": []})
    plan = build_plan(desired, live, PlanOptions(prune=True))
    assert [(c.action, str(c.address)) for c in plan.changes] == [(Action.DELETE, "module_item.u1")]
    assert check_plan(plan, live) == []
    # but the module cannot go while the page's item, not deleted, is in it
    module_delete = Change(Action.DELETE, module.address, "b1", canvas_id=21)
    kept_item = replace(plan, changes=(module_delete,))
    [problem] = check_plan(kept_item, live)
    assert "holds items that are kept" in problem


def test_a_rubric_that_marks_student_work_is_not_moved_to_another_assignment():
    live = marked_course()
    have = live.get(Address(Kind.RUBRIC, "mit-1"))
    moved = Resource(
        have.address, {**have.fields, "assignment": "assignment.mit-2"}, canvas_id=None
    )
    desired = snapshot(*[r for r in live if r.address != have.address], moved)
    plan = build_plan(desired, live)
    assert not [c for c in plan.changes if c.address == have.address]
    assert any("not moved to another assignment" in w for w in plan.warnings)
    assert check_plan(plan, live) == []
