"""What the planner does with an announcement Canvas has already posted.

Participants may have read a posted announcement (and had it emailed to them), so
canvas-npq leaves it as it is: a change in the spec is not sent and a removal from the
spec does not delete it, each with a line in the plan saying so. ``--prune`` allows both,
and the plan then warns that a posted announcement is being changed or deleted. An
announcement still waiting for its ``delayed_post_at`` is managed like any other object.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from canvas_npq.model import Kind, Resource
from canvas_npq.plan.model import Change, FieldChange

POSTED_REASON = "already posted: participants may have read it"


def is_posted(have: Resource | None) -> bool:
    return have is not None and have.kind is Kind.ANNOUNCEMENT and bool(have.facts.get("posted"))


def _label(have: Resource) -> str:
    return f"announcement {have.title!r} [{have.address.key}]"


def hold_posted(
    have: Resource, diffs: Sequence[FieldChange], prune: bool, notes: list[str]
) -> list[FieldChange]:
    """The changes to send to ``have``: none to a posted announcement unless ``prune``."""
    if not diffs or not is_posted(have):
        return list(diffs)
    names = ", ".join(d.name for d in diffs)
    if prune:
        notes.append(f"{_label(have)} is {POSTED_REASON}; --prune changes its {names}.")
        return list(diffs)
    notes.append(
        f"{_label(have)} is {POSTED_REASON}, so its {names} in the spec are not sent. "
        "Run with --prune to change it."
    )
    return []


def keep_posted(have: Resource, prune: bool) -> str:
    """Why a posted announcement that left the spec is kept ("" when it may go)."""
    if is_posted(have) and not prune:
        return f"{POSTED_REASON}; run with --prune to delete it"
    return ""


def posted_deletes(deletes: Iterable[Change], live: Iterable[Resource]) -> list[str]:
    """Warnings for the posted announcements a pruning plan deletes."""
    posted = {r.address for r in live if is_posted(r)}
    return [
        f"announcement {c.title!r} [{c.address.key}] is {POSTED_REASON}; --prune deletes it."
        for c in deletes
        if c.address in posted
    ]


def posted_reason(have: Resource, reason: str) -> str:
    """An update's reason, saying when the announcement is already posted."""
    return f"{reason}; {POSTED_REASON} (--prune)" if is_posted(have) else reason
