"""`canvas-npq init`: the template is valid, previews, and applies cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest
from canvasapi import Canvas
from click.testing import CliRunner

from canvas_npq.cli.main import cli
from canvas_npq.sandbox import Sandbox

TOKEN = "init-e2e-token"


def run(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("mine", encoding="utf-8")
    result = run("init", str(tmp_path))
    assert result.exit_code == 1
    assert "is not empty" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.md"]


def test_init_writes_a_commented_spec_with_every_starting_piece(spec_dir: Path) -> None:
    course = (spec_dir / "course.yaml").read_text(encoding="utf-8")
    for piece in ("blocks:", "type: unit", "type: mit", "events:", "# "):
        assert piece in course
    assert (spec_dir / "cohorts.yaml").is_file()
    bodies = {p.relative_to(spec_dir).as_posix() for p in spec_dir.rglob("*.md")}
    assert bodies == {
        "pages/welcome.md",
        "block-1/unit-1-1.md",
        "block-1/mit-1.md",
        "events/welcome-webinar.md",
        "syllabus/overview.md",
    }


def test_the_template_validates_and_previews(spec_dir: Path, tmp_path: Path) -> None:
    result = run("validate", str(spec_dir))
    assert result.exit_code == 0, result.output
    assert "1 blocks, 1 units, 1 assignments" in result.output
    out = tmp_path / "site"
    result = run("preview", str(spec_dir), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file() and (out / "page-unit-1-1.html").is_file()


@pytest.mark.e2e
def test_the_template_plans_and_applies_cleanly_against_the_sandbox(spec_dir: Path) -> None:
    with Sandbox(token=TOKEN).start() as sandbox:
        course = (
            Canvas(sandbox.url, TOKEN)
            .get_account(1)
            .create_course(
                course={"name": "My NPQ course (first cohort)", "course_code": "MY-NPQ-1"}
            )
        )
        env = {"CANVAS_API_URL": sandbox.url, "CANVAS_API_TOKEN": TOKEN}
        target = ["--cohort", "first-cohort", "--course", str(course.id)]
        applied = run("apply", str(spec_dir), *target, "--yes", env=env)
        assert applied.exit_code == 0, applied.output
        assert "to add" in applied.output or "Applied" in applied.output
        again = run("plan", str(spec_dir), *target, "--detailed-exitcode", env=env)
        assert again.exit_code == 0, again.output
        pages = {p.title for p in Canvas(sandbox.url, TOKEN).get_course(course.id).get_pages()}
        assert {"Welcome", "1.1 What makes professional development effective?"} <= pages
