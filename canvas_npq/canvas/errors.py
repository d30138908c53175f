"""Errors the Canvas adapter raises, in the product's words (never with the token)."""

from __future__ import annotations


class CanvasError(Exception):
    """A Canvas request failed in a way the run cannot continue from."""


class AuthenticationError(CanvasError):
    """The token was refused (missing, wrong, expired or revoked)."""


class PermissionDenied(CanvasError):
    """The token is valid but may not do this."""


class CourseNotFound(CanvasError):
    """The course id does not exist or is not visible to the token."""


class IncompleteRead(CanvasError):
    """A listing did not finish; the plan is aborted rather than read as 'absent'."""


class WriteRejected(CanvasError):
    """Canvas refused a write (validation error), naming the spec object."""


class ConfigurationError(CanvasError):
    """Canvas cannot be reached as configured (no URL, no token, unsafe URL)."""


class WrongTarget(CanvasError):
    """The course does not look like the one the cohort names; nothing was changed."""


class NotFound(CanvasError):
    """Canvas answered 404: the object does not exist (any more)."""


class ResponseLost(CanvasError):
    """A write was sent but no answer came back: Canvas may or may not have applied it."""


class Interrupted(CanvasError):
    """The run was interrupted (Ctrl-C) after finishing the request in flight."""
