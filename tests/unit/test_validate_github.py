"""``validate --format github``: spec problems as GitHub Actions error annotations,
with paths relative to the checkout so they land on the pull request's diff."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from canvas_npq.cli.main import cli
from canvas_npq.render.annotations import github_annotation
from canvas_npq.spec.errors import Problem

SMALL_SPEC = Path(__file__).parents[1] / "e2e" / "spec_small"


def test_each_problem_is_an_error_annotation_on_its_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tmp_path / "course_spec" / "small"
    shutil.copytree(SMALL_SPEC, spec)
    course_yaml = spec / "course.yaml"
    lines = course_yaml.read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("title:"))
    lines[index] = lines[index].replace("title:", "titel:")
    course_yaml.write_text("\n".join(lines) + "\n")
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(cli, ["validate", "course_spec/small", "--format", "github"])
    assert result.exit_code == 1
    annotations = result.stdout.splitlines()
    assert (
        f"::error file=course_spec/small/course.yaml,line={index + 1},col=5,"
        "title=canvas-npq validate::unknown key 'titel' in page 'welcome'. "
        "Did you mean 'title'?"
    ) in annotations
    assert all(line.startswith("::error file=course_spec/small/") for line in annotations)
    assert "course_spec/small: 2 problems; nothing was sent to Canvas." in result.stderr


def test_a_valid_spec_prints_the_usual_summary_and_exits_0() -> None:
    result = CliRunner().invoke(cli, ["validate", str(SMALL_SPEC), "--format", "github"])
    assert result.exit_code == 0
    assert "valid." in result.stdout and "::error" not in result.stdout


def test_annotation_text_is_escaped_as_workflow_commands_require() -> None:
    problem = Problem("a,b:c.yaml", 3, None, "100% wrong\nsecond line")
    assert github_annotation(problem, "spec") == (
        "::error file=spec/a%2Cb%3Ac.yaml,line=3,title=canvas-npq validate::"
        "100%25 wrong%0Asecond line"
    )
