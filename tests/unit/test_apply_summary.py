"""The apply summary reports the write requests per object changed."""

from __future__ import annotations

from canvas_npq.apply import ApplyResult, apply_plan
from canvas_npq.render.text import render_apply_summary
from tests.unit.test_executor import FakeWriter, first_apply_plan


def test_the_summary_counts_write_requests_per_object_changed():
    result = apply_plan(first_apply_plan(), FakeWriter())
    summary = render_apply_summary(result)
    assert summary.startswith("Apply complete: 6 created, 0 updated, 0 moved, 0 replaced")
    # six creates, the module's publish and two manifest writes: 9 requests for 6 objects
    assert summary.endswith("; 9 write requests (1.50 per object changed).")


def test_an_empty_apply_reports_no_ratio():
    assert render_apply_summary(ApplyResult()).endswith("; 0 write requests.")
