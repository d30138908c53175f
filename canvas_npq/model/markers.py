"""Ownership markers: how a Canvas object says "canvas-npq manages me, as spec id X".

A page body or assignment description is wrapped in ``<div data-canvas-npq-id="X">``.
Canvas keeps ``data-*`` attributes through its sanitizer, the marker is written in
the same request that creates the object, and it survives any title change, so the
object can be found again even if the response to its create was lost.
"""

from __future__ import annotations

import html
import re

MARKER_ATTRIBUTE = "data-canvas-npq-id"
_MARKER = re.compile(r"""data-canvas-npq-id\s*=\s*["']([^"']+)["']""")


def wrap_owned(spec_id: str, body_html: str) -> str:
    """The HTML canvas-npq writes for an owned body."""
    return f'<div {MARKER_ATTRIBUTE}="{html.escape(spec_id, quote=True)}">{body_html}</div>'


def owner_of(body_html: str | None) -> str | None:
    """The spec id a body is marked with, or ``None`` when it carries no marker."""
    if not body_html:
        return None
    match = _MARKER.search(body_html)
    return html.unescape(match.group(1)) if match else None


# Outcomes and outcome groups carry Canvas's free-form ``vendor_guid`` instead:
# ``canvas-npq:<framework>`` (the framework's group), ``canvas-npq:<framework>:area-2``,
# ``canvas-npq:<framework>:2.4``.
VENDOR_PREFIX = "canvas-npq:"
FRAMEWORK_GROUP_KEY = "framework"


def vendor_guid(framework_id: str, key: str) -> str:
    """The ``vendor_guid`` canvas-npq writes for the outcome (group) with address key ``key``."""
    if key == FRAMEWORK_GROUP_KEY:
        return f"{VENDOR_PREFIX}{framework_id}"
    return f"{VENDOR_PREFIX}{framework_id}:{key}"


def key_of_vendor_guid(guid: str | None) -> str | None:
    """The address key a ``vendor_guid`` marks, or None for one canvas-npq did not write."""
    if not guid or not guid.startswith(VENDOR_PREFIX):
        return None
    _, sep, rest = guid[len(VENDOR_PREFIX) :].partition(":")
    return rest if sep and rest else FRAMEWORK_GROUP_KEY
