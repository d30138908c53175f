"""``canvas-npq sandbox``: run the local Canvas sandbox (a stand-in for a real Canvas)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from canvas_npq.sandbox.faults import Fault

# The sandbox (a web server) is imported when this command runs, not by every command.


def _faults(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[Fault]:
    from canvas_npq.sandbox.faults import parse_fault

    try:
        return [parse_fault(value) for value in values]
    except (TypeError, ValueError) as error:
        raise click.BadParameter(str(error)) from None


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=0, show_default=True, help="Port (0 picks a free one).")
@click.option(
    "--token", default="sandbox-token", show_default=True, help="An account admin's API token."
)
@click.option(
    "--teacher-token",
    default="sandbox-teacher-token",
    show_default=True,
    help="A teacher's token (enrolled as a teacher in every course the sandbox creates).",
)
@click.option(
    "--student-token",
    default="sandbox-student-token",
    show_default=True,
    help="A student's token (enrolled as a student in every course the sandbox creates).",
)
@click.option(
    "--auth-error-401",
    is_flag=True,
    help="Answer a refused action with 401, as older Canvas does, instead of 403.",
)
@click.option("--latency-ms", default=0, show_default=True, help="Delay added to every response.")
@click.option(
    "--fail",
    "faults",
    multiple=True,
    metavar="KIND[,OPTION=VALUE...]",
    callback=_faults,
    help=(
        "Make chosen requests fail (repeatable). KIND: status, throttle, delay, drop "
        "(committed, answer lost), halt (nothing from then on runs), login (an HTML "
        "sign-in page, as a single-sign-on proxy answers), truncate (committed, half "
        "the answer) or blank (committed, answered {}). OPTIONS: "
        "path=GLOB, method=POST, nth=N, times=N (0 = every time), status=CODE, delay_ms=MS. "
        "Example: --fail drop,method=POST,path=/courses/*/modules,nth=2"
    ),
)
@click.option(
    "--throttle",
    type=click.Choice(["403", "429"]),
    default=None,
    help="Enforce Canvas's rate limit (leaky bucket), refusing with 403 or 429.",
)
def sandbox(
    host: str,
    port: int,
    token: str,
    teacher_token: str,
    student_token: str,
    auth_error_401: bool,
    latency_ms: int,
    faults: list[Fault],
    throttle: str | None,
) -> None:
    """Start a local Canvas sandbox; prints its base URL first, serves until stopped."""
    from canvas_npq.sandbox import serve_forever

    if len({token, teacher_token, student_token}) != 3:
        raise click.BadParameter(
            "--token, --teacher-token and --student-token must all differ", param_hint="--token"
        )
    serve_forever(
        host=host,
        port=port,
        token=token,
        latency_ms=latency_ms,
        faults=faults,
        throttle_status=int(throttle) if throttle else None,
        teacher_token=teacher_token,
        student_token=student_token,
        auth_error_401=auth_error_401,
    )
