"""Fidelity rows for outcome groups, outcome links and outcomes."""

from __future__ import annotations

from typing import Any

from .conftest import CanvasCourse, Http
from .registry import fidelity

GROUPS_API = "app/controllers/outcome_groups_api_controller.rb"
OUTCOMES_API = "app/controllers/outcomes_api_controller.rb"
OUTCOME_JSON = "lib/api/v1/outcome.rb (outcome_json, outcome_link_json, outcome_group_json)"


def root(http: Http, course: CanvasCourse) -> dict[str, Any]:
    redirect = http.get(f"/courses/{course['id']}/root_outcome_group")
    return http.get(redirect.headers["Location"].split("/api/v1", 1)[1]).json()


def subgroup(http: Http, course: CanvasCourse, parent: int, title: str, guid: str) -> Any:
    return http.post(
        f"/courses/{course['id']}/outcome_groups/{parent}/subgroups",
        data={"title": title, "description": "", "vendor_guid": guid},
    )


def outcome(http: Http, course: CanvasCourse, group: int, title: str, guid: str) -> Any:
    return http.post(
        f"/courses/{course['id']}/outcome_groups/{group}/outcomes",
        data={
            "title": title,
            "display_name": title,
            "description": "<p>d</p>",
            "vendor_guid": guid,
        },
    )


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/root_outcome_group",
    source=[
        f"{GROUPS_API} (redirect: redirect_to the root group's API URL)",
        "app/models/course.rb (root_outcome_group, created on demand)",
    ],
    canvas="302 to /api/v1/courses/:id/outcome_groups/:root_id; the root group is created "
    "the first time it is asked for",
    sandbox="302 with that Location, always to the same group",
    client="follows the redirect (requests does) and keeps the root group's id",
)
def test_root_group_is_a_redirect(http: Http, course: CanvasCourse) -> None:
    redirect = http.get(f"/courses/{course['id']}/root_outcome_group")
    assert redirect.status_code == 302
    assert f"/api/v1/courses/{course['id']}/outcome_groups/" in redirect.headers["Location"]
    group = root(http, course)
    assert isinstance(group["id"], int) and group["id"] == root(http, course)["id"]


@fidelity(
    endpoint="POST /api/v1/courses/:course_id/outcome_groups/:id/subgroups",
    params="title, description, vendor_guid (top level)",
    source=[f"{GROUPS_API} (create)", OUTCOME_JSON],
    canvas="200 with the new OutcomeGroup under the given parent; vendor_guid is free-form "
    "and comes back as sent",
    sandbox="same",
    client="marks each group with vendor_guid 'canvas-npq:<key>' and finds it by that",
)
def test_subgroup_create_keeps_vendor_guid(http: Http, course: CanvasCourse) -> None:
    parent = root(http, course)["id"]
    made = subgroup(http, course, parent, "Strand A", "canvas-npq:strand-a")
    assert made.status_code == 200, made.text
    assert made.json()["vendor_guid"] == "canvas-npq:strand-a"
    listed = http.get(f"/courses/{course['id']}/outcome_groups/{parent}/subgroups").json()
    assert [g["title"] for g in listed] == ["Strand A"]


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id/outcome_groups/:id",
    params="title, description, vendor_guid, parent_outcome_group_id",
    source=[f"{GROUPS_API} (update)"],
    canvas="200 with the group; the root group cannot be changed: 400 with the JSON string "
    '"error" (not an object); a new parent_outcome_group_id moves the group',
    sandbox='same, including the bare "error" body',
    client="never updates the root group; moves a group by parent_outcome_group_id",
)
def test_group_update_refuses_the_root(http: Http, course: CanvasCourse) -> None:
    top = root(http, course)["id"]
    base = f"/courses/{course['id']}/outcome_groups"
    a = subgroup(http, course, top, "A", "g:a").json()
    b = subgroup(http, course, top, "B", "g:b").json()
    moved = http.put(f"{base}/{b['id']}", data={"title": "B2", "parent_outcome_group_id": a["id"]})
    assert moved.status_code == 200 and moved.json()["title"] == "B2"
    assert [g["id"] for g in http.get(f"{base}/{a['id']}/subgroups").json()] == [b["id"]]
    refused = http.put(f"{base}/{top}", data={"title": "x"})
    assert (refused.status_code, refused.json()) == (400, "error")


@fidelity(
    endpoint="DELETE /api/v1/courses/:course_id/outcome_groups/:id",
    source=[f"{GROUPS_API} (destroy)"],
    canvas="200 with the group; its subgroups and links go with it (an outcome is deleted "
    'with its last link); the root group → 400 "error"',
    sandbox="same cascade and refusal",
    client="deletes outcome groups it no longer wants after their outcomes' unlinks",
)
def test_group_delete_cascades_and_spares_the_root(http: Http, course: CanvasCourse) -> None:
    top = root(http, course)["id"]
    base = f"/courses/{course['id']}/outcome_groups"
    group = subgroup(http, course, top, "Old", "g:old").json()
    inner = subgroup(http, course, group["id"], "Inner", "g:inner").json()
    assert http.delete(f"{base}/{group['id']}").status_code == 200
    assert http.get(f"{base}/{inner['id']}").status_code == 404
    refused = http.delete(f"{base}/{top}")
    assert (refused.status_code, refused.json()) == (400, "error")


@fidelity(
    endpoint="POST /api/v1/courses/:course_id/outcome_groups/:id/outcomes",
    params="title, display_name, description, vendor_guid (top level)",
    source=[f"{GROUPS_API} (link, without outcome_id: context_create_outcome)", OUTCOME_JSON],
    canvas="creates the outcome in the group's context and links it; answers 200 with the "
    "OutcomeLink ({outcome: {id, ...}, outcome_group: {...}})",
    sandbox="same link shape",
    client="reads the new outcome's id from link.outcome.id",
)
def test_outcome_create_answers_with_the_link(http: Http, course: CanvasCourse) -> None:
    group = subgroup(http, course, root(http, course)["id"], "G", "g:g").json()
    made = outcome(http, course, group["id"], "Plans lessons", "canvas-npq:o1")
    assert made.status_code == 200, made.text
    link = made.json()
    assert link["outcome_group"]["id"] == group["id"]
    assert isinstance(link["outcome"]["id"], int) and link["outcome"]["title"] == "Plans lessons"


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/outcome_group_links",
    params="outcome_style=full, per_page=100",
    source=[f"{GROUPS_API} (link_index)", OUTCOME_JSON],
    canvas="every active link in the course; with outcome_style=full each link's outcome "
    "carries description, vendor_guid, ratings and mastery_points (abbrev by default)",
    sandbox="same: abbreviated outcomes unless outcome_style=full",
    client="reads outcomes through their links with outcome_style=full in one listing",
)
def test_link_listing_is_full_only_when_asked(http: Http, course: CanvasCourse) -> None:
    group = subgroup(http, course, root(http, course)["id"], "G", "g:g").json()
    outcome(http, course, group["id"], "Plans lessons", "canvas-npq:o1")
    base = f"/courses/{course['id']}/outcome_group_links"
    abbrev = http.get(base).json()[0]["outcome"]
    assert "vendor_guid" not in abbrev and "description" not in abbrev
    full = http.get(base, params={"outcome_style": "full"}).json()[0]["outcome"]
    assert (full["vendor_guid"], full["description"]) == ("canvas-npq:o1", "<p>d</p>")


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/outcome_groups",
    params="per_page=100",
    source=[f"{GROUPS_API} (index)", OUTCOME_JSON],
    canvas="every active group of the course, the root included; each names its "
    "parent_outcome_group",
    sandbox="same",
    client="rebuilds the group tree from parent_outcome_group ids",
)
def test_group_listing_includes_the_root(http: Http, course: CanvasCourse) -> None:
    top = root(http, course)["id"]
    child = subgroup(http, course, top, "Child", "g:c").json()
    listed = {g["id"]: g for g in http.get(f"/courses/{course['id']}/outcome_groups").json()}
    assert set(listed) == {top, child["id"]}
    assert listed[child["id"]]["parent_outcome_group"]["id"] == top


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id/outcome_groups/:id/outcomes/:outcome_id",
    params="move_from=<old group id>",
    source=[f"{GROUPS_API} (link, with outcome_id and move_from: adopt_outcome_link)"],
    canvas="with move_from the existing link moves to this group (no second link); a "
    'move_from group without that link → 400 "error"',
    sandbox="same",
    client="moves an outcome between groups with move_from",
)
def test_outcome_link_moves_with_move_from(http: Http, course: CanvasCourse) -> None:
    top = root(http, course)["id"]
    base = f"/courses/{course['id']}/outcome_groups"
    a = subgroup(http, course, top, "A", "g:a").json()
    b = subgroup(http, course, top, "B", "g:b").json()
    made = outcome(http, course, a["id"], "O", "canvas-npq:o").json()["outcome"]
    moved = http.put(f"{base}/{b['id']}/outcomes/{made['id']}", data={"move_from": a["id"]})
    assert moved.status_code == 200 and moved.json()["outcome_group"]["id"] == b["id"]
    assert http.get(f"{base}/{a['id']}/outcomes").json() == []
    again = http.put(f"{base}/{b['id']}/outcomes/{made['id']}", data={"move_from": a["id"]})
    assert (again.status_code, again.json()) == (400, "error")


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/outcome_groups/:id/outcomes",
    params="outcome_style=full",
    source=[f"{GROUPS_API} (outcomes: child_outcome_links.active.order_by_outcome_title)"],
    canvas="the group's links ordered by outcome title",
    sandbox="same order",
    client="lists a group's links to find an outcome whose create answer was lost",
)
def test_group_outcomes_are_ordered_by_title(http: Http, course: CanvasCourse) -> None:
    group = subgroup(http, course, root(http, course)["id"], "G", "g:g").json()
    for title in ("Zeta", "Alpha"):
        outcome(http, course, group["id"], title, f"canvas-npq:{title}")
    links = http.get(
        f"/courses/{course['id']}/outcome_groups/{group['id']}/outcomes",
        params={"outcome_style": "full"},
    ).json()
    assert [link["outcome"]["title"] for link in links] == ["Alpha", "Zeta"]


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/outcome_groups/:id/subgroups",
    source=[f"{GROUPS_API} (subgroups: child_outcome_groups.active.order_by_title)"],
    canvas="the group's active subgroups ordered by title",
    sandbox="same order",
    client="lists subgroups to find a group whose create answer was lost",
)
def test_subgroups_are_ordered_by_title(http: Http, course: CanvasCourse) -> None:
    top = root(http, course)["id"]
    for title in ("Zeta", "Alpha"):
        subgroup(http, course, top, title, f"g:{title}")
    listed = http.get(f"/courses/{course['id']}/outcome_groups/{top}/subgroups").json()
    assert [g["title"] for g in listed] == ["Alpha", "Zeta"]


@fidelity(
    endpoint="DELETE /api/v1/courses/:course_id/outcome_groups/:id/outcomes/:outcome_id",
    source=[
        f"{GROUPS_API} (unlink)",
        "app/models/content_tag.rb (destroy of a learning outcome link)",
    ],
    canvas="200 with the link; the outcome itself is deleted only with its last link; no "
    "such link → RecordNotFound (404)",
    sandbox="same",
    client="unlinks an outcome to delete it; a 404 counts as done",
)
def test_unlink_of_the_last_link_deletes_the_outcome(http: Http, course: CanvasCourse) -> None:
    group = subgroup(http, course, root(http, course)["id"], "G", "g:g").json()
    made = outcome(http, course, group["id"], "O", "canvas-npq:o").json()["outcome"]
    path = f"/courses/{course['id']}/outcome_groups/{group['id']}/outcomes/{made['id']}"
    assert http.delete(path).status_code == 200
    assert http.get(f"/outcomes/{made['id']}").status_code == 404
    assert http.delete(path).status_code == 404


@fidelity(
    endpoint="PUT /api/v1/outcomes/:id",
    params="title, display_name, description, vendor_guid",
    source=[f"{OUTCOMES_API} (update)", OUTCOME_JSON],
    canvas="200 with the full outcome; fields not sent are kept",
    sandbox="same",
    client="updates an outcome's text here, its group through the link",
)
def test_outcome_update_keeps_fields_not_sent(http: Http, course: CanvasCourse) -> None:
    group = subgroup(http, course, root(http, course)["id"], "G", "g:g").json()
    made = outcome(http, course, group["id"], "O", "canvas-npq:o").json()["outcome"]
    updated = http.put(f"/outcomes/{made['id']}", data={"title": "Renamed"})
    assert updated.status_code == 200
    assert (updated.json()["title"], updated.json()["vendor_guid"]) == ("Renamed", "canvas-npq:o")
