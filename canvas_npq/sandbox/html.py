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


_FILE_LINK = re.compile(
    r"""(\s(?:href|src)=["'][^"']*?/(?:courses/\d+/)?files/(\d+)(?:/download|/preview)?)(\?[^"']*)?(["'])"""
)


# ``Api::Html::API_ROUTE_MAP`` (lib/api/html/url_proxy.rb): a root-relative link to course
# content gets ``data-api-endpoint`` (its API address) and ``data-api-returntype``. The
# patterns are matched from the start of the path; lists end there (``$``).
_ID = r"(\d+)"
_API_ROUTES: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern), kind, endpoint)
    for pattern, kind, endpoint in (
        (rf"^/courses/{_ID}/discussion_topics$", "[Discussion]", "courses/{0}/discussion_topics"),
        (
            rf"^/courses/{_ID}/discussion_topics/{_ID}$",
            "Discussion",
            "courses/{0}/discussion_topics/{1}",
        ),
        (rf"^/courses/{_ID}/(?:wiki|pages)$", "[Page]", "courses/{0}/pages"),
        (rf"^/courses/{_ID}/(?:wiki|pages)/([^/?]+)(?:\?[^/]+)?", "Page", "courses/{0}/pages/{1}"),
        (rf"^/courses/{_ID}/assignments$", "[Assignment]", "courses/{0}/assignments"),
        (rf"^/courses/{_ID}/assignments/{_ID}$", "Assignment", "courses/{0}/assignments/{1}"),
        (rf"^/courses/{_ID}/files$", "Folder", "courses/{0}/folders/root"),
        (rf"^/courses/{_ID}/files/{_ID}", "File", "courses/{0}/files/{1}"),
        (rf"^/files/{_ID}", "File", "files/{0}"),
        (rf"^/courses/{_ID}/quizzes$", "[Quiz]", "courses/{0}/quizzes"),
        (rf"^/courses/{_ID}/quizzes/{_ID}$", "Quiz", "courses/{0}/quizzes/{1}"),
        (rf"^/courses/{_ID}/modules$", "[Module]", "courses/{0}/modules"),
        (rf"^/courses/{_ID}/modules/{_ID}$", "Module", "courses/{0}/modules/{1}"),
    )
)
_START_TAG = re.compile(r"<([a-zA-Z][\w-]*)((?:\s[^<>]*?)?)(/?)>")
_URL_ATTR = re.compile(r"""(\s(?:href|src)=)(["'])(/[^/"'][^"']*|/)\2""", re.IGNORECASE)
_API_ATTRS = re.compile(r"""\sdata-api-(?:endpoint|returntype)=(["']).*?\1""", re.IGNORECASE)


def _api_endpoint_info(path: str, base_url: str) -> tuple[str, str] | None:
    for pattern, kind, endpoint in _API_ROUTES:
        match = pattern.match(path)
        if match:
            return f"{base_url}/api/v1/" + endpoint.format(*match.groups()), kind
    return None


def _rewrite_tag(match: re.Match[str], base_url: str) -> str:
    """``UrlProxy#rewrite_api_urls``: a root-relative href/src is made absolute on the
    request host and, when it names course content, the tag gets its API address."""
    attributes = match.group(2)
    info: tuple[str, str] | None = None

    def absolute(url: re.Match[str]) -> str:
        nonlocal info
        info = _api_endpoint_info(url.group(3), base_url) or info
        return f"{url.group(1)}{url.group(2)}{base_url}{url.group(3)}{url.group(2)}"

    rewritten = _URL_ATTR.sub(absolute, attributes)
    if rewritten == attributes:
        return match.group(0)
    if info is not None:
        endpoint, kind = info
        rewritten = _API_ATTRS.sub("", rewritten)
        rewritten += f' data-api-endpoint="{endpoint}" data-api-returntype="{kind}"'
    return f"<{match.group(1)}{rewritten}{match.group(3)}>"


def rewrite_outgoing(
    html: str | None, base_url: str, file_uuid: Callable[[int], str | None] | None = None
) -> str | None:
    """``api_user_content``: absolute links on the request host, with the API address of
    the course content they name; file links get a verifier."""
    if not html:
        return html
    out = _START_TAG.sub(lambda m: _rewrite_tag(m, base_url), html)
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
