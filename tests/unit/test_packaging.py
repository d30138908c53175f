"""The package as a library and a program: ``python -m canvas_npq``, its licence, and
the typing marker that tells type checkers its annotations are meant to be used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import canvas_npq

ROOT = Path(__file__).parents[2]


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "canvas_npq", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "Usage: python -m canvas_npq" in result.stdout
    assert "plan" in result.stdout and "apply" in result.stdout


def test_the_licence_is_the_one_the_package_declares() -> None:
    project = (ROOT / "pyproject.toml").read_text()  # tomllib is Python 3.11+
    assert 'license = "MIT"\nlicense-files = ["LICENSE"]\n' in project
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License")
    assert "canvas-npq contributors" in text


def test_py_typed_is_shipped_as_package_data() -> None:
    assert (Path(canvas_npq.__file__).parent / "py.typed").is_file()
    project = (ROOT / "pyproject.toml").read_text()
    assert '[tool.setuptools.package-data]\n"canvas_npq" = ["py.typed"]\n' in project
