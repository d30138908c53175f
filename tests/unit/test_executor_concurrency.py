"""The executor with ``concurrency > 1``: independent writes side by side, order kept
where it matters, failures reported with everything that was applied."""

from __future__ import annotations

import threading
import time

import pytest

from canvas_npq.apply import ApplyFailed, apply_plan
from canvas_npq.model import Kind
from canvas_npq.plan import build_plan
from tests.unit.builders import res
from tests.unit.test_executor import FakeWriter, snap


class ThreadSafeWriter(FakeWriter):
    """The fake writer, safe to call from several threads; ``gate`` (a barrier) holds
    each page create until that many are in flight at once."""

    def __init__(
        self,
        fail_on: str | None = None,
        gate: threading.Barrier | None = None,
        gate_kind: Kind = Kind.PAGE,
    ):
        super().__init__(fail_on)
        self.lock = threading.Lock()
        self.gate = gate
        self.gate_kind = gate_kind
        self.slow: set[Kind] = set()

    def _record(self, *call):
        with self.lock:
            super()._record(*call)

    def create(self, kind, key, fields, resolve, position):
        if kind in self.slow:
            time.sleep(0.05)  # a slow answer: whatever depends on it must still wait
        if self.gate is not None and kind is self.gate_kind:
            self.gate.wait()  # BrokenBarrierError unless enough creates run at once
        return super().create(kind, key, fields, resolve, position)


def course_plan(pages: int = 4, modules: int = 3, items: int = 5):
    resources = [res(Kind.PAGE, f"p{n}", title=f"Page {n}") for n in range(pages)]
    order: dict[str, list[str]] = {"course:modules": []}
    for m in range(modules):
        module = f"module.b{m}"
        resources.append(res(Kind.MODULE, f"b{m}", name=f"Block {m}"))
        order["course:modules"].append(module)
        order[module] = []
        for i in range(items):
            key = f"b{m}-{i}"
            resources.append(res(Kind.MODULE_ITEM, key, module=module, type="SubHeader", title=key))
            order[module].append(f"module_item.{key}")
    return build_plan(snap(*resources, order=order), snap())


def test_independent_pages_are_written_at_once():
    writer = ThreadSafeWriter(gate=threading.Barrier(4, timeout=10))
    result = apply_plan(course_plan(pages=4), writer, concurrency=4)
    assert sorted(c[2] for c in writer.calls if c[1] == "page") == ["p0", "p1", "p2", "p3"]
    assert len(result.applied) == 4 + 3 + 15


def test_new_items_of_different_modules_are_written_at_once():
    # Every new item names its module; that alone must not put all items in one lane.
    writer = ThreadSafeWriter(gate=threading.Barrier(3, timeout=10), gate_kind=Kind.MODULE_ITEM)
    result = apply_plan(course_plan(pages=0, modules=3, items=2), writer, concurrency=4)
    assert len(result.applied) == 3 + 6


def test_modules_do_not_wait_for_pages_but_items_wait_for_their_content():
    pages = [res(Kind.PAGE, f"p{n}", title=f"Page {n}") for n in range(3)]
    module = res(Kind.MODULE, "b0", name="Block 0")
    items = [
        res(Kind.MODULE_ITEM, f"i{n}", module="module.b0", type="Page", content=f"page.p{n}")
        for n in range(3)
    ]
    order = {"course:modules": ["module.b0"], "module.b0": [f"module_item.i{n}" for n in range(3)]}
    writer = ThreadSafeWriter()
    writer.slow = {Kind.PAGE, Kind.MODULE}
    apply_plan(build_plan(snap(*pages, module, *items, order=order), snap()), writer, concurrency=4)
    sent = [(c[1], c[2]) for c in writer.calls]
    for n in range(3):
        assert sent.index(("page", f"p{n}")) < sent.index(("module_item", f"i{n}"))
    assert sent.index(("module", "b0")) < sent.index(("module_item", "i0"))


def test_sequential_apply_never_has_two_writes_in_flight():
    writer = ThreadSafeWriter(gate=threading.Barrier(2, timeout=0.5))
    with pytest.raises(ApplyFailed):  # the barrier breaks: one page create at a time
        apply_plan(course_plan(pages=2), writer, concurrency=1)


def test_items_keep_their_module_and_positions_and_modules_stay_in_order():
    sequential = FakeWriter()
    apply_plan(course_plan(), sequential, concurrency=1)
    concurrent = ThreadSafeWriter()
    result = apply_plan(course_plan(), concurrent, concurrency=4)

    def per_module(writer):
        items: dict[int, list[tuple]] = {}
        for call in writer.calls:
            if call[1] == "module_item":
                module_id = dict(call[4])["module"]
                items.setdefault(module_id, []).append((call[2], call[3]))
        return sorted(items.values())

    def by_key(writer):  # Canvas ids differ with the order of creates: compare by key
        def named(value):  # the fake's ids start at 100; positions are small
            if isinstance(value, tuple):
                return tuple(named(v) for v in value)
            return writer.keys[value] if isinstance(value, int) and value >= 100 else value

        return sorted(named(call) for call in writer.calls)

    assert per_module(concurrent) == per_module(sequential)
    assert per_module(concurrent)[0] == [(f"b0-{i}", i + 1) for i in range(5)]
    modules = [c[2:4] for c in concurrent.calls if c[:2] == ("create", "module")]
    assert modules == [("b0", 1), ("b1", 2), ("b2", 3)]
    # the same writes in all, and the final manifest names every object created
    assert by_key(concurrent) == by_key(sequential)
    assert len(concurrent.manifests) == len(sequential.manifests)
    assert set(concurrent.manifests[-1]) == set(sequential.manifests[-1])
    assert len(concurrent.manifests[-1]) == len(result.applied) == 4 + 3 + 15


def test_a_failure_stops_new_writes_and_reports_everything_applied():
    writer = ThreadSafeWriter(fail_on="p2")
    with pytest.raises(ApplyFailed) as failed:
        apply_plan(course_plan(pages=8), writer, concurrency=4)
    assert str(failed.value.change.address) == "page.p2"
    applied = {a.change.address.key for a in failed.value.result.applied}
    assert "p2" not in applied
    assert applied == {c[2] for c in writer.calls}  # every write sent is reported
    # modules do not wait for pages, so some may have been written beside them; the
    # manifest records every object applied, and announces the modules and items not
    # created yet (pending), so a second apply claims what a lost answer made.
    recorded = {a for a, entry in writer.manifests[-1].items() if "pending" not in entry}
    assert recorded == {str(a.change.address) for a in failed.value.result.applied}
    pending = {a for a, entry in writer.manifests[-1].items() if "pending" in entry}
    assert all(a.startswith("module") for a in pending)


def test_the_longest_chain_starts_first():
    # Twenty independent pages and a chain of modules, each with items: with two
    # writes at once, the modules (which everything after them waits for) go first
    # instead of queuing behind the pages.
    writer = ThreadSafeWriter()
    apply_plan(course_plan(pages=20, modules=3, items=2), writer, concurrency=2)
    first = [(c[1], c[2]) for c in writer.calls[:3]]
    assert ("module", "b0") in first, first
