"""Markdown to HTML for unit, page and assignment bodies.

CommonMark plus tables. Raw HTML in Markdown is passed through (an iframe, a table
with attributes: what ``canvas-npq import`` keeps from a Canvas page); whatever Canvas
would strip (scripts, forms, event handlers) is dropped before it is compared or sent
(see ``model.html``). A body file ending in ``.html`` is HTML already and is used as
it is: import keeps a page that Markdown cannot reproduce exactly that way.
"""

from __future__ import annotations

import functools
import html
import re

from markdown_it import MarkdownIt
from markdown_it.token import Token


@functools.cache
def _renderer() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table")


# A spec is loaded once per cohort (and on its own) before a plan: the same bodies are
# rendered again each time, so each document's HTML is kept.
@functools.lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    """The HTML for a Markdown document (deterministic for the same input)."""
    return _renderer().render(text)


def render_tokens(text: str) -> list[Token]:
    """The parsed document, as the renderer sees it (links resolved, raw HTML marked)."""
    return _renderer().parse(text)


HTML_SUFFIXES = (".html", ".htm")


def render_body(path: str, text: str) -> str:
    """The HTML of a body file: Markdown rendered, an ``.html`` file as it is."""
    if path.lower().endswith(HTML_SUFFIXES):
        return text
    return render_markdown(text)


_LINK = re.compile(r"""<a\s[^>]*href="([^"]*)"[^>]*>(.*?)</a>""", re.DOTALL)
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|tr|pre|blockquote)>|<br\s*/?>")
_TAG = re.compile(r"<[^>]+>")


def markdown_to_text(text: str) -> str:
    """Markdown as plain text, for the places Canvas shows text, not HTML (a rubric
    criterion's long description): paragraphs and list items on their own lines, a
    link as its text and address (Canvas links web addresses in such text itself)."""
    rendered = render_markdown(text)
    rendered = rendered.replace("<li>", "<li>- ")
    rendered = _LINK.sub(
        lambda m: m.group(2) if m.group(2) == m.group(1) else f"{m.group(2)} ({m.group(1)})",
        rendered,
    )
    rendered = _BLOCK_END.sub("\n", rendered)
    lines = (html.unescape(_TAG.sub("", line)).strip() for line in rendered.splitlines())
    return "\n".join(line for line in lines if line)
