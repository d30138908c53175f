"""``canvas-npq sandbox``: run the local Canvas sandbox (a stand-in for a real Canvas)."""

from __future__ import annotations

import click

from canvas_npq.sandbox import serve_forever


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=0, show_default=True, help="Port (0 picks a free one).")
@click.option(
    "--token", default="sandbox-token", show_default=True, help="The API token it accepts."
)
@click.option("--latency-ms", default=0, show_default=True, help="Delay added to every response.")
def sandbox(host: str, port: int, token: str, latency_ms: int) -> None:
    """Start a local Canvas sandbox; prints its base URL first, serves until stopped."""
    serve_forever(host=host, port=port, token=token, latency_ms=latency_ms)
