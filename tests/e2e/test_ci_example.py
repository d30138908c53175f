"""The GitHub Actions example, step by step against the sandbox: plan a pull request
as Markdown, save the plan, apply exactly it on merge, refuse it once it is stale."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.cohorts.specs import make_cohort_spec
from tests.e2e.test_cohorts import canvas, make_course, run, sandbox  # noqa: F401

pytestmark = pytest.mark.e2e
WORKFLOW = Path(__file__).parents[2] / "examples" / "github-actions" / "canvas-npq.yml"


def workflow_commands() -> list[str]:
    workflow = yaml.safe_load(WORKFLOW.read_text())
    commands = []
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            for line in step.get("run", "").replace("\\\n", " ").splitlines():
                if "canvas-npq " in line:
                    commands.append(" ".join(line.split()))
    return commands


def test_the_workflow_runs_the_commands_this_test_proves():
    commands = workflow_commands()
    assert 'canvas-npq validate "proposed/$SPEC"' in commands
    assert any(
        c.startswith('canvas-npq plan "proposed/$SPEC" --all-cohorts --format markdown')
        and "--out plan.json --detailed-exitcode" in c
        for c in commands
    )
    assert any(c.startswith("canvas-npq apply plan.json --yes --sync-blueprint") for c in commands)


def test_plan_comment_then_apply_on_merge_then_stale(sandbox, canvas, tmp_path, monkeypatch):  # noqa: F811
    autumn = make_course(canvas, "NPQLTD autumn 2026", "NPQLTD-A26")
    spring = make_course(canvas, "NPQLTD spring 2027", "NPQLTD-S27")
    spec = make_cohort_spec(tmp_path / "spec", autumn, spring)
    monkeypatch.chdir(tmp_path)

    assert run(sandbox, "validate", str(spec)).code == 0
    planned = run(
        sandbox, "plan", str(spec), "--all-cohorts", "--format", "markdown",
        "--out", "plan.json", "--detailed-exitcode",
    )  # fmt: skip
    assert planned.code == 2, planned.output
    comment = planned.output
    assert comment.startswith("## canvas-npq plan")
    assert "| course | add | change | move | delete |" in comment
    assert "### Cohort autumn-2026: Course" in comment and "### Cohort spring-2027:" in comment
    saved = json.loads((tmp_path / "plan.json").read_text())
    assert [p["cohort"] for p in saved["plans"]] == ["autumn-2026", "spring-2027"]

    applied = run(sandbox, "apply", "plan.json", "--yes", "--sync-blueprint")
    assert applied.code == 0, applied.output
    assert applied.output.count("Applied the saved plan.") == 2
    assert "Summary:" in applied.output

    # The same plan again: both courses changed since (by that apply), so it is stale.
    stale = run(sandbox, "apply", "plan.json", "--yes")
    assert stale.code == 7, stale.output
    assert "autumn-2026" in stale.output and "stale plan (exit 7)" in stale.output
