"""The permission table covers every route, and names only rights some role holds."""

from __future__ import annotations

from canvas_npq.sandbox import permissions
from canvas_npq.sandbox.resources import router
from canvas_npq.sandbox.roles import ACCOUNT_RIGHTS, STUDENT_RIGHTS, TEACHER_RIGHTS


def test_every_route_has_a_permission_row_and_every_row_a_route() -> None:
    endpoints = list(router._handlers)
    missing = []
    for endpoint in endpoints:
        try:
            permissions.need_for(endpoint)
        except KeyError:
            missing.append(endpoint)
    assert missing == []
    routed = {
        f"{method} {path.removeprefix(permissions.API_PREFIX)}"
        for method, _, path in (e.partition(" ") for e in endpoints)
    }
    assert set(permissions.NEEDS) - routed == set()


def test_every_right_named_is_held_by_some_role_in_its_scope() -> None:
    """A misspelt right would refuse everyone but the admin without anyone noticing."""
    held = {
        "account": ACCOUNT_RIGHTS,
        "course": TEACHER_RIGHTS | STUDENT_RIGHTS | {"delete"},
        "user": frozenset(),
        "none": frozenset(),
    }
    for key, need in permissions.NEEDS.items():
        for check in need.checks:
            assert set(check.rights) <= held[check.scope], (key, check.rights)
