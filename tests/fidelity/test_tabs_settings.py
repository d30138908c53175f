"""Fidelity rows for course navigation tabs and course settings.

Each test holds the sandbox to what Canvas's source shows for one call canvas-npq
makes when a spec manages ``navigation:`` or ``settings:``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from canvas_npq.sandbox import Sandbox

from .registry import fidelity

TABS_CONTROLLER = "app/controllers/tabs_controller.rb"
TAB_PRESENTER = "lib/api/v1/tab.rb"
COURSE_MODEL = "app/models/course.rb"
COURSES_CONTROLLER = "app/controllers/courses_controller.rb"
COURSE_PRESENTER = "lib/api/v1/course.rb"


class Api:
    """Raw HTTP against one sandbox course, so bodies and statuses are seen as sent."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.base = f"{sandbox.url}/api/v1"
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {sandbox.token}"
        created = self.call("POST", "/accounts/1/courses", data={"course[name]": "Nav"})
        self.course = f"/courses/{created.json()['id']}"

    def call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self.session.request(method, self.base + path, timeout=10, **kwargs)

    def tabs(self) -> list[dict[str, Any]]:
        response = self.call("GET", f"{self.course}/tabs", params={"per_page": 100})
        assert response.status_code == 200
        return response.json()

    def put_tab(self, tab: str, **data: Any) -> requests.Response:
        return self.call("PUT", f"{self.course}/tabs/{tab}", data=data)


@pytest.fixture
def api() -> Iterator[Api]:
    with Sandbox() as sandbox:
        yield Api(sandbox)


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/tabs",
    source=[TABS_CONTROLLER, TAB_PRESENTER, COURSE_MODEL],
    canvas="Course.default_tabs in tab_configuration order, unnamed tabs after in default "
    "order, Settings forced last; id = css_class, 1-based position, hidden only when true, "
    "visibility admins for hidden tabs and Settings",
    sandbox="the same for the internal tabs (Conferences and Collaborations offered; "
    "external tools and 'unused' not modelled)",
    client="reads id, position and hidden; home and settings are never managed",
    note="Conferences/Collaborations appear only when the instance enables them.",
)
def test_tabs_list_default_order_and_shape(api: Api) -> None:
    tabs = api.tabs()
    assert [t["id"] for t in tabs][:3] == ["home", "announcements", "assignments"]
    assert tabs[-1]["id"] == "settings" and tabs[-1]["visibility"] == "admins"
    assert [t["position"] for t in tabs] == list(range(1, len(tabs) + 1))
    assert all("hidden" not in t for t in tabs)
    assert tabs[0]["html_url"] == f"{api.course}"
    assert tabs[0]["type"] == "internal"


@fidelity(
    endpoint="GET /api/v1/courses/:id",
    params="include[]=tabs",
    source=[COURSES_CONTROLLER, COURSE_PRESENTER],
    canvas="show passes include[] to course_json, which embeds tabs_available_json as "
    "'tabs' when includes has 'tabs' (undocumented in show's include list)",
    sandbox="embeds the same list as GET .../tabs",
    client="reads the tabs with the course, so managing navigation costs no extra request",
    settled=True,
)
def test_course_include_tabs_embeds_the_tab_list(api: Api) -> None:
    course = api.call("GET", api.course, params={"include[]": "tabs"}).json()
    assert course["tabs"] == api.tabs()
    assert "tabs" not in api.call("GET", api.course).json()


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id/tabs/:tab_id",
    params="hidden",
    source=[TABS_CONTROLLER],
    canvas="value_to_boolean(hidden) hides (unknown text: to_i != 0); any other value of a "
    "sent hidden shows the tab; answers the tab; a hidden tab's visibility is admins",
    sandbox="the same",
    client="sends hidden=true|false for a tab whose hidden state differs",
)
def test_put_tab_hidden_hides_and_shows(api: Api) -> None:
    hidden = api.put_tab("quizzes", hidden="true")
    assert hidden.status_code == 200
    assert hidden.json()["hidden"] is True and hidden.json()["visibility"] == "admins"
    assert next(t for t in api.tabs() if t["id"] == "quizzes")["hidden"] is True
    shown = api.put_tab("quizzes", hidden="false").json()
    assert "hidden" not in shown and shown["visibility"] == "public"
    assert api.put_tab("quizzes", hidden="2").json()["hidden"] is True  # "2".to_i != 0
    assert "hidden" not in api.put_tab("quizzes", hidden="maybe").json()


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id/tabs/:tab_id",
    params="position",
    source=[TABS_CONTROLLER],
    canvas="moves the tab to the 1-based position (removed, then inserted at position-1), "
    "shifting the others; the answer carries the new position",
    sandbox="the same",
    client="places managed tabs in ascending target position so each placement holds",
)
def test_put_tab_position_moves_the_tab(api: Api) -> None:
    moved = api.put_tab("modules", position=2).json()
    assert moved["position"] == 2
    ids = [t["id"] for t in api.tabs()]
    assert ids[:3] == ["home", "modules", "announcements"]
    assert ids[-1] == "settings"


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id/tabs/:tab_id",
    params="position out of range",
    source=[TABS_CONTROLLER],
    canvas="position <= 1 or beyond the tab count: 400 {'error': 'That tab location is "
    "invalid'}; params['position'].to_i, so text is 0",
    sandbox="the same",
    client="never sends a position below 2; spec validation caps the list",
)
@pytest.mark.parametrize("position", ["1", "0", "abc", "99"])
def test_put_tab_invalid_position_is_refused(api: Api, position: str) -> None:
    response = api.put_tab("modules", position=position)
    assert response.status_code == 400
    assert response.json() == {"error": "That tab location is invalid"}


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id/tabs/:tab_id",
    params="home / settings",
    source=[TABS_CONTROLLER],
    canvas="Home and Settings: 400 {'error': '<tab_id> is not manageable'}",
    sandbox="the same",
    client="the spec refuses home and settings in navigation: (file:line), nothing sent",
)
@pytest.mark.parametrize("tab", ["home", "settings"])
def test_put_home_or_settings_is_not_manageable(api: Api, tab: str) -> None:
    response = api.put_tab(tab, hidden="true")
    assert response.status_code == 400
    assert response.json() == {"error": f"{tab} is not manageable"}


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id/tabs/:tab_id",
    params="unknown tab_id",
    source=[TABS_CONTROLLER],
    canvas="the tab lookup finds nil and the controller calls with_indifferent_access on "
    "it: an internal error (500)",
    sandbox="500 with the sandbox's error-report body",
    client="the spec accepts only Canvas's course tab ids; a tab missing from the live "
    "course is a plan warning, never a request",
    settled=False,
    note="The 500 follows from the code path (NoMethodError on nil); its body is Canvas's "
    "generic error report, which the sandbox only approximates.",
)
def test_put_unknown_tab_is_an_internal_error(api: Api) -> None:
    assert api.put_tab("no-such-tab", hidden="true").status_code == 500


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/settings",
    source=[COURSES_CONTROLLER, COURSE_PRESENTER, COURSE_MODEL],
    canvas="course_settings_json: every setting with its default (discussion topics, "
    "editing, attachments, reporting, organised groups, syllabus summary true; hide final "
    "grades, distribution graphs, announcements locks false)",
    sandbox="the same keys and defaults",
    client="reads the settings only when the spec has settings:",
)
def test_settings_answer_every_setting_with_defaults(api: Api) -> None:
    settings = api.call("GET", f"{api.course}/settings").json()
    assert settings["allow_student_discussion_editing"] is True
    assert settings["allow_student_discussion_topics"] is True
    assert settings["allow_student_forum_attachments"] is True
    assert settings["hide_final_grades"] is False
    assert settings["lock_all_announcements"] is False
    assert settings["syllabus_course_summary"] is True
    assert settings["default_due_time"] == "23:59:59"


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id/settings",
    params="top-level boolean settings",
    source=[COURSES_CONTROLLER, COURSE_MODEL],
    canvas="params.permit(...) keeps the listed settings and ignores others; booleans cast "
    "by Canvas::Plugin.value_to_boolean (unknown text -> to_i != 0); answers the whole "
    "course_settings_json",
    sandbox="the same",
    client="sends only the changed settings, as true/false, top level",
)
def test_put_settings_casts_booleans_and_ignores_unknown_keys(api: Api) -> None:
    response = api.call(
        "PUT",
        f"{api.course}/settings",
        data={
            "hide_final_grades": "true",
            "allow_student_discussion_editing": "banana",
            "no_such_setting": "1",
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["hide_final_grades"] is True
    assert body["allow_student_discussion_editing"] is False
    assert "no_such_setting" not in body
    again = api.call("GET", f"{api.course}/settings").json()
    assert again == body
    course = api.call("GET", api.course).json()
    assert course["hide_final_grades"] is True  # show adds hide_final_grades to the course


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id/settings",
    params="default_due_time",
    source=[COURSES_CONTROLLER],
    canvas="normalize_due_time: HH:MM[:SS] or 'inherit'; an invalid time fails the save and "
    "answers 400 with the course's errors",
    sandbox="400 {'errors': {'default_due_time': [...]}} for an invalid time",
    client="does not manage default_due_time",
    settled=False,
    note="The exact error attribute/message for a bad time was not read in the source.",
)
def test_put_settings_invalid_due_time_is_refused(api: Api) -> None:
    response = api.call("PUT", f"{api.course}/settings", data={"default_due_time": "25:99"})
    assert response.status_code == 400
    assert "default_due_time" in response.json()["errors"]
