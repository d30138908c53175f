"""The ``canvas-npq`` command: a thin layer over the library (see ``canvas_npq.sync``)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import click

from canvas_npq import logs
from canvas_npq.cli import exitcodes
from canvas_npq.cli.adopt import adopt
from canvas_npq.cli.app import App
from canvas_npq.cli.apply import apply
from canvas_npq.cli.cohorts import cohorts
from canvas_npq.cli.coverage import coverage
from canvas_npq.cli.importer import import_
from canvas_npq.cli.init import init
from canvas_npq.cli.plan import plan
from canvas_npq.cli.preview import preview
from canvas_npq.cli.sandbox import sandbox
from canvas_npq.cli.schedule import schedule
from canvas_npq.cli.schema import schema
from canvas_npq.cli.token import token
from canvas_npq.cli.validate import validate


class _Commands(click.Group):
    """The command group, with usage errors (an unknown option, a missing --course)
    exiting 64, not click's 2: ``plan --detailed-exitcode`` uses 2 for "there are
    changes", so CI would read a typo as a plan."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as error:
            error.show()
            sys.exit(exitcodes.USAGE)
        except click.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(exitcodes.INPUT_ERROR)
        sys.exit(code if isinstance(code, int) else exitcodes.OK)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="canvas-npq")
@click.option("--debug", is_flag=True, help="Log each request (the token is never shown).")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Keep Canvas courses in sync with an NPQ course spec.

    Set CANVAS_API_URL and CANVAS_API_TOKEN, then run `plan` to see what would change
    and `apply` to make it so.
    """
    ctx.obj = App(debug=debug)
    logs.configure(debug)


for command in (validate, schema, plan, apply, cohorts, coverage, sandbox, import_, adopt, token):
    cli.add_command(command)
for command in (init, preview, schedule):
    cli.add_command(command)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
