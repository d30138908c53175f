"""The planner: a pure function of two snapshots, tested without any HTTP."""

from __future__ import annotations

from canvas_npq.model import Kind, Snapshot
from canvas_npq.plan import Action, PlanOptions, build_plan
from canvas_npq.plan.serialize import plan_from_dict, plan_to_dict
from tests.unit.builders import applied_manifest, res


def snapshot(*resources, order=None, manifest=None):
    return Snapshot.of(
        resources, order=order or {}, meta={"course_id": 7, "manifest": manifest or {}}
    )


def actions(plan):
    return [(c.action, str(c.address)) for c in plan.changes]


def test_everything_new_is_created_with_every_field():
    desired = snapshot(res(Kind.PAGE, "unit-1", title="Unit 1"))
    plan = build_plan(desired, snapshot())
    assert actions(plan) == [(Action.CREATE, "page.unit-1")]
    created = plan.changes[0]
    assert {f.name for f in created.fields} == {"title", "body", "published"}
    assert created.desired["title"] == "Unit 1"
    assert plan.summary() == "Plan: 1 to add, 0 to change, 0 to move, 0 to delete."


def test_identical_snapshots_plan_nothing_and_need_no_write():
    page = res(Kind.PAGE, "unit-1", canvas_id=11)
    desired = snapshot(res(Kind.PAGE, "unit-1"))
    live = snapshot(page, manifest=applied_manifest(page))
    plan = build_plan(desired, live)
    assert plan.changes == ()
    assert plan.empty


def test_missing_manifest_entry_is_bookkeeping_not_a_change():
    desired = snapshot(res(Kind.PAGE, "unit-1"))
    live = snapshot(res(Kind.PAGE, "unit-1", canvas_id=11))
    plan = build_plan(desired, live)
    assert plan.changes == ()
    assert plan.manifest_changed
    assert plan.manifest["page.unit-1"]["id"] == 11


def test_title_change_in_spec_is_an_update_of_the_same_object():
    old = res(Kind.PAGE, "unit-1", canvas_id=11, title="Old title")
    desired = snapshot(res(Kind.PAGE, "unit-1", title="New title"))
    plan = build_plan(desired, snapshot(old, manifest=applied_manifest(old)))
    assert actions(plan) == [(Action.UPDATE, "page.unit-1")]
    change = plan.changes[0]
    assert change.canvas_id == 11
    assert [(f.name, f.old, f.new, f.drift) for f in change.fields] == [
        ("title", "Old title", "New title", False)
    ]
    assert "spec" in change.reason


def test_edit_made_in_canvas_is_marked_as_drift():
    applied = res(Kind.PAGE, "unit-1", canvas_id=11, body="<p>Spec words</p>")
    edited = res(Kind.PAGE, "unit-1", canvas_id=11, body="<p>Edited in Canvas</p>")
    desired = snapshot(res(Kind.PAGE, "unit-1", body="<p>Spec words</p>"))
    plan = build_plan(desired, snapshot(edited, manifest=applied_manifest(applied)))
    (change,) = plan.changes
    assert change.action is Action.UPDATE
    assert change.drift
    assert "drift" in change.reason


def test_removed_object_is_kept_without_prune_and_deleted_with_it():
    page = res(Kind.PAGE, "old-unit", canvas_id=12, title="Old unit")
    live = snapshot(page, manifest=applied_manifest(page))
    kept = build_plan(snapshot(), live)
    assert kept.changes == ()
    assert [(str(r.address), r.canvas_id) for r in kept.retained] == [("page.old-unit", 12)]
    assert "--prune" in kept.retained[0].reason
    pruned = build_plan(snapshot(), live, PlanOptions(prune=True))
    assert actions(pruned) == [(Action.DELETE, "page.old-unit")]


def test_assignment_with_submissions_is_never_deleted_and_the_plan_says_why():
    task = res(Kind.ASSIGNMENT, "mit-1", canvas_id=5, facts={"has_submitted_submissions": True})
    plan = build_plan(
        snapshot(), snapshot(task, manifest=applied_manifest(task)), PlanOptions(prune=True)
    )
    assert plan.changes == ()
    assert "student work" in plan.retained[0].reason


def test_module_holding_foreign_items_is_not_deleted():
    module = res(Kind.MODULE, "block-9", canvas_id=3)
    live = snapshot(module, order={"module.block-9": ["foreign:99"]})
    plan = build_plan(snapshot(), live, PlanOptions(prune=True))
    assert plan.changes == ()
    assert "does not manage" in plan.retained[0].reason


def test_group_with_foreign_assignments_is_not_deleted():
    group = res(Kind.ASSIGNMENT_GROUP, "old", canvas_id=4, facts={"assignments": ("foreign:8",)})
    plan = build_plan(snapshot(), snapshot(group), PlanOptions(prune=True))
    assert plan.changes == ()
    assert "would delete them" in plan.retained[0].reason


def test_deletes_come_items_first_then_modules_then_content():
    item = res(Kind.MODULE_ITEM, "u1", canvas_id=31, content="page.u1", module="module.b1")
    module = res(Kind.MODULE, "b1", canvas_id=21)
    page = res(Kind.PAGE, "u1", canvas_id=11)
    live = snapshot(page, module, item, order={"module.b1": ["module_item.u1"]})
    plan = build_plan(snapshot(), live, PlanOptions(prune=True))
    assert [str(c.address) for c in plan.changes] == ["module_item.u1", "module.b1", "page.u1"]


def test_new_items_are_placed_after_their_previous_sibling():
    first = res(Kind.MODULE_ITEM, "a", canvas_id=1, type="SubHeader", title="A")
    desired = snapshot(
        res(Kind.MODULE_ITEM, "a", type="SubHeader", title="A"),
        res(Kind.MODULE_ITEM, "b", type="SubHeader", title="B"),
        order={"module.block-1": ["module_item.a", "module_item.b"]},
    )
    live = snapshot(first, order={"module.block-1": ["module_item.a", "foreign:50"]})
    plan = build_plan(desired, live)
    (create,) = plan.changes
    assert (create.action, create.after) == (Action.CREATE, "module_item.a")


def test_reordering_moves_the_fewest_objects():
    items = [
        res(Kind.MODULE_ITEM, k, canvas_id=i, type="SubHeader", title=k)
        for i, k in enumerate("abcd", start=1)
    ]
    desired = snapshot(
        *[res(Kind.MODULE_ITEM, k, type="SubHeader", title=k) for k in "abcd"],
        order={"module.block-1": [f"module_item.{k}" for k in "abcd"]},
    )
    live = snapshot(*items, order={"module.block-1": [f"module_item.{k}" for k in "dabc"]})
    plan = build_plan(desired, live)
    assert actions(plan) == [(Action.MOVE, "module_item.d")]
    assert plan.changes[0].after == "module_item.c"


def test_item_moved_to_another_block_is_a_move_with_the_module_field():
    item = res(Kind.MODULE_ITEM, "u1", canvas_id=9, type="SubHeader", title="x", module="module.b1")
    desired = snapshot(
        res(Kind.MODULE_ITEM, "u1", type="SubHeader", title="x", module="module.b2"),
        order={"module.b2": ["module_item.u1"]},
    )
    live = snapshot(item, order={"module.b1": ["module_item.u1"], "module.b2": []})
    plan = build_plan(desired, live)
    (move,) = plan.changes
    assert move.action is Action.MOVE
    assert [(f.name, f.old, f.new) for f in move.fields] == [("module", "module.b1", "module.b2")]


def test_changing_an_items_content_replaces_it():
    item = res(Kind.MODULE_ITEM, "x", canvas_id=9, type="SubHeader", title="x")
    desired = snapshot(
        res(
            Kind.MODULE_ITEM, "x", type="ExternalUrl", title="x", external_url="https://example.org"
        )
    )
    plan = build_plan(desired, snapshot(item))
    assert plan.changes[0].action is Action.REPLACE
    assert "type" in plan.changes[0].reason


def test_plan_round_trips_through_json():
    old = res(Kind.ASSIGNMENT, "mit-1", canvas_id=5, name="Old")
    desired = snapshot(res(Kind.ASSIGNMENT, "mit-1", name="New"), res(Kind.PAGE, "p", title="P"))
    plan = build_plan(desired, snapshot(old, manifest=applied_manifest(old)))
    again = plan_from_dict(plan_to_dict(plan))
    assert again == plan


def test_live_fingerprint_changes_when_canvas_changes():
    a = snapshot(res(Kind.PAGE, "p", canvas_id=1, title="A"))
    b = snapshot(res(Kind.PAGE, "p", canvas_id=1, title="B"))
    desired = snapshot(res(Kind.PAGE, "p", title="A"))
    assert build_plan(desired, a).live_fingerprint != build_plan(desired, b).live_fingerprint


def test_a_content_item_is_shown_under_the_title_of_what_it_links_to():
    desired = snapshot(
        res(Kind.PAGE, "u1", title="1.1a Effective PD"),
        res(Kind.MODULE_ITEM, "u1", content="page.u1"),
        res(Kind.MODULE_ITEM, "head", type="SubHeader", title="Self-study"),
    )
    titles = {str(c.address): c.title for c in build_plan(desired, snapshot()).changes}
    assert titles["module_item.u1"] == "page: 1.1a Effective PD"
    assert titles["module_item.head"] == "Self-study"
