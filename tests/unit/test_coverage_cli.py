"""`canvas-npq coverage` on the shipped NPQLTD spec and on a spec with gaps."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from canvas_npq.cli.main import cli

NPQLTD = Path(__file__).parents[2] / "course_spec" / "npqltd"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_the_shipped_spec_covers_every_statement_and_strict_passes():
    result = run("coverage", str(NPQLTD), "--strict")
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().endswith("74 of 74 statements covered.")


def test_json_has_one_entry_per_statement_with_its_covering_ids():
    data = json.loads(run("coverage", str(NPQLTD), "--json").output)
    entries = {entry["id"]: entry for entry in data["statements"]}
    assert len(entries) == 74
    assert data["totals"]["uncovered"] == 0
    assert "mit-1" in entries["2.4"]["covered_by"]
    assert entries["2d"]["kind"] == "learn how to"


def test_html_matrix_is_written(tmp_path):
    out = tmp_path / "coverage.html"
    assert run("coverage", str(NPQLTD), "--html", str(out)).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "<table" in html and "2d" in html


def test_strict_fails_and_names_the_statement_a_spec_no_longer_covers(tmp_path):
    spec = tmp_path / "npqltd"
    shutil.copytree(NPQLTD, spec)
    course = spec / "course.yaml"
    text = course.read_text(encoding="utf-8")

    # Remove every citation of 2.8; the statement must then be reported uncovered.
    def without_2_8(match: re.Match) -> str:
        refs = [r.strip() for r in match.group(1).split(",")]
        kept = [r for r in refs if r.strip("\"'") != "2.8"]
        return "covers: [" + ", ".join(kept) + "]"

    text = re.sub(r"covers: \[([^\]]*)\]", without_2_8, text)
    assert text != course.read_text(encoding="utf-8")
    course.write_text(text, encoding="utf-8")
    result = run("coverage", str(spec), "--strict")
    assert result.exit_code == 1
    assert "2.8" in result.output
