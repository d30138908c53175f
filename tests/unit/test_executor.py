"""The executor against a hand-written fake writer that can be told to fail."""

from __future__ import annotations

import itertools
import threading

import pytest

from canvas_npq.apply import AnySignal, ApplyFailed, apply_plan
from canvas_npq.model import Kind, Snapshot
from canvas_npq.plan import PlanOptions, build_plan
from tests.unit.builders import applied_manifest, res


class FakeWriter:
    def __init__(self, fail_on: str | None = None) -> None:
        self.calls: list[tuple] = []
        self.manifests: list[dict] = []
        self.writes = 0
        self.fail_on = fail_on
        self.ids = itertools.count(100)
        self.keys: dict[int, str] = {}  # Canvas id -> the key it was created for

    def _record(self, *call):
        if self.fail_on and self.fail_on in call:
            raise RuntimeError("Canvas said no")
        self.writes += 1
        self.calls.append(call)

    def create(self, kind, key, fields, resolve, position):
        refs = {
            n: resolve(v)
            for n, v in fields.items()
            if n in ("module", "content", "assignment_group") and v
        }
        self._record("create", kind.value, key, position, tuple(sorted(refs.items())))
        canvas_id = next(self.ids)
        self.keys[canvas_id] = key
        return canvas_id

    def update(self, kind, canvas_id, fields, resolve):
        self._record("update", kind.value, canvas_id, tuple(sorted(fields)))
        return True

    def update_item(
        self, canvas_id, item_type, module, fields, resolve, position=None, new_module=None
    ):
        self._record(
            "update_item",
            canvas_id,
            resolve(module),
            position,
            resolve(new_module) if new_module else None,
        )
        return True

    def move(self, kind, canvas_id, position):
        self._record("move", kind.value, canvas_id, position)

    def delete(self, kind, canvas_id, module=None):
        self._record("delete", kind.value, canvas_id, module)

    def publish_modules(self, canvas_ids):
        self._record("publish_modules", "module", tuple(canvas_ids))

    def write_manifest(self, objects, owner=None):
        self.writes += 1
        self.manifests.append(dict(objects))


def snap(*resources, order=None, manifest=None):
    return Snapshot.of(
        resources, order=order or {}, meta={"course_id": 1, "manifest": manifest or {}}
    )


def first_apply_plan():
    desired = snap(
        res(Kind.ASSIGNMENT_GROUP, "tasks"),
        res(Kind.PAGE, "u1", block="b1"),
        res(Kind.ASSIGNMENT, "mit-1", block="b1"),
        res(Kind.MODULE, "b1", block="b1"),
        res(Kind.MODULE_ITEM, "u1", module="module.b1", content="page.u1", block="b1"),
        res(
            Kind.MODULE_ITEM,
            "mit-1",
            module="module.b1",
            type="Assignment",
            content="assignment.mit-1",
            block="b1",
        ),
        order={
            "course:assignment_groups": ["assignment_group.tasks"],
            "course:modules": ["module.b1"],
            "module.b1": ["module_item.u1", "module_item.mit-1"],
        },
    )
    return build_plan(desired, snap())


def test_first_apply_creates_in_dependency_order_with_positions_and_resolved_ids():
    writer = FakeWriter()
    result = apply_plan(first_apply_plan(), writer)
    assert [c[:4] for c in writer.calls] == [
        ("create", "assignment_group", "tasks", 1),
        ("create", "page", "u1", None),
        ("create", "assignment", "mit-1", None),
        ("create", "module", "b1", 1),
        ("create", "module_item", "u1", 1),
        ("create", "module_item", "mit-1", 2),
        ("publish_modules", "module", (103,)),  # new modules published with their items, once
    ]
    # the assignment was created in group 100, the items in module 103
    assert writer.calls[2][4] == (("assignment_group", 100),)
    assert writer.calls[4][4] == (("content", 101), ("module", 103))
    assert writer.manifests[-1]["module_item.mit-1"]["id"] == 105
    assert len(result.applied) == 6
    # six creates, the module's publish, the pending record written before the first
    # module, the final manifest
    assert result.writes == 9
    assert writer.manifests[0]["module.b1"]["pending"]["name"]
    assert writer.manifests[0]["module_item.u1"]["pending"]["content"] == "page.u1"
    assert "pending" not in writer.manifests[-1]["module.b1"]


def test_positions_account_for_objects_canvas_npq_does_not_own():
    a = res(Kind.MODULE_ITEM, "a", canvas_id=1, type="SubHeader", title="A", module="module.b1")
    module = res(Kind.MODULE, "b1", canvas_id=40)
    desired = snap(
        res(Kind.MODULE, "b1"),
        res(Kind.MODULE_ITEM, "a", type="SubHeader", title="A", module="module.b1"),
        res(Kind.MODULE_ITEM, "b", type="SubHeader", title="B", module="module.b1"),
        order={"module.b1": ["module_item.a", "module_item.b"], "course:modules": ["module.b1"]},
    )
    live = snap(
        module,
        a,
        order={
            "module.b1": ["foreign:9", "module_item.a", "foreign:10"],
            "course:modules": ["module.b1"],
        },
        manifest=applied_manifest(module, a),
    )
    writer = FakeWriter()
    apply_plan(build_plan(desired, live), writer)
    assert writer.calls[0][:4] == ("create", "module_item", "b", 3)


def test_a_move_is_sent_with_the_new_position():
    items = [
        res(Kind.MODULE_ITEM, k, canvas_id=i, type="SubHeader", title=k, module="module.b1")
        for i, k in enumerate("abc", start=1)
    ]
    module = res(Kind.MODULE, "b1", canvas_id=40)
    desired = snap(
        res(Kind.MODULE, "b1"),
        *[res(Kind.MODULE_ITEM, k, type="SubHeader", title=k, module="module.b1") for k in "abc"],
        order={"module.b1": [f"module_item.{k}" for k in "abc"], "course:modules": ["module.b1"]},
    )
    live = snap(
        module,
        *items,
        order={"module.b1": [f"module_item.{k}" for k in "cab"], "course:modules": ["module.b1"]},
        manifest=applied_manifest(module, *items),
    )
    writer = FakeWriter()
    apply_plan(build_plan(desired, live), writer)
    assert writer.calls == [("update_item", 3, 40, 3, None)]


def test_failure_part_way_records_what_was_created_and_reports_it():
    writer = FakeWriter(fail_on="mit-1")
    with pytest.raises(ApplyFailed) as failed:
        apply_plan(first_apply_plan(), writer)
    assert str(failed.value.change.address) == "assignment.mit-1"
    assert [a.change.address.key for a in failed.value.result.applied] == ["tasks", "u1"]
    assert set(writer.manifests[-1]) == {"assignment_group.tasks", "page.u1"}


def test_prune_deletes_items_with_their_module_id():
    item = res(Kind.MODULE_ITEM, "u1", canvas_id=31, content="page.u1", module="module.b1")
    module = res(Kind.MODULE, "b1", canvas_id=21)
    live = snap(
        module,
        item,
        order={"module.b1": ["module_item.u1"]},
        manifest=applied_manifest(module, item),
    )
    writer = FakeWriter()
    apply_plan(build_plan(snap(), live, PlanOptions(prune=True)), writer)
    assert writer.calls == [("delete", "module_item", 31, 21), ("delete", "module", 21, None)]
    assert writer.manifests == [{}]


def test_empty_plan_sends_nothing():
    page = res(Kind.PAGE, "u1", canvas_id=5)
    plan = build_plan(snap(res(Kind.PAGE, "u1")), snap(page, manifest=applied_manifest(page)))
    writer = FakeWriter()
    apply_plan(plan, writer)
    assert writer.writes == 0


def test_items_of_each_module_are_created_together_and_in_order():
    items = {
        "module.b1": ["module_item.b1-a", "module_item.b1-b", "module_item.b1-c"],
        "module.b2": ["module_item.b2-a", "module_item.b2-b"],
    }
    resources = [res(Kind.MODULE, "b1"), res(Kind.MODULE, "b2", name="Block 2")]
    for module, entries in items.items():
        for entry in entries:
            key = entry.split(".", 1)[1]
            resources.append(res(Kind.MODULE_ITEM, key, module=module, type="SubHeader", title=key))
    desired = snap(*resources, order={"course:modules": ["module.b1", "module.b2"], **items})
    writer = FakeWriter()
    apply_plan(build_plan(desired, snap()), writer)
    created = [(c[2], c[3]) for c in writer.calls if c[1] == "module_item"]
    assert created == [("b1-a", 1), ("b1-b", 2), ("b1-c", 3), ("b2-a", 1), ("b2-b", 2)]


class _Lost:
    """A stop signal that is set after ``after`` checks, as a lost lock would be."""

    def __init__(self, after: int) -> None:
        self.checks = 0
        self.after = after
        self.reason = "stopped: the lock of course 7 was removed by another run"

    def is_set(self) -> bool:
        self.checks += 1
        return self.checks > self.after


@pytest.mark.parametrize("concurrency", [1, 4])
def test_a_stop_signal_ends_the_run_before_the_next_write_and_says_why(concurrency):
    writer = FakeWriter()
    with pytest.raises(ApplyFailed) as failed:
        apply_plan(
            first_apply_plan(),
            writer,
            stop=AnySignal(threading.Event(), _Lost(after=1)),
            concurrency=concurrency,
        )
    assert "removed by another run before this change" in str(failed.value)
    # one write before the signal (a change, or the announcement of the modules and
    # items to come, which the longest chain waits for), then the record of what was done
    assert len(writer.calls) + len(writer.manifests[:-1]) == 1
    assert len(failed.value.result.applied) == len(writer.calls)
    assert writer.manifests  # what was done is recorded


def test_a_replaced_object_is_recorded_under_its_new_id():
    # a module item whose type changed is deleted and made again: it carries no marker,
    # so only the manifest makes the next read find it
    module = res(Kind.MODULE, "b1", canvas_id=40)
    old = res(Kind.MODULE_ITEM, "h", canvas_id=31, type="SubHeader", title="H", module="module.b1")
    desired = snap(
        res(Kind.MODULE, "b1"),
        res(Kind.MODULE_ITEM, "h", type="ExternalUrl", title="H", module="module.b1",
            external_url="https://example.org/"),
        order={"module.b1": ["module_item.h"], "course:modules": ["module.b1"]},
    )  # fmt: skip
    live = snap(
        module,
        old,
        order={"module.b1": ["module_item.h"], "course:modules": ["module.b1"]},
        manifest=applied_manifest(module, old),
    )
    plan = build_plan(desired, live)
    assert [c.action.value for c in plan.changes] == ["replace"]
    writer = FakeWriter()
    apply_plan(plan, writer)
    assert [c[:3] for c in writer.calls] == [
        ("delete", "module_item", 31),
        ("create", "module_item", "h"),
    ]
    assert writer.manifests[-1]["module_item.h"]["id"] == 100
