"""Reading only the listings that can hold what the caller manages (``kinds=``)."""

from __future__ import annotations

import pytest
import responses

from canvas_npq.canvas.client import CanvasConfig, Connection
from canvas_npq.canvas.manifest import encode_manifest
from canvas_npq.canvas.reader import assignments_of, listings_changed_by, read_course
from canvas_npq.canvas.scope import kinds_of, listings_for
from canvas_npq.model import Address, Kind
from canvas_npq.model.markers import wrap_owned
from tests.adapter.test_reader import BASE, mock_course, page

PAGES_AND_MODULES = frozenset({Kind.PAGE, Kind.MODULE, Kind.MODULE_ITEM})


@pytest.fixture
def conn():
    return Connection(CanvasConfig(BASE, "secret-token"), max_attempts=2)


def read_paths() -> list[str]:
    return [c.request.path_url.split("?")[0].rsplit("/", 1)[-1] for c in responses.calls]


def module(module_id, name, items=()):
    return {"id": module_id, "name": name, "position": 1, "published": True, "items": list(items)}


def test_each_kind_needs_the_listings_that_hold_it_or_its_references():
    assert listings_for(None) is None
    assert listings_for(frozenset()) == {"course", "pages"}
    assert listings_for(PAGES_AND_MODULES) == {"course", "pages", "modules"}
    # an assignment names its group; a rubric is found through the assignment grading
    # it and names outcomes in its criteria
    assert listings_for(frozenset({Kind.ASSIGNMENT})) == {
        "course",
        "pages",
        "groups",
        "assignments",
    }
    assert {"assignments", "outcome_groups", "outcome_links", "rubrics"} <= (
        listings_for(frozenset({Kind.RUBRIC})) or set()
    )
    assert {"files", "folders"} <= (listings_for(frozenset({Kind.FILE})) or set())


def test_kinds_of_skips_what_is_no_address():
    assert kinds_of(["page.a", Address(Kind.QUIZ, "q"), "not an address", "nonsense.x"]) == {
        Kind.PAGE,
        Kind.QUIZ,
    }


@responses.activate
def test_a_course_of_pages_and_modules_costs_three_reads(conn):
    mock_course(responses, pages=[page(1, "Unit 1", wrap_owned("unit-1", "<p>x</p>"))])
    snapshot, state = read_course(conn, 7, kinds=PAGES_AND_MODULES)
    assert sorted(read_paths()) == ["7", "modules", "pages"]
    assert [str(r.address) for r in snapshot.of_kind(Kind.PAGE)] == ["page.unit-1"]
    # what was not read is not kept as if it had been: a later read lists it
    assert "assignments" not in state.listings


@responses.activate
def test_a_kind_the_spec_dropped_but_the_manifest_records_is_still_read(conn):
    manifest = {"assignment.task-1": {"id": 50, "applied": {}}}
    mock_course(
        responses,
        pages=[page(9, "canvas-npq manifest (do not edit)", encode_manifest(manifest))],
        groups=[{"id": 3, "name": "Tasks", "position": 1}],
        assignments=[
            {
                "id": 50,
                "name": "Task 1",
                "assignment_group_id": 3,
                "description": wrap_owned("task-1", "<p>t</p>"),
            }
        ],
    )
    snapshot, _ = read_course(conn, 7, kinds=PAGES_AND_MODULES)
    assert "assignment_groups" in read_paths() and "assignments" not in read_paths()
    assert "rubrics" not in read_paths()
    # so a plan with prune can delete it
    assert [r.canvas_id for r in snapshot.of_kind(Kind.ASSIGNMENT)] == [50]


@responses.activate
def test_an_interrupted_create_recorded_as_pending_is_found(conn):
    # An apply that stopped after creating a module but before recording it left a
    # pending record: the modules are read although the spec now has none, and the
    # module is claimed rather than made twice or left unseen.
    manifest = {"module.block-1": {"pending": {"name": "Block 1"}}}
    mock_course(
        responses,
        pages=[page(9, "canvas-npq manifest (do not edit)", encode_manifest(manifest))],
        modules=[module(40, "Block 1")],
    )
    snapshot, _ = read_course(conn, 7, kinds=frozenset({Kind.PAGE}))
    assert "modules" in read_paths()
    assert [r.canvas_id for r in snapshot.of_kind(Kind.MODULE)] == [40]


@responses.activate
def test_without_kinds_everything_is_read_for_import_and_adopt(conn):
    mock_course(responses, modules=[module(41, "Hand-made")])
    snapshot, _ = read_course(conn, 7)
    assert len(responses.calls) == 13
    assert [e["id"] for e in snapshot.meta["unowned"] if e["kind"] == "module"] == [41]


def test_the_groups_and_the_assignments_are_read_and_kept_together():
    # one request reads both: a write that changes either re-reads both
    assert {"groups", "assignments"} <= listings_changed_by([(Kind.ASSIGNMENT_OVERRIDE, None)])
    own_field = frozenset({"points_possible"})
    assert {"groups", "assignments"} <= listings_changed_by([(Kind.ASSIGNMENT, own_field)])
    assert not {"groups", "assignments"} & listings_changed_by([(Kind.PAGE, frozenset({"body"}))])


def test_the_assignments_are_ordered_as_their_own_listing_orders_them():
    # Canvas nests them by title; its assignments listing orders by group position, then
    # assignment position, then id, across groups that share a position
    groups = [
        {"id": 1, "position": 2, "assignments": [{"id": 7, "position": 1, "name": "A"}]},
        {
            "id": 2,
            "position": 1,
            "assignments": [
                {"id": 9, "position": 2, "name": "A"},
                {"id": 8, "position": 1, "name": "B"},
            ],
        },
        {"id": 3, "position": 1, "assignments": [{"id": 6, "position": 1, "name": "C"}]},
    ]
    assert [a.id for a in assignments_of(groups)] == [6, 8, 9, 7]


@responses.activate
def test_reused_assignments_without_their_groups_are_read_again(conn):
    mock_course(
        responses,
        groups=[{"id": 3, "name": "Tasks", "position": 1}],
        assignments=[{"id": 50, "name": "Task", "assignment_group_id": 3, "description": ""}],
    )
    _, first = read_course(conn, 7)
    responses.calls.reset()
    stale = {**first.listings, "assignments": []}
    del stale["groups"]
    _, second = read_course(conn, 7, reuse=stale)
    assert "assignment_groups" in read_paths()
    assert [a.id for a in second.listings["assignments"]] == [50]
