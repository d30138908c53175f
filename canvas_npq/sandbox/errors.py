"""Canvas error responses as exceptions a handler can raise.

Canvas uses several error body shapes, depending on the endpoint (canvas-api.md §4,
§21.16). Each helper here builds one of them, so handlers name the Canvas shape they
emulate instead of assembling JSON by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

NOT_FOUND_MESSAGE = "The specified resource does not exist."


class ApiError(Exception):
    """An HTTP error response: status, JSON (or text) body and extra headers."""

    def __init__(
        self,
        status: int,
        body: Any,
        headers: dict[str, str] | None = None,
        content_type: str = "application/json; charset=utf-8",
    ) -> None:
        super().__init__(f"{status}: {body!r}")
        self.status = status
        self.body = body
        self.headers = headers or {}
        self.content_type = content_type


def not_found() -> ApiError:
    """404 with the current Canvas body (§4; real capture kstateome CalendarNotFound)."""
    return ApiError(404, {"errors": [{"message": NOT_FOUND_MESSAGE}]})


def not_found_message(message: str) -> ApiError:
    """404 with a bare ``message``, e.g. pages' ``"page not found"`` (§11)."""
    return ApiError(404, {"message": message})


def bad_request(message: str, status: int = 400) -> ApiError:
    """A bare ``{"message": ...}`` error, used by many controllers (§4)."""
    return ApiError(status, {"message": message})


def validation_error(errors: Mapping[str, str | list[str]], status: int = 400) -> ApiError:
    """ActiveModel errors rendered as JSON: ``{"errors": {attr: [{attribute, type, message}]}}``.

    When Canvas adds an error with a literal message, ``type`` equals the message (§4).
    """
    body: dict[str, list[dict[str, str]]] = {}
    for attribute, messages in errors.items():
        items = [messages] if isinstance(messages, str) else messages
        body[attribute] = [
            {"attribute": attribute, "type": message, "message": message} for message in items
        ]
    return ApiError(status, {"errors": body})


def unauthenticated() -> ApiError:
    """401 for a request without credentials (§4, ``render_json_unauthorized``)."""
    return ApiError(
        401,
        {"status": "unauthenticated", "errors": [{"message": "user authorization required"}]},
        headers={"WWW-Authenticate": 'Bearer realm="canvas-lms"'},
    )


def invalid_token() -> ApiError:
    """401 for a token Canvas does not know (§4; real capture InvalidAccessTokenResponse)."""
    return ApiError(
        401,
        {"errors": [{"message": "Invalid access token."}]},
        headers={"WWW-Authenticate": 'Bearer realm="canvas-lms"'},
    )


NOT_AUTHORIZED_BODY = {
    "status": "unauthorized",
    "errors": [{"message": "user not authorized to perform that action"}],
}


def forbidden(status: int = 403) -> ApiError:
    """An authenticated caller who may not do this (``render_json_unauthorized`` with a
    current user, lib/authentication_methods.rb): 403 while the site-admin feature
    ``api_auth_error_updates`` is on (current Canvas), 401 while it is off (older Canvas).
    Either way the body is the same and, unlike an unauthenticated 401, no
    ``WWW-Authenticate`` header goes with it (it is added only without a current user)."""
    return ApiError(status, {**NOT_AUTHORIZED_BODY, "errors": list(NOT_AUTHORIZED_BODY["errors"])})


def is_refusal(error: ApiError) -> bool:
    """Canvas's not-authorized answer (either status), as opposed to other 403s."""
    return error.status in (401, 403) and error.body == NOT_AUTHORIZED_BODY


def server_error() -> ApiError:
    """500 in the shape a third-party catalogue reports (§4, unverified)."""
    return ApiError(
        500,
        {
            "errors": [{"message": "An error occurred.", "error_code": "internal_server_error"}],
            "error_report_id": 1,
        },
    )
