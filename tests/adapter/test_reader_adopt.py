"""The reader's side of import and adopt, against mocked HTTP: bindings and the unowned list."""

from __future__ import annotations

import pytest
import responses

from canvas_npq.canvas.client import CanvasConfig, Connection
from canvas_npq.canvas.reader import read_course, read_unsupported
from canvas_npq.model import Address, Kind
from canvas_npq.model.markers import owner_of
from tests.adapter.test_reader import API, BASE, mock_course, page


@pytest.fixture
def conn():
    return Connection(CanvasConfig(BASE, "secret-token"), max_attempts=1)


MODULE = {
    "id": 40,
    "name": "Block 1",
    "position": 1,
    "published": True,
    "items": [
        {"id": 400, "type": "Page", "page_url": "unit-1", "title": "Unit 1", "position": 1},
        {"id": 401, "type": "Quiz", "content_id": 9, "title": "Check", "position": 2},
    ],
}


@responses.activate
def test_bound_objects_are_read_as_owned_and_their_bodies_as_marked(conn):
    mock_course(
        responses,
        pages=[page(1, "Unit 1", "<p>hand-made</p>"), page(2, "Notes", "<p>n</p>")],
        modules=[MODULE],
    )
    bind = {"page.unit-1": 1, "module.block-1": 40, "module_item.unit-1": 400}
    snapshot, _ = read_course(conn, 7, bind=bind)
    unit = snapshot.get(Address(Kind.PAGE, "unit-1"))
    # An unmarked owned body reads as apply would write it: the marker is not content.
    assert owner_of(unit.fields["body"]) == "unit-1" and "hand-made" in unit.fields["body"]
    item = snapshot.get(Address(Kind.MODULE_ITEM, "unit-1"))
    assert item.fields["content"] == "page.unit-1"
    unowned = {(e["kind"], e["id"]) for e in snapshot.meta["unowned"]}
    assert unowned == {("page", 2), ("module_item", 401)}
    quiz_item = next(e for e in snapshot.meta["unowned"] if e["id"] == 401)
    assert quiz_item["type"] == "Quiz" and quiz_item["module"] == "module.block-1"


@responses.activate
def test_without_bindings_everything_hand_made_is_listed_and_nothing_owned(conn):
    mock_course(responses, pages=[page(1, "Unit 1", "<p>x</p>")], modules=[MODULE])
    snapshot, _ = read_course(conn, 7)
    assert snapshot.of_kind(Kind.PAGE) == [] and snapshot.of_kind(Kind.MODULE) == []
    kinds = sorted(e["kind"] for e in snapshot.meta["unowned"])
    assert kinds == ["module", "module_item", "module_item", "page"]


@responses.activate
def test_classic_quizzes_are_listed_and_a_canvas_without_them_lists_none(conn):
    quiz = {"id": 9, "title": "Check", "quiz_type": "assignment", "assignment_group_id": 3}
    responses.get(f"{API}/quizzes", json=[quiz])
    question = {"id": 1, "question_type": "essay_question", "quiz_group_id": None}
    responses.get(f"{API}/quizzes/9/questions", json=[question])
    assert read_unsupported(conn, 7) == [
        {
            "kind": "quiz",
            "id": 9,
            "title": "Check",
            "quiz_type": "assignment",
            "group_id": 3,
            "question_types": ["essay_question"],
            "in_groups": False,
        }
    ]
    responses.replace(responses.GET, f"{API}/quizzes", status=404, json={"errors": []})
    assert read_unsupported(conn, 7) == []
