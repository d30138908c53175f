"""Owned rubrics read from the assignments that they grade, without the rubric list.

Canvas puts the whole rubric that grades an assignment into the assignment's JSON
(``lib/api/v1/assignment.rb``): a read that says its kinds takes the rubrics from there
and lists ``GET .../rubrics`` only when the assignments cannot show every owned rubric.
"""

from __future__ import annotations

from typing import Any

import responses

from canvas_npq.canvas.manifest import encode_manifest
from canvas_npq.canvas.reader import (
    CHANGED_BY,
    assignments_of,
    listings_changed_by,
    read_course,
    rubrics_listed,
)
from canvas_npq.model import Address, Kind
from canvas_npq.model.markers import wrap_owned
from tests.adapter.test_reader import API, conn, mock_course, nest, page

__all__ = ["conn"]

KINDS = frozenset({Kind.ASSIGNMENT, Kind.ASSIGNMENT_GROUP, Kind.RUBRIC, Kind.OUTCOME})
MANIFEST: dict[str, Any] = {
    "rubric.mit-1": {"id": 90},
    "assignment.mit-1": {"id": 50},
    "outcome.plan": {"id": 300},
}

# A rubric as the rubric list shows it: its ``data`` rows as Canvas stores them. One
# criterion is aligned to an outcome (with the outcome's mastery points), one has no
# ``criterion_use_range`` at all and a rating with no long description.
LISTED: dict[str, Any] = {
    "id": 90,
    "title": "MIT 1 rubric",
    "context_id": 7,
    "context_type": "Course",
    "points_possible": 5.0,
    "reusable": False,
    "public": False,
    "read_only": False,
    "free_form_criterion_comments": True,
    "hide_score_total": False,
    "data": [
        {
            "id": "90_1",
            "points": 3.0,
            "description": "Planning",
            "long_description": "Plans the <b>session</b>",
            "learning_outcome_id": 300,
            "mastery_points": 2.0,
            "ignore_for_scoring": False,
            "criterion_use_range": True,
            "ratings": [
                {
                    "id": "r1",
                    "criterion_id": "90_1",
                    "description": "Full",
                    "long_description": "All of it",
                    "points": 3.0,
                },
                {
                    "id": "r2",
                    "criterion_id": "90_1",
                    "description": "None",
                    "long_description": "",
                    "points": 0.0,
                },
            ],
        },
        {
            "id": "90_2",
            "points": 2.0,
            "description": "Reflection",
            "long_description": None,
            "ratings": [
                {"id": "r3", "criterion_id": "90_2", "description": "Deep", "points": 2.0},
                {
                    "id": "r4",
                    "criterion_id": "90_2",
                    "description": "Shallow",
                    "long_description": None,
                    "points": 1.0,
                },
            ],
        },
    ],
}


def on_assignment(rubric: dict[str, Any], use_for_grading: bool = True) -> dict[str, Any]:
    """What ``assignment_json`` adds for an active grading association: each row sliced,
    ``criterion_use_range`` false when unset, a rating's ``long_description`` "" when
    unset, ``outcome_id``/``vendor_guid`` for an aligned criterion, and the settings."""
    rows = []
    for row in rubric["data"]:
        sliced = {
            k: row[k]
            for k in ("id", "points", "description", "long_description", "ignore_for_scoring")
            if k in row
        }
        sliced["criterion_use_range"] = row.get("criterion_use_range") or False
        sliced["ratings"] = [
            {
                **{k: r[k] for k in ("id", "points", "description") if k in r},
                "long_description": r.get("long_description") or "",
            }
            for r in row["ratings"]
        ]
        if row.get("learning_outcome_id"):
            sliced["outcome_id"] = row["learning_outcome_id"]
            sliced["vendor_guid"] = "canvas-npq:outcome:plan"
        rows.append(sliced)
    return {
        "use_rubric_for_grading": use_for_grading,
        "free_form_criterion_comments": bool(rubric["free_form_criterion_comments"]),
        "rubric": rows,
        "rubric_settings": {
            "id": rubric["id"],
            "title": rubric["title"],
            "points_possible": rubric["points_possible"],
            "free_form_criterion_comments": bool(rubric["free_form_criterion_comments"]),
            "hide_score_total": False,
            "hide_points": False,
        },
    }


def assignment(assignment_id: int, key: str | None, rubric: dict[str, Any] | None = None):
    row = {
        "id": assignment_id,
        "name": f"Task {assignment_id}",
        "assignment_group_id": 3,
        "description": wrap_owned(key, "<p>t</p>") if key else "<p>theirs</p>",
    }
    return {**row, **(on_assignment(rubric) if rubric else {})}


def mock(manifest: dict[str, Any], assignments: list[dict[str, Any]], listed: list[Any]) -> None:
    mock_course(
        responses,
        pages=[page(9, "canvas-npq manifest (do not edit)", encode_manifest(manifest))],
        groups=[{"id": 3, "name": "Tasks", "position": 1}],
        assignments=assignments,
        outcome_groups=[{"id": 1, "title": "NPQLTD"}],
        outcome_links=[
            {
                "outcome_group": {"id": 1},
                "outcome": {"id": 300, "title": "Plan", "vendor_guid": "canvas-npq:outcome:plan"},
            }
        ],
    )
    responses.replace(responses.GET, f"{API}/rubrics", json=listed)


def rubric_calls() -> list[str]:
    return [
        c.request.url for c in responses.calls if c.request.url.split("?")[0].endswith("/rubrics")
    ]


@responses.activate
def test_a_rubric_reads_the_same_from_its_assignment_as_from_the_rubric_list(conn):
    mock(MANIFEST, [assignment(50, "mit-1", LISTED)], [LISTED])
    from_list, _ = read_course(conn, 7)  # import and adopt: every listing
    assert len(rubric_calls()) == 1
    responses.calls.reset()

    from_assignment, state = read_course(conn, 7, kinds=KINDS)
    assert rubric_calls() == []
    address = Address(Kind.RUBRIC, "mit-1")
    assert from_assignment.get(address) == from_list.get(address)
    read = from_assignment.get(address)
    assert read is not None and read.canvas_id == 90
    assert read.fields["assignment"] == "assignment.mit-1"
    assert read.fields["free_form_criterion_comments"] is True
    planning, reflection = read.fields["criteria"]
    assert planning["outcome"] == "outcome.plan" and planning["use_range"] is True
    assert reflection["outcome"] is None and reflection["use_range"] is False
    assert (Kind.RUBRIC, 90) in state.known
    assert "rubrics" not in state.listings  # not read: a later read decides again


@responses.activate
def test_a_rubric_several_assignments_use_names_the_assignment_of_its_own_spec_id(conn):
    # a facilitator attached the owned rubric to an assignment of theirs with a lower id
    assignments = [assignment(40, None, LISTED), assignment(50, "mit-1", LISTED)]
    mock(MANIFEST, assignments, [LISTED])
    from_list, _ = read_course(conn, 7)
    from_assignment, _ = read_course(conn, 7, kinds=KINDS)
    address = Address(Kind.RUBRIC, "mit-1")
    assert from_assignment.get(address) == from_list.get(address)
    assert from_assignment.get(address).fields["assignment"] == "assignment.mit-1"


@responses.activate
def test_every_rubric_an_assignment_names_is_known_owned_or_not(conn):
    theirs = {**LISTED, "id": 91, "title": "Theirs"}
    mock(MANIFEST, [assignment(50, "mit-1", LISTED), assignment(51, None, theirs)], [])
    snapshot, state = read_course(conn, 7, kinds=KINDS)
    assert rubric_calls() == []
    # the writer's lost-create check takes an unknown rubric on an assignment as its own
    assert {(Kind.RUBRIC, 90), (Kind.RUBRIC, 91)} <= state.known
    assert [r.canvas_id for r in snapshot.of_kind(Kind.RUBRIC)] == [90]
    # reported as the list would (adopt matches a rubric by the assignment it grades)
    (entry,) = [u for u in snapshot.meta["unowned"] if u["kind"] == "rubric"]
    assert entry == {
        "kind": "rubric",
        "id": 91,
        "title": "Theirs",
        "assignment_id": 51,
        "assignments": 1,
        "outcome_ids": [300],
    }


@responses.activate
def test_a_rubric_no_assignment_shows_is_read_from_the_list(conn):
    # detached by hand: the list still has it, with no assignment
    mock(MANIFEST, [assignment(50, "mit-1")], [LISTED])
    snapshot, _ = read_course(conn, 7, kinds=KINDS)
    assert len(rubric_calls()) == 1
    read = snapshot.get(Address(Kind.RUBRIC, "mit-1"))
    assert read is not None and read.fields["assignment"] is None


@responses.activate
def test_a_deleted_rubric_is_read_from_the_list_as_gone(conn):
    mock(MANIFEST, [assignment(50, "mit-1")], [])
    snapshot, _ = read_course(conn, 7, kinds=KINDS)
    assert len(rubric_calls()) == 1
    assert snapshot.get(Address(Kind.RUBRIC, "mit-1")) is None


@responses.activate
def test_no_rubric_list_when_the_spec_and_manifest_have_no_rubric(conn):
    manifest = {"assignment.mit-1": {"id": 50}}
    mock(manifest, [assignment(50, "mit-1")], [LISTED])
    read_course(conn, 7, kinds=frozenset({Kind.ASSIGNMENT}))
    assert rubric_calls() == []


def test_the_list_is_read_when_the_assignments_cannot_show_every_owned_rubric():
    groups = nest([{"id": 3, "name": "Tasks", "position": 1}], [assignment(50, "mit-1", LISTED)])
    listed = assignments_of(groups)
    assert not rubrics_listed(MANIFEST, listed, None)
    assert not rubrics_listed({"assignment.mit-1": {"id": 50}}, listed, None)
    # the groups not read with the manifest
    assert rubrics_listed(MANIFEST, None, None)
    # a rubric the manifest names that no assignment shows
    assert rubrics_listed({**MANIFEST, "rubric.mit-2": {"id": 92}}, listed, None)
    # an interrupted apply's pending create: recorded without an id
    assert rubrics_listed({**MANIFEST, "rubric.mit-2": {"pending": {}}}, listed, None)
    # a binding of a rubric no assignment shows
    assert rubrics_listed(MANIFEST, listed, {"rubric.mit-2": 92})
    assert not rubrics_listed(MANIFEST, listed, {"rubric.mit-1": 90})


def test_a_write_that_changes_a_rubric_reads_the_assignments_again():
    # the rubric is read from the assignments: a rubric write, or an outcome write that
    # Canvas copies into the aligned criteria, takes the groups listing again
    for kind in (Kind.RUBRIC, Kind.OUTCOME, Kind.OUTCOME_GROUP):
        assert "assignments" in CHANGED_BY[kind]
        assert {"groups", "assignments", "rubrics"} <= listings_changed_by([(kind, None)])
