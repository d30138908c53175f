"""What the executor needs from Canvas: a writer. Planning never gets one."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from canvas_npq.model import Kind

Resolve = Callable[[str], int]


class CanvasWriter(Protocol):
    """The write side of a course. Only the executor holds one."""

    # Write requests sent. A writer that writes quiz questions also counts, in
    # ``questions_written``, those of them that created, updated or deleted a question.
    writes: int

    def create(
        self,
        kind: Kind,
        key: str,
        fields: Mapping[str, Any],
        resolve: Resolve,
        position: int | None,
    ) -> int: ...

    def update(
        self, kind: Kind, canvas_id: int, fields: Mapping[str, Any], resolve: Resolve
    ) -> bool: ...

    def update_item(
        self,
        canvas_id: int,
        item_type: str,
        module: str,
        fields: Mapping[str, Any],
        resolve: Resolve,
        position: int | None = None,
        new_module: str | None = None,
    ) -> bool: ...

    def rewrite(
        self,
        kind: Kind,
        canvas_id: int,
        desired: Mapping[str, Any],
        resolve: Resolve,
        changed: frozenset[str] = ...,
    ) -> int: ...

    def update_tab(self, tab_id: str, fields: Mapping[str, Any]) -> bool: ...

    def move(self, kind: Kind, canvas_id: int, position: int) -> None: ...

    def delete(self, kind: Kind, canvas_id: int, module: int | None = None) -> None: ...

    def write_manifest(self, objects: Mapping[str, Any], owner: str | None = None) -> None: ...

    def publish_modules(self, canvas_ids: Sequence[int]) -> None: ...
