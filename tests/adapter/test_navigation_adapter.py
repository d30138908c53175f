"""Navigation tabs and course settings against mocked HTTP: what is read, and the
request bodies apply sends (the product of apply)."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest
import responses

from canvas_npq.canvas.client import CanvasConfig, Connection
from canvas_npq.canvas.navigation import NAVIGATION, SETTINGS
from canvas_npq.canvas.reader import CourseState, read_course
from canvas_npq.canvas.writer import CanvasCourseWriter
from canvas_npq.model import Address, Kind
from tests.adapter.test_reader import API, BASE, course_json, mock_course

TABS = [
    {"id": "home", "position": 1, "label": "Home", "type": "internal", "visibility": "public"},
    {"id": "modules", "position": 2, "label": "Modules", "type": "internal"},
    {"id": "quizzes", "position": 3, "label": "Quizzes", "hidden": True, "type": "internal"},
    {"id": "settings", "position": 4, "label": "Settings", "type": "internal"},
]


@pytest.fixture
def conn():
    return Connection(CanvasConfig(BASE, "secret-token"), max_attempts=2)


@pytest.fixture
def writer(conn):
    return CanvasCourseWriter(conn, CourseState(course_id=7))


def form(call):
    return parse_qsl(call.request.body, keep_blank_values=True)


@responses.activate
def test_tabs_come_with_the_course_and_settings_cost_one_get(conn):
    mock_course(responses)
    responses.replace(responses.GET, API, json={**course_json(), "tabs": TABS})
    responses.get(f"{API}/settings", json={"hide_final_grades": True, "image_url": None})
    snapshot, _ = read_course(conn, 7, extras=frozenset({NAVIGATION, SETTINGS}))
    urls = [c.request.url for c in responses.calls]
    assert len(urls) == 14  # the 13 listings, and the settings
    course_get = next(u for u in urls if u.split("?")[0] == API)
    assert "include%5B%5D=syllabus_body" in course_get and "include%5B%5D=tabs" in course_get
    quizzes = snapshot.get(Address(Kind.TAB, "quizzes"))
    assert quizzes is not None and dict(quizzes.fields) == {"hidden": True, "position": 3}
    assert quizzes.canvas_id == 7
    modules = snapshot.get(Address(Kind.TAB, "modules"))
    assert modules is not None and modules.fields["hidden"] is False
    assert snapshot.get(Address(Kind.TAB, "home")) is None  # never managed
    assert snapshot.get(Address(Kind.TAB, "settings")) is None
    settings = snapshot.get(Address(Kind.COURSE_SETTINGS, "course"))
    assert settings is not None and settings.fields["hide_final_grades"] is True


@responses.activate
def test_without_extras_neither_is_read(conn):
    mock_course(responses)
    snapshot, _ = read_course(conn, 7)
    assert len(responses.calls) == 13  # the listings only (no sections: no dated section)
    assert not snapshot.of_kind(Kind.TAB) and not snapshot.of_kind(Kind.COURSE_SETTINGS)
    assert all("tabs" not in c.request.url for c in responses.calls)


@responses.activate
def test_tab_update_sends_hidden_and_position(writer):
    responses.put(f"{API}/tabs/quizzes", json={"id": "quizzes", "position": 5})
    assert writer.update_tab("quizzes", {"hidden": True, "position": 5})
    assert form(responses.calls[0]) == [("hidden", "true"), ("position", "5")]
    assert writer.writes == 1


@responses.activate
def test_showing_a_tab_sends_hidden_false_only(writer):
    responses.put(f"{API}/tabs/people", json={"id": "people", "position": 6})
    writer.update_tab("people", {"hidden": False})
    assert form(responses.calls[0]) == [("hidden", "false")]


@responses.activate
def test_settings_update_sends_only_the_changed_switches_top_level(writer):
    responses.put(f"{API}/settings", json={"hide_final_grades": True})
    sent = writer.update(
        Kind.COURSE_SETTINGS,
        7,
        {"hide_final_grades": True, "allow_student_discussion_editing": False},
        lambda _address: 0,
    )
    assert sent
    assert form(responses.calls[0]) == [
        ("hide_final_grades", "true"),
        ("allow_student_discussion_editing", "false"),
    ]
