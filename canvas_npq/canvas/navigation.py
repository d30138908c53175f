"""Course navigation tabs and course settings in Canvas: reading and writing them.

Read only when the spec manages them (:func:`extras_for`): the tabs come with the
course itself (``include[]=tabs`` on ``GET /courses/:id``, which Canvas's
``course_json`` honours), so managing navigation costs no extra request; settings cost
one, ``GET /courses/:id/settings``. A caller that reads without saying what the spec
manages still gets them once the course's manifest records them (:func:`late_reads`).
Each tab is written with its own ``PUT``; settings with one ``PUT`` of the changed
switches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from canvas_npq.canvas.client import Connection
from canvas_npq.model import FIELDS, Address, Kind, Resource, normalize_value
from canvas_npq.model.fields import fingerprint

NAVIGATION = "navigation"
SETTINGS = "settings"
SECTIONS = "sections"  # the course's sections, for facilitator groups' own dates
COURSE_SETTINGS_ADDRESS = Address(Kind.COURSE_SETTINGS, "course")
NO_SECTION_TIMES = fingerprint(())  # an event's section_times as a manifest records none


def extras_for(addresses: Iterable[object]) -> frozenset[str]:
    """What to read beside the course's content, from what a spec manages: a desired
    snapshot's resources (or addresses), or a saved plan's manifest.

    An event with times per section needs the sections too (their ids to send); a
    manifest tells so by the fingerprint it recorded for the event's section times.
    """
    found: set[str] = set()
    manifest = addresses if isinstance(addresses, Mapping) else {}
    for address in addresses:
        if isinstance(address, Resource):
            if address.kind is Kind.CALENDAR_EVENT and address.fields.get("section_times"):
                found.add(SECTIONS)
            address = address.address
        text = str(address)
        if text.startswith(f"{Kind.CALENDAR_EVENT.value}."):
            applied = (manifest.get(text) or {}).get("applied") or {}
            if applied.get("section_times") not in (None, NO_SECTION_TIMES):
                found.add(SECTIONS)
        elif text.startswith(f"{Kind.TAB.value}."):
            found.add(NAVIGATION)
        elif text == str(COURSE_SETTINGS_ADDRESS):
            found.add(SETTINGS)
        elif text.startswith(f"{Kind.ASSIGNMENT_OVERRIDE.value}."):
            found.add(SECTIONS)
    return frozenset(found)


def course_includes(extras: frozenset[str]) -> list[str]:
    """``include[]`` for ``GET /courses/:id``."""
    return ["syllabus_body", "tabs"] if NAVIGATION in extras else ["syllabus_body"]


def settings_read(conn: Connection, course_id: int | str) -> Callable[[], Any]:
    """A read of the course's settings (for ``fetch_all``).

    :calls: ``GET /api/v1/courses/:course_id/settings``
    """
    return lambda: conn.requester.request("GET", f"courses/{course_id}/settings").json()


def late_reads(
    conn: Connection,
    course_id: int,
    extras: frozenset[str],
    manifest: Mapping[str, Any],
    fetched: Mapping[str, Any],
) -> tuple[frozenset[str], dict[str, Callable[[], Any]]]:
    """What the course's manifest says canvas-npq manages but the caller did not ask to
    read (a library caller reading without the spec), and the reads that fetch it.

    Without them such a read would see no tabs or settings, and a plan made from
    another read would look stale against it.

    :calls: ``GET /api/v1/courses/:course_id/tabs``, ``GET .../settings``,
        ``GET .../sections``
    """
    needed = extras_for(manifest) - extras
    reads: dict[str, Callable[[], Any]] = {}
    if NAVIGATION in needed and "tabs" not in fetched:
        path = f"courses/{course_id}/tabs"
        query = [("per_page", 100)]
        reads["tabs"] = lambda: conn.requester.request("GET", path, _kwargs=query).json()
    if SETTINGS in needed and "settings" not in fetched:
        reads["settings"] = settings_read(conn, course_id)
    if SECTIONS in needed and "sections" not in fetched:
        reads["sections"] = sections_read(conn, course_id)
    return needed, reads


def sections_read(conn: Connection, course_id: int | str) -> Callable[[], Any]:
    """A read of the course's sections, every page (for ``fetch_all``): only a course
    whose spec gives facilitator groups their own dates needs them.

    :calls: ``GET /api/v1/courses/:course_id/sections``
    """
    from canvas_npq.canvas.reader import listing  # the reader imports this module

    return listing(conn, f"courses/{course_id}/sections")


def tab_resources(tabs: Iterable[Mapping[str, Any]], course_id: int) -> list[Resource]:
    """A ``tab.<id>`` resource per tab Canvas lists (``hidden`` is absent when false).

    Home and Settings are left out: Canvas never hides or moves them.
    """
    resources = []
    for tab in tabs:
        tab_id = str(tab.get("id"))
        if tab_id in ("home", "settings"):
            continue
        fields = {
            "hidden": normalize_value(FIELDS[Kind.TAB]["hidden"], bool(tab.get("hidden"))),
            "position": tab.get("position"),
        }
        facts = {"label": tab.get("label"), "type": tab.get("type")}
        resources.append(
            Resource(Address(Kind.TAB, tab_id), fields, canvas_id=course_id, facts=facts)
        )
    return resources


def settings_resource(settings: Mapping[str, Any], course_id: int) -> Resource:
    """The course's settings, as the switches canvas-npq can manage."""
    fields = {
        name: normalize_value(ftype, settings.get(name))
        for name, ftype in FIELDS[Kind.COURSE_SETTINGS].items()
    }
    return Resource(COURSE_SETTINGS_ADDRESS, fields, canvas_id=course_id)


def update_tab(conn: Connection, course_id: int, tab_id: str, fields: Mapping[str, Any]) -> None:
    """Hide, show or move one tab.

    :calls: ``PUT /api/v1/courses/:course_id/tabs/:tab_id`` (``hidden``, ``position``)
    """
    params: dict[str, Any] = {}
    if "hidden" in fields:
        params["hidden"] = "true" if fields["hidden"] else "false"
    if fields.get("position") is not None:
        params["position"] = int(fields["position"])
    conn.send("PUT", f"courses/{course_id}/tabs/{tab_id}", **params)


def update_settings(conn: Connection, course_id: int, fields: Mapping[str, Any]) -> None:
    """Set the changed switches.

    :calls: ``PUT /api/v1/courses/:course_id/settings`` (top-level booleans)
    """
    params = {name: "true" if value else "false" for name, value in fields.items()}
    conn.send("PUT", f"courses/{course_id}/settings", **params)
