"""The benchmark's writes per object: objects written are read from the apply summary
itself, so the two cannot drift apart."""

from __future__ import annotations

from benchmarks.run import _objects_written
from canvas_npq.apply import ApplyResult, apply_plan
from canvas_npq.render.text import render_apply_summary
from tests.unit.test_executor import FakeWriter, first_apply_plan


def test_the_bench_reads_the_objects_written_from_each_apply_summary():
    result = apply_plan(first_apply_plan(), FakeWriter())
    result.questions_written = 4
    summary = render_apply_summary(result)
    assert _objects_written(summary) == 10  # six objects and four quiz questions
    two_cohorts = f"cohort a\n{summary}\ncohort b\n{summary}\n"
    assert _objects_written(two_cohorts) == 20


def test_an_apply_that_wrote_no_object_counts_none():
    assert _objects_written(render_apply_summary(ApplyResult(writes=1))) == 0
