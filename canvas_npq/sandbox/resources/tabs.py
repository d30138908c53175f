"""Course navigation tabs: ``GET/PUT /courses/:id/tabs[/:tab_id]``.

Follows Canvas's ``TabsController``, ``Api::V1::Tab`` and ``Course#tabs_available``
(instructure/canvas-lms ``app/controllers/tabs_controller.rb``, ``lib/api/v1/tab.rb``,
``app/models/course.rb``):

* the tabs are Course.default_tabs, ordered by the course's ``tab_configuration``
  (tabs it does not name follow in default order) with Settings always last; the API
  id is the tab's ``css_class``; ``position`` is 1-based; ``hidden`` appears only
  when true, and a hidden tab's ``visibility`` is ``admins``;
* ``PUT`` changes one tab: Home and Settings are "not manageable" (400), a
  ``position`` outside 2..count is "That tab location is invalid" (400), ``hidden``
  is read with ``value_to_boolean`` (unknown text: ``to_i != 0``) and a sent
  ``hidden`` that is not true shows the tab; a tab the course does not have fails
  inside Canvas (500).

The sandbox offers Conferences and Collaborations, as an instance with web
conferencing and a collaboration service configured does. External tool tabs and
``unused`` (hidden_unused) are not modelled.
"""

from __future__ import annotations

from typing import Any

from canvas_npq.sandbox import errors
from canvas_npq.sandbox.api import ApiRequest, paginate
from canvas_npq.sandbox.params import to_int
from canvas_npq.sandbox.records import Course
from canvas_npq.sandbox.routing import router

from .common import find_course
from .course_settings import plugin_boolean

# (internal id, css_class = API id, label, path under /courses/:id) in Course.default_tabs order.
DEFAULT_TABS: tuple[tuple[int, str, str, str], ...] = (
    (0, "home", "Home", ""),
    (14, "announcements", "Announcements", "/announcements"),
    (3, "assignments", "Assignments", "/assignments"),
    (8, "discussions", "Discussions", "/discussion_topics"),
    (5, "grades", "Grades", "/grades"),
    (6, "people", "People", "/users"),
    (2, "pages", "Pages", "/wiki"),
    (11, "files", "Files", "/files"),
    (1, "syllabus", "Syllabus", "/assignments/syllabus"),
    (15, "outcomes", "Outcomes", "/outcomes"),
    (4, "quizzes", "Quizzes", "/quizzes"),
    (10, "modules", "Modules", "/modules"),
    (12, "conferences", "Conferences", "/conferences"),
    (16, "collaborations", "Collaborations", "/collaborations"),
    (13, "settings", "Settings", "/settings"),
)
TAB_HOME = 0
TAB_SETTINGS = 13
_BY_ID = {tab[0]: tab for tab in DEFAULT_TABS}


def available_tabs(course: Course) -> list[dict[str, Any]]:
    """Course#tabs_available for a teacher: configured order, then the rest, Settings last."""
    configured = [entry for entry in course.tab_configuration if entry.get("id") in _BY_ID]
    named = {entry["id"] for entry in configured}
    ordered = configured + [{"id": tab[0]} for tab in DEFAULT_TABS if tab[0] not in named]
    ordered = [entry for entry in ordered if entry["id"] != TAB_SETTINGS] + [{"id": TAB_SETTINGS}]
    return [
        {"id": entry["id"], "hidden": bool(entry.get("hidden")), "position": index}
        for index, entry in enumerate(ordered, start=1)
    ]


def tab_json(req: ApiRequest, course: Course, tab: dict[str, Any]) -> dict[str, Any]:
    """Api::V1::Tab#tab_json for an internal tab."""
    _, css_class, label, path = _BY_ID[tab["id"]]
    html_url = f"/courses/{course.id}{path}"
    body: dict[str, Any] = {
        "id": css_class,
        "html_url": html_url,
        "full_url": req.html_url(html_url),
        "position": tab["position"],
    }
    if tab["hidden"]:
        body["hidden"] = True
    hidden_or_settings = tab["hidden"] or css_class == "settings"
    body["visibility"] = "admins" if hidden_or_settings else "public"
    body["label"] = label
    body["type"] = "internal"
    return body


def tabs_json(req: ApiRequest, course: Course) -> list[dict[str, Any]]:
    """``tabs_available_json``: also what ``GET /courses/:id?include[]=tabs`` embeds."""
    return [tab_json(req, course, tab) for tab in available_tabs(course)]


@router.route("GET", "/courses/<course_id>/tabs")
def list_tabs(req: ApiRequest, course_id: str) -> Any:
    course = find_course(req, course_id)
    tabs = available_tabs(course)
    return paginate(req, tabs, lambda tab: tab_json(req, course, tab))


@router.route("PUT", "/courses/<course_id>/tabs/<tab_id>")
def update_tab(req: ApiRequest, course_id: str, tab_id: str) -> Any:
    course = find_course(req, course_id)
    tabs = available_tabs(course)
    tab = next((t for t in tabs if _BY_ID[t["id"]][1] == tab_id), None)
    if tab is None:
        # Canvas calls with_indifferent_access on the nil it found: an internal error.
        raise errors.server_error()
    if tab["id"] in (TAB_HOME, TAB_SETTINGS):
        raise errors.ApiError(400, {"error": f"{tab_id} is not manageable"})
    new_position = to_int(req.get("position"))
    if new_position is not None and not 1 < new_position < len(tabs) + 1:
        raise errors.ApiError(400, {"error": "That tab location is invalid"})
    config = [{"id": t["id"], **({"hidden": True} if t["hidden"] else {})} for t in tabs]
    index = next(i for i, entry in enumerate(config) if entry["id"] == tab["id"])
    if req.has("hidden") and plugin_boolean(req.get("hidden")):
        config[index]["hidden"] = True
        tab["hidden"] = True
    elif req.has("hidden"):
        config[index].pop("hidden", None)
        tab["hidden"] = False
    if new_position is not None:
        config.insert(new_position - 1, config.pop(index))
        tab["position"] = new_position
    course.tab_configuration = config
    return tab_json(req, course, tab)
