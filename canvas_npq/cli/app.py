"""The one application object the commands share (``ctx.obj``), and error handling.

Domain errors become exit codes here, at the edge, and are printed as one clear
message: never a traceback, never the token.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NoReturn

import click

from canvas_npq.apply import AfterWritesFailed, ApplyFailed
from canvas_npq.canvas.blueprint import BlueprintSyncFailed
from canvas_npq.canvas.errors import (
    AuthenticationError,
    CanvasError,
    ConfigurationError,
    PermissionDenied,
    WrongTarget,
)
from canvas_npq.canvas.lock import LockHeld
from canvas_npq.cli import exitcodes
from canvas_npq.plan.guard import PlanRefused
from canvas_npq.plan.saved import PlanFileError, StalePlan
from canvas_npq.spec import SpecError


@dataclass
class App:
    debug: bool = False

    def out(self, text: str = "", nl: bool = True) -> None:
        click.echo(text, nl=nl)

    def err(self, text: str) -> None:
        click.echo(text, err=True)

    def fail(self, message: str, code: int) -> NoReturn:
        self.err(message)
        sys.exit(code)

    @contextmanager
    def errors(self) -> Iterator[None]:
        """Turn the product's exceptions into a message and an exit code."""
        try:
            yield
        except Exception as error:
            described = describe_error(error)
            if described is None:
                raise
            code, message = described
            self.fail(message, code)


def describe_error(error: BaseException) -> tuple[int, str] | None:
    """The exit code and message for one of the product's exceptions (None: a bug)."""
    if isinstance(error, SpecError):
        count = len(error.problems)
        noun = "problem" if count == 1 else "problems"
        return (
            exitcodes.INPUT_ERROR,
            f"{error}\n\nThe spec has {count} {noun}; nothing was sent to Canvas.",
        )
    if isinstance(error, LockHeld):
        return exitcodes.LOCK_HELD, f"Error: {error}"
    if isinstance(error, BlueprintSyncFailed):
        skipped = error.report is not None and error.report.state == "completed"
        code = exitcodes.PARTIAL_APPLY if skipped else exitcodes.CANVAS_ERROR
        return code, f"Error: {error}"
    if isinstance(error, WrongTarget):
        return exitcodes.INPUT_ERROR, f"Refused: {error}"
    if isinstance(error, PlanFileError):
        return exitcodes.INPUT_ERROR, f"Error: {error}"
    if isinstance(error, PlanRefused):
        return exitcodes.PLAN_REFUSED, f"Error: {error}"
    if isinstance(error, StalePlan):
        return exitcodes.STALE_PLAN, f"Error: {error}"
    if isinstance(error, ConfigurationError):
        return exitcodes.INPUT_ERROR, f"Error: {error}"
    if isinstance(error, AuthenticationError):
        return exitcodes.AUTH_ERROR, f"Error: {error}"
    if isinstance(error, PermissionDenied):
        return exitcodes.PERMISSION_DENIED, f"Error: {error}"
    if isinstance(error, ApplyFailed):
        done = len(error.result.applied)
        cause = error.error
        if isinstance(cause, AuthenticationError):
            code = exitcodes.AUTH_ERROR
        elif isinstance(cause, PermissionDenied):
            code = exitcodes.PERMISSION_DENIED
        else:
            code = exitcodes.PARTIAL_APPLY
        source = getattr(error, "source", None)
        where = f", defined at {source}" if source else ""
        return (
            code,
            f"Error: apply stopped at {error.change.action.value} {error.change.address} "
            f"({error.change.title!r}{where}): {cause}\n"
            f"{done} change(s) were made before it and are recorded in the course. "
            "Fix the cause and run apply again: it picks up where this run stopped.",
        )
    if isinstance(error, AfterWritesFailed):
        cause = error.error
        code = (
            exitcodes.AUTH_ERROR
            if isinstance(cause, AuthenticationError)
            else exitcodes.PARTIAL_APPLY
        )
        return (
            code,
            f"Error: {len(error.result.applied)} change(s) were made in the course, then "
            f"{error.step} failed: {_after_writes(cause)}\n"
            "Run apply again: it finds what was done and finishes the job.",
        )
    if isinstance(error, CanvasError):
        return exitcodes.CANVAS_ERROR, f"Error: {error}"
    return None


def _after_writes(cause: BaseException) -> str:
    """A read error's text after writes: its "Nothing was changed" is no longer true."""
    return " ".join(str(cause).replace("Nothing was changed.", "").split())


pass_app: Callable[..., Any] = click.make_pass_decorator(App)
