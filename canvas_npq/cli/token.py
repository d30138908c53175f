"""``canvas-npq token``: keep the API token in the system keyring instead of a variable.

The token is read from a hidden prompt (or standard input when there is no terminal),
stored under the Canvas URL, and never shown. ``plan``, ``apply`` and the other
commands use it when neither ``CANVAS_API_TOKEN`` nor ``--token-file`` gives one.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from canvas_npq.canvas.client import KEYRING_SERVICE, TOKEN_CHARACTERS, check_url, keyring_token
from canvas_npq.canvas.errors import ConfigurationError
from canvas_npq.cli import exitcodes
from canvas_npq.cli.app import App, pass_app
from canvas_npq.logs import register_secret


def _keyring(app: App) -> Any:
    try:
        import keyring
    except ImportError:
        app.fail(
            "Error: the keyring package is not installed. Install it with "
            "pip install 'canvas-npq[keyring]', or use CANVAS_API_TOKEN or --token-file.",
            exitcodes.INPUT_ERROR,
        )
    return keyring


def _url(app: App, url: str | None) -> str:
    base = (url or os.environ.get("CANVAS_API_URL") or "").strip().rstrip("/")
    if not base:
        app.fail("Error: name the Canvas URL: --url URL or CANVAS_API_URL.", exitcodes.INPUT_ERROR)
    try:
        check_url(base)
    except ConfigurationError as error:
        app.fail(f"Error: {error}", exitcodes.INPUT_ERROR)
    return base


def _store_failed(app: App, error: Exception) -> None:
    app.fail(
        f"Error: the system keyring refused ({type(error).__name__}). On a machine with "
        "no keyring (a CI runner), use CANVAS_API_TOKEN or --token-file.",
        exitcodes.INPUT_ERROR,
    )


url_option = click.option(
    "--url", metavar="URL", help="The Canvas base URL (default: CANVAS_API_URL)."
)


@click.group()
def token() -> None:
    """Keep the Canvas API token in the system keyring (never shown)."""


@token.command("set")
@url_option
@pass_app
def set_token(app: App, url: str | None) -> None:
    """Store a token for a Canvas URL (asked for without echo, or read from stdin)."""
    base = _url(app, url)
    keyring = _keyring(app)
    if sys.stdin.isatty():
        value = click.prompt(f"API token for {base}", hide_input=True, err=True)
    else:
        value = sys.stdin.readline()
    value = value.strip()
    register_secret(value)
    if not value or not TOKEN_CHARACTERS.fullmatch(value):
        app.fail(
            "Error: that is not a Canvas token (empty, or with spaces or other characters "
            "a token cannot have). Nothing was stored.",
            exitcodes.INPUT_ERROR,
        )
    try:
        keyring.set_password(KEYRING_SERVICE, base, value)
    except Exception as error:  # the keyring's backends raise their own errors
        _store_failed(app, error)
    app.out(f"Stored the API token for {base} in the system keyring.")


@token.command("delete")
@url_option
@pass_app
def delete_token(app: App, url: str | None) -> None:
    """Remove the token stored for a Canvas URL."""
    base = _url(app, url)
    keyring = _keyring(app)
    if keyring_token(base) is None:
        app.out(f"No API token is stored for {base}.")
        return
    try:
        keyring.delete_password(KEYRING_SERVICE, base)
    except Exception as error:  # the keyring's backends raise their own errors
        _store_failed(app, error)
    app.out(f"Removed the API token for {base} from the system keyring.")


@token.command("status")
@url_option
@pass_app
def token_status(app: App, url: str | None) -> None:
    """Say where the token for a Canvas URL will come from (never the token itself)."""
    base = _url(app, url)
    if os.environ.get("CANVAS_API_TOKEN", "").strip():
        app.out("CANVAS_API_TOKEN is set: commands use it (it comes before the keyring).")
    elif keyring_token(base):
        app.out(f"A token for {base} is stored in the system keyring: commands use it.")
    else:
        app.fail(
            f"No token for {base}: set CANVAS_API_TOKEN, pass --token-file, or run "
            f"canvas-npq token set --url {base}",
            exitcodes.INPUT_ERROR,
        )
