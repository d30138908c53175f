"""Logging for ``--debug``, with the API token redacted wherever it might appear.

canvasapi's own DEBUG records carry request bodies and part of the Authorization
header, so its logger is capped at INFO (method, URL and status only); other
libraries stay at WARNING, so ``--debug`` shows canvas-npq's requests and decisions
and nothing else. Every record
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


# With --debug, only these loggers speak below WARNING: canvas-npq's own decisions
# (retries, pacing, locks, adoption) and canvasapi's one line per request and response.
# Everything else (markdown-it's parser trace, urllib3's connection pool) stays at
# WARNING: it is tens of thousands of lines that say nothing about the run.
DEBUG_LEVELS = {"canvas_npq": logging.DEBUG, "canvasapi": logging.INFO}


def configure(debug: bool) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    for name, level in DEBUG_LEVELS.items():
        logging.getLogger(name).setLevel(level if debug else logging.NOTSET)
