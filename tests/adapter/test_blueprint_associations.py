"""Associating cohorts with a Blueprint when Canvas hides the children's SIS ids.

``associated_courses`` lists a child's ``sis_course_id`` only to a caller who may read SIS
data (master_templates_controller#associated_courses); a teacher may not. A cohort named
by ``sis_course_id:X`` must then be looked up before it counts as missing, or every run
would ask ``update_associations`` (which a teacher may not call) to add it again."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest
import responses

from canvas_npq.canvas.blueprint import ensure_blueprint
from canvas_npq.canvas.client import CanvasConfig, Connection

BASE = "http://127.0.0.1:9"
API = f"{BASE}/api/v1"
TEMPLATE = f"{API}/courses/5/blueprint_templates/default"


@pytest.fixture
def conn() -> Connection:
    return Connection(CanvasConfig(BASE, "teacher-token"), max_attempts=1, sleep=lambda _: None)


@responses.activate
def test_a_child_listed_without_its_sis_id_is_not_added_again(conn: Connection) -> None:
    responses.get(f"{API}/courses/5", json={"id": 5, "blueprint": True})
    responses.get(f"{TEMPLATE}/associated_courses", json=[{"id": 7, "name": "Cohort A"}])
    responses.get(f"{API}/courses/sis_course_id:A26", json={"id": 7})
    assert ensure_blueprint(conn, 5, ["sis_course_id:A26", 7]) == []
    assert not [c for c in responses.calls if c.request.method == "PUT"]


@responses.activate
def test_only_the_cohorts_really_missing_are_sent(conn: Connection) -> None:
    responses.get(f"{API}/courses/5", json={"id": 5, "blueprint": True})
    responses.get(f"{TEMPLATE}/associated_courses", json=[{"id": 7, "name": "Cohort A"}])
    responses.get(f"{API}/courses/sis_course_id:A26", json={"id": 7})
    responses.get(f"{API}/courses/sis_course_id:B26", json={"id": 8})
    responses.put(f"{TEMPLATE}/update_associations", json={"success": True})
    added = ensure_blueprint(conn, 5, ["sis_course_id:A26", "sis_course_id:B26"])
    assert added == ["sis_course_id:B26"]
    put = responses.calls[-1]
    assert put.request.method == "PUT"
    body = put.request.body
    text = body.decode() if isinstance(body, bytes) else str(body)
    assert parse_qs(text) == {"course_ids_to_add[]": ["8"]}


@responses.activate
def test_a_listed_sis_id_needs_no_lookup(conn: Connection) -> None:
    responses.get(f"{API}/courses/5", json={"id": 5, "blueprint": True})
    responses.get(
        f"{TEMPLATE}/associated_courses",
        json=[{"id": 7, "name": "Cohort A", "sis_course_id": "A26"}],
    )
    assert ensure_blueprint(conn, 5, ["sis_course_id:A26"]) == []
    assert [c.request.method for c in responses.calls] == ["GET", "GET"]
