"""Rubrics over HTTP: Canvas's nested indexed-hash params, its HTTP 200 failures, and
the new id it answers with when it copies a rubric on write."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest
import responses

from canvas_npq.canvas.client import CanvasConfig, Connection
from canvas_npq.canvas.errors import WriteRejected
from canvas_npq.canvas.reader import CourseState
from canvas_npq.canvas.writer import CanvasCourseWriter
from canvas_npq.model import Kind
from canvas_npq.model.fields import normalize_criteria

BASE = "http://127.0.0.1:9"
API = f"{BASE}/api/v1/courses/7"
IDS = {"assignment.mit-1": 50, "outcome.4d": 300}
FIELDS = {
    "title": "MIT 1 rubric",
    "assignment": "assignment.mit-1",
    "use_for_grading": True,
    "free_form_criterion_comments": False,
    "criteria": normalize_criteria(
        [
            {"description": "Anonymised", "long_description": "No names.",
             "ratings": [{"description": "Complete", "points": 1},
                         {"description": "Not yet", "points": 0}]},
            {"description": "Problem", "outcome": "outcome.4d", "long_description": "x",
             "ratings": [{"description": "Complete", "points": 1}]},
        ]
    ),
}  # fmt: skip


@pytest.fixture
def writer():
    return CanvasCourseWriter(Connection(CanvasConfig(BASE, "t0ken")), CourseState(course_id=7))


def form(call):
    return dict(parse_qsl(call.request.body, keep_blank_values=True))


def saved(rubric_id, association_id=80):
    return {"rubric": {"id": rubric_id}, "rubric_association": {"id": association_id}}


@responses.activate
def test_create_sends_indexed_criteria_aligned_and_a_grading_association(writer):
    responses.post(f"{API}/rubrics", json=saved(90))
    assert writer.create(Kind.RUBRIC, "mit-1", FIELDS, IDS.__getitem__, None) == 90
    sent = form(responses.calls[0])
    assert sent["rubric[title]"] == "MIT 1 rubric"
    assert sent["rubric[criteria][0][description]"] == "Anonymised"
    assert sent["rubric[criteria][0][ratings][1][description]"] == "Not yet"
    assert sent["rubric[criteria][0][ratings][1][points]"] == "0.0"
    assert "rubric[criteria][0][learning_outcome_id]" not in sent
    assert sent["rubric[criteria][1][learning_outcome_id]"] == "300"
    assert sent["rubric_association[association_id]"] == "50"
    assert sent["rubric_association[association_type]"] == "Assignment"
    assert sent["rubric_association[use_for_grading]"] == "true"
    assert sent["rubric_association[purpose]"] == "grading"
    # top level, where RubricsController reads it: the rubric leaves the points alone
    assert sent["skip_updating_points_possible"] == "true"
    assert writer.state.rubric_associations[90] == 80


@responses.activate
def test_a_failed_save_answered_with_http_200_is_a_rejected_write(writer):
    responses.post(f"{API}/rubrics", json={"error": True, "messages": ["Title can't be blank"]})
    with pytest.raises(WriteRejected, match="Title can't be blank"):
        writer.create(Kind.RUBRIC, "mit-1", FIELDS, IDS.__getitem__, None)


@responses.activate
def test_update_sends_the_whole_rubric_and_follows_a_copy_on_write(writer):
    writer.state.rubric_associations[90] = 80
    responses.put(f"{API}/rubrics/90", json=saved(91, 80))  # copied: a new id
    assert writer.rewrite(Kind.RUBRIC, 90, FIELDS, IDS.__getitem__) == 91
    sent = form(responses.calls[0])
    assert sent["rubric_association_id"] == "80"
    assert sent["skip_updating_points_possible"] == "true"
    assert sent["rubric[criteria][1][description]"] == "Problem"
    assert writer.state.rubric_associations[91] == 80


@responses.activate
def test_a_lost_create_is_found_through_the_assignments_rubric_settings(writer):
    # Canvas's rubric list has no associations: the assignment names its grading rubric.
    writer.known.add((Kind.RUBRIC, 70))  # a rubric the read saw: not the lost create
    responses.get(f"{API}/assignments/50", json={"id": 50, "rubric_settings": {"id": 95}})
    assert writer.find_created(Kind.RUBRIC, "mit-1", FIELDS, IDS.__getitem__) == {"id": 95}
    (call,) = responses.calls
    assert call.request.method == "GET" and call.request.url.startswith(f"{API}/assignments/50")


@responses.activate
def test_no_lost_create_when_the_assignment_is_graded_by_a_known_rubric_or_none(writer):
    writer.known.add((Kind.RUBRIC, 70))
    responses.get(f"{API}/assignments/50", json={"id": 50, "rubric_settings": {"id": 70}})
    assert writer.find_created(Kind.RUBRIC, "mit-1", FIELDS, IDS.__getitem__) is None
    responses.replace(responses.GET, f"{API}/assignments/50", json={"id": 50})
    assert writer.find_created(Kind.RUBRIC, "mit-1", FIELDS, IDS.__getitem__) is None


@responses.activate
def test_an_update_without_a_known_association_names_the_assignment(writer):
    # The reads do not show association ids; Canvas finds the rubric's grading
    # association for the assignment named (Rubric#associate_with).
    responses.put(f"{API}/rubrics/90", json=saved(90, 81))
    assert writer.rewrite(Kind.RUBRIC, 90, FIELDS, IDS.__getitem__) == 90
    sent = form(responses.calls[0])
    assert "rubric_association_id" not in sent
    assert sent["rubric_association[association_id]"] == "50"
    assert sent["rubric_association[purpose]"] == "grading"
