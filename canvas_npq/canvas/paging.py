"""Whole Canvas lists as plain JSON rows, following every ``Link: rel="next"`` page.

Canvas paginates every list it builds with ``Api.paginate`` (100 rows a page at most),
so a list read as one GET silently loses what is past the first page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from canvasapi.paginated_list import PaginatedList
from canvasapi.util import combine_kwargs

from canvas_npq.canvas.client import Connection


class _Row(dict[str, Any]):
    """One listed object, as the JSON Canvas sent."""

    def __init__(self, requester: Any, attributes: Mapping[str, Any]) -> None:
        super().__init__(attributes)


def get_all(conn: Connection, endpoint: str, **params: Any) -> list[dict[str, Any]]:
    """Every row of the list at ``endpoint`` (``per_page=100`` unless given), retried as
    one read: a list cut off part-way is never taken for the whole of it."""
    params.setdefault("per_page", 100)

    def fetch() -> list[dict[str, Any]]:
        rows = PaginatedList(
            _Row, conn.requester, "GET", endpoint, _kwargs=combine_kwargs(**params)
        )
        return [dict(row) for row in rows]

    result: list[dict[str, Any]] = conn.read(fetch)
    return result
