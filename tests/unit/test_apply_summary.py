"""The apply summary reports the write requests per object written."""

from __future__ import annotations

from canvas_npq.apply import ApplyResult, apply_plan
from canvas_npq.render.text import render_apply_summary
from tests.unit.test_executor import FakeWriter, first_apply_plan


def test_the_summary_counts_write_requests_per_object_written():
    result = apply_plan(first_apply_plan(), FakeWriter())
    summary = render_apply_summary(result)
    assert summary.startswith("Apply complete: 6 created, 0 updated, 0 moved, 0 replaced")
    # six creates, the modules' publish and two manifest writes: 9 requests for 6 objects
    assert summary.endswith("; 9 write requests for 6 objects written (1.50 each).")
    assert "quiz questions" not in summary


def test_quiz_questions_count_as_objects_written():
    # Canvas makes each question with its own POST: an object the plan counts as part
    # of its quiz, so the summary names them and counts them among the objects written.
    result = ApplyResult(writes=12, questions_written=5)
    result.applied = apply_plan(first_apply_plan(), FakeWriter()).applied
    summary = render_apply_summary(result)
    assert "0 deleted, 5 quiz questions written; " in summary
    assert summary.endswith("; 12 write requests for 11 objects written (1.09 each).")


def test_an_update_with_nothing_to_send_is_not_an_object_written():
    result = apply_plan(first_apply_plan(), FakeWriter())
    result.applied[-1].sent = False
    assert result.objects_written == 5


def test_an_empty_apply_reports_no_ratio():
    assert render_apply_summary(ApplyResult()).endswith("; 0 write requests.")
