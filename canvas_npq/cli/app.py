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

from canvas_npq.apply import ApplyFailed
from canvas_npq.canvas.errors import AuthenticationError, CanvasError, ConfigurationError
from canvas_npq.cli import exitcodes
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
        except SpecError as error:
            count = len(error.problems)
            noun = "problem" if count == 1 else "problems"
            self.fail(
                f"{error}\n\nThe spec has {count} {noun}; nothing was sent to Canvas.",
                exitcodes.INPUT_ERROR,
            )
        except ConfigurationError as error:
            self.fail(f"Error: {error}", exitcodes.INPUT_ERROR)
        except AuthenticationError as error:
            self.fail(f"Error: {error}", exitcodes.AUTH_ERROR)
        except ApplyFailed as error:
            done = len(error.result.applied)
            cause = error.error
            code = (
                exitcodes.AUTH_ERROR
                if isinstance(cause, AuthenticationError)
                else exitcodes.PARTIAL_APPLY
            )
            self.fail(
                f"Error: apply stopped at {error.change.action.value} {error.change.address} "
                f"({error.change.title!r}): {cause}\n"
                f"{done} change(s) were made before it and are recorded in the course. "
                "Fix the cause and run apply again: it picks up where this run stopped.",
                code,
            )
        except CanvasError as error:
            self.fail(f"Error: {error}", exitcodes.CANVAS_ERROR)


pass_app: Callable[..., Any] = click.make_pass_decorator(App)
