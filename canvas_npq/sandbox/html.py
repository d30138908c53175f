"""HTML as Canvas stores and serves it.

On save, Canvas runs rich-text fields through ``CanvasSanitize::SANITIZE`` (canvas-api.md
§5), whose allow-list is in ``canvas_npq.model.sanitize`` (shared with the client, which
compares in the form Canvas keeps). The output is re-serialized, so it never equals the
input byte for byte (§21.13); that drift is deliberate here too.

On read, ``api_user_content`` makes root-relative links absolute on the request host and
adds ``verifier=`` to file links (§5).
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable

import nh3

from canvas_npq.model.sanitize import canvas_sanitize, canvas_sanitize_page_read


def sanitize(html: str | None) -> str | None:
    """Clean rich text on save, as ``sanitize_field ... CanvasSanitize::SANITIZE`` does."""
    return None if html is None else canvas_sanitize(html)


def sanitize_page_read(html: str | None) -> str | None:
    """The extra read-time pass Canvas gives page bodies."""
    return None if html is None else canvas_sanitize_page_read(html)


_ROOT_RELATIVE = re.compile(r"""(\s(?:href|src)=)(["'])/(courses|files|users|groups)/""")
_FILE_LINK = re.compile(
    r"""(\s(?:href|src)=["'][^"']*?/(?:courses/\d+/)?files/(\d+)(?:/download|/preview)?)(\?[^"']*)?(["'])"""
)


def rewrite_outgoing(
    html: str | None, base_url: str, file_uuid: Callable[[int], str | None] | None = None
) -> str | None:
    """``api_user_content``: absolute links on the request host; file links get a verifier."""
    if not html:
        return html
    out = _ROOT_RELATIVE.sub(lambda m: f"{m.group(1)}{m.group(2)}{base_url}/{m.group(3)}/", html)
    if file_uuid is None:
        return out

    def add_verifier(match: re.Match[str]) -> str:
        uuid = file_uuid(int(match.group(2)))
        query = match.group(3) or ""
        if uuid is None or "verifier=" in query:
            return match.group(0)
        joiner = "&" if query else "?"
        return f"{match.group(1)}{query}{joiner}verifier={uuid}{match.group(4)}"

    return _FILE_LINK.sub(add_verifier, out)


_URL_ATTRIBUTE = re.compile(r"""(\b(?:href|src)\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
_VERIFIER_PARAM = re.compile(r"([?&])verifier=[^&#]*&?")


def _drop_verifier(url: str) -> str:
    if "verifier=" not in url:
        return url
    url = _VERIFIER_PARAM.sub(lambda m: m.group(1), url)
    # A query left empty ("...?" or "...&" or "...?#frag") loses its separator.
    return re.sub(r"[?&](?=#|$)", "", url)


def process_incoming(html: str | None) -> str | None:
    """``process_incoming_html_content``: drop ``verifier=`` params from link URLs (§5).

    Only ``href``/``src`` attribute values are touched; text such as ``"Why?"``
    passes through unchanged.
    """
    if not html:
        return html
    return _URL_ATTRIBUTE.sub(
        lambda m: f"{m.group(1)}{m.group(2)}{_drop_verifier(m.group(3))}{m.group(2)}", html
    )


def strip_tags(text: str | None) -> str | None:
    """HTML-strip a plain-text field (outcome titles, vendor_guid; §16)."""
    if text is None:
        return None
    return html_lib.unescape(nh3.clean(text, tags=set())).strip()
