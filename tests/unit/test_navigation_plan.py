"""Planning navigation tabs and course settings: pure, table-driven, no HTTP.

A small fake of Canvas's tab list (remove the tab, insert it at position - 1, as
TabsController#update does) applies a plan the way the executor orders it, so the
tests prove one apply reaches the spec and a second plan is empty.
"""

from __future__ import annotations

import pytest

from canvas_npq.apply import apply_plan
from canvas_npq.model import Address, Kind, Resource, Snapshot
from canvas_npq.plan import Action, PlanOptions, build_plan
from tests.unit.builders import applied_manifest

COURSE_ID = 7


def tab(key: str, canvas_id: int | None = None, **fields: object) -> Resource:
    return Resource(Address(Kind.TAB, key), fields, canvas_id=canvas_id)


def settings(canvas_id: int | None = None, **fields: bool) -> Resource:
    return Resource(Address(Kind.COURSE_SETTINGS, "course"), fields, canvas_id=canvas_id)


def snapshot(*resources: Resource, manifest: dict | None = None) -> Snapshot:
    return Snapshot.of(resources, meta={"course_id": COURSE_ID, "manifest": manifest or {}})


class FakeTabs:
    """Canvas's tab list for one course: Home first, Settings last, moves re-insert."""

    def __init__(self, order: list[str], hidden: set[str] | None = None) -> None:
        self.order = list(order)
        self.hidden = set(hidden or ())
        self.settings: dict[str, bool] = {}
        self.writes: int = 0

    def live(self, manifest: dict | None = None) -> Snapshot:
        tabs = [
            tab(key, COURSE_ID, hidden=key in self.hidden, position=index + 2)
            for index, key in enumerate(self.order)
        ]
        return snapshot(*tabs, settings(COURSE_ID, **self.settings), manifest=manifest)

    # -- the writer port, as far as tabs and settings need it --------------------------

    def update_tab(self, tab_id: str, fields: dict) -> bool:
        self.writes += 1
        if "hidden" in fields:
            (self.hidden.add if fields["hidden"] else self.hidden.discard)(tab_id)
        if fields.get("position") is not None:
            position = int(fields["position"])
            assert 1 < position <= len(self.order) + 1, "Canvas: That tab location is invalid"
            self.order.remove(tab_id)
            self.order.insert(position - 2, tab_id)
        return True

    def update(self, kind, canvas_id, fields, resolve) -> bool:
        assert kind is Kind.COURSE_SETTINGS
        self.writes += 1
        self.settings.update(fields)
        return True

    def write_manifest(self, objects, owner=None) -> None:
        self.manifest = dict(objects)


def desired_navigation(order: list[str], hidden: list[str] = ()) -> list[Resource]:
    resources = [
        tab(key, hidden=key in hidden, position=index + 2) for index, key in enumerate(order)
    ]
    return resources + [tab(key, hidden=True) for key in hidden if key not in order]


ALL = ["announcements", "assignments", "discussions", "grades", "people", "pages", "modules"]


@pytest.mark.parametrize(
    ("live_order", "wanted"),
    [
        (ALL, ["modules", "announcements", "discussions", "grades"]),
        (ALL, ["grades", "discussions", "announcements"]),
        (ALL, ["announcements", "assignments"]),  # already in place
        (["modules", "grades", *ALL[:3]], ["announcements", "modules", "grades"]),
        (list(reversed(ALL)), ALL),
        (ALL, ["people"]),
    ],
)
def test_one_apply_reaches_the_spec_order_and_the_next_plan_is_empty(live_order, wanted):
    canvas = FakeTabs(live_order)
    desired = snapshot(*desired_navigation(wanted))
    plan = build_plan(desired, canvas.live())
    apply_plan(plan, canvas)
    assert canvas.order[: len(wanted)] == wanted
    assert sorted(canvas.order) == sorted(live_order)  # unmanaged tabs stay in the course
    again = build_plan(desired, canvas.live(canvas.manifest))
    assert again.changes == ()


def test_tabs_already_in_place_plan_nothing():
    canvas = FakeTabs(ALL)
    plan = build_plan(snapshot(*desired_navigation(ALL[:3])), canvas.live())
    assert plan.changes == ()


def test_a_tab_only_shifted_by_another_move_is_placed_again_and_says_why():
    canvas = FakeTabs(["announcements", "assignments", "discussions", "modules"])
    desired = snapshot(*desired_navigation(["modules", "announcements", "discussions"]))
    plan = build_plan(desired, canvas.live())
    by_key = {c.address.key: c for c in plan.changes}
    assert [(f.old, f.new) for f in by_key["modules"].fields] == [(5, 2)]
    assert [(f.old, f.new) for f in by_key["announcements"].fields] == [(2, 3)]
    # discussions reads 4, as wanted, but moving modules up shifts it to 5.
    assert [(f.old, f.new) for f in by_key["discussions"].fields] == [(4, 4)]
    assert by_key["discussions"].reason == "placed again: moving the tabs before it shifts it"
    apply_plan(plan, canvas)
    assert canvas.order == ["modules", "announcements", "discussions", "assignments"]


def test_hiding_is_a_field_change_with_drift_from_the_manifest():
    desired_tab = tab("quizzes", hidden=True)
    live_tab = tab("quizzes", COURSE_ID, hidden=False, position=5)
    manifest = applied_manifest(tab("quizzes", COURSE_ID, hidden=True))
    plan = build_plan(snapshot(desired_tab), snapshot(live_tab, manifest=manifest))
    (change,) = plan.changes
    assert change.action is Action.UPDATE
    assert [(f.name, f.old, f.new, f.drift) for f in change.fields] == [
        ("hidden", False, True, True)
    ]


def test_tabs_and_settings_the_spec_does_not_name_are_never_changed_or_deleted():
    live = snapshot(
        tab("people", COURSE_ID, hidden=True, position=3),
        settings(COURSE_ID, hide_final_grades=True, lock_all_announcements=True),
    )
    desired = snapshot(settings(hide_final_grades=True))
    plan = build_plan(desired, live, PlanOptions(prune=True))
    assert plan.changes == ()
    assert plan.retained == ()


def test_only_the_settings_named_are_compared():
    live = snapshot(settings(COURSE_ID, hide_final_grades=False, lock_all_announcements=True))
    plan = build_plan(snapshot(settings(hide_final_grades=True)), live)
    (change,) = plan.changes
    assert [(f.name, f.old, f.new) for f in change.fields] == [("hide_final_grades", False, True)]


def test_a_named_tab_the_course_lacks_is_a_warning_not_a_create():
    live = snapshot(tab("modules", COURSE_ID, hidden=False, position=2))
    plan = build_plan(snapshot(tab("conferences", hidden=True)), live)
    assert plan.changes == ()
    assert any("'conferences' is not in this course's navigation" in w for w in plan.warnings)


def test_tabs_not_read_at_all_say_how_to_read_them():
    plan = build_plan(snapshot(tab("quizzes", hidden=True)), snapshot())
    assert plan.changes == ()
    assert any("was not read from Canvas" in w and "managing=" in w for w in plan.warnings)


def test_the_text_plan_says_why_a_tab_is_placed_again():
    from canvas_npq.render.text import render_plan

    canvas = FakeTabs(["announcements", "assignments", "discussions", "modules"])
    desired = snapshot(*desired_navigation(["modules", "announcements", "discussions"]))
    text = render_plan(build_plan(desired, canvas.live()))
    assert "position: 4 → 4" in text
    assert "why: placed again: moving the tabs before it shifts it" in text


def test_a_tab_the_course_lacks_leaves_no_gap_in_the_order():
    canvas = FakeTabs(["announcements", "discussions", "grades", "modules"])
    wanted = ["modules", "conferences", "announcements", "discussions", "grades"]
    desired = snapshot(*desired_navigation(wanted))
    plan = build_plan(desired, canvas.live())
    apply_plan(plan, canvas)  # the fake refuses a position past the end, as Canvas does
    assert canvas.order == ["modules", "announcements", "discussions", "grades"]
    assert any("'conferences' is not in this course's navigation" in w for w in plan.warnings)
    assert build_plan(desired, canvas.live(canvas.manifest)).changes == ()
