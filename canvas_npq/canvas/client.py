"""Connecting to Canvas: configuration, the canvasapi client, timeouts, retries, pacing.

Every request canvas-npq makes goes through canvasapi's requester and its
``requests`` session, which is fitted here with:

* connect and read timeouts (canvasapi sets none);
* a guard that sends the token only to the configured origin (scheme, host, port):
  a redirect or a next-page link to another host is refused, never followed;
* the network settings of the environment (``canvas/network.py``): proxies and CA
  certificates, and nothing else, so a ``.netrc`` never replaces the token's header;
* pacing by ``X-Rate-Limit-Remaining``: when Canvas's bucket runs low, the next
  request waits for it to drain instead of being throttled (canvas-api.md §3);
* a clear error for every 401 (also a non-JSON one from an SSO proxy), and for Canvas's
  "user not authorized to perform that action" (403, or 401 on older Canvas): the
  request's method and path say what was refused (``refusals.py``).

Retries (tenacity, exponential backoff with jitter, bounded in attempts and total time,
``Retry-After`` honoured) cover connection errors, timeouts, 5xx, 429 and Canvas's
throttling 403 (told from a permission 403 by its body). Reads, PUTs and DELETEs are
retried freely; a POST (a create) only when Canvas cannot have run it (throttled, or
the connection never opened). Otherwise a lost POST answer raises ``ResponseLost`` and
the writer looks for the object before creating it again.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import logging
import os
import re
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

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
from tenacity import (
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential_jitter,
)
from tenacity import Retrying as _Retrying
from urllib3.exceptions import NewConnectionError

from canvas_npq.canvas.errors import (
    AuthenticationError,
    CanvasError,
    ConfigurationError,
    IncompleteRead,
    NotFound,
    PermissionDenied,
    ResponseLost,
    WriteRejected,
)
from canvas_npq.canvas.limiter import shared_limit
from canvas_npq.canvas.network import EnvironmentNetwork, environment_ca_bundle
from canvas_npq.canvas.refusals import is_refusal, refusal
from canvas_npq.logs import register_secret

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = (5.0, 60.0)  # connect, read (seconds)
MAX_ATTEMPTS = 5  # per request, the first included
MAX_RETRY_SECONDS = 120.0  # total time one request may spend being retried
MAX_RETRY_AFTER = 60.0  # the longest Retry-After honoured
PACE_FLOOR = 150.0  # keep this much of Canvas's bucket free (three requests' up-front cost)
OUTFLOW = 10.0  # units Canvas's bucket drains per second
MAX_PACE_SECONDS = 30.0
TOKEN_CHARACTERS = re.compile(r"[\x21-\x7e]+")
_SERVER_ERRORS = (500, 502, 503, 504)
# The most requests at once; how many really are in flight adapts to Canvas's throttle
# (canvas/limiter.py), which 12 requests at once would fill with their up-front cost.
DEFAULT_CONCURRENCY = 8


@dataclass(frozen=True)
class CanvasConfig:
    """Where Canvas is and how to authenticate. ``repr`` never shows the token."""

    url: str
    token: str
    timeout: tuple[float, float] = DEFAULT_TIMEOUT
    # Requests at once: independent reads, and writes that do not depend on one another.
    concurrency: int = DEFAULT_CONCURRENCY

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
                token = (keyring_token(base) or "").strip()
        if not token:
            raise ConfigurationError(
                "No Canvas API token: set CANVAS_API_TOKEN, pass --token-file, or store "
                f"one in the system keyring with: canvas-npq token set --url {base}"
            )
        register_secret(token)
        if not TOKEN_CHARACTERS.fullmatch(token):
            # Said without the token: requests would quote the whole header otherwise.
            raise ConfigurationError(
                "The Canvas API token contains spaces, line breaks or other characters a "
                "token cannot have: check CANVAS_API_TOKEN or the token file."
            )
        check_url(base)
        register_secret(token)
        return cls(base, token)


KEYRING_SERVICE = "canvas-npq"


def keyring_token(url: str) -> str | None:
    """The token stored for ``url`` in the system keyring (``canvas-npq token set``),
    or None: no token stored, no keyring installed (``pip install canvas-npq[keyring]``)
    or no keyring backend on this machine (a CI runner, say)."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, url)
    except (KeyringError, RuntimeError) as error:
        log.debug("no token from the keyring: %s", type(error).__name__)
        return None


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


def origin_of(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of a URL, with the scheme's default port filled in."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port or (443 if scheme == "https" else 80)
    return scheme, (parts.hostname or "").lower(), port


class _GuardedAdapter(EnvironmentNetwork):
    """Timeouts, the origin guard and pacing, for every request the session sends."""

    def __init__(self, conn: Connection) -> None:
        super().__init__()
        self.conn = conn

    def send(self, request: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.conn.config.timeout
        if "Authorization" in request.headers and origin_of(request.url) != self.conn.origin:
            raise ConfigurationError(
                f"Refusing to send the API token to {urlsplit(request.url).hostname}: "
                "canvas-npq sends it only to the configured Canvas."
            )
        self.conn.pace()
        self.conn.limit.acquire()
        try:
            response = super().send(request, **kwargs)
        except BaseException:
            self.conn.limit.release()
            raise
        self.conn.limit.release(*_bucket_report(response))
        return response


def _bucket_report(response: requests.Response) -> tuple[float | None, float | None, bool]:
    """What an answer says about Canvas's throttle: remaining, cost, and whether the
    request was refused for it (Canvas's refusal carries no ``X-Request-Cost``)."""

    def number(name: str) -> float | None:
        try:
            return float(response.headers[name])
        except (KeyError, ValueError):
            return None

    remaining, cost = number("X-Rate-Limit-Remaining"), number("X-Request-Cost")
    refused = response.status_code == 429 or (
        response.status_code == 403 and cost is None and remaining is not None
    )
    return remaining, cost, refused


def is_throttled(error: BaseException) -> bool:
    """Canvas throttles with 429, or (older code) 403 "Rate Limit Exceeded".

    canvasapi 3.6 raises ``Forbidden`` for every 403 and ``RateLimitExceeded`` for 429;
    the body tells a throttling 403 from a permission one.
    """
    if isinstance(error, RateLimitExceeded):
        return True
    if isinstance(error, Forbidden):
        return "rate limit exceeded" in str(error).lower()
    return isinstance(error, CanvasException) and "status code 429" in str(error)


def _server_error(error: BaseException) -> bool:
    text = str(error)
    return isinstance(error, CanvasException) and any(
        f"status code {code}" in text for code in _SERVER_ERRORS
    )


def is_transient(error: BaseException) -> bool:
    """Worth trying again: the connection, a timeout, 5xx, or throttling."""
    if isinstance(error, requests.ConnectionError | requests.Timeout):
        return True
    return is_throttled(error) or _server_error(error)


def never_ran(error: BaseException) -> bool:
    """Canvas certainly did not run the request: it was throttled (refused before it
    ran) or the connection was never opened."""
    if is_throttled(error) or isinstance(error, requests.ConnectTimeout):
        return True
    if isinstance(error, requests.ConnectionError):
        reason = getattr(error.args[0], "reason", None) if error.args else None
        return isinstance(reason, NewConnectionError)
    return False


# Kept for code written against the first version of this module.
_retryable_read = is_transient

IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE"})


class _RetryAfterWait:
    """Exponential backoff with jitter, stretched to honour ``Retry-After``."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.backoff = wait_exponential_jitter(multiplier=0.5, max=20)

    def __call__(self, retry_state: RetryCallState) -> float:
        wait = self.backoff(retry_state)
        after = self.conn.take_retry_after()
        if after is not None:
            wait = max(wait, min(after, MAX_RETRY_AFTER))
        outcome = retry_state.outcome
        error = outcome.exception() if outcome is not None else None
        log.info("retrying in %.1fs after %s", wait, _describe(error))
        self.conn.report_wait(wait, _describe(error))
        return wait


def _describe(error: BaseException | None) -> str:
    if error is None:
        return "an error"
    if is_throttled(error):
        return "throttling (rate limit)"
    if isinstance(error, CanvasException):
        return f"Canvas error: {error}"[:200]
    return type(error).__name__


class Connection:
    """One authenticated connection to a Canvas instance."""

    def __init__(
        self,
        config: CanvasConfig,
        max_attempts: int = MAX_ATTEMPTS,
        *,
        max_seconds: float = MAX_RETRY_SECONDS,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        check_url(config.url)
        register_secret(config.token)
        environment_ca_bundle()  # a CA variable naming no file fails here, before any request
        self.config = config
        self.origin = origin_of(config.url)
        # Requests in flight, adapted to Canvas's throttle, shared with every connection
        # of this process that drains the same bucket (same Canvas, same token).
        self.limit = shared_limit(repr(self.origin), config.token, config.concurrency)
        with warnings.catch_warnings():
            # canvasapi warns about http://; check_url already allows it only for loopback.
            warnings.simplefilter("ignore", UserWarning)
            self.canvas = Canvas(config.url, config.token)
        requester = self.canvas._Canvas__requester  # canvasapi keeps it private
        session: requests.Session = requester._session
        # No .netrc credentials: proxies and CA certificates come from the environment
        # through the adapter (EnvironmentNetwork), not through trust_env.
        session.trust_env = False
        adapter = _GuardedAdapter(self)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        session.hooks["response"].append(self._on_response)
        self.requester = requester
        self.max_attempts = max_attempts
        self.max_seconds = max_seconds
        self.sleep = sleep
        # Told of every wait (pacing, backoff) with its length and cause, for progress.
        self.on_wait: Callable[[float, str], None] | None = None
        self.remaining: float | None = None  # X-Rate-Limit-Remaining, last seen
        self.paused = 0.0  # seconds spent pacing, for reports and tests
        self.retries = 0
        self._pace_lock = threading.Lock()
        self._local = threading.local()

    # -- every response --------------------------------------------------------------

    def _on_response(self, response: requests.Response, *args: Any, **kwargs: Any) -> Any:
        remaining = response.headers.get("X-Rate-Limit-Remaining")
        if remaining is not None:
            with contextlib.suppress(ValueError):
                self.remaining = float(remaining)
        after = response.headers.get("Retry-After")
        if after is not None and response.status_code in (403, 429, 503):
            try:
                self._local.retry_after = max(0.0, float(after))
            except ValueError:
                self._local.retry_after = None
        # An API answer that sends the request to another host is refused. A file
        # download (not under /api/) is sent on to Canvas's file store, another host, by
        # design; requests drops the token on a redirect to another host.
        if response.is_redirect and urlsplit(response.url).path.startswith("/api/"):
            target = urljoin(response.url, response.headers.get("Location", ""))
            if origin_of(target) != self.origin:
                raise IncompleteRead(
                    f"Canvas redirected a request to another host ({urlsplit(target).hostname}); "
                    "canvas-npq does not follow it, so the token stays with the configured Canvas."
                )
        next_link = response.links.get("next", {}).get("url")
        if next_link and origin_of(urljoin(response.url, next_link)) != self.origin:
            raise IncompleteRead(
                "A listing's next-page link points to another host "
                f"({urlsplit(next_link).hostname}); the listing cannot be finished, so the "
                "plan is aborted rather than reading the missing part as absent."
            )
        if is_refusal(response):
            # Authenticated, but not allowed: 403 on current Canvas, 401 on older Canvas.
            raise refusal(response)
        if response.status_code == 401:
            raise _unauthorized(response)
        if _login_page(response):
            raise AuthenticationError(
                f"Canvas at {urlsplit(response.url).hostname} answered an API request with a "
                "web page, not API data: a single-sign-on login page in front of Canvas? The "
                "token was not accepted as an API token. Use a token made in Canvas (Account > "
                "Settings > New access token) and the Canvas URL itself as CANVAS_API_URL."
            )
        return response

    def report_wait(self, seconds: float, why: str) -> None:
        if self.on_wait is not None:
            with contextlib.suppress(Exception):  # a display never stops a request
                self.on_wait(seconds, why)

    def take_retry_after(self) -> float | None:
        after = getattr(self._local, "retry_after", None)
        self._local.retry_after = None
        return after

    def pace(self) -> None:
        """Wait before a request when Canvas's bucket is nearly full (§3)."""
        with self._pace_lock:  # held while waiting: concurrent senders queue behind
            remaining = self.remaining
            if remaining is None or remaining >= PACE_FLOOR:
                return
            wait = min((PACE_FLOOR - remaining) / OUTFLOW, MAX_PACE_SECONDS)
            log.info("pausing %.1fs: Canvas's rate limit is nearly reached", wait)
            self.report_wait(wait, "Canvas's rate limit is nearly reached")
            self.sleep(wait)
            self.paused += wait
            self.remaining = PACE_FLOOR  # what the bucket has drained to meanwhile

    # -- requests --------------------------------------------------------------------

    def _retrying(self, retry_on: Callable[[BaseException], bool]) -> _Retrying:
        def before_sleep(state: RetryCallState) -> None:
            self.retries += 1

        return _Retrying(
            retry=retry_if_exception(retry_on),
            wait=_RetryAfterWait(self),
            stop=stop_after_attempt(self.max_attempts) | stop_after_delay(self.max_seconds),
            sleep=self.sleep,
            before_sleep=before_sleep,
            reraise=True,
        )

    def read(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a read (safe to repeat) with retries, translating errors.

        A read that cannot be finished (a listing cut off part-way, an answer that
        cannot be parsed) raises ``IncompleteRead``: nothing is ever read as absent.
        """
        try:
            return self._retrying(is_transient)(fn, *args, **kwargs)
        except Exception as error:  # translated below
            translated = translate(error)
            if is_transient(error):
                raise IncompleteRead(
                    f"{translated} A read from Canvas did not finish, so the plan is aborted "
                    "rather than reading what is missing as absent. Nothing was changed."
                ) from None
            raise _incomplete(translated) from None

    def send(self, method: str, endpoint: str, **params: Any) -> Any:
        """Send one write and return its JSON.

        PUT and DELETE are retried like reads (repeating them changes nothing more);
        a POST only when Canvas cannot have run it. A POST whose answer was lost
        raises ``ResponseLost``.
        """
        method = method.upper()
        log.debug("%s %s", method, endpoint)
        idempotent = method in IDEMPOTENT

        def call() -> Any:
            return self.requester.request(method, endpoint, _kwargs=combine_kwargs(**params))

        try:
            response = self._retrying(is_transient if idempotent else never_ran)(call)
        except Exception as error:
            if not idempotent and is_transient(error) and not never_ran(error):
                raise ResponseLost(
                    f"{method} {_path_only(endpoint)}: no answer from Canvas "
                    f"({_describe(error)}); it may have been applied"
                ) from None
            raise translate(error) from None
        try:
            return response.json() if response.content else None
        except ValueError:
            if idempotent:
                raise IncompleteRead(
                    f"Canvas's answer to {method} {_path_only(endpoint)} was not JSON"
                ) from None
            raise ResponseLost(
                f"{method} {_path_only(endpoint)}: Canvas's answer was not JSON; "
                "it may have been applied"
            ) from None

    def get(self, endpoint: str, **params: Any) -> Any:
        """One GET through canvasapi's requester, retried like every read."""

        def call() -> Any:
            return self.requester.request("GET", endpoint, _kwargs=combine_kwargs(**params))

        response = self.read(call)
        try:
            return response.json()
        except ValueError:
            raise IncompleteRead(f"Canvas's answer to GET {endpoint} was not JSON") from None


def _path_only(endpoint: str) -> str:
    return endpoint.split("?", 1)[0]


def _incomplete(error: BaseException) -> BaseException:
    if isinstance(error, CanvasError):
        return error
    log.debug("a read failed", exc_info=error)
    return IncompleteRead(
        f"Canvas's answer could not be read ({type(error).__name__}); the plan is aborted "
        "rather than reading what is missing as absent. Nothing was changed."
    )


def _login_page(response: requests.Response) -> bool:
    """An API request answered with an HTML page (Canvas's API answers JSON): what a
    single-sign-on proxy sends instead of passing the request on."""
    first = response.history[0].url if response.history else response.url
    if response.is_redirect or not urlsplit(first).path.startswith("/api/"):
        return False
    return "html" in response.headers.get("Content-Type", "").lower()


def _unauthorized(response: requests.Response) -> CanvasError:
    """A 401 that is not a refusal (see ``refusals.is_refusal``): the token itself was
    refused, JSON or not (an SSO proxy answers with HTML)."""
    try:
        response.json()
        kind = ""
    except ValueError:
        kind = " (the answer was not from Canvas's API: a login page?)"
    return AuthenticationError(
        f"Canvas refused the API token (401){kind}. It may be wrong, expired or revoked: "
        "create a new token in Canvas (Account > Settings > New access token) and set "
        "CANVAS_API_TOKEN. Nothing more was sent; run again with the new token to resume."
    )


def _validation_errors(text: str) -> str:
    """Canvas's 400 body in a line: ``field: message; ...`` (§4 lists its shapes)."""
    try:
        body = json.loads(text)
    except ValueError:
        return text.strip()[:300]
    if isinstance(body, dict) and set(body) <= {"message", "status", "error_report_id"}:
        return str(body.get("message") or text.strip()[:300])
    errors = body.get("errors", body) if isinstance(body, dict) else body
    messages: list[str] = []
    if isinstance(errors, dict):
        for field, problems in errors.items():
            for problem in problems if isinstance(problems, list) else [problems]:
                message = problem.get("message") if isinstance(problem, dict) else problem
                messages.append(f"{field}: {message}")
    elif isinstance(errors, list):
        messages = [str(e.get("message", e)) if isinstance(e, dict) else str(e) for e in errors]
    else:
        messages = [str(errors)]
    return "; ".join(messages)[:500] or text.strip()[:300]


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
        return NotFound("Canvas answered 404: the object does not exist.")
    if isinstance(error, BadRequest):
        return WriteRejected(f"Canvas rejected a value: {_validation_errors(str(error))}")
    if isinstance(error, requests.ConnectionError | requests.Timeout):
        request = getattr(error, "request", None)
        host = urlsplit(str(getattr(request, "url", "") or "")).hostname
        at = f" at {host}" if host else ""
        return CanvasError(f"Could not reach Canvas{at} ({type(error).__name__}).")
    if _server_error(error):
        return CanvasError(f"Canvas kept failing ({error}); try again later.")
    if isinstance(error, CanvasException):
        return CanvasError(f"Canvas error: {error}")
    return error
