"""The route table: Canvas paths (under ``/api/v1``) mapped to handler functions.

Resource modules register handlers with ``@router.route("GET", "/courses/<course_id>")``;
``resources/__init__.py`` imports them all. Path segments are matched as strings so that
handlers can resolve Canvas's id forms (``sis_course_id:X``, ``page_id:N``, slugs).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from werkzeug.routing import Map, Rule

Handler = Callable[..., Any]

API_PREFIX = "/api/v1"


class Router:
    def __init__(self) -> None:
        self._rules: list[Rule] = []
        self._handlers: dict[str, Handler] = {}
        self._public: set[str] = set()
        self._map: Map | None = None

    def route(
        self, method: str, path: str, *, prefix: str = API_PREFIX, auth: bool = True
    ) -> Callable[[Handler], Handler]:
        """Register a handler; ``auth=False`` for URLs Canvas serves without a token
        (the step-2 file upload, §15.1)."""

        def register(handler: Handler) -> Handler:
            endpoint = f"{method} {prefix}{path}"
            if endpoint in self._handlers:
                raise ValueError(f"duplicate route {endpoint}")
            self._handlers[endpoint] = handler
            if not auth:
                self._public.add(endpoint)
            self._rules.append(Rule(prefix + path, endpoint=endpoint, methods=[method]))
            return handler

        return register

    def is_public(self, endpoint: str) -> bool:
        return endpoint in self._public

    def build_map(self) -> Map:
        """The werkzeug ``Map``, compiled once (it is read-only and thread-safe)."""
        if self._map is None or len(self._map._rules) != len(self._rules):
            self._map = Map([rule.empty() for rule in self._rules], strict_slashes=False)
        return self._map

    def handler(self, endpoint: str) -> Handler:
        return self._handlers[endpoint]


router = Router()
