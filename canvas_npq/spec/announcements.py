"""Announcements in the spec: ``announcements:`` in course.yaml.

Each is posted by Canvas at its ``delayed_post_at`` (a date relative to the cohort's
start resolves per cohort), or, when it names a ``block:`` and gives no date, when that
block opens (the block's ``unlock_at``). A cohort leaves one out or changes its date or
text like any other object (``exclude:`` and ``overrides:`` in cohorts.yaml).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from canvas_npq.model import SourceRef

if TYPE_CHECKING:
    from yaml.nodes import Node


@dataclass(frozen=True)
class AnnouncementSpec:
    """A Canvas announcement (a discussion topic with ``is_announcement``)."""

    id: str
    title: str
    block: str | None
    delayed_post_at: datetime | None  # None: posted when first applied
    body: str  # the Markdown file's path in the spec folder
    body_markdown: str
    source: SourceRef


def read_announcement(
    walker: Any, node: Node, block_opens: Mapping[str, datetime | None]
) -> AnnouncementSpec | None:
    """One entry of ``announcements:``, checked; ``block_opens`` is each block's unlock_at."""
    from canvas_npq.spec import keys

    found = walker.fields(node, keys.ANNOUNCEMENT, "an announcement")
    if found is None:
        return None
    object_id = walker.register_id(found) or ""
    block = found.get("block")
    when = found.get("delayed_post_at")
    if block is not None:
        if block not in block_opens:
            walker.check_block(found, block)
        elif when is None:
            when = block_opens[block]
    body, markdown = found.get("body", ("", ""))
    return AnnouncementSpec(
        id=object_id,
        title=found.get("title", ""),
        block=block,
        delayed_post_at=when,
        body=body,
        body_markdown=markdown,
        source=walker.source(found.node),
    )
