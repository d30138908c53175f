"""The framework's statements as Canvas outcomes: one group for the framework (under the
course's root outcome group), a group per area in it, an outcome per statement.

Ownership is carried by Canvas's free-form ``vendor_guid``:
``canvas-npq:<framework>`` for the framework's group, ``canvas-npq:<framework>:area-2``
for an area's and ``canvas-npq:<framework>:2.4`` for a statement's outcome.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from canvas_npq.model import Address, Kind
from canvas_npq.model.markers import FRAMEWORK_GROUP_KEY as FRAMEWORK_GROUP_KEY
from canvas_npq.model.markers import vendor_guid as vendor_guid

TITLE_TEXT_LIMIT = 120


def area_key(number: int) -> str:
    return f"area-{number}"


def outcome_address(statement_id: str) -> Address:
    return Address(Kind.OUTCOME, statement_id.lower())


def _shorten(text: str, limit: int = TITLE_TEXT_LIMIT) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.")
    return f"{cut}…"


def statement_title(statement) -> str:
    """``2.4 Professional development should be developed using…`` (Canvas allows 255)."""
    return f"{statement.id} {_shorten(statement.text)}"


def statement_description(statement, area_title: str) -> str:
    """The statement in full, then where it sits in the framework, as HTML."""
    where = f"Area {statement.area}: {area_title}, {statement.kind_label}"
    if statement.heading:
        where += f" ({statement.heading.rstrip(':')})"
    return f"<p>{html.escape(statement.text)}</p><p>{html.escape(where)}</p>"


def load(framework_id: str):
    from canvas_npq.framework.catalogue import load_framework

    return load_framework(framework_id)


def chosen_statements(framework, which: str, cited: Iterable[str]):
    """The statements to create: all, or those cited, in framework order."""
    if which == "all":
        return list(framework.statements)
    wanted = {c.lower() for c in cited}
    return [s for s in framework.statements if s.id.lower() in wanted]
