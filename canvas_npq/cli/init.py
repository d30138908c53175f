"""``canvas-npq init DIR``: a new spec folder from a small, valid, commented template."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

import click

from canvas_npq.cli import exitcodes
from canvas_npq.cli.app import App, pass_app

if TYPE_CHECKING:  # importlib.resources.abc is new in Python 3.11
    from importlib.resources.abc import Traversable

TEMPLATE = "template"


def copy_template(source: Traversable, target: Path) -> list[Path]:
    """Copy the template tree into ``target`` (which exists); returns the files written."""
    written = []
    for entry in sorted(source.iterdir(), key=lambda e: e.name):
        if entry.name.startswith((".", "__")):
            continue
        destination = target / entry.name
        if entry.is_dir():
            destination.mkdir()
            written.extend(copy_template(entry, destination))
        else:
            destination.write_bytes(entry.read_bytes())
            written.append(destination)
    return written


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@pass_app
def init(app: App, directory: Path) -> None:
    """Start a new course spec in DIRECTORY (new or empty): one block with a unit and a
    task, an event, a cohort, and Markdown bodies, each commented, ready to grow."""
    if directory.exists() and any(directory.iterdir()):
        app.fail(
            f"Error: {directory} is not empty; init writes only into a new or empty folder "
            "so that nothing of yours is overwritten.",
            exitcodes.INPUT_ERROR,
        )
    directory.mkdir(parents=True, exist_ok=True)
    written = copy_template(files("canvas_npq.spec").joinpath(TEMPLATE), directory)
    app.out(f"Created a course spec in {directory} ({len(written)} files). Next:")
    app.out(f"  canvas-npq validate {directory}")
    app.out(f"  canvas-npq preview {directory} --serve   # the course as participants see it")
