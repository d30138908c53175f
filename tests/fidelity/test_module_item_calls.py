"""Fidelity rows for module items (``/modules/:module_id/items``), apart from clearing a
completion requirement, which has its own row elsewhere."""

from __future__ import annotations

from typing import Any

from .conftest import CanvasCourse, Http
from .registry import fidelity

ITEMS_API = "app/controllers/context_module_items_api_controller.rb"
ITEM_JSON = "lib/api/v1/context_module.rb (module_item_json)"


def module(http: Http, course: CanvasCourse, name: str = "Block") -> str:
    made = http.post(f"/courses/{course['id']}/modules", data={"module[name]": name}).json()
    return f"/courses/{course['id']}/modules/{made['id']}"


def page(http: Http, course: CanvasCourse, title: str) -> dict[str, Any]:
    return http.post(
        f"/courses/{course['id']}/pages",
        data={"wiki_page[title]": title, "wiki_page[published]": "true"},
    ).json()


@fidelity(
    endpoint="POST /api/v1/courses/:course_id/modules/:module_id/items",
    params="module_item[type]=Page, module_item[page_url], module_item[indent], "
    "module_item[position], module_item[completion_requirement][type]",
    source=[
        f"{ITEMS_API} (create)",
        ITEM_JSON,
        "app/models/context_module.rb (add_item: a content tag takes "
        "ContentTag.asset_workflow_state of its content; title defaults to the content's)",
    ],
    canvas="a Page item is found by page_url (missing → 400 'missing page_url parameter', "
    "unknown → 400 'invalid page_url parameter'); the title defaults to the page's; the "
    "item mirrors the page's published state; the answer is module_item_json",
    sandbox="same lookups, messages and defaults",
    client="sends the slug it recorded when it made or renamed the page",
)
def test_page_item_is_found_by_page_url(http: Http, course: CanvasCourse) -> None:
    items = module(http, course) + "/items"
    target = page(http, course, "Reading list")
    made = http.post(
        items,
        data={
            "module_item[type]": "Page",
            "module_item[page_url]": target["url"],
            "module_item[indent]": "1",
            "module_item[completion_requirement][type]": "must_view",
        },
    )
    assert made.status_code == 200, made.text
    item = made.json()
    assert (item["type"], item["title"], item["page_url"]) == (
        "Page",
        "Reading list",
        "reading-list",
    )
    assert item["indent"] == 1 and item["published"] is True
    assert item["completion_requirement"] == {"type": "must_view"}
    missing = http.post(items, data={"module_item[type]": "Page"})
    assert (missing.status_code, missing.json()) == (400, {"message": "missing page_url parameter"})
    unknown = http.post(items, data={"module_item[type]": "Page", "module_item[page_url]": "nope"})
    assert (unknown.status_code, unknown.json()) == (400, {"message": "invalid page_url parameter"})


@fidelity(
    endpoint="POST /api/v1/courses/:course_id/modules/:module_id/items",
    params="module_item[type]=SubHeader|ExternalUrl, module_item[title], "
    "module_item[external_url], module_item[new_tab]",
    source=[
        f"{ITEMS_API} (create)",
        "app/models/context_module.rb (add_item: external_url and sub_header tags get "
        "workflow_state 'unpublished' when new)",
    ],
    canvas="headers and links are content tags of their own; add_item creates them "
    "unpublished whatever module_item[published] says; an ExternalUrl needs a url",
    sandbox="same: new headers and links start unpublished whatever is sent",
    client="publishes a new header or link with a second PUT (or through publish_modules)",
)
def test_headers_and_links_start_unpublished(http: Http, course: CanvasCourse) -> None:
    items = module(http, course) + "/items"
    header = http.post(
        items,
        data={
            "module_item[type]": "SubHeader",
            "module_item[title]": "Week 1",
            "module_item[published]": "true",
        },
    ).json()
    link = http.post(
        items,
        data={
            "module_item[type]": "ExternalUrl",
            "module_item[title]": "DfE",
            "module_item[external_url]": "https://www.gov.uk/",
            "module_item[new_tab]": "true",
        },
    ).json()
    assert header["published"] is False and link["published"] is False
    assert link["external_url"] == "https://www.gov.uk/" and link["new_tab"] is True
    no_url = http.post(items, data={"module_item[type]": "ExternalUrl", "module_item[title]": "x"})
    assert no_url.status_code == 400


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id/modules/:module_id/items/:id",
    params="module_item[module_id], module_item[position], module_item[indent], "
    "module_item[published], module_item[title]",
    source=[
        f"{ITEMS_API} (update)",
        "app/models/content_tag.rb (update_asset_name!, update_asset_workflow_state!)",
    ],
    canvas="module_id moves the item to another module of the course and carries its "
    "completion requirement along; an unknown module → 400 'invalid module_id'; "
    "published flips the content too (update_asset_workflow_state!); a title renames it",
    sandbox="same move with its requirement, same 400, content follows published and title",
    client="moves items with module_id (not delete + create); never sends title or "
    "published for a content item, whose content has its own update",
)
def test_item_moves_between_modules_with_its_requirement(http: Http, course: CanvasCourse) -> None:
    first, second = module(http, course, "One"), module(http, course, "Two")
    target = page(http, course, "Notes")
    item = http.post(
        f"{first}/items",
        data={
            "module_item[type]": "Page",
            "module_item[page_url]": target["url"],
            "module_item[completion_requirement][type]": "must_view",
        },
    ).json()
    second_id = second.rsplit("/", 1)[1]
    moved = http.put(
        f"{first}/items/{item['id']}",
        data={"module_item[module_id]": second_id, "module_item[position]": "1"},
    ).json()
    assert moved["module_id"] == int(second_id) and moved["position"] == 1
    assert moved["completion_requirement"]["type"] == "must_view"
    assert http.get(f"{first}/items").json() == []
    bad = http.put(f"{second}/items/{item['id']}", data={"module_item[module_id]": "999999"})
    assert (bad.status_code, bad.json()) == (400, {"message": "invalid module_id"})
    http.put(f"{second}/items/{item['id']}", data={"module_item[published]": "false"})
    shown = http.get(f"/courses/{course['id']}/pages/{target['url']}").json()
    assert shown["published"] is False


@fidelity(
    endpoint="DELETE /api/v1/courses/:course_id/modules/:module_id/items/:id",
    source=[f"{ITEMS_API} (destroy)"],
    canvas="200 with the item's JSON; only the tag goes, the page/assignment stays; a "
    "deleted item is 404 afterwards (not_deleted scope)",
    sandbox="same",
    client="deletes items it no longer wants; a 404 counts as already done",
)
def test_item_delete_keeps_the_content(http: Http, course: CanvasCourse) -> None:
    items = module(http, course) + "/items"
    target = page(http, course, "Kept")
    item = http.post(
        items, data={"module_item[type]": "Page", "module_item[page_url]": target["url"]}
    ).json()
    gone = http.delete(f"{items}/{item['id']}")
    assert gone.status_code == 200 and gone.json()["id"] == item["id"]
    assert http.get(f"/courses/{course['id']}/pages/{target['url']}").status_code == 200
    assert http.delete(f"{items}/{item['id']}").status_code == 404


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/modules/:module_id/items",
    params="per_page=100",
    source=[f"{ITEMS_API} (index)", ITEM_JSON],
    canvas="the module's items by position, paginated (Api.paginate, at most 100 a page); "
    "module_item_json gives content_id except for WikiPage, SubHeader and ExternalUrl "
    "items (a page item has page_url instead), and html_url except for a SubHeader",
    sandbox="same order and the same keys per item type",
    client="reads a module's items here only when the module listing left them out, and "
    "to find an item whose create answer was lost; matches page items by page_url",
)
def test_item_list_is_in_position_order(http: Http, course: CanvasCourse) -> None:
    items = module(http, course) + "/items"
    for title in ("B", "A"):
        http.post(items, data={"module_item[type]": "SubHeader", "module_item[title]": title})
    http.post(
        items,
        data={
            "module_item[type]": "SubHeader",
            "module_item[title]": "First",
            "module_item[position]": "1",
        },
    )
    target = page(http, course, "Read me")
    http.post(items, data={"module_item[type]": "Page", "module_item[page_url]": target["url"]})
    listed = http.get(items, params={"per_page": 100}).json()
    assert [(i["title"], i["position"]) for i in listed] == [
        ("First", 1),
        ("B", 2),
        ("A", 3),
        ("Read me", 4),
    ]
    header, page_item = listed[0], listed[3]
    assert "content_id" not in header and "html_url" not in header
    assert "content_id" not in page_item and page_item["page_url"] == "read-me"
