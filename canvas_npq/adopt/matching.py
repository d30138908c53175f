"""``adopt``: match each spec object to the Canvas object that already holds it.

A course copied from last term's carries the content but not canvas-npq's manifest
(and its page markers only if last term's course was managed). Each spec object that
the course does not already own is matched by kind and title: assignment groups,
pages, assignments, discussions, quizzes, announcements, modules, files (by name) and
events by title, where several share a title, the file in the same folder or the event
at the same time; rubrics by the assignment they grade; a section's own dates (an
assignment override) by its assignment and the section's name; module items inside
their matched module by type and content (page, assignment, discussion or file), or by
title for headers and links. A spec object with exactly one candidate is bound; with
several it is *ambiguous*, and with none it is *missing* (apply will create it).
Nothing is guessed: an ambiguous object is bound by hand (rename one of the Canvas
objects) or created.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from canvas_npq.adopt.support import problem
from canvas_npq.model import FIELDS, Address, Kind, Resource, Snapshot, normalize_value
from canvas_npq.model.resources import BUILT_IN_KINDS, KIND_ORDER


def title_key(title: str | None) -> str:
    return " ".join((title or "").split()).casefold()


@dataclass(frozen=True)
class Match:
    address: Address
    title: str
    canvas_id: int


@dataclass(frozen=True)
class Unmatched:
    address: Address
    title: str
    canvas_ids: tuple[int, ...] = ()  # the candidates, when ambiguous

    def __str__(self) -> str:
        what = f"{self.address.kind.label} {self.title!r} [{self.address.key}]"
        if self.canvas_ids:
            ids = ", ".join(str(i) for i in self.canvas_ids)
            return f"{what}: {len(self.canvas_ids)} Canvas objects match (ids {ids})"
        return f"{what}: no Canvas object matches; apply will create it"


@dataclass
class Matching:
    matched: list[Match] = field(default_factory=list)
    ambiguous: list[Unmatched] = field(default_factory=list)
    missing: list[Unmatched] = field(default_factory=list)
    already_owned: int = 0

    @property
    def bind(self) -> dict[str, int]:
        return {str(m.address): m.canvas_id for m in self.matched}


# Kind → the field that tells apart Canvas objects of the same title, when several are.
_TIE_BREAKERS = {Kind.FILE: "folder", Kind.CALENDAR_EVENT: "start_at"}


def _narrowed(want: Resource, found: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Of several candidates with the title, the one in the same folder (a file) or
    starting at the same time (an event), if exactly one is; otherwise all of them."""
    name = _TIE_BREAKERS.get(want.kind)
    if name is None or len(found) < 2:
        return found
    field_type = FIELDS[want.kind][name]
    same = [e for e in found if normalize_value(field_type, e.get(name)) == want.fields.get(name)]
    return same if len(same) == 1 else found


class _Matcher:
    def __init__(
        self, desired: Snapshot, live: Snapshot, extra: Iterable[Mapping[str, Any]] = ()
    ) -> None:
        self.desired = desired
        self.live = live
        self.result = Matching()
        self.free: dict[str, list[Mapping[str, Any]]] = {}
        for entry in [*live.meta.get("unowned", ()), *extra]:
            if problem(entry) is None:
                self.free.setdefault(entry["kind"], []).append(entry)
        self.bound: dict[Address, Mapping[str, Any]] = {}

    def canvas_id(self, ref: Any) -> int | None:
        if not isinstance(ref, str) or ref.startswith("foreign:"):
            return None
        address = Address.parse(ref)
        owned = self.live.get(address)
        if owned is not None:
            return owned.canvas_id
        entry = self.bound.get(address)
        return entry["id"] if entry else None

    def page_url(self, ref: Any) -> str | None:
        if not isinstance(ref, str) or ref.startswith("foreign:"):
            return None
        address = Address.parse(ref)
        owned = self.live.get(address)
        if owned is not None:
            return owned.facts.get("url")
        entry = self.bound.get(address)
        return entry.get("url") if entry else None

    def candidates(self, want: Resource) -> list[Mapping[str, Any]]:
        kind = want.kind
        pool = self.free.get(kind.value, [])
        if kind is Kind.RUBRIC:  # the rubric that grades the assignment, whatever its title
            assignment_id = self.canvas_id(want.fields.get("assignment"))
            return [e for e in pool if assignment_id and e.get("assignment_id") == assignment_id]
        if kind is Kind.ASSIGNMENT_OVERRIDE:  # the section's dates for the same assignment
            assignment_id = self.canvas_id(want.fields.get("assignment"))
            section = want.fields.get("section")
            return [
                e
                for e in pool
                if assignment_id
                and e.get("assignment_id") == assignment_id
                and e.get("section") == section
            ]
        if kind is not Kind.MODULE_ITEM:
            found = [e for e in pool if title_key(e["title"]) == title_key(want.title)]
            return _narrowed(want, found)
        f = want.fields
        module_id = self.canvas_id(f["module"])
        if module_id is None:
            return []
        found = [e for e in pool if e["module_id"] == module_id and e["type"] == f["type"]]
        if f["type"] == "Page":
            url = self.page_url(f["content"])
            return [e for e in found if url is not None and e["page_url"] == url]
        if f["type"] in ("Assignment", "Discussion", "File", "Quiz"):
            content_id = self.canvas_id(f["content"])
            return [e for e in found if content_id is not None and e["content_id"] == content_id]
        return [e for e in found if title_key(e["title"]) == title_key(f["title"])]

    def run(self) -> Matching:
        # The course, its menu and its settings exist in every course: nothing to match
        # (and a tab the course lacks is never created; plan reports it).
        wanted = sorted(
            (r for r in self.desired if r.kind not in BUILT_IN_KINDS),
            key=lambda r: KIND_ORDER[r.kind],
        )
        by_kind: dict[Kind, list[Resource]] = {}
        for want in wanted:
            if self.live.get(want.address) is not None:
                self.result.already_owned += 1
                continue
            by_kind.setdefault(want.kind, []).append(want)
        for kind in sorted(by_kind, key=KIND_ORDER.__getitem__):
            found = {want.address: self.candidates(want) for want in by_kind[kind]}
            claims: dict[int, int] = {}
            for entries in found.values():
                for entry in entries:
                    claims[entry["id"]] = claims.get(entry["id"], 0) + 1
            for want in by_kind[kind]:
                entries = found[want.address]
                title = self.label(want)
                if not entries:
                    self.result.missing.append(Unmatched(want.address, title))
                elif len(entries) > 1 or claims[entries[0]["id"]] > 1:
                    ids = tuple(sorted(e["id"] for e in entries))
                    self.result.ambiguous.append(Unmatched(want.address, title, ids))
                else:
                    self.bound[want.address] = entries[0]
                    self.result.matched.append(Match(want.address, title, entries[0]["id"]))
        return self.result

    def label(self, want: Resource) -> str:
        if want.kind is Kind.ASSIGNMENT_OVERRIDE:  # "MIT 1 (Group A)", as the reader says
            assignment = self.desired.get(Address.parse(want.fields["assignment"]))
            name = assignment.title if assignment is not None else want.fields["assignment"]
            return f"{name} ({want.fields['section']})"
        content = want.fields.get("content") if want.kind is Kind.MODULE_ITEM else None
        if isinstance(content, str) and "." in content:
            target = self.desired.get(Address.parse(content))
            if target is not None:
                return target.title
        return want.title


def match(desired: Snapshot, live: Snapshot, extra: Iterable[Mapping[str, Any]] = ()) -> Matching:
    """Bind each desired object that ``live`` does not own to exactly one Canvas object
    (``extra``: unowned objects the reader lists apart, the classic quizzes)."""
    return _Matcher(desired, live, extra).run()
