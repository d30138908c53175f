"""Fidelity tests run against a fresh sandbox over HTTP, as the sandbox tests do."""

from tests.sandbox.conftest import Http, canvas, course, http, sandbox

__all__ = ["Http", "canvas", "course", "http", "sandbox"]
