"""Markdown to HTML for unit, page and assignment bodies.

CommonMark plus tables. Raw HTML in Markdown is passed through (an iframe, a table
with attributes: what ``canvas-npq import`` keeps from a Canvas page); whatever Canvas
would strip (scripts, forms, event handlers) is dropped before it is compared or sent
(see ``model.html``). A body file ending in ``.html`` is HTML already and is used as
it is: import keeps a page that Markdown cannot reproduce exactly that way.
"""

from __future__ import annotations

import functools

from markdown_it import MarkdownIt


@functools.cache
def _renderer() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def render_markdown(text: str) -> str:
    """The HTML for a Markdown document (deterministic for the same input)."""
    return _renderer().render(text)


HTML_SUFFIXES = (".html", ".htm")


def render_body(path: str, text: str) -> str:
    """The HTML of a body file: Markdown rendered, an ``.html`` file as it is."""
    if path.lower().endswith(HTML_SUFFIXES):
        return text
    return render_markdown(text)
