"""What a resource handler works with: the parsed request, JSON replies and pagination.

Pagination follows canvas-api.md §2: ``per_page`` defaults to 10 and is clamped to
1..100 (a non-numeric value becomes 1); the ``Link`` header carries absolute URLs on the
host the client used, with the original query re-encoded (keys sorted, brackets
%-encoded) and ``page``/``per_page`` last; rels come in the order current, next, prev,
first, last, joined by ``,``; a page past the end is ``200 []``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import quote_plus

from werkzeug.wrappers import Request, Response

from . import errors
from .params import Params, as_list, as_str, parse_pairs, to_bool, to_int
from .records import User
from .store import Store

T = TypeVar("T")

PER_PAGE = 10
MAX_PER_PAGE = 100
_LINK_DROPPED_PARAMS = {"page", "per_page", "access_token", "api_key"}


@dataclass
class ApiRequest:
    """One API call: the werkzeug request, merged params, the store and the caller."""

    http: Request
    store: Store
    params: Params
    base_url: str  # scheme://host[:port] as the client addressed us
    user: User
    extra: dict[str, Any] = field(default_factory=dict)

    # -- URLs ------------------------------------------------------------------------

    def api_url(self, path: str) -> str:
        return f"{self.base_url}/api/v1{path}"

    def html_url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    # -- params ----------------------------------------------------------------------

    def get(self, *path: str) -> Any:
        """A nested param, e.g. ``get("module", "name")``; ``None`` when absent."""
        node: Any = self.params
        for key in path:
            if not isinstance(node, dict) or key not in node:
                return None
            node = node[key]
        return node

    def has(self, *path: str) -> bool:
        node: Any = self.params
        for key in path:
            if not isinstance(node, dict) or key not in node:
                return False
            node = node[key]
        return True

    def section(self, name: str) -> dict[str, Any] | None:
        """A wrapper hash such as ``module[...]``; ``None`` when not sent as a hash."""
        value = self.params.get(name)
        return value if isinstance(value, dict) else None

    def require_section(self, name: str) -> dict[str, Any]:
        """The wrapper hash, or 400 ``missing <name> parameter`` (§4)."""
        value = self.section(name)
        if value is None:
            raise errors.bad_request(f"missing {name} parameter")
        return value

    def includes(self) -> set[str]:
        return {str(v) for v in as_list(self.params.get("include"))}

    def flag(self, *path: str) -> bool | None:
        return to_bool(self.get(*path))


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    response = Response(
        json.dumps(body, separators=(",", ":"), ensure_ascii=False),
        status=status,
        content_type="application/json; charset=utf-8",
    )
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def paginate(
    req: ApiRequest,
    rows: Sequence[T],
    render: Callable[[T], Any],
    *,
    max_per_page: int = MAX_PER_PAGE,
) -> Response:
    """One page of ``rows`` rendered as JSON, with Canvas's ``Link`` header.

    ``per_page`` and ``page`` are read as Rails reads them: the *last* value wins when a
    key repeats. canvasapi's ``get_*(per_page=10)`` sends ``per_page=10&per_page=100``,
    so real Canvas (and this sandbox) serves 100 per page.
    """
    query = parse_pairs(req.http.args.items(multi=True))
    raw_per_page = query.get("per_page")
    if raw_per_page is None:
        per_page = PER_PAGE
    else:
        per_page = min(max(to_int(as_str(raw_per_page)) or 0, 1), max_per_page)
    page = max(to_int(as_str(query.get("page"))) or 1, 1)
    last = max(1, math.ceil(len(rows) / per_page))
    chunk = rows[(page - 1) * per_page : page * per_page]

    links = [("current", page)]
    if page < last:
        links.append(("next", page + 1))
    if page > 1:
        links.append(("prev", page - 1))
    links += [("first", 1), ("last", last)]
    kept = {k: v for k, v in query.items() if k not in _LINK_DROPPED_PARAMS}
    encoded = to_query(kept)
    prefix = f"{req.base_url}{req.http.path}?{encoded + '&' if encoded else ''}"
    header = ",".join(
        f'<{prefix}page={number}&per_page={per_page}>; rel="{rel}"' for rel, number in links
    )
    return json_response([render(row) for row in chunk], headers={"Link": header})


def to_query(value: Any, namespace: str | None = None) -> str:
    """Rails ``Hash#to_query``: nested keys bracketed and %-encoded, pairs sorted."""
    if isinstance(value, dict):
        parts = [
            to_query(item, f"{namespace}[{key}]" if namespace else str(key))
            for key, item in value.items()
        ]
        return "&".join(sorted(part for part in parts if part))
    if isinstance(value, list):
        prefix = f"{namespace}[]"
        if not value:
            return f"{quote_plus(prefix)}="
        return "&".join(to_query(item, prefix) for item in value)
    return f"{quote_plus(namespace or '')}={quote_plus(str(value))}"
