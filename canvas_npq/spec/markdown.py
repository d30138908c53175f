"""Markdown to HTML for unit, page and assignment bodies.

CommonMark plus tables, nothing else. Raw HTML in Markdown is escaped, not passed
through: the spec's words are text for participants, and Canvas would sanitize
arbitrary HTML differently from what the author previewed.
"""

from __future__ import annotations

import functools

from markdown_it import MarkdownIt


@functools.cache
def _renderer() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def render_markdown(text: str) -> str:
    """The HTML for a Markdown document (deterministic for the same input)."""
    return _renderer().render(text)
