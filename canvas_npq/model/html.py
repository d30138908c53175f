"""A canonical form of HTML, so that Canvas's rewriting is not mistaken for a change.

Canvas sanitizes HTML on save (comments and event handlers dropped, the markup
re-serialized) and rewrites it on read (course links made absolute, ``verifier=``
added to file links, ``data-api-endpoint``/``data-api-returntype`` added to links and
images that lead to the course's files, pages, assignments and the like). Two bodies
that a participant would see the same way have the same canonical form; a real edit
(a word, a link target, an element) does not.
"""

from __future__ import annotations

import functools
import html
import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from canvas_npq.model.sanitize import as_canvas_keeps

VOID_ELEMENTS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
# Elements whose content Canvas drops along with the element.
DROPPED_WITH_CONTENT = frozenset({"script", "noscript", "svg", "form", "button", "input"})
BLOCK_ELEMENTS = frozenset(
    """address article aside blockquote caption dd details div dl dt figcaption figure
    footer h1 h2 h3 h4 h5 h6 header hr li nav ol p pre section summary table tbody td
    tfoot th thead tr ul br""".split()
)
URL_ATTRIBUTES = frozenset({"href", "src"})
# Attributes Canvas adds on read to links into the course (its API presenters'
# ``rewrite_api_urls``, lib/api.rb): the API address of what the link leads to, which
# follows from the link itself. Never a change of the author's.
CANVAS_READ_ATTRIBUTES = frozenset({"data-api-endpoint", "data-api-returntype"})
# Paths Canvas rewrites from relative to absolute on the request host.
CANVAS_PATH = re.compile(r"^/(courses|files|users|groups|api)/")
WHITESPACE = re.compile(r"\s+")


def canonical_url(url: str) -> str:
    """Drop what Canvas adds on read: its own host on course links, file verifiers."""
    parts = urlsplit(url.strip())
    if parts.scheme in ("http", "https") and CANVAS_PATH.match(parts.path or ""):
        parts = parts._replace(scheme="", netloc="")
    if parts.query:
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
        query = [(k, v) for k, v in query if k not in ("verifier", "wrap")]
        parts = parts._replace(query=urlencode(query))
    return urlunsplit(parts)


class _Canonicalizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip_depth = 0
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_depth or tag in DROPPED_WITH_CONTENT:
            if tag not in VOID_ELEMENTS:
                self.skip_depth += 1
            return
        kept = []
        for name, value in attrs:
            if name.startswith("on") or name in CANVAS_READ_ATTRIBUTES:
                continue
            value = (value or "").strip()
            if name in URL_ATTRIBUTES:
                value = canonical_url(value)
            elif name == "id":
                value = WHITESPACE.sub("", value)
            elif name in ("class", "style"):
                value = WHITESPACE.sub(" ", value).strip().rstrip(";")
            kept.append((name, value))
        rendered = "".join(f' {n}="{html.escape(v, quote=True)}"' for n, v in sorted(kept))
        self.out.append(f"<{tag}{rendered}>")
        if tag not in VOID_ELEMENTS:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS and not self.skip_depth and self.stack:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skip_depth:
            if tag not in VOID_ELEMENTS:
                self.skip_depth -= 1
            return
        if tag in VOID_ELEMENTS:
            return
        if tag in self.stack:
            while self.stack:
                open_tag = self.stack.pop()
                self.out.append(f"</{open_tag}>")
                if open_tag == tag:
                    break

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if "pre" in self.stack:
            self.out.append(html.escape(data, quote=False))
        else:
            self.out.append(html.escape(WHITESPACE.sub(" ", data), quote=False))

    def close(self) -> None:
        super().close()
        while self.stack:
            self.out.append(f"</{self.stack.pop()}>")


_TAG_SPACE = re.compile(r"\s*(</?(?:" + "|".join(sorted(BLOCK_ELEMENTS)) + r")\b[^>]*>)\s*")


# The same bodies are normalized for every cohort's spec and for each read of a course.
@functools.lru_cache(maxsize=8192)
def normalize_html(source: str) -> str:
    """The canonical form of an HTML fragment (see the module docstring), in the form
    Canvas's sanitizer leaves it: markup Canvas strips on save is not a difference."""
    return canonical_html(as_canvas_keeps(source) if source else "")


def canonical_html(source: str) -> str:
    """The canonical form of an HTML fragment as written, nothing stripped but what
    Canvas drops with its content and event handlers."""
    parser = _Canonicalizer()
    parser.feed(source or "")
    parser.close()
    text = "".join(parser.out)
    # Whitespace next to a block boundary never shows; inside a line it does.
    text = _TAG_SPACE.sub(r"\1", text)
    return text.strip()
