"""Markup in a body that Canvas's sanitizer will strip (a ``javascript:`` link, a CSS
property outside its list, an element it does not allow): a warning with the body's
file and line, since the course will show the body without it.

The comparison already expects what Canvas strips (``model.sanitize``), so such markup
causes no drift; the warning is for the author, whose markup silently does nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from canvas_npq.model.html import VOID_ELEMENTS, canonical_html, normalize_html
from canvas_npq.spec.errors import Problem
from canvas_npq.spec.markdown import HTML_SUFFIXES
from canvas_npq.spec.model import CourseSpec

_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*>")
_CODE_SPAN = re.compile(r"`[^`]*`")
_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def stripped_markup(spec: CourseSpec) -> list[Problem]:
    """One warning per tag, in every body of the spec, that Canvas would change."""
    warnings = []
    for path, text in spec.documents:
        markdown = not path.lower().endswith(HTML_SUFFIXES)
        for line, column, tag, name in _tags(text, markdown):
            closed = tag if name.lower() in VOID_ELEMENTS else f"{tag}x</{name}>"
            handler = _HANDLER.search(tag) is not None  # the canonical form drops those too
            if not handler and canonical_html(closed) == normalize_html(closed):
                continue
            shown = tag if len(tag) <= 70 else tag[:67] + "..."
            warnings.append(
                Problem(
                    path,
                    line,
                    column,
                    f"Canvas will strip part of {shown} (outside its HTML allow-list: "
                    "the element, an attribute, a CSS property or a link's scheme)",
                    "Remove it: Canvas saves the body without it",
                )
            )
    return warnings


def _tags(text: str, markdown: bool) -> Iterator[tuple[int, int, str, str]]:
    in_fence = False
    for number, line in enumerate(text.splitlines(), start=1):
        if markdown:
            if line.lstrip().startswith(("```", "~~~")):
                in_fence = not in_fence
                continue
            if in_fence or line.startswith("    "):
                continue
            line = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        for match in _TAG.finditer(line):
            yield number, match.start() + 1, match.group(0), match.group(1)
