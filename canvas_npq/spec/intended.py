"""The "Intended outcomes" table that ends a unit page or a task's description.

Rendered from the framework catalogue for the statements an item ``covers``, in the
framework's own order, in two groups: what participants *learn that* (the evidence)
and what they *learn how to* do (the practice), each row the statement id and its full
text. It is generated, so a change to ``covers:`` or to the catalogue shows in the next
plan like any other edit.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from canvas_npq.spec.model import Labels

GROUPS = ("learn_that", "learn_how_to")  # statement kinds, each headed by its label


def intended_outcomes_html(
    framework: Any, covers: Iterable[str], labels: Labels | None = None
) -> str:
    """The table's HTML, or ``""`` when the item covers no statement.

    ``framework`` is a :class:`canvas_npq.framework.catalogue.Framework`; every id in
    ``covers`` has already been checked against it. ``labels`` gives the headings.
    """
    words = labels or Labels()
    wanted = {framework.get(ref).id for ref in covers}
    if not wanted:
        return ""
    parts = [f"<h2>{html.escape(words.intended_outcomes, quote=False)}</h2>"]
    for kind in GROUPS:
        label = html.escape(getattr(words, kind), quote=False)
        rows = [s for s in framework.statements if s.id in wanted and s.kind == kind]
        if not rows:
            continue
        parts.append(f"<h3>{label}</h3>")
        heads = "".join(
            f"<th>{html.escape(head, quote=False)}</th>" for head in (words.statement, words.text)
        )
        parts.append(f"<table><thead><tr>{heads}</tr></thead><tbody>")
        for statement in rows:
            parts.append(
                f"<tr><td>{html.escape(statement.id)}</td>"
                f"<td>{html.escape(statement.text, quote=False)}</td></tr>"
            )
        parts.append("</tbody></table>")
    return "".join(parts)
