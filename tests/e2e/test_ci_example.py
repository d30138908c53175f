"""The GitHub Actions example, run as GitHub would run it, against the sandbox.

The workflow file is parsed and each job's ``run:`` steps are run with bash in the
folder layout that job's checkouts make (a fresh folder per job, as each job gets a
fresh runner): the spec at the root, the tool installed (here: the test's own
install). ``uses:`` steps are done by the test (a checkout is a copy of the
repository; an artifact is a copied file), and the step that posts to GitHub is left
out. The point is that a plan made in one checkout is applied from another one,
in another folder, with its file uploads, as on a real first deploy.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from canvasapi import Canvas

from canvas_npq.render.markdown_summary import GITHUB_COMMENT_LIMIT
from tests.cohorts.specs import make_cohort_spec
from tests.e2e.conftest import TOKEN
from tests.e2e.test_cohorts import make_course

pytestmark = pytest.mark.e2e
WORKFLOW = Path(__file__).parents[2] / "examples" / "github-actions" / "canvas-npq.yml"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
BIN = Path(sys.executable).parent  # where this test run's canvas-npq is installed
PLAN_KEY = "a-signing-key-only-the-workflow-secrets-hold"


def workflow() -> dict[str, Any]:
    return yaml.safe_load(WORKFLOW.read_text())


def triggers(document: dict[str, Any]) -> dict[str, Any]:
    return document.get("on") or document[True]  # YAML 1.1 reads a bare `on` as true


def expand(value: str, context: dict[str, str]) -> str:
    def lookup(match: re.Match[str]) -> str:
        expression = match.group(1)
        assert expression in context, f"the test does not know ${{{{ {expression} }}}}"
        return context[expression]

    return EXPRESSION.sub(lookup, str(value))


class Runner:
    """Runs one job's ``run:`` steps in a workspace, as a GitHub runner would."""

    def __init__(self, sandbox_url: str, tmp: Path) -> None:
        self.tmp = tmp
        self.sandbox_url = sandbox_url
        self.jobs = workflow()["jobs"]
        self.top_env = workflow().get("env", {})
        self.stdout = self.stderr = ""  # of the last step run

    def run_job(
        self, name: str, workspace: Path, matrix: dict[str, str] | None = None
    ) -> tuple[dict[str, str], str, list[int]]:
        """(GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, exit codes of the steps run)."""
        context = {
            "vars.CANVAS_API_URL": self.sandbox_url,
            "secrets.CANVAS_READ_TOKEN": TOKEN,
            "secrets.CANVAS_API_TOKEN": TOKEN,
            "secrets.CANVAS_NPQ_PLAN_KEY": PLAN_KEY,
        }
        for key, value in (matrix or {}).items():
            context[f"matrix.cohort.{key}"] = str(value)
        job = self.jobs[name]
        output, summary = self.tmp / f"{workspace.name}.out", self.tmp / f"{workspace.name}.md"
        output.write_text(""), summary.write_text("")
        env = {
            "PATH": f"{BIN}{os.pathsep}/usr/bin{os.pathsep}/bin",
            "HOME": str(self.tmp),
            "GITHUB_OUTPUT": str(output),
            "GITHUB_STEP_SUMMARY": str(summary),
        }
        for scope in (self.top_env, job.get("env", {})):
            env.update({key: expand(value, context) for key, value in scope.items()})
        codes = []
        for step in job["steps"]:
            script = step.get("run")
            if script is None or script.startswith("pip install"):
                continue  # uses: steps are done by the test; canvas-npq is installed
            if re.search(r"\bgh\b", script):
                continue  # posts to GitHub
            assert "if" not in step, f"a run step with a condition: {step.get('name')}"
            step_env = {k: expand(v, context) for k, v in step.get("env", {}).items()}
            done = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                cwd=workspace,
                env={**env, **step_env},
                capture_output=True,
                text=True,
                timeout=300,
            )
            codes.append(done.returncode)
            self.stdout, self.stderr = done.stdout, done.stderr
            if done.returncode != 0:
                break
        outputs = dict(
            line.split("=", 1) for line in output.read_text().splitlines() if "=" in line
        )
        return outputs, summary.read_text(), codes


def checkout(repository: Path, workspace: Path) -> Path:
    """A fresh runner's checkout of the repository (the spec at the root)."""
    shutil.copytree(repository, workspace)
    return workspace


def test_the_workflow_keeps_the_token_to_the_approved_apply_job() -> None:
    document = workflow()
    on = triggers(document)
    assert {"pull_request", "pull_request_target", "push"} <= set(on)
    jobs = document["jobs"]
    text_of = {name: yaml.safe_dump(job) for name, job in jobs.items()}
    # Forks' pull requests: validated with no secret at all.
    assert jobs["validate"]["if"] == "github.event_name == 'pull_request'"
    assert "secrets." not in text_of["validate"]
    assert any("--format github" in step.get("run", "") for step in jobs["validate"]["steps"])
    # The writing token only in the apply job, behind the protected environment.
    assert [n for n, t in text_of.items() if "secrets.CANVAS_API_TOKEN" in t] == ["apply"]
    assert jobs["apply"]["environment"] == "canvas"
    assert "github.event_name == 'push'" in jobs["apply"]["if"]
    assert "matrix.cohort.name" in jobs["apply"]["concurrency"]["group"]
    # Plans use the read-only token; forks get neither.
    assert "secrets.CANVAS_READ_TOKEN" in text_of["plan"]
    assert "head.repo.full_name == github.repository" in jobs["cohorts"]["if"]


def test_the_plan_and_apply_steps_both_get_the_plan_signing_key() -> None:
    jobs = workflow()["jobs"]
    for name, command in (("plan", 'canvas-npq plan "$SPEC"'), ("apply", "canvas-npq apply")):
        (step,) = [s for s in jobs[name]["steps"] if command in s.get("run", "")]
        assert step["env"]["CANVAS_NPQ_PLAN_KEY"] == "${{ secrets.CANVAS_NPQ_PLAN_KEY }}", name
    # The setup says where the key comes from.
    assert "Secrets: CANVAS_NPQ_PLAN_KEY" in WORKFLOW.read_text()


def test_every_action_is_pinned_to_a_full_commit_with_its_release_in_a_comment() -> None:
    uses = [line.strip() for line in WORKFLOW.read_text().splitlines() if "uses:" in line]
    assert len(uses) >= 5
    for line in uses:
        assert re.fullmatch(r"(- )?uses: actions/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", line), line


def test_first_deploy_plan_in_one_checkout_apply_from_another(sandbox, tmp_path: Path) -> None:
    canvas = Canvas(sandbox.url, TOKEN)
    autumn = make_course(canvas, "NPQLTD autumn 2026", "NPQLTD-A26")
    spring = make_course(canvas, "NPQLTD spring 2027", "NPQLTD-S27")
    repository = tmp_path / "repository"
    make_cohort_spec(repository / "course_spec" / "npqltd", autumn, spring)
    runner = Runner(sandbox.url, tmp_path)

    # A pull request: validate (as for a fork), list the cohorts.
    _, _, codes = runner.run_job("validate", checkout(repository, tmp_path / "validate"))
    assert codes == [0]
    outputs, _, codes = runner.run_job("cohorts", checkout(repository, tmp_path / "cohorts"))
    assert codes == [0]
    cohorts = json.loads(outputs["cohorts"])
    assert [(c["name"], c["course"]) for c in cohorts] == [
        ("autumn-2026", autumn),
        ("spring-2027", spring),
    ]

    # On merge: one plan job per cohort, each on its own runner; plans only read.
    plans: dict[str, Path] = {}
    for cohort in cohorts:
        name = cohort["name"]
        workspace = checkout(repository, tmp_path / f"plan-{name}")
        writes = len(sandbox.writes())
        _, summary, codes = runner.run_job("plan", workspace, cohort)
        assert codes == [0], summary
        assert len(sandbox.writes()) == writes, "plan must need no more than a read-only token"
        assert summary.startswith("## canvas-npq plan") and f"Cohort {name}" in summary
        comment = (workspace / "comment.md").read_text()
        assert len(comment) < GITHUB_COMMENT_LIMIT and "to add" in comment
        saved = json.loads((workspace / f"plan-{name}.json").read_text())
        (entry,) = saved["plans"]
        assert entry["spec_root"] == "course_spec/npqltd"  # as the apply job's checkout has it
        assert saved["digest"].startswith("hmac-sha256:")  # signed with the secret key
        assert any(c["address"].startswith("file.") for c in entry["changes"])  # uploads
        plans[name] = workspace / f"plan-{name}.json"

    # The apply jobs: a fresh checkout elsewhere, the plan downloaded as an artifact.
    for cohort in cohorts:
        name = cohort["name"]
        workspace = checkout(repository, tmp_path / "elsewhere" / f"apply-{name}")
        shutil.copy(plans[name], workspace)
        _, summary, codes = runner.run_job("apply", workspace, cohort)
        assert codes == [0], summary
        outcome = json.loads((workspace / f"apply-{name}.json").read_text())
        assert outcome["exit_code"] == 0
        (course,) = outcome["courses"]
        assert course["status"] == "applied"
        assert {o["outcome"] for o in course["objects"]} == {"done"}
        assert f"### apply {name}: exit 0" in summary

        # Re-running the job with the same plan: the course changed since (by that
        # apply), so the plan is stale and nothing is written.
        writes = len(sandbox.writes())
        _, summary, codes = runner.run_job("apply", workspace, cohort)
        assert codes == [7]
        assert len(sandbox.writes()) == writes
        assert f"### apply {name}: exit 7" in summary


def test_validate_job_annotates_a_broken_spec(sandbox, tmp_path: Path) -> None:
    repository = tmp_path / "repository"
    spec = make_cohort_spec(repository / "course_spec" / "npqltd")
    course_yaml = spec / "course.yaml"
    course_yaml.write_text(course_yaml.read_text().replace("title:", "titel:", 1))
    runner = Runner(sandbox.url, tmp_path)
    _, _, codes = runner.run_job("validate", checkout(repository, tmp_path / "validate"))
    assert codes == [1]
    assert runner.stdout.startswith("::error file=course_spec/npqltd/course.yaml,line=")
    assert "unknown key 'titel'" in runner.stdout
