"""Fixtures for the preview: a spec folder made from the `init` template."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from canvas_npq.cli.main import cli

REPO = Path(__file__).resolve().parents[2]
NPQLTD = REPO / "course_spec" / "npqltd"


@pytest.fixture
def spec_dir(tmp_path: Path) -> Path:
    """A fresh copy of the template `canvas-npq init` writes."""
    target = tmp_path / "spec"
    result = CliRunner().invoke(cli, ["init", str(target)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
