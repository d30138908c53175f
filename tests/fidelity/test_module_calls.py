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
    client="creates unpublished, then publishes every new module in one batch PUT "
    "(publish_modules)",
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


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id/modules",
    params="module_ids[], event=publish",
    source=[
        f"{MODULES_API} (batch_update)",
        "config/routes.rb (put courses/:course_id/modules, action: :batch_update)",
        "app/models/context_module.rb (publish_items!)",
        "spec/apis/v1/context_modules_api_spec.rb (batch update)",
    ],
    canvas="needs manage_course_content_edit on the course; event missing → 400 {message: "
    "'need to specify event'}, not publish/unpublish/delete → 400 'invalid event', no "
    "module_ids → 400 'must specify module_ids[]'; ids that do not look like ids are dropped "
    "(Api.map_non_sis_ids), other courses' and deleted modules skipped, none left → 404 "
    "{message: 'no modules found'}; publish publishes each module and, unless "
    "skip_content_tags, its items (publish_items!); synchronous unless async=true (then a "
    "Progress and completed null); answers {completed: [ids], progress: null}",
    sandbox="same checks, messages, cascade and answer; async=true is refused with a 400 "
    "(no Progress is modelled)",
    client="publishes every new module with its items in one request, once all their items "
    "exist (publish_modules); never sends async",
    note="Course#batch_update_context_modules (which the controller calls) is not in the "
    "source index: that it publishes the items of a module already published is not settled; "
    "canvas-npq only batch-publishes modules it has just created. Canvas before "
    "skip_content_tags published items only for a module that was unpublished, and answered "
    "without 'progress'.",
)
def test_module_batch_publish_publishes_modules_and_items(
    http: Http, course: CanvasCourse, canvas: Any
) -> None:
    base = f"/courses/{course['id']}"
    first = make_module(http, course, "Block 1")
    second = make_module(http, course, "Block 2")
    header = http.post(
        f"{base}/modules/{first['id']}/items",
        data={"module_item[type]": "SubHeader", "module_item[title]": "Read"},
    ).json()
    page = http.post(
        f"{base}/pages", data={"wiki_page[title]": "Unit", "wiki_page[published]": "false"}
    )
    page_item = http.post(
        f"{base}/modules/{second['id']}/items",
        data={"module_item[type]": "Page", "module_item[page_url]": page.json()["url"]},
    ).json()
    assert (header["published"], page_item["published"]) == (False, False)
    other = canvas.get_account(1).create_course(course={"name": "Other"})
    elsewhere = http.post(f"/courses/{other.id}/modules", data={"module[name]": "Elsewhere"})
    ids = [str(first["id"]), " 12abc ", str(second["id"]), str(elsewhere.json()["id"])]

    answer = http.put(f"{base}/modules", data={"event": "publish", "module_ids[]": ids})

    assert answer.status_code == 200, answer.text
    assert answer.json() == {"completed": [first["id"], second["id"]], "progress": None}
    listed = http.get(f"{base}/modules", params={"include[]": "items"}).json()
    assert [m["published"] for m in listed] == [True, True]
    assert [i["published"] for m in listed for i in m["items"]] == [True, True]
    assert http.get(f"{base}/pages/{page.json()['url']}").json()["published"] is True
    assert http.get(f"/courses/{other.id}/modules").json()[0]["published"] is False


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id/modules",
    params="module_ids[], event, skip_content_tags",
    source=[f"{MODULES_API} (batch_update)", "spec/apis/v1/context_modules_api_spec.rb"],
    canvas="the three bare-message 400s, 404 'no modules found' when no listed id is a live "
    "module of the course; skip_content_tags=true leaves the items as they are; "
    "event=delete deletes the modules",
    sandbox="same",
    client="a 404 or a module missing from 'completed' fails the apply (verification and "
    "the next apply create what is missing)",
)
def test_module_batch_update_refusals_and_skip_content_tags(
    http: Http, course: CanvasCourse
) -> None:
    base = f"/courses/{course['id']}"
    module = make_module(http, course, "Block 1")
    header = http.post(
        f"{base}/modules/{module['id']}/items",
        data={"module_item[type]": "SubHeader", "module_item[title]": "Read"},
    ).json()
    ids = {"module_ids[]": [str(module["id"])]}
    refusals = [
        ({**ids}, 400, "need to specify event"),
        ({**ids, "event": "burninate"}, 400, "invalid event"),
        ({"event": "publish"}, 400, "must specify module_ids[]"),
        ({"event": "publish", "module_ids[]": ["abc", "999999"]}, 404, "no modules found"),
    ]
    for data, status, message in refusals:
        answer = http.put(f"{base}/modules", data=data)
        assert (answer.status_code, answer.json()) == (status, {"message": message}), data
    skipped = http.put(
        f"{base}/modules", data={**ids, "event": "publish", "skip_content_tags": "true"}
    )
    assert skipped.json()["completed"] == [module["id"]]
    assert http.get(f"{base}/modules/{module['id']}").json()["published"] is True
    item = http.get(f"{base}/modules/{module['id']}/items/{header['id']}").json()
    assert item["published"] is False
    deleted = http.put(f"{base}/modules", data={**ids, "event": "delete"})
    assert deleted.json() == {"completed": [module["id"]], "progress": None}
    assert http.get(f"{base}/modules/{module['id']}").status_code == 404
    gone = http.put(f"{base}/modules", data={**ids, "event": "publish"})
    assert (gone.status_code, gone.json()) == (404, {"message": "no modules found"})
