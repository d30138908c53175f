"""Outcomes, rubrics and files end to end: created, idempotent, drift shown and reverted."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.e2e


def outcome_links(course):
    return list(course.course.get_all_outcome_links_in_context(outcome_style="full"))


def test_outcomes_are_created_in_a_group_per_area_with_vendor_guids(course):
    result = course.cli("apply", "--yes")
    assert result.code == 0, result.output
    groups = {g.title: g for g in course.course.get_outcome_groups_in_context()}
    framework = next(g for g in groups.values() if g.vendor_guid == "canvas-npq:npqltd-2020-10")
    area = groups["2. Designing Effective Professional Development"]
    assert area.parent_outcome_group["id"] == framework.id
    assert framework.parent_outcome_group["id"] not in (None, framework.id)  # the root group
    guids = sorted(link.outcome["vendor_guid"] for link in outcome_links(course))
    cited = ["2.4", "2.5", "2.7", "2d", "2g", "2h"]  # statements: used, in spec_small
    assert guids == sorted(f"canvas-npq:npqltd-2020-10:{s}" for s in cited)
    assert all(link.outcome_group["id"] == area.id for link in outcome_links(course))


def test_outcome_edited_in_canvas_is_drift_and_apply_puts_it_back(course):
    assert course.cli("apply", "--yes").code == 0
    link = next(
        link for link in outcome_links(course) if link.outcome["vendor_guid"].endswith(":2d")
    )
    outcome = course.canvas.get_outcome(link.outcome["id"])
    outcome.update(title="Edited by a facilitator")
    plan = course.cli("plan", "--json")
    changes = json.loads(plan.output)["changes"]
    edited = [c for c in changes if c["address"] == "outcome.2d"]
    assert len(edited) == 1 and edited[0]["action"] == "update"
    assert edited[0]["fields"][0]["drift"] is True
    assert len(changes) == 1
    before = len(course.sandbox.writes())
    assert course.cli("apply", "--yes").code == 0
    writes = [w.path for w in course.sandbox.writes()[before:]]
    assert [p for p in writes if "outcome" in p] == [f"/api/v1/outcomes/{outcome.id}"]
    assert course.canvas.get_outcome(outcome.id).title.startswith("2d ")
