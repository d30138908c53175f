"""Canvas's "user not authorized to perform that action", told apart and explained.

Canvas answers an authenticated user who lacks a right with
``{"status": "unauthorized", "errors": [{"message": "user not authorized to perform that
action"}]}``: status 403 where the site-admin feature ``api_auth_error_updates`` is on
(current Canvas), 401 where it is off (older Canvas). Either way there is no
``WWW-Authenticate`` header: Canvas adds it only when there is no current user, that is
for a missing or invalid token (``render_json_unauthorized`` in
``lib/authentication_methods.rb``; ``api_error_json`` for ``AccessTokenError``). A
throttled request's 403 is plain text. So a refusal is recognised by its body, whatever
the status, and a 401 carrying ``WWW-Authenticate`` stays a token problem.

:func:`refusal` turns the refused request into a :class:`PermissionDenied` that says what
the token's user was refused, the right Canvas checks for it, and what to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import requests

from canvas_npq.canvas.errors import PermissionDenied

NOT_AUTHORIZED = "user not authorized to perform that action"


def is_refusal(response: requests.Response) -> bool:
    """A 401 or 403 that is Canvas's "not authorized" (the token itself is fine)."""
    if response.status_code not in (401, 403):
        return False
    if response.status_code == 401 and "WWW-Authenticate" in response.headers:
        return False  # no current user: a token problem
    try:
        body = response.json()
    except ValueError:
        return False  # a throttling 403 (plain text) or an SSO page
    if not isinstance(body, dict):
        return False
    errors = body.get("errors")
    listed = errors if isinstance(errors, list) else []
    messages = [e.get("message") for e in listed if isinstance(e, dict)]
    return NOT_AUTHORIZED in messages or body.get("status") == "unauthorized"


@dataclass(frozen=True)
class _Rule:
    method: str  # "GET", "WRITE" (anything else) or "*"
    pattern: re.Pattern[str]  # matched against the path after /api/v1/
    what: str  # "may not {what}"; {0}, {1} … are the pattern's groups
    right: str
    advice: str


_TEACHER = (
    "Use a token of a user enrolled as a teacher (or designer) in course {0}, or ask an "
    "admin to enrol the token's user there."
)
_ITS_COURSE = (
    "Use a token of a user enrolled as a teacher (or designer) in the course it belongs to."
)
_BLUEPRINT_ADMIN = (
    "Ask an account admin to do this step (in Canvas, or by running the same apply with an "
    "admin's token); afterwards a teacher's token can apply and sync the Blueprint."
)

_RULES = (
    _Rule(
        "WRITE",
        re.compile(r"accounts/([^/]+)/courses$"),
        "create courses in account {0}",
        "manage_courses or create_courses on the account",
        "Ask an admin to create the course and enrol the user as a teacher, then use --course "
        "with its id (or name it in cohorts.yaml).",
    ),
    _Rule(
        "GET",
        re.compile(r"accounts/([^/]+)/courses$"),
        "list the courses of account {0}",
        "read_course_list on the account",
        "Name the course by id or SIS id (--course, or cohorts.yaml) instead.",
    ),
    _Rule(
        "*",
        re.compile(r"accounts/([^/]+)(/.*)?$"),
        "use account {0}",
        "an account admin role",
        "Ask an account admin to do this step.",
    ),
    _Rule(
        "WRITE",
        re.compile(r"courses/([^/]+)/blueprint_templates/[^/]+/update_associations$"),
        "change which courses are associated with Blueprint course {0}",
        "manage_master_courses and manage_courses on the account",
        _BLUEPRINT_ADMIN,
    ),
    _Rule(
        "*",
        re.compile(r"courses/([^/]+)/blueprint_(templates|subscriptions)(/.*)?$"),
        "manage Blueprint course {0}",
        "manage in the course (a teacher's enrolment)",
        _TEACHER,
    ),
    _Rule(
        "GET",
        re.compile(r"courses/([^/]+)(/.*)?$"),
        "read course {0}",
        "read in the course (an enrolment there)",
        _TEACHER,
    ),
    _Rule(
        "*",
        re.compile(r"outcomes/([^/]+)$"),
        "use outcome {0}",
        "read_outcomes / manage_outcomes in the course it belongs to",
        _ITS_COURSE,
    ),
    _Rule(
        "*",
        re.compile(r"(file|folder)s/([^/]+)(/.*)?$"),
        "use {0} {1}",
        "read_files / manage_files_add / _edit / _delete in the course it belongs to",
        _ITS_COURSE,
    ),
    _Rule(
        "*",
        re.compile(r"calendar_events(/.*)?$"),
        "change calendar events",
        "manage_calendar in the course",
        _ITS_COURSE,
    ),
)

# For a write in a course: the part of the path after the course id → (what, right).
_CONTENT = (
    ("pages", "change pages", "manage_wiki_create / manage_wiki_update / manage_wiki_delete"),
    ("front_page", "change the front page", "manage_wiki_update"),
    ("modules", "change modules", "manage_course_content_add / _edit / _delete"),
    ("assignment_groups", "change assignment groups", "manage_assignments_add / _edit / _delete"),
    ("assignments", "change assignments", "manage_assignments_add / _edit / _delete"),
    ("quizzes", "change quizzes", "manage_assignments_add / _delete"),
    ("discussion_topics", "change discussions", "moderate_forum"),
    ("files", "upload files", "manage_files_add"),
    ("folders", "change folders", "manage_files_add / _edit / _delete"),
    ("outcome_groups", "change outcomes", "manage_outcomes"),
    ("rubric_associations", "change rubric associations", "manage_rubrics"),
    ("rubrics", "change rubrics", "manage_rubrics"),
)


def refusal(response: requests.Response) -> PermissionDenied:
    """The refused request as an error naming what was refused and what to do."""
    request = response.request
    method = (request.method or "GET").upper()
    path = unquote(urlsplit(request.url or "").path)
    path = path.split("/api/v1/", 1)[-1].strip("/")
    what, right, advice = _explain(method, path, _body_text(request.body))
    return PermissionDenied(
        f"The token's user may not {what}: Canvas answered {response.status_code} "
        f'"{NOT_AUTHORIZED}" (it needs {right}). {advice}'
    )


def _explain(method: str, path: str, body: str) -> tuple[str, str, str]:
    course = re.match(r"courses/([^/]+)$", path)
    if course and method != "GET":
        course_id = course.group(1)
        if "course[blueprint]" in body or "blueprint_restrictions" in body:
            return (
                f"turn Blueprint on or off, or change its restrictions, for course {course_id}",
                "manage_master_courses on the account",
                _BLUEPRINT_ADMIN,
            )
        if method == "DELETE":
            return (
                f"delete course {course_id}",
                "delete in the course (teachers only while it has no SIS id)",
                "Ask an admin to delete it.",
            )
        return (
            f"change the settings of course {course_id}",
            "manage_content in the course",
            _TEACHER.format(course_id),
        )
    for rule in _RULES:
        if rule.method == "GET" and method != "GET":
            continue
        if rule.method == "WRITE" and method == "GET":
            continue
        match = rule.pattern.match(path)
        if match:
            groups = match.groups()
            return rule.what.format(*groups), rule.right, rule.advice.format(*groups)
    inside = re.match(r"courses/([^/]+)/([^/]+)", path)
    if inside:
        course_id, kind = inside.groups()
        for prefix, what, right in _CONTENT:
            if kind == prefix:
                return f"{what} in course {course_id}", right, _TEACHER.format(course_id)
        return (
            f"change {kind.replace('_', ' ')} in course {course_id}",
            "a teacher's rights in the course",
            _TEACHER.format(course_id),
        )
    return (
        f"do this ({method} /api/v1/{path})",
        "a right the token's user does not hold",
        "Use a token of a user with the rights this needs (a teacher of the course, or an "
        "account admin for account-level steps).",
    )


def _body_text(body: object) -> str:
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    return unquote(body) if isinstance(body, str) else ""
