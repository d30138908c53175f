"""``python -m canvas_npq.sandbox``: run the Canvas sandbox in the foreground."""

from __future__ import annotations

import argparse

from . import serve_forever


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m canvas_npq.sandbox",
        description="Serve a local Canvas LMS look-alike; prints its base URL first.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--token", default="sandbox-token", help="the accepted bearer token")
    parser.add_argument("--latency-ms", type=float, default=0, help="delay before each API reply")
    args = parser.parse_args(argv)
    serve_forever(host=args.host, port=args.port, token=args.token, latency_ms=args.latency_ms)


if __name__ == "__main__":
    main()
