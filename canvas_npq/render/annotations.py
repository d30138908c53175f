"""Spec problems as GitHub Actions workflow commands (``validate --format github``):
each becomes an error annotation on its file and line in the pull request's diff."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from canvas_npq.spec.errors import Problem


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem, spec_root: str) -> str:
    """``::error file=F,line=L,col=C,title=T::message``; ``file`` is relative to where
    the command ran (the spec folder joined to the problem's file), as GitHub expects
    paths relative to the checkout."""
    path = PurePosixPath(problem.file)
    if not path.is_absolute():
        path = PurePosixPath(spec_root.replace("\\", "/")) / path
    properties = [f"file={_escape_property(str(path))}"]
    if problem.line is not None:
        properties.append(f"line={problem.line}")
        if problem.column is not None:
            properties.append(f"col={problem.column}")
    properties.append("title=canvas-npq validate")
    message = problem.message + (f". {problem.hint}" if problem.hint else "")
    return f"::error {','.join(properties)}::{_escape_data(message)}"


def github_annotations(problems: Iterable[Problem], spec_root: str) -> str:
    return "".join(github_annotation(problem, spec_root) + "\n" for problem in problems)
