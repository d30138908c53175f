"""``python -m canvas_npq.sandbox``: run the Canvas sandbox in the foreground."""

from __future__ import annotations

import argparse

from . import DEFAULT_STUDENT_TOKEN, DEFAULT_TEACHER_TOKEN, DEFAULT_TOKEN, serve_forever


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m canvas_npq.sandbox",
        description="Serve a local Canvas LMS look-alike; prints its base URL first.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--token", default=DEFAULT_TOKEN, help="an account admin's token")
    parser.add_argument("--teacher-token", default=DEFAULT_TEACHER_TOKEN, help="a teacher's token")
    parser.add_argument("--student-token", default=DEFAULT_STUDENT_TOKEN, help="a student's token")
    parser.add_argument(
        "--auth-error-401", action="store_true", help="refuse actions with 401 (older Canvas)"
    )
    parser.add_argument("--latency-ms", type=float, default=0, help="delay before each API reply")
    args = parser.parse_args(argv)
    serve_forever(
        host=args.host,
        port=args.port,
        token=args.token,
        latency_ms=args.latency_ms,
        teacher_token=args.teacher_token,
        student_token=args.student_token,
        auth_error_401=args.auth_error_401,
    )


if __name__ == "__main__":
    main()
