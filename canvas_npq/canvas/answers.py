"""The pages listing after an apply, from what Canvas answered to its writes.

Canvas answers a page's create (``POST .../pages``) and update (``PUT .../pages/:url``)
with the page as it stored it: ``wiki_page_json`` with its body, which is what a row of
the pages listing with ``include[]=body`` is (``app/controllers/wiki_pages_api_controller.rb``
create, update; ``lib/api/v1/wiki_page.rb``). The listing is ordered by page id
(``index``: no ``sort``, then ``order(:id)``). So the pages as read under the lock, with
each page the apply wrote replaced by Canvas's answer (matched by page id: a retitle
changes the url), each page it created added and each it deleted left out, are the
pages listing as a read made now would give it. Verification takes that instead of
listing the pages again (``sync.verify(answers=)``).

The answers are not trusted further than they show. The substitution is refused, and
the pages are listed again, when any page write's answer is missing, not an object, for
another page than the one written, or without a body or the fields the reader uses;
when a write's answer was lost (a lost create found by listing, a manifest page written
again after a lost answer), Canvas acted on another page than the one sent (a deleted
page, a PUT that made a new page), or a page write was sent without its outcome being
kept here at all; and when the plan changed anything that changes the pages listing
besides the pages' own writes (a module or its items publish their pages, a file's new
id is linked from bodies: ``reader.CHANGED_BY``). Two front pages in the result mean a
page made the front page took it from another, whose row is stale: listed again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from canvas_npq.canvas.reader import CHANGED_BY, LISTINGS, _Listed
from canvas_npq.model import Kind

log = logging.getLogger(__name__)

# What the reader (and the lock) take from a listed page: an answer without one of them
# is not a listing row.
_FIELDS: Mapping[str, type | tuple[type, ...]] = {
    "url": str,
    "title": str,
    "body": str,
    "published": bool,
    "front_page": bool,
}


def _value(page: Any, name: str) -> Any:
    return page.get(name) if isinstance(page, Mapping) else getattr(page, name, None)


def _problem(answer: Any, page_id: int | None) -> str | None:
    """Why ``answer`` is not a complete page (for ``page_id``, when known), or None."""
    if not isinstance(answer, Mapping):
        return "no page object"
    made = answer.get("page_id")
    if not isinstance(made, int) or isinstance(made, bool):
        return "no page id"
    if page_id is not None and made != page_id:
        return f"page {made}, not {page_id}"
    missing = [n for n, t in _FIELDS.items() if not isinstance(answer.get(n), t)]
    return f"no {', '.join(missing)}" if missing else None


def changes_pages_aside(kinds: Iterable[Kind]) -> bool:
    """Whether writes of these kinds can change the pages listing otherwise than through
    the pages' own answers (an unknown kind counts as changing everything)."""
    return any(
        kind is not Kind.PAGE and "pages" in CHANGED_BY.get(kind, frozenset(LISTINGS))
        for kind in kinds
    )


class PageAnswers:
    """Canvas's answers to one apply's page writes, kept by the writer (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pages: dict[int, dict[str, Any] | None] = {}  # page id -> answer; None: deleted
        self._created: set[int] = set()
        # Page writes sent, and those whose outcome was kept (answered, deleted or lost):
        # a write sent but never kept (a write path that does not keep its answer) stands
        # for a change the answers do not show.
        self._sent = 0
        self._kept = 0
        self.untrusted: str | None = None  # why the answers cannot stand for a listing

    def _distrust(self, why: str) -> None:
        if self.untrusted is None:
            self.untrusted = why

    def sending(self) -> None:
        """A write to the pages is about to be sent (each is then kept, or lost)."""
        with self._lock:
            self._sent += 1

    def created(self, answer: Any) -> None:
        """A page's create, answered with ``answer``."""
        self.written(answer, None)

    def written(self, answer: Any, page_id: int | None) -> None:
        """A write to page ``page_id`` (None: a create) answered with ``answer``."""
        with self._lock:
            self._kept += 1
            problem = _problem(answer, page_id)
            if problem is not None:
                where = "a page create" if page_id is None else f"the write to page {page_id}"
                self._distrust(f"Canvas's answer to {where}: {problem}")
                return
            made = int(answer["page_id"])
            if page_id is None:
                self._created.add(made)
            self._pages[made] = dict(answer)

    def deleted(self, page_id: int) -> None:
        """Page ``page_id`` deleted (or found gone already)."""
        with self._lock:
            self._kept += 1
            self._pages[page_id] = None

    def lost(self, why: str) -> None:
        """A page write whose outcome its answer does not show."""
        with self._lock:
            self._kept += 1
            self._distrust(why)

    def listing(self, listed: Sequence[Any] | None, kinds: Iterable[Kind]) -> list[Any] | None:
        """The pages listing after the writes: ``listed`` (the pages as read before them,
        under the lock) with the answers put in, in Canvas's order (by page id); or None
        when the pages must be listed again (see the module's docstring). ``kinds`` are
        those of the applied plan's changes."""
        why = self._refusal(listed, kinds)
        if why is None:
            assert listed is not None
            rows = {int(_value(p, "page_id")): p for p in listed}
            with self._lock:
                for page_id, answer in self._pages.items():
                    if answer is None:
                        rows.pop(page_id, None)
                    elif (page_id in rows) == (page_id in self._created):
                        why = f"page {page_id} was {'listed' if page_id in rows else 'not listed'}"
                        break
                    else:
                        rows[page_id] = _Listed(None, answer)
            if why is None and sum(1 for p in rows.values() if _value(p, "front_page")) > 1:
                why = "two front pages: the one a write replaced is stale"
            if why is None:
                return [rows[page_id] for page_id in sorted(rows)]
        log.debug("the pages are listed again to verify: %s", why)
        return None

    def _refusal(self, listed: Sequence[Any] | None, kinds: Iterable[Kind]) -> str | None:
        if self.untrusted is not None:
            return self.untrusted
        if self._kept < self._sent:
            return f"{self._sent - self._kept} page write(s) sent without their answer kept"
        if listed is None:
            return "no listing of the pages to start from"
        if any(not isinstance(_value(p, "page_id"), int) for p in listed):
            return "a listed page without an id"
        if changes_pages_aside(kinds):
            return "the plan changes what the pages listing shows besides the pages' writes"
        return None
