"""Canvas HTML to spec Markdown, block by block, proven to round-trip.

Each top-level block of a body (a paragraph, a list, a table...) is converted with
``markdownify`` and rendered back with the spec's own renderer; the Markdown is kept
only when both forms normalise to the same HTML (``model.html.normalize_html``, the
form plan compares). A block Markdown cannot express (a table with attributes, an
iframe, a styled span) is kept as a raw HTML block, which the renderer passes through.
If the whole document still does not round-trip, the body is kept as HTML
(``Converted.markdown`` is ``None``), so a plan after import never shows a change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, NavigableString, Tag
from markdownify import MarkdownConverter

from canvas_npq.model.html import normalize_html
from canvas_npq.model.markers import MARKER_ATTRIBUTE
from canvas_npq.spec.markdown import render_markdown

_BLANK_LINES = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Converted:
    """A body as the spec will hold it: Markdown, or HTML where Markdown cannot be exact."""

    markdown: str | None
    html: str
    raw_blocks: int = 0  # blocks kept as raw HTML inside the Markdown

    @property
    def extension(self) -> str:
        return ".md" if self.markdown is not None else ".html"

    @property
    def text(self) -> str:
        return self.markdown if self.markdown is not None else self.html + "\n"


_converter = MarkdownConverter(
    heading_style="ATX",
    bullets="-",
    strong_em_symbol="*",
    escape_misc=True,
    newline_style="backslash",
    code_language="",
)


def same_html(a: str, b: str) -> bool:
    return normalize_html(a) == normalize_html(b)


def unwrap_marker(body: str) -> str:
    """The content of an owned body, without canvas-npq's marker ``div`` around it."""
    soup = BeautifulSoup(body or "", "html.parser")
    nodes = [n for n in soup.contents if not (isinstance(n, NavigableString) and not n.strip())]
    if len(nodes) == 1 and isinstance(nodes[0], Tag) and nodes[0].has_attr(MARKER_ATTRIBUTE):
        return nodes[0].decode_contents()
    return body or ""


def _block_markdown(block_html: str) -> str | None:
    markdown = _converter.convert(block_html).strip()
    if markdown and same_html(render_markdown(markdown), block_html):
        return markdown
    return None


def _raw_block(block_html: str) -> str | None:
    """The block as a raw HTML block: no blank line inside, or Markdown would end it."""
    raw = _BLANK_LINES.sub("\n", block_html.strip())
    return raw if same_html(render_markdown(raw), block_html) else None


def html_to_markdown(body: str) -> Converted:
    """Convert a (normalised) Canvas body; see the module docstring."""
    content = unwrap_marker(body)
    soup = BeautifulSoup(content, "html.parser")
    parts: list[str] = []
    raw_blocks = 0
    for node in soup.contents:
        if isinstance(node, NavigableString):
            if node.strip():  # bare text at the top level: no Markdown block is exactly that
                return Converted(None, content)
            continue
        block_html = str(node)
        markdown = _block_markdown(block_html)
        if markdown is None:
            markdown = _raw_block(block_html)
            raw_blocks += 1
        if markdown is None:
            return Converted(None, content)
        parts.append(markdown)
    document = "\n\n".join(parts) + "\n" if parts else ""
    if not same_html(render_markdown(document), content):
        return Converted(None, content)
    return Converted(document, content, raw_blocks)
