"""Outcome groups and outcomes (canvas-api.md §16, §21.22)."""

from __future__ import annotations

import pytest
from canvasapi import Canvas
from canvasapi.course import Course
from canvasapi.exceptions import BadRequest

from canvas_npq.sandbox import Sandbox

from .conftest import Http


def test_root_group_is_a_302_redirect(sandbox: Sandbox, http: Http, course: Course) -> None:
    raw = http.get(f"/courses/{course.id}/root_outcome_group", allow_redirects=False)
    assert raw.status_code == 302
    assert raw.headers["Location"].startswith(f"{sandbox.url}/api/v1/courses/{course.id}/")
    root = course.get_root_outcome_group()  # canvasapi follows the redirect
    assert root.title == course.name
    assert root.parent_outcome_group is None


def test_subgroups_and_create_and_link(course: Course) -> None:
    root = course.get_root_outcome_group()
    group = root.create_subgroup("Teaching", description="<p>Standards</p>", vendor_guid="npq:t")
    assert (group.title, group.vendor_guid) == ("Teaching", "npq:t")
    assert [g.title for g in root.get_subgroups()] == ["Teaching"]
    link = group.link_new(
        title="Plans <b>lessons</b>",
        vendor_guid="npq:t:1",
        ratings=[{"description": "Secure", "points": 4}, {"points": 1}],
    )
    outcome = link.get_outcome()
    assert (outcome.title, outcome.vendor_guid) == ("Plans lessons", "npq:t:1")
    assert outcome.mastery_points == 4.0
    assert [r["description"] for r in outcome.ratings] == ["Secure", "No description"]
    assert [lk.outcome["id"] for lk in group.get_linked_outcomes()] == [outcome.id]


def test_link_existing_with_put_and_unlink(course: Course) -> None:
    root = course.get_root_outcome_group()
    first = root.create_subgroup("A")
    second = root.create_subgroup("B")
    outcome = first.link_new(title="Shared").get_outcome()
    second.link_existing(outcome)
    assert [lk.outcome["title"] for lk in second.get_linked_outcomes()] == ["Shared"]
    assert first.unlink_outcome(outcome) is True
    assert list(first.get_linked_outcomes()) == []
    assert outcome.update(title="Still here") is True  # survives while linked elsewhere


def test_outcome_get_and_update(canvas: Canvas, course: Course) -> None:
    group = course.get_root_outcome_group().create_subgroup("G")
    outcome = group.link_new(title="Original").get_outcome()
    fetched = canvas.get_outcome(outcome.id)
    fetched.update(title="Renamed", calculation_method="latest")
    again = canvas.get_outcome(outcome.id)
    assert (again.title, again.calculation_method, again.calculation_int) == (
        "Renamed",
        "latest",
        None,
    )


def test_root_group_cannot_be_changed_and_errors_are_a_bare_string(
    http: Http, course: Course
) -> None:
    root = course.get_root_outcome_group()
    response = http.put(f"/courses/{course.id}/outcome_groups/{root.id}", data={"title": "x"})
    assert (response.status_code, response.json()) == (400, "error")
    with pytest.raises(BadRequest):
        root.create_subgroup("")


def test_deleting_a_group_deletes_subgroups_and_links(http: Http, course: Course) -> None:
    root = course.get_root_outcome_group()
    parent = root.create_subgroup("Parent")
    child = parent.create_subgroup("Child")
    child.link_new(title="Nested")
    parent.delete()
    assert http.get(f"/courses/{course.id}/outcome_groups/{child.id}").status_code == 404
    assert http.get(f"/courses/{course.id}/outcome_group_links").json() == []
