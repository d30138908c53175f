"""Assignment group positions: Canvas stores a group's position as sent and moves no
other group, so once apply places a group it gives its own groups their places."""

from __future__ import annotations

from canvas_npq.apply import apply_plan
from canvas_npq.model import Kind
from canvas_npq.plan import build_plan
from tests.unit.builders import applied_manifest, res
from tests.unit.test_executor import FakeWriter, snap

ORDER = "course:assignment_groups"


def group(key: str, canvas_id: int | None = None):
    return res(Kind.ASSIGNMENT_GROUP, key, canvas_id)


def live(*keys_and_ids: tuple[str, int]):
    groups = [group(k, i) for k, i in keys_and_ids]
    return snap(
        *groups,
        order={ORDER: [f"assignment_group.{k}" for k, _ in keys_and_ids]},
        manifest=applied_manifest(*groups),
    )


def desired(*keys: str):
    return snap(*(group(k) for k in keys), order={ORDER: [f"assignment_group.{k}" for k in keys]})


def test_a_group_created_first_gives_the_others_their_new_places():
    plan = build_plan(desired("new", "a", "b"), live(("a", 10), ("b", 11)))
    writer = FakeWriter()
    apply_plan(plan, writer)
    assert writer.calls == [
        ("create", "assignment_group", "new", 1, ()),
        ("move", "assignment_group", 10, 2),  # a tied with the new group at 1
        ("move", "assignment_group", 11, 3),
    ]


def test_groups_placed_at_their_final_places_are_not_sent_again():
    plan = build_plan(desired("a", "b", "c"), snap())
    writer = FakeWriter()
    apply_plan(plan, writer)
    assert [c[0] for c in writer.calls] == ["create", "create", "create"]
    assert [c[3] for c in writer.calls] == [1, 2, 3]


def test_nothing_is_renumbered_when_no_group_is_placed():
    plan = build_plan(desired("a", "b"), live(("a", 10), ("b", 11)))
    writer = FakeWriter()
    apply_plan(plan, writer)
    assert not [c for c in writer.calls if c[0] == "move"]
