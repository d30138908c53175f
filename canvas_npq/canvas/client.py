"""Connecting to Canvas: configuration, the canvasapi client, timeouts, retries.

Every request canvas-npq makes goes through canvasapi's requester, wrapped here so
that each has a timeout (canvasapi sets none) and reads are retried on throttling,
5xx and connection errors with exponential backoff and jitter.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from canvasapi import Canvas
from canvasapi.exceptions import (
    BadRequest,
    CanvasException,
    Forbidden,
    InvalidAccessToken,
    RateLimitExceeded,
    ResourceDoesNotExist,
    Unauthorized,
)
from canvasapi.util import combine_kwargs
from requests.adapters import HTTPAdapter
from tenacity import Retrying as _Retrying
from tenacity import (
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential_jitter,
)

from canvas_npq.canvas.errors import (
    AuthenticationError,
    CanvasError,
    ConfigurationError,
    PermissionDenied,
    WriteRejected,
)
from canvas_npq.logs import register_secret

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = (5.0, 60.0)  # connect, read (seconds)


@dataclass(frozen=True)
class CanvasConfig:
    """Where Canvas is and how to authenticate. ``repr`` never shows the token."""

    url: str
    token: str
    timeout: tuple[float, float] = DEFAULT_TIMEOUT

    def __repr__(self) -> str:
        return f"CanvasConfig(url={self.url!r}, token=<redacted>)"

    @classmethod
    def from_env(cls, url: str | None = None, token_file: str | Path | None = None) -> CanvasConfig:
        base = (url or os.environ.get("CANVAS_API_URL") or "").strip().rstrip("/")
        if not base:
            raise ConfigurationError(
                "No Canvas URL: set CANVAS_API_URL (e.g. https://school.instructure.com) "
                "or pass --url."
            )
        if token_file:
            try:
                token = Path(token_file).read_text(encoding="utf-8").strip()
            except OSError as error:
                raise ConfigurationError(
                    f"Cannot read the token file {token_file}: {error.strerror}"
                ) from None
        else:
            token = os.environ.get("CANVAS_API_TOKEN", "").strip()
        if not token:
            raise ConfigurationError(
                "No Canvas API token: set CANVAS_API_TOKEN or pass --token-file."
            )
        check_url(base)
        register_secret(token)
        return cls(base, token)


def check_url(url: str) -> None:
    """Refuse to send a token in clear text anywhere but this machine."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigurationError(f"Not a Canvas URL: {url!r} (expected https://host)")
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise ConfigurationError(
            f"Refusing plain http:// for {parts.hostname}: the token would travel "
            "unencrypted. Use https:// (http is allowed only for a local sandbox)."
        )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _TimeoutAdapter(HTTPAdapter):
    def __init__(self, timeout: tuple[float, float]) -> None:
        super().__init__()
        self.timeout = timeout

    def send(self, request: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        return super().send(request, **kwargs)


def is_throttled(error: BaseException) -> bool:
    """Canvas throttles with 429, or (older code) 403 "Rate Limit Exceeded"."""
    if isinstance(error, RateLimitExceeded):
        return True
    if isinstance(error, Forbidden):
        return "rate limit exceeded" in str(error).lower()
    return isinstance(error, CanvasException) and "status code 429" in str(error)


def _retryable_read(error: BaseException) -> bool:
    if isinstance(error, requests.ConnectionError | requests.Timeout):
        return True
    if is_throttled(error):
        return True
    text = str(error)
    return isinstance(error, CanvasException) and any(
        f"status code {code}" in text for code in (500, 502, 503, 504)
    )


class Connection:
    """One authenticated connection to a Canvas instance."""

    def __init__(self, config: CanvasConfig, max_attempts: int = 5) -> None:
        check_url(config.url)
        register_secret(config.token)
        self.config = config
        with warnings.catch_warnings():
            # canvasapi warns about http://; check_url already allows it only for loopback.
            warnings.simplefilter("ignore", UserWarning)
            self.canvas = Canvas(config.url, config.token)
        requester = self.canvas._Canvas__requester  # canvasapi keeps it private
        adapter = _TimeoutAdapter(config.timeout)
        requester._session.mount("http://", adapter)
        requester._session.mount("https://", adapter)
        self.requester = requester
        self.max_attempts = max_attempts

    def _retrying(self) -> _Retrying:
        return _Retrying(
            retry=retry_if_exception(_retryable_read),
            wait=wait_exponential_jitter(multiplier=0.5, max=20),
            stop=stop_after_attempt(self.max_attempts) | stop_after_delay(120),
            reraise=True,
        )

    def read(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a read (safe to repeat) with retries, translating errors."""
        try:
            return self._retrying()(fn, *args, **kwargs)
        except Exception as error:  # translated below, re-raised otherwise
            raise translate(error) from None

    def send(self, method: str, endpoint: str, **params: Any) -> Any:
        """Send one write and return its JSON. Writes are not retried blindly."""
        log.debug("%s %s", method, endpoint)
        try:
            response = self.requester.request(method, endpoint, _kwargs=combine_kwargs(**params))
        except Exception as error:
            raise translate(error) from None
        return response.json() if response.content else None

    def get(self, endpoint: str, **params: Any) -> Any:
        """One GET through canvasapi's requester, retried like every read."""

        def call() -> Any:
            return self.requester.request("GET", endpoint, _kwargs=combine_kwargs(**params))

        response = self.read(call)
        return response.json()


def translate(error: BaseException) -> BaseException:
    """canvasapi's exceptions as canvas-npq's, with messages an admin can act on."""
    if isinstance(error, CanvasError):
        return error
    if isinstance(error, InvalidAccessToken | Unauthorized):
        return AuthenticationError(
            "Canvas refused the API token (401). It may be wrong, expired or revoked: "
            "create a new token in Canvas (Account > Settings > New access token) and set "
            "CANVAS_API_TOKEN."
        )
    if is_throttled(error):
        return CanvasError("Canvas kept throttling the requests (rate limit); try again later.")
    if isinstance(error, Forbidden):
        return PermissionDenied(
            "Canvas says the token may not do this (403). Use a token of a user who is a "
            "teacher or designer in the course."
        )
    if isinstance(error, ResourceDoesNotExist):
        return CanvasError("Canvas answered 404: the object does not exist.")
    if isinstance(error, BadRequest):
        return WriteRejected(f"Canvas rejected the request: {error}")
    if isinstance(error, requests.ConnectionError | requests.Timeout):
        return CanvasError(f"Could not reach Canvas: {type(error).__name__}")
    if isinstance(error, CanvasException):
        return CanvasError(f"Canvas error: {error}")
    return error
