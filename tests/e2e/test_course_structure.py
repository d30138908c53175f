"""The CLI against the sandbox: completion requirements, prerequisites, discussions,
calendar events, syllabus and front page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def test_apply_sets_completion_requirements_and_prerequisites(course):
    result = course.cli("apply", "--yes")
    assert result.code == 0, result.output
    modules = list(course.course.get_modules(include=["items"]))
    first, second = modules
    requirements = {
        i["title"]: (i.get("completion_requirement") or {}).get("type") for i in first.items
    }
    assert requirements == {
        "Self-study": None,
        "1.1a Effective professional development": "must_view",
        "1.1f Using data to inform decisions": "must_view",
        "EEF: Putting Evidence to Work": "must_view",
        "MIT 1: Exploring": "must_submit",
    }
    assert second.prerequisite_module_ids == [first.id]
    assert second.require_sequential_progress is True
    again, writes = course.writes_during("apply", "--yes")
    assert (again.code, writes) == (0, 0), again.output


def test_a_requirement_removed_in_canvas_is_drift_and_put_back(course):
    assert course.cli("apply", "--yes").code == 0
    first = next(iter(course.course.get_modules()))
    item = next(i for i in first.get_module_items() if i.type == "Assignment")
    item.edit(module_item={"completion_requirement": {"type": ""}})
    plan = course.cli("plan")
    assert "DRIFT" in plan.output and "completion" in plan.output, plan.output
    assert course.cli("apply", "--yes").code == 0
    item = next(i for i in first.get_module_items() if i.type == "Assignment")
    assert item.completion_requirement["type"] == "must_submit"
