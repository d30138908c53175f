"""The right each endpoint needs, checked before its handler runs, as Canvas's controllers
check it (``authorized_action(context, @current_user, right)``).

One table for every route keeps the rules in one place to hold against Canvas's source
(``tests/fidelity/test_permissions.py``); a test fails when a route has no row. A refusal
is Canvas's ``render_unauthorized_action`` answer (403, or 401 with the older
``api_auth_error_updates`` off: the server chooses). As in Canvas, the object is looked up
first: a course that does not exist answers 404 (from the handler), not a refusal.

Scopes: ``course`` (the course in the URL, or the one the folder, file, outcome or event
belongs to), ``account`` (the root account), ``user`` (any signed-in user; what they see
is their own) and ``none`` (no check).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from . import errors
from .params import Params, to_bool
from .records import Course, User
from .resources.common import parse_id
from .roles import account_rights, course_rights
from .store import Store


@dataclass(frozen=True)
class Check:
    scope: str  # "course" | "account" | "user" | "none"
    rights: tuple[str, ...]  # any one of them suffices (Canvas's grants_any_right?)


Extra = Callable[[Store, Course | None, Params], tuple[Check, ...]]


@dataclass(frozen=True)
class Need:
    checks: tuple[Check, ...]  # all must pass
    source: str  # where Canvas checks it
    extra: Extra | None = None  # further checks that depend on the params


def course(*rights: str, source: str, extra: Extra | None = None) -> Need:
    return Need((Check("course", rights),), source, extra)


def account(*rights: str, source: str) -> Need:
    return Need((Check("account", rights),), source)


def any_user(source: str) -> Need:
    return Need((Check("user", ()),), source)


READ = "read"
CONTENT_ADD = ("manage_content", "manage_course_content_add")
CONTENT_EDIT = ("manage_content", "manage_course_content_edit")
CONTENT_DELETE = ("manage_content", "manage_course_content_delete")
ASSIGN_ADD = ("manage_assignments", "manage_assignments_add")
ASSIGN_EDIT = ("manage_assignments", "manage_assignments_edit")
ASSIGN_DELETE = ("manage_assignments", "manage_assignments_delete")

MODULES = "app/controllers/context_modules_api_controller.rb"
TABS = "app/controllers/tabs_controller.rb"
ITEMS = "app/controllers/context_module_items_api_controller.rb"
PAGES = "app/controllers/wiki_pages_api_controller.rb"
ASSIGNMENTS = "app/controllers/assignments_api_controller.rb"
GROUPS = "app/controllers/assignment_groups_api_controller.rb"
DISCUSSIONS = "app/controllers/discussion_topics_controller.rb"
ENTRIES = "app/controllers/discussion_topics_api_controller.rb"
FILES = "app/controllers/files_controller.rb"
FOLDERS = "app/controllers/folders_controller.rb"
OUTCOME_GROUPS = "app/controllers/outcome_groups_api_controller.rb"
OUTCOMES = "app/controllers/outcomes_api_controller.rb"
RUBRICS = "app/controllers/rubrics_api_controller.rb"
RUBRIC_ASSOCIATIONS = "app/controllers/rubric_associations_controller.rb"
RUBRIC_ASSESSMENTS = "app/controllers/rubric_assessments_controller.rb"
SUBMISSIONS = "app/controllers/submissions_api_controller.rb"
QUIZZES = "app/controllers/quizzes/quizzes_api_controller.rb"
QUIZ_QUESTIONS = "app/controllers/quizzes/quiz_questions_controller.rb"
QUIZ_SUBMISSIONS = "app/controllers/quizzes/quiz_submissions_api_controller.rb"
CALENDAR = "app/controllers/calendar_events_api_controller.rb"
SECTIONS = "app/controllers/sections_controller.rb"
OVERRIDES = "app/controllers/assignment_overrides_controller.rb"
OVERRIDE = "/courses/<course_id>/assignments/<assignment_id>/overrides"
COURSES = "app/controllers/courses_controller.rb"
ACCOUNTS = "app/controllers/accounts_controller.rb"
USERS = "app/controllers/users_controller.rb"
NICKNAMES = "app/controllers/course_nicknames_controller.rb"
BLUEPRINT = "app/controllers/master_courses/master_templates_controller.rb"


def _course_update_extra(store: Store, course: Course | None, params: Params) -> tuple[Check, ...]:
    """``PUT /courses/:id``: turning Blueprint on or off, or changing its restrictions,
    also needs the account's ``manage_master_courses``; an event needs the event's right."""
    values = params.get("course")
    checks: list[Check] = []
    if isinstance(values, dict) and course is not None:
        if "blueprint" in values and bool(to_bool(values.get("blueprint"))) != course.blueprint:
            checks.append(Check("account", ("manage_master_courses",)))
        restrictions = values.get("blueprint_restrictions")
        if (
            course.blueprint
            and isinstance(restrictions, dict)
            and {k: bool(to_bool(v)) for k, v in restrictions.items()}
            != {k: v for k, v in course.blueprint_restrictions.items() if k in restrictions}
        ):
            checks.append(Check("account", ("manage_master_courses",)))
        event = values.get("event")
        if event in ("offer", "claim", "conclude"):
            checks.append(Check("course", ("change_course_state",)))
        elif event == "delete":
            checks.append(Check("course", ("delete",)))
    return tuple(checks)


BP = "/courses/<course_id>/blueprint_templates/<template_id>"
BP_MANAGE = course("manage", source=f"{BLUEPRINT} require_course_level_manage_rights")

NEEDS: dict[str, Need] = {
    # courses and accounts
    "POST /accounts/<account_id>/courses": account(
        "manage_courses", "create_courses", source=f"{COURSES} create"
    ),
    "GET /accounts/<account_id>": account("read", source=f"{ACCOUNTS} show"),
    "GET /accounts/<account_id>/courses": account(
        "read_course_list", source=f"{ACCOUNTS} courses_api"
    ),
    "GET /courses": any_user(f"{COURSES} index (the caller's own enrolments)"),
    "GET /courses/<course_id>": course(READ, source=f"{COURSES} show"),
    "PUT /courses/<course_id>": course(
        *CONTENT_EDIT, source=f"{COURSES} update", extra=_course_update_extra
    ),
    "DELETE /courses/<course_id>": course("delete", source=f"{COURSES} destroy"),
    # navigation tabs and course settings
    "GET /courses/<course_id>/tabs": course(READ, source=f"{TABS} index"),
    "PUT /courses/<course_id>/tabs/<tab_id>": course(*CONTENT_EDIT, source=f"{TABS} update"),
    "GET /courses/<course_id>/settings": course("read_as_admin", source=f"{COURSES} api_settings"),
    "PUT /courses/<course_id>/settings": course(*CONTENT_EDIT, source=f"{COURSES} update_settings"),
    "GET /users/<user_id>": any_user(f"{USERS} api_show"),
    "GET /users/<user_id>/profile": any_user("app/controllers/profile_controller.rb settings"),
    # the caller's own course nicknames: require_user; show and update check the course
    "GET /users/self/course_nicknames": any_user(f"{NICKNAMES} index"),
    "GET /users/self/course_nicknames/<course_id>": course(READ, source=f"{NICKNAMES} show"),
    "PUT /users/self/course_nicknames/<course_id>": course(READ, source=f"{NICKNAMES} update"),
    "DELETE /users/self/course_nicknames/<course_id>": any_user(f"{NICKNAMES} delete"),
    "DELETE /users/self/course_nicknames": any_user(f"{NICKNAMES} clear"),
    # modules and items
    "GET /courses/<course_id>/modules": course(READ, source=f"{MODULES} index"),
    "GET /courses/<course_id>/modules/<module_id>": course(READ, source=f"{MODULES} show"),
    "POST /courses/<course_id>/modules": course(*CONTENT_ADD, source=f"{MODULES} create"),
    # batch_update: authorized_action(@context, :manage_course_content_edit)
    "PUT /courses/<course_id>/modules": course(*CONTENT_EDIT, source=f"{MODULES} batch_update"),
    "PUT /courses/<course_id>/modules/<module_id>": course(
        *CONTENT_EDIT, source=f"{MODULES} update"
    ),
    "DELETE /courses/<course_id>/modules/<module_id>": course(
        *CONTENT_DELETE, source=f"{MODULES} destroy"
    ),
    "PUT /courses/<course_id>/modules/<module_id>/relock": course(
        *CONTENT_EDIT, source=f"{MODULES} relock"
    ),
    "GET /courses/<course_id>/modules/<module_id>/items": course(READ, source=f"{ITEMS} index"),
    "GET /courses/<course_id>/modules/<module_id>/items/<item_id>": course(
        READ, source=f"{ITEMS} show"
    ),
    "POST /courses/<course_id>/modules/<module_id>/items": course(
        *CONTENT_ADD, source=f"{ITEMS} create"
    ),
    "PUT /courses/<course_id>/modules/<module_id>/items/<item_id>": course(
        *CONTENT_EDIT, source=f"{ITEMS} update"
    ),
    "DELETE /courses/<course_id>/modules/<module_id>/items/<item_id>": course(
        *CONTENT_DELETE, source=f"{ITEMS} destroy"
    ),
    # pages
    "GET /courses/<course_id>/pages": course(READ, source=f"{PAGES} index"),
    "POST /courses/<course_id>/pages": course(
        "manage_wiki_create", source=f"{PAGES} create (WikiPage :create)"
    ),
    "GET /courses/<course_id>/pages/<url_or_id>": course(READ, source=f"{PAGES} show"),
    "PUT /courses/<course_id>/pages/<url_or_id>": course(
        "manage_wiki_update", "manage_wiki_create", source=f"{PAGES} update (:update / :create)"
    ),
    "DELETE /courses/<course_id>/pages/<url_or_id>": course(
        "manage_wiki_delete", source=f"{PAGES} destroy"
    ),
    "GET /courses/<course_id>/front_page": course(READ, source=f"{PAGES} show_front_page"),
    "PUT /courses/<course_id>/front_page": course(
        "manage_wiki_update", source=f"{PAGES} update_front_page"
    ),
    # assignments, groups, quizzes, submissions
    "GET /courses/<course_id>/assignments": course(READ, source=f"{ASSIGNMENTS} index"),
    "GET /courses/<course_id>/assignment_groups/<group_id>/assignments": course(
        READ, source=f"{ASSIGNMENTS} index"
    ),
    "GET /courses/<course_id>/assignments/<assignment_id>": course(
        READ, source=f"{ASSIGNMENTS} show"
    ),
    "POST /courses/<course_id>/assignments": course(*ASSIGN_ADD, source=f"{ASSIGNMENTS} create"),
    "PUT /courses/<course_id>/assignments/<assignment_id>": course(
        *ASSIGN_EDIT, source=f"{ASSIGNMENTS} update"
    ),
    "DELETE /courses/<course_id>/assignments/<assignment_id>": course(
        *ASSIGN_DELETE, source=f"{ASSIGNMENTS} destroy"
    ),
    "GET /courses/<course_id>/assignment_groups": course(READ, source=f"{GROUPS} index"),
    "GET /courses/<course_id>/assignment_groups/<group_id>": course(READ, source=f"{GROUPS} show"),
    "POST /courses/<course_id>/assignment_groups": course(*ASSIGN_ADD, source=f"{GROUPS} create"),
    "PUT /courses/<course_id>/assignment_groups/<group_id>": course(
        *ASSIGN_EDIT, source=f"{GROUPS} update"
    ),
    "DELETE /courses/<course_id>/assignment_groups/<group_id>": course(
        *ASSIGN_DELETE, source=f"{GROUPS} destroy"
    ),
    # Any user with a token; each field checks its own object (a course the caller may
    # not read is null).
    "POST /api/graphql": any_user(source="app/controllers/graphql_controller.rb require_user"),
    "GET /courses/<course_id>/quizzes": course(READ, source=f"{QUIZZES} index"),
    "GET /courses/<course_id>/quizzes/<quiz_id>": course(READ, source=f"{QUIZZES} show"),
    "POST /courses/<course_id>/quizzes": course(*ASSIGN_ADD, source=f"{QUIZZES} create"),
    "DELETE /courses/<course_id>/quizzes/<quiz_id>": course(
        *ASSIGN_DELETE, source=f"{QUIZZES} destroy"
    ),
    "PUT /courses/<course_id>/quizzes/<quiz_id>": course(
        *ASSIGN_EDIT, source=f"{QUIZZES} update (Quiz :update)"
    ),
    # Every question endpoint, reading included, checks the quiz's :update.
    "GET /courses/<course_id>/quizzes/<quiz_id>/questions": course(
        *ASSIGN_EDIT, source=f"{QUIZ_QUESTIONS} index (Quiz :update)"
    ),
    "GET /courses/<course_id>/quizzes/<quiz_id>/questions/<question_id>": course(
        *ASSIGN_EDIT, source=f"{QUIZ_QUESTIONS} show (Quiz :update)"
    ),
    "POST /courses/<course_id>/quizzes/<quiz_id>/questions": course(
        *ASSIGN_EDIT, source=f"{QUIZ_QUESTIONS} create (Quiz :update)"
    ),
    "PUT /courses/<course_id>/quizzes/<quiz_id>/questions/<question_id>": course(
        *ASSIGN_EDIT, source=f"{QUIZ_QUESTIONS} update (Quiz :update)"
    ),
    "DELETE /courses/<course_id>/quizzes/<quiz_id>/questions/<question_id>": course(
        *ASSIGN_EDIT, source=f"{QUIZ_QUESTIONS} destroy (Quiz :update)"
    ),
    "POST /courses/<course_id>/quizzes/<quiz_id>/submissions": course(
        "submit", source=f"{QUIZ_SUBMISSIONS} create (Quiz :submit)"
    ),
    "GET /courses/<course_id>/quizzes/<quiz_id>/submissions": course(
        "manage_grades", "view_all_grades", source=f"{QUIZ_SUBMISSIONS} index (Quiz :grade)"
    ),
    "POST /courses/<course_id>/assignments/<assignment_id>/submissions": course(
        "submit", source=f"{SUBMISSIONS} create (Assignment :submit)"
    ),
    "GET /courses/<course_id>/assignments/<assignment_id>/submissions": course(
        "manage_grades", "view_all_grades", source=f"{SUBMISSIONS} index"
    ),
    "GET /courses/<course_id>/assignments/<assignment_id>/submissions/<user_id>": course(
        READ, source=f"{SUBMISSIONS} show"
    ),
    # discussions
    "GET /courses/<course_id>/discussion_topics": course(READ, source=f"{ENTRIES} index"),
    "POST /courses/<course_id>/discussion_topics": course(
        "create_forum", "moderate_forum", source=f"{DISCUSSIONS} create"
    ),
    "GET /courses/<course_id>/discussion_topics/<topic_id>": course(READ, source=f"{ENTRIES} show"),
    "PUT /courses/<course_id>/discussion_topics/<topic_id>": course(
        "moderate_forum", source=f"{DISCUSSIONS} update"
    ),
    "DELETE /courses/<course_id>/discussion_topics/<topic_id>": course(
        "moderate_forum", source=f"{DISCUSSIONS} destroy"
    ),
    "POST /courses/<course_id>/discussion_topics/<topic_id>/entries": course(
        "post_to_forum", source=f"{ENTRIES} add_entry"
    ),
    "GET /courses/<course_id>/discussion_topics/<topic_id>/entries": course(
        "read_forum", source=f"{ENTRIES} entries"
    ),
    # sections and their own dates (assignment overrides)
    "GET /courses/<course_id>/sections": course(
        READ, "read_roster", "view_all_grades", "manage_grades", source=f"{SECTIONS} index"
    ),
    "POST /courses/<course_id>/sections": course(
        "manage_sections_add", source=f"{SECTIONS} create (CourseSection :create)"
    ),
    f"GET {OVERRIDE}": course(READ, source=f"{OVERRIDES} index (require_course)"),
    f"GET {OVERRIDE}/<override_id>": course(READ, source=f"{OVERRIDES} show"),
    f"POST {OVERRIDE}": course(
        *ASSIGN_EDIT, source=f"{OVERRIDES} create (require_assignment_edit)"
    ),
    f"PUT {OVERRIDE}/<override_id>": course(
        *ASSIGN_EDIT, source=f"{OVERRIDES} update (require_assignment_edit)"
    ),
    f"DELETE {OVERRIDE}/<override_id>": course(
        *ASSIGN_EDIT, source=f"{OVERRIDES} destroy (require_assignment_edit)"
    ),
    # calendar
    "POST /calendar_events": course("manage_calendar", source=f"{CALENDAR} create"),
    "GET /calendar_events": any_user(f"{CALENDAR} index"),
    "GET /calendar_events/<event_id>": course(READ, source=f"{CALENDAR} show"),
    "PUT /calendar_events/<event_id>": course("manage_calendar", source=f"{CALENDAR} update"),
    "DELETE /calendar_events/<event_id>": course("manage_calendar", source=f"{CALENDAR} destroy"),
    # files and folders
    "POST /courses/<course_id>/files": course("manage_files_add", source=f"{FILES} api_create"),
    "POST /folders/<folder_id>/files": course("manage_files_add", source=f"{FILES} api_create"),
    "POST /files_api/upload/<token>": Need((Check("none", ()),), f"{FILES} (upload URL)"),
    "GET /files/<file_id>/create_success": course(
        "manage_files_add", source=f"{FILES} api_create_success"
    ),
    "GET /courses/<course_id>/files": course("read_files", source=f"{FILES} api_index"),
    "GET /courses/<course_id>/files/<file_id>": course("read_files", source=f"{FILES} api_show"),
    "GET /files/<file_id>": course("read_files", source=f"{FILES} api_show"),
    "PUT /files/<file_id>": course("manage_files_edit", source=f"{FILES} api_update"),
    "DELETE /files/<file_id>": course("manage_files_delete", source=f"{FILES} destroy"),
    "GET /files/<file_id>/download": Need((Check("none", ()),), f"{FILES} show (verifier)"),
    "GET /courses/<course_id>/files/<file_id>/download": Need(
        (Check("none", ()),), f"{FILES} show (verifier)"
    ),
    "GET /courses/<course_id>/folders": course("read_files", source=f"{FOLDERS} list_all_folders"),
    "GET /courses/<course_id>/folders/by_path": course(
        "read_files", source=f"{FOLDERS} resolve_path"
    ),
    "GET /courses/<course_id>/folders/by_path/<path:full_path>": course(
        "read_files", source=f"{FOLDERS} resolve_path"
    ),
    "GET /courses/<course_id>/folders/<folder_id>": course("read_files", source=f"{FOLDERS} show"),
    "GET /folders/<folder_id>": course("read_files", source=f"{FOLDERS} show"),
    "GET /folders/<folder_id>/folders": course("read_files", source=f"{FOLDERS} api_index"),
    "GET /folders/<folder_id>/files": course("read_files", source=f"{FILES} api_index"),
    "POST /courses/<course_id>/folders": course("manage_files_add", source=f"{FOLDERS} create"),
    "POST /folders/<folder_id>/folders": course("manage_files_add", source=f"{FOLDERS} create"),
    "PUT /folders/<folder_id>": course("manage_files_edit", source=f"{FOLDERS} update"),
    "DELETE /folders/<folder_id>": course("manage_files_delete", source=f"{FOLDERS} api_destroy"),
    # outcomes
    "GET /courses/<course_id>/root_outcome_group": course(
        "read_outcomes", source=f"{OUTCOME_GROUPS} redirect"
    ),
    "GET /courses/<course_id>/outcome_groups": course(
        "read_outcomes", source=f"{OUTCOME_GROUPS} index"
    ),
    "GET /courses/<course_id>/outcome_group_links": course(
        "read_outcomes", source=f"{OUTCOME_GROUPS} link_index"
    ),
    "GET /courses/<course_id>/outcome_groups/<group_id>": course(
        "read_outcomes", source=f"{OUTCOME_GROUPS} show"
    ),
    "PUT /courses/<course_id>/outcome_groups/<group_id>": course(
        "manage_outcomes", source=f"{OUTCOME_GROUPS} update"
    ),
    "DELETE /courses/<course_id>/outcome_groups/<group_id>": course(
        "manage_outcomes", source=f"{OUTCOME_GROUPS} destroy"
    ),
    "GET /courses/<course_id>/outcome_groups/<group_id>/subgroups": course(
        "read_outcomes", source=f"{OUTCOME_GROUPS} subgroups"
    ),
    "POST /courses/<course_id>/outcome_groups/<group_id>/subgroups": course(
        "manage_outcomes", source=f"{OUTCOME_GROUPS} create"
    ),
    "GET /courses/<course_id>/outcome_groups/<group_id>/outcomes": course(
        "read_outcomes", source=f"{OUTCOME_GROUPS} outcomes"
    ),
    "POST /courses/<course_id>/outcome_groups/<group_id>/outcomes": course(
        "manage_outcomes", source=f"{OUTCOME_GROUPS} link"
    ),
    "PUT /courses/<course_id>/outcome_groups/<group_id>/outcomes/<outcome_id>": course(
        "manage_outcomes", source=f"{OUTCOME_GROUPS} link"
    ),
    "DELETE /courses/<course_id>/outcome_groups/<group_id>/outcomes/<outcome_id>": course(
        "manage_outcomes", source=f"{OUTCOME_GROUPS} unlink"
    ),
    "GET /outcomes/<outcome_id>": course("read_outcomes", source=f"{OUTCOMES} show"),
    "PUT /outcomes/<outcome_id>": course("manage_outcomes", source=f"{OUTCOMES} update"),
    # rubrics
    "GET /courses/<course_id>/rubrics": course("manage_rubrics", source=f"{RUBRICS} index"),
    "GET /courses/<course_id>/rubrics/<rubric_id>": course(
        "manage_rubrics", source=f"{RUBRICS} show"
    ),
    "POST /courses/<course_id>/rubrics": course(
        "manage_rubrics", source="app/controllers/rubrics_controller.rb create"
    ),
    "PUT /courses/<course_id>/rubrics/<rubric_id>": course(
        "manage_rubrics", source="app/controllers/rubrics_controller.rb update"
    ),
    "DELETE /courses/<course_id>/rubrics/<rubric_id>": course(
        "manage_rubrics", source="app/controllers/rubrics_controller.rb destroy"
    ),
    "POST /courses/<course_id>/rubric_associations": course(
        "manage_rubrics", source=f"{RUBRIC_ASSOCIATIONS} create"
    ),
    "PUT /courses/<course_id>/rubric_associations/<association_id>": course(
        "manage_rubrics", source=f"{RUBRIC_ASSOCIATIONS} update"
    ),
    "DELETE /courses/<course_id>/rubric_associations/<association_id>": course(
        "manage_rubrics", source=f"{RUBRIC_ASSOCIATIONS} destroy"
    ),
    "POST /courses/<course_id>/rubric_associations/<association_id>/rubric_assessments": course(
        "manage_grades", source=f"{RUBRIC_ASSESSMENTS} update (user_can_assess_for?)"
    ),
    # blueprints
    f"GET {BP}": BP_MANAGE,
    f"GET {BP}/associated_courses": BP_MANAGE,
    f"PUT {BP}/update_associations": Need(
        (
            Check("course", ("manage",)),
            Check("account", ("manage_master_courses",)),
            Check("account", ("manage_courses", "manage_courses_admin")),
        ),
        f"{BLUEPRINT} require_account_level_manage_rights, update_associations",
    ),
    f"POST {BP}/migrations": BP_MANAGE,
    f"GET {BP}/migrations": BP_MANAGE,
    f"GET {BP}/migrations/<migration_id>": BP_MANAGE,
    f"GET {BP}/migrations/<migration_id>/details": BP_MANAGE,
    f"PUT {BP}/restrict_item": BP_MANAGE,
    f"GET {BP}/unsynced_changes": BP_MANAGE,
    "GET /courses/<course_id>/blueprint_subscriptions": BP_MANAGE,
}

API_PREFIX = "/api/v1"


def need_for(endpoint: str) -> Need:
    """The row for a router endpoint name such as ``"GET /api/v1/courses/<course_id>"``."""
    method, _, path = endpoint.partition(" ")
    return NEEDS[f"{method} {path.removeprefix(API_PREFIX)}"]


def authorize(
    store: Store, user: User, endpoint: str, args: Mapping[str, Any], params: Params
) -> None:
    """Raise Canvas's refusal unless ``user`` holds what ``endpoint`` needs."""
    need = need_for(endpoint)
    target = _course_of(store, args, params)
    checks = need.checks + (need.extra(store, target, params) if need.extra else ())
    for check in checks:
        if check.scope in ("none", "user"):
            continue
        if check.scope == "account":
            held = account_rights(store, user.id)
        else:
            if target is None:
                return  # nothing found: the handler answers 404 (Canvas looks up first)
            held = course_rights(store, user.id, target)
        if not held.intersection(check.rights):
            raise errors.forbidden()


def _course_of(store: Store, args: Mapping[str, Any], params: Params) -> Course | None:
    """The course an endpoint acts in: named in the URL, or the owner of the row it names."""
    if "course_id" in args:
        return _find_course(store, str(args["course_id"]))
    course_id: int | None = None
    tables: tuple[tuple[str, dict[int, Any]], ...] = (
        ("folder_id", store.folders),
        ("file_id", store.files),
        ("outcome_id", store.outcomes),
    )
    for key, table in tables:
        if key in args:
            row: Any = store.get(table, parse_id(args[key]))
            course_id = getattr(row, "course_id", None) if row is not None else None
            break
    else:
        if "event_id" in args:
            event = store.get(store.calendar_events, parse_id(args["event_id"]))
            course_id = _course_in_code(event.context_code if event else None)
        else:
            section = params.get("calendar_event")
            code = section.get("context_code") if isinstance(section, dict) else None
            course_id = _course_in_code(code)
    return store.get(store.courses, course_id)


def _course_in_code(code: Any) -> int | None:
    if isinstance(code, str) and code.startswith("course_"):
        return parse_id(code.removeprefix("course_"))
    return None


def _find_course(store: Store, ref: str) -> Course | None:
    course_id = parse_id(ref)
    if course_id is not None:
        return store.get(store.courses, course_id)
    for prefix, attribute in (("sis_course_id:", "sis_course_id"), ("uuid:", "uuid")):
        if ref.startswith(prefix):
            wanted = ref.removeprefix(prefix)
            return next(
                (c for c in store.live(store.courses) if getattr(c, attribute) == wanted), None
            )
    return None
