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
