"""A saved plan's Blueprint associations: an associated course gets the Blueprint's
content at the next sync, so a plan file without a key may not add one."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from canvas_npq.cli.main import cli
from canvas_npq.plan.saved import PLAN_KEY_VARIABLE, plan_digest
from tests.cohorts.specs import make_cohort_spec
from tests.e2e.conftest import Result
from tests.e2e.test_blueprint_cohort import blueprint_cohort
from tests.e2e.test_cohorts import TOKEN, canvas, make_course, sandbox  # noqa: F401

pytestmark = pytest.mark.e2e


def _cli(sandbox, *args: str, **env: str) -> Result:  # noqa: F811
    environment = {"CANVAS_API_URL": sandbox.url, "CANVAS_API_TOKEN": TOKEN, **env}
    outcome = CliRunner().invoke(cli, list(args), env=environment, catch_exceptions=False)
    return Result(outcome.exit_code, outcome.output)


def test_a_plan_file_adds_blueprint_associations_only_with_the_key(
    sandbox,  # noqa: F811
    canvas,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    monkeypatch.chdir(tmp_path)
    blueprint = make_course(canvas, "NPQLTD spring 2027 (Blueprint)", "NPQLTD-S27")
    kid = make_course(canvas, "NPQLTD spring 2027 group 1", "S27-1")
    stranger = make_course(canvas, "Someone else's course", "X")
    spec = make_cohort_spec(tmp_path / "spec")
    blueprint_cohort(spec, blueprint, [kid])
    argv = ["plan", "spec", "--cohort", "spring-2027", "--out", "plan.json"]
    assert _cli(sandbox, *argv).code == 0

    # The listed course is not associated yet: without a key, the plan may not add it.
    before = len(sandbox.writes())
    refused = _cli(sandbox, "apply", "plan.json", "--yes")
    assert refused.code == 9, refused.output
    assert f"would associate course(s) {kid}" in refused.output
    assert len(sandbox.writes()) == before

    # An edited list, given a fresh plain digest, is refused the same way.
    data = json.loads((tmp_path / "plan.json").read_text())
    data["plans"][0]["blueprint"]["associated"] = [stranger]
    data["digest"] = plan_digest(data)
    (tmp_path / "plan.json").write_text(json.dumps(data))
    refused = _cli(sandbox, "apply", "plan.json", "--yes")
    assert refused.code == 9 and f"course(s) {stranger}" in refused.output, refused.output
    assert len(sandbox.writes()) == before

    # Made and applied with the key, the plan associates the listed course.
    key = {PLAN_KEY_VARIABLE: "ci-secret"}
    assert _cli(sandbox, *argv, **key).code == 0
    applied = _cli(sandbox, "apply", "plan.json", "--yes", **key)
    assert applied.code == 0, applied.output
    assert f"associated {kid}" in applied.output
