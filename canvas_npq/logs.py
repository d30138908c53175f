"""Logging for ``--debug``, with the API token redacted wherever it might appear.

canvasapi's own DEBUG records carry request bodies and part of the Authorization
header, so its logger is capped at INFO (method, URL and status only), and every record
passes a filter that replaces any registered secret, whole or in part, with
``<redacted>``. The Canvas configuration registers the token as soon as it is read.
"""

from __future__ import annotations

import logging
import re

_SECRETS: set[str] = set()
_BEARER = re.compile(r"(?i)(bearer\s+)\S+")


def register_secret(secret: str) -> None:
    if secret:
        _SECRETS.add(secret)


def redact(text: str) -> str:
    text = _BEARER.sub(r"\1<redacted>", text)
    for secret in sorted(_SECRETS, key=len, reverse=True):
        text = text.replace(secret, "<redacted>")
        if len(secret) > 8:  # canvasapi's clean_headers keeps the last characters
            text = text.replace(secret[-4:], "<redacted>")
    return text


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact(record.getMessage()), ()
        return True


def configure(debug: bool) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if debug else logging.WARNING)
    logging.getLogger("canvasapi").setLevel(logging.INFO if debug else logging.WARNING)
    logging.getLogger("urllib3").setLevel(logging.INFO if debug else logging.WARNING)
