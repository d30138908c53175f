"""Canvas's HTML allow-list (``CanvasSanitize::SANITIZE``, canvas-api.md §5), our own
code: the sandbox cleans bodies with it as Canvas does on save, and the client compares
what it sends in the form Canvas will keep, so markup Canvas strips is not reported as
drift forever (and ``validate`` warns about it).

Elements outside the list go (``script``, ``form`` and a few others with their
content), ``on*`` handlers and unlisted attributes go, URLs keep only the allowed
protocols (no ``javascript:``), ``style`` keeps the allowed CSS properties, comments go.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import nh3

_ELEMENTS = {
    "a", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "hr",
    "h1", "h2", "h3", "h4", "h5", "h6", "del", "ins", "iframe", "font", "dd", "div",
    "dl", "dt", "em", "figure", "figcaption", "i", "img", "li", "ol", "p", "pre", "q",
    "small", "source", "span", "strike", "strong", "style", "sub", "sup", "abbr", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "object", "embed", "param",
    "video", "track", "audio", "address", "acronym", "map", "area", "bdo", "dfn", "kbd",
    "legend", "samp", "tt", "var", "big", "article", "aside", "details", "footer",
    "header", "nav", "section", "summary", "time", "picture", "ruby", "rt", "rp", "mark",
    # MathML
    "math", "mi", "mn", "mo", "mrow", "msup", "msub", "mfrac", "msqrt", "mroot", "mtext",
    "mtable", "mtr", "mtd", "semantics", "annotation", "mspace", "mstyle", "munder",
    "mover", "munderover", "menclose", "mpadded", "mphantom",
}  # fmt: skip

# Removed together with their content, as the Sanitize gem does for these.
_DROP_WITH_CONTENT = {"script", "noscript", "svg", "form", "button", "select", "textarea"}

_GLOBAL_ATTRIBUTES = {"style", "class", "id", "title", "role", "lang", "dir"}

_ELEMENT_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "target", "name"},
    "img": {"align", "alt", "height", "src", "usemap", "width", "longdesc"},
    "iframe": {
        "src", "width", "height", "name", "align", "frameborder", "scrolling", "allow",
        "sandbox", "allowfullscreen",
    },
    "table": {
        "summary", "width", "border", "cellpadding", "cellspacing", "center", "frame", "rules",
    },
    "td": {"abbr", "axis", "colspan", "rowspan", "width", "align", "valign", "headers", "scope"},
    "th": {"abbr", "axis", "colspan", "rowspan", "width", "align", "valign", "headers", "scope"},
    "col": {"span", "width"},
    "colgroup": {"span", "width"},
    "ol": {"start", "type"},
    "ul": {"type"},
    "li": {"value"},
    "p": {"align"},
    "div": {"align"},
    "font": {"face", "color", "size"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "time": {"datetime"},
    "object": {"width", "height", "style", "data", "type", "classid", "codebase"},
    "embed": {
        "name", "src", "type", "allowfullscreen", "pluginspage", "wmode", "allowscriptaccess",
        "width", "height",
    },
    "param": {"name", "value"},
    "video": {
        "name", "src", "allowfullscreen", "muted", "poster", "width", "height", "controls",
        "playsinline",
    },
    "audio": {"name", "src", "muted", "controls"},
    "source": {"src", "type", "media", "srcset", "sizes"},
    "track": {"default", "kind", "label", "src", "srclang"},
    "area": {"alt", "coords", "href", "shape", "target"},
    "map": {"name"},
    "details": {"open"},
    "math": {"xmlns", "display"},
    "annotation": {"encoding"},
}  # fmt: skip

_LINK_SCHEMES = {"ftp", "http", "https", "mailto", "tel", "skype"}
_EMBED_SCHEMES = {"http", "https"}
_MEDIA_SCHEMES = {"http", "https", "data"}
_MEDIA_ELEMENTS = {"audio", "video", "source", "track"}

_RESERVED_DATA = re.compile(
    r"^data-(xml|kyle-menu|turn-into-dialog|flash-message|popup-within|html-tooltip-title|method)"
)

# CSS properties Canvas keeps in ``style`` (a representative subset of its list).
_CSS_PROPERTIES = {
    "background", "background-color", "background-image", "background-position",
    "background-repeat", "background-size", "border", "border-bottom", "border-collapse",
    "border-color", "border-left", "border-radius", "border-right", "border-spacing",
    "border-style", "border-top", "border-width", "clear", "color", "cursor", "direction",
    "display", "flex", "flex-basis", "flex-direction", "flex-grow", "flex-shrink",
    "flex-wrap", "float", "font", "font-family", "font-size", "font-style", "font-variant",
    "font-weight", "gap", "grid", "grid-area", "grid-column", "grid-gap", "grid-row",
    "grid-template-areas", "grid-template-columns", "grid-template-rows", "height",
    "justify-content", "align-items", "align-content", "align-self", "letter-spacing",
    "line-height", "list-style", "list-style-type", "margin", "margin-bottom",
    "margin-left", "margin-right", "margin-top", "max-height", "max-width", "min-height",
    "min-width", "opacity", "overflow", "overflow-x", "overflow-y", "padding",
    "padding-bottom", "padding-left", "padding-right", "padding-top", "position", "bottom",
    "left", "right", "top", "text-align", "text-decoration", "text-indent",
    "text-transform", "vertical-align", "visibility", "white-space", "width", "word-break",
    "word-spacing", "word-wrap", "z-index", "zoom",
}  # fmt: skip


def _scheme_allowed(element: str, value: str) -> bool:
    scheme = urlsplit(value.strip()).scheme.lower()
    if not scheme:
        return True  # relative URLs are allowed everywhere
    if element in ("a", "area"):
        return scheme in _LINK_SCHEMES
    if element in _MEDIA_ELEMENTS:
        return scheme in _MEDIA_SCHEMES
    return scheme in _EMBED_SCHEMES


_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)", re.IGNORECASE)


def _filter_css(style: str) -> str | None:
    """Keep allowed declarations; ammonia's own CSS filter cannot be used while the
    ``style`` element is allowed, so this is a small declaration-level filter."""
    kept = []
    for declaration in style.split(";"):
        name, sep, value = declaration.partition(":")
        name, value = name.strip().lower(), value.strip()
        if not sep or not value or name not in _CSS_PROPERTIES:
            continue
        if "expression(" in value.lower():
            continue
        if any(not _scheme_allowed("img", url) for url in _CSS_URL.findall(value)):
            continue
        kept.append(f"{name}: {value}")
    return "; ".join(kept) if kept else None


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    if attribute.startswith("on"):
        return None
    if _RESERVED_DATA.match(attribute):
        return None
    if attribute == "style":
        return _filter_css(value)
    if attribute == "id":
        return re.sub(r"\s+", "", value)  # Canvas strips whitespace from ids
    if attribute in ("href", "src", "data", "poster", "longdesc", "cite") and not _scheme_allowed(
        element, value
    ):
        return None
    return value


def _cleaner(
    drop: frozenset[str] | set[str] = frozenset(), own_schemes: frozenset[str] = frozenset()
) -> Callable[[str], str]:
    attributes = {"*": set(_GLOBAL_ATTRIBUTES)}
    for element, names in _ELEMENT_ATTRIBUTES.items():
        if element not in drop:
            attributes[element] = set(names)
    options: dict[str, Any] = {
        "tags": _ELEMENTS - set(drop),
        "clean_content_tags": _DROP_WITH_CONTENT,
        "attributes": attributes,
        "generic_attribute_prefixes": {"data-", "aria-"},
        "attribute_filter": _filter_attribute
        if not own_schemes
        else functools.partial(_filter_keeping, own_schemes),
        "strip_comments": True,
        "link_rel": None,
        "url_schemes": _LINK_SCHEMES | _MEDIA_SCHEMES | set(own_schemes),
    }
    if hasattr(nh3, "Cleaner"):  # nh3 >= 0.2.18 compiles the options once
        return nh3.Cleaner(**options).clean
    return functools.partial(nh3.clean, **options)


_clean = _cleaner()
# ``WikiPage::BODY_READ_SANITIZE``: page bodies are cleaned again on read without
# ``object``/``embed`` (§5).
_clean_page_read = _cleaner(drop={"object", "embed", "param"})


def _filter_keeping(
    schemes: frozenset[str], element: str, attribute: str, value: str
) -> str | None:
    scheme = urlsplit(value.strip()).scheme.lower()
    if attribute in ("href", "src") and scheme in schemes:
        return value
    return _filter_attribute(element, attribute, value)


# The spec's bodies refer to course files as ``canvas-npq-file:<id>`` and to other
# objects of the course as ``canvas-npq-object:<address>`` until the writer turns them
# into Canvas URLs; the client's pass keeps those (Canvas never sees them).
_clean_ours = _cleaner(own_schemes=frozenset({"canvas-npq-file", "canvas-npq-object"}))


def as_canvas_keeps(html: str) -> str:
    """Our own body as Canvas will store it: what it strips, stripped (file references
    of the spec kept), so comparing with what Canvas holds shows no false drift."""
    return _clean_ours(html)


def canvas_sanitize(html: str) -> str:
    """Rich text as Canvas saves it (``CanvasSanitize::SANITIZE``)."""
    return _clean(html)


def canvas_sanitize_page_read(html: str) -> str:
    """The extra read-time pass Canvas gives page bodies."""
    return _clean_page_read(html)
