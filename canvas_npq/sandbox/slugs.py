"""Page slugs: a port of the parts of stringex ``String#to_url`` that titles hit.

Canvas derives a page's ``url`` from its title with ``acts_as_url :title, sync_url: true``
(canvas-api.md §11, §21.1): lowercase ASCII, ``&`` → ``and``, ``.`` between words →
``dot``, other punctuation → space, whitespace → ``-``. The order of the steps follows
stringex's ``remove_formatting``. Not ported: HTML entities beyond the common ones,
currencies with cents, and the transliteration tables (accents are stripped with Unicode
decomposition instead; other non-ASCII letters are dropped).
"""

from __future__ import annotations

import re
import unicodedata

_HTML_TAG = re.compile(r"<[!/?\[]?([\w:_-]+|--)(\s+[^<>]*)?\s*([!/?\]]+|--)?>")
_SMART = [
    (re.compile("[“”]"), '"'),
    (re.compile("[‘’]"), "'"),
    (re.compile("…"), "..."),
]
_FRACTIONS = [("½", "half"), ("¼", "one fourth"), ("¾", "three fourths"), ("⅓", "one third")]
_ENTITIES = [
    (re.compile(r"&(#38|amp);"), "and"),
    (re.compile(r"&(#160|nbsp);"), " "),
    (re.compile(r"&(#8211|ndash);"), "-"),
    (re.compile(r"&(#8212|mdash);"), "--"),
    (re.compile(r"&(#39|apos|lsquo|rsquo);"), "'"),
    (re.compile(r"&(#34|quot|ldquo|rdquo);"), '"'),
]
_ANY_ENTITY = re.compile(r"&[^;\s]+;")
_ABBREVIATION = re.compile(r"(\s|^)([^\W\d_](\.[^\W\d_])+(\.?)[^\W\d_]*(\s|$))")
_ELLIPSIS = re.compile(r"\s*\.{3,}\s*")
_CURRENCIES = [
    (re.compile(r"(?:\s|^)\$(\d*)(?:\s|$)"), r" \1 dollars "),
    (re.compile(r"(?:\s|^)€(\d*)(?:\s|$)"), r" \1 euros "),
    (re.compile(r"(?:\s|^)£(\d*)(?:\s|$)"), r" \1 pounds "),
]
# stringex CHARACTERS, in its hash order; each becomes " word " except ``dot``.
_CHARACTERS = [
    (re.compile(r"\s*&\s*"), " and "),
    (re.compile(r"\s*@\s*"), " at "),
    (re.compile(r"\s*°\s*"), " degrees "),
    (re.compile(r"\s*÷\s*"), " divide "),
    (re.compile(r"(\S|^)\.(\S)"), r"\1 dot \2"),
    (re.compile(r"\s*\.{3,}\s*"), " dot dot dot "),
    (re.compile(r"\s*=\s*"), " equals "),
    (re.compile(r"\s*#"), " number "),
    (re.compile(r"\s*%\s*"), " percent "),
    (re.compile(r"\s*\+\s*"), " plus "),
    (re.compile(r"\s*(\\|/|／)\s*"), " slash "),
    (re.compile(r"\s*\*\s*"), " star "),
]
_APOSTROPHE = re.compile(r"(^|[^\W\d_])'|`([^\W\d_]|$)")
_CLEANUP = re.compile(r"[.,:;(){}\[\]?!^'ʼ\"_|<>]")


def _misc_characters(text: str) -> str:
    text = re.sub(r"(\d+),(\d+)", r"\1\2", text)
    text = _ELLIPSIS.sub(" dot dot dot ", text)
    for pattern, replacement in _CURRENCIES:
        text = pattern.sub(replacement, text)
    text = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), text)
    for pattern, replacement in _CHARACTERS:
        text = pattern.sub(replacement, text)
    text = _APOSTROPHE.sub(lambda m: (m.group(1) or "") + (m.group(2) or ""), text)
    return _CLEANUP.sub(" ", text)


def _to_ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ord(ch) < 128)


def _collapse(text: str, char: str) -> str:
    text = re.sub(f"^{re.escape(char)}+", "", text)
    text = re.sub(f"{re.escape(char)}+$", "", text)
    return re.sub(f"{re.escape(char)}+", char, text)


def to_url(title: str) -> str:
    """stringex ``to_url``: the slug Canvas gives a page with this title."""
    text = _HTML_TAG.sub("", title)
    text = re.sub(r"\s+", " ", text)
    for pattern, replacement in _SMART:
        text = pattern.sub(replacement, text)
    for char, words in _FRACTIONS:
        text = text.replace(char, words)
    for pattern, replacement in _ENTITIES:
        text = pattern.sub(replacement, text)
    text = _ANY_ENTITY.sub("", text)
    text = _misc_characters(text)
    text = _to_ascii(text)
    text = _misc_characters(text)
    text = _collapse(text, " ")
    text = re.sub(r"\s+", "-", text)
    return _collapse(text, "-").lower()


def unique_slug(base: str, taken: set[str]) -> str:
    """Canvas's ``ensure_unique_url``: keep ``base`` if free, else ``base-2``, ``base-3``…"""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def cased_title(slug: str) -> str:
    """The title Canvas gives a page created from a bare slug (``to_cased_title``)."""
    words = re.sub(r"[^\w]+", " ", slug).strip()
    return re.sub(r"\b('?[a-z])", lambda m: m.group(1).capitalize(), words)
