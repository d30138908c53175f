"""Fidelity rows for modules: the calls the reader and the writer make on ``/modules``."""

from __future__ import annotations

from typing import Any

from .conftest import CanvasCourse, Http
from .registry import fidelity

MODULES_API = "app/controllers/context_modules_api_controller.rb"
MODULE_JSON = "lib/api/v1/context_module.rb"


def make_module(http: Http, course: CanvasCourse, name: str, **extra: str) -> dict[str, Any]:
    answer = http.post(f"/courses/{course['id']}/modules", data={"module[name]": name, **extra})
    assert answer.status_code == 200, answer.text
    return answer.json()


@fidelity(
    endpoint="POST /api/v1/courses/:course_id/modules",
    params="module[name], module[position], module[unlock_at], "
    "module[require_sequential_progress], module[prerequisite_module_ids][]",
    source=[f"{MODULES_API} (create)", f"{MODULE_JSON} (module_json)"],
    canvas="200 with the Module; workflow_state is forced to unpublished (published is not "
    "a permitted create param); no module hash → 400 {message: 'missing module parameter'}; "
    "blank name → 400 {message: 'missing module name'}",
    sandbox="same: unpublished whatever is sent, the same two bare-message 400s",
    client="creates unpublished, then publishes with one PUT (publish_module)",
)
def test_module_create_is_unpublished_and_needs_a_name(http: Http, course: CanvasCourse) -> None:
    made = make_module(http, course, "Block 1", **{"module[published]": "true"})
    assert made["published"] is False
    assert made["position"] == 1 and "items_url" in made
    missing = http.post(f"/courses/{course['id']}/modules", data={"other": "x"})
    assert (missing.status_code, missing.json()) == (400, {"message": "missing module parameter"})
    blank = http.post(f"/courses/{course['id']}/modules", data={"module[name]": ""})
    assert (blank.status_code, blank.json()) == (400, {"message": "missing module name"})


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id/modules/:id",
    params="module[published], module[skip_content_tags]",
    source=[f"{MODULES_API} (update)"],
    canvas="published=true publishes the module and, unless skip_content_tags, its items "
    "(publish_items!); the reply always carries publish_warning and unpublish_warning "
    "booleans (x.present?)",
    sandbox="same cascade; both warning flags always present, false unless content refused",
    client="skip_content_tags=true when publishing a module whose items it manages itself; "
    "without it for a new module published with all its items in one request",
)
def test_module_publish_cascades_unless_skip_content_tags(http: Http, course: CanvasCourse) -> None:
    base = f"/courses/{course['id']}"
    module = make_module(http, course, "Block 1")
    header = http.post(
        f"{base}/modules/{module['id']}/items",
        data={"module_item[type]": "SubHeader", "module_item[title]": "Read"},
    ).json()
    assert header["published"] is False
    skipped = http.put(
        f"{base}/modules/{module['id']}",
        data={"module[published]": "true", "module[skip_content_tags]": "true"},
    ).json()
    assert skipped["published"] is True
    assert (skipped["publish_warning"], skipped["unpublish_warning"]) == (False, False)
    item = http.get(f"{base}/modules/{module['id']}/items/{header['id']}").json()
    assert item["published"] is False  # the items were left alone
    http.put(f"{base}/modules/{module['id']}", data={"module[published]": "false"})
    cascaded = http.put(f"{base}/modules/{module['id']}", data={"module[published]": "true"})
    assert cascaded.json()["publish_warning"] is False
    item = http.get(f"{base}/modules/{module['id']}/items/{header['id']}").json()
    assert item["published"] is True


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id/modules/:id",
    params="module[prerequisite_module_ids][] (or blank), module[position], module[name], "
    "module[unlock_at], module[require_sequential_progress]",
    source=[
        f"{MODULES_API} (update, set_position)",
        "app/models/context_module.rb (prerequisites=, validate_prerequisites)",
    ],
    canvas="prerequisite ids become 'module_<id>' prerequisites, a blank value clears them; "
    "only modules at a lower position are kept (the doc comment: 'otherwise they will be "
    "ignored'); module[position] re-inserts the module (insert_at)",
    sandbox="same: later modules dropped silently, blank clears, position moves the module",
    client="sends prerequisites ordered after the modules they name; '' to clear them",
)
def test_module_prerequisites_keep_only_earlier_modules(http: Http, course: CanvasCourse) -> None:
    base = f"/courses/{course['id']}/modules"
    first = make_module(http, course, "One")
    second = make_module(http, course, "Two")
    third = make_module(http, course, "Three")
    updated = http.put(
        f"{base}/{second['id']}",
        data={"module[prerequisite_module_ids][]": [str(first["id"]), str(third["id"])]},
    ).json()
    assert updated["prerequisite_module_ids"] == [first["id"]]
    cleared = http.put(f"{base}/{second['id']}", data={"module[prerequisite_module_ids]": ""})
    assert cleared.json()["prerequisite_module_ids"] == []
    moved = http.put(f"{base}/{third['id']}", data={"module[position]": "1"}).json()
    assert moved["position"] == 1
    assert [m["name"] for m in http.get(base).json()] == ["Three", "One", "Two"]


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/modules",
    params="include[]=items, per_page=100",
    source=[
        f"{MODULES_API} (index)",
        f"{MODULE_JSON} (module_json: items only when items_count <= Api::MAX_PER_PAGE)",
    ],
    canvas="modules ordered by position; with include[]=items each module inlines its items "
    "only when it has at most 100 (otherwise no 'items' key, read items_url instead)",
    sandbox="same ordering and the same 100-item cut-off",
    client="reads modules with include[]=items and falls back to .../modules/:id/items when "
    "a module has no 'items' key, so the cut-off's exact value does not matter to it",
    note="the cut-off is Api::MAX_PER_PAGE (100) in current Canvas; older Canvas used "
    "Setting api_max_per_page, default 50",
)
def test_module_list_inlines_items_up_to_one_hundred(http: Http, course: CanvasCourse) -> None:
    base = f"/courses/{course['id']}/modules"
    small = make_module(http, course, "Small")
    large = make_module(http, course, "Large")
    http.post(
        f"{base}/{small['id']}/items",
        data={"module_item[type]": "SubHeader", "module_item[title]": "Only"},
    )
    for n in range(101):
        http.post(
            f"{base}/{large['id']}/items",
            data={"module_item[type]": "SubHeader", "module_item[title]": f"H{n}"},
        )
    listed = {m["name"]: m for m in http.get(base, params={"include[]": "items"}).json()}
    assert [i["title"] for i in listed["Small"]["items"]] == ["Only"]
    assert "items" not in listed["Large"] and listed["Large"]["items_count"] == 101
    paged = http.get(f"{base}/{large['id']}/items", params={"per_page": 100})
    assert len(paged.json()) == 100 and 'rel="next"' in paged.headers["Link"]


@fidelity(
    endpoint="DELETE /api/v1/courses/:course_id/modules/:id",
    source=[f"{MODULES_API} (destroy)", "app/models/context_module.rb (destroy)"],
    canvas="200 with the deleted module's JSON; its content tags (items) are deleted with it; "
    "a deleted module is then 404 (not_deleted scope)",
    sandbox="same",
    client="a module delete needs no item deletes first; a 404 on delete counts as done",
)
def test_module_delete_takes_items_and_then_404s(http: Http, course: CanvasCourse) -> None:
    base = f"/courses/{course['id']}/modules"
    module = make_module(http, course, "Gone")
    item = http.post(
        f"{base}/{module['id']}/items",
        data={"module_item[type]": "SubHeader", "module_item[title]": "x"},
    ).json()
    deleted = http.delete(f"{base}/{module['id']}")
    assert deleted.status_code == 200 and deleted.json()["id"] == module["id"]
    assert http.get(f"{base}/{module['id']}").status_code == 404
    assert http.get(f"{base}/{module['id']}/items/{item['id']}").status_code == 404
    assert http.delete(f"{base}/{module['id']}").status_code == 404
