"""Who may do what: the rights a user holds in the account and in each course.

The sandbox seeds three people (``store.py``): an account admin, a teacher and a
student; the last two are enrolled in every course the sandbox creates. Rights carry
Canvas's own names (``RoleOverride::PERMISSIONS`` and the ``set_policy`` blocks of
``app/models/course.rb``), with the defaults Canvas gives each base role:

* an account admin holds every right, in the account and in every course;
* a teacher holds the course rights of ``TeacherEnrollment`` in the courses they are
  enrolled in (course policy "Active admins": ``read, read_as_admin, manage, update``;
  role defaults: content, assignments, pages, files, calendar, grades, outcomes,
  rubrics, discussions; ``delete`` only while the course has no SIS id) and no account
  right at all;
* a student holds the ``StudentEnrollment`` defaults (read, discussions, submit) in
  courses they are enrolled in, and only while the course is published (``available``).

Granular permissions (``manage_course_content_add`` …) are listed beside the legacy
ones they replaced (``manage_content``), so a check may name either.
"""

from __future__ import annotations

from .records import Course
from .store import Store

# Account-level rights: only account admins hold them (RoleOverride: AccountAdmin).
ACCOUNT_RIGHTS = frozenset(
    {
        "read",  # GET /accounts/:id
        "read_course_list",  # GET /accounts/:id/courses
        "manage_courses",
        "manage_courses_admin",
        "create_courses",
        "manage_master_courses",
        "manage_sis",
    }
)

TEACHER_RIGHTS = frozenset(
    {
        "read",
        "read_as_admin",
        "manage",
        "update",
        "change_course_state",
        "manage_content",
        "manage_course_content_add",
        "manage_course_content_edit",
        "manage_course_content_delete",
        "manage_assignments",
        "manage_assignments_add",
        "manage_assignments_edit",
        "manage_assignments_delete",
        "manage_wiki_create",
        "manage_wiki_update",
        "manage_wiki_delete",
        "manage_files_add",
        "manage_files_edit",
        "manage_files_delete",
        "read_files",
        "manage_calendar",
        "manage_grades",
        "view_all_grades",
        "manage_outcomes",
        "read_outcomes",
        "manage_rubrics",
        "moderate_forum",
        "create_forum",
        "post_to_forum",
        "read_forum",
    }
)

STUDENT_RIGHTS = frozenset(
    {
        "read",
        "read_files",
        "read_outcomes",
        "read_forum",
        "post_to_forum",
        "create_forum",
        "submit",
    }
)


def is_account_admin(store: Store, user_id: int) -> bool:
    return user_id in store.account_admins


def account_rights(store: Store, user_id: int) -> frozenset[str]:
    return ACCOUNT_RIGHTS if is_account_admin(store, user_id) else frozenset()


def course_rights(store: Store, user_id: int, course: Course) -> frozenset[str]:
    """Every right ``user_id`` holds in ``course`` (empty when not enrolled)."""
    if is_account_admin(store, user_id):
        return TEACHER_RIGHTS | STUDENT_RIGHTS | {"delete"}
    types = {e.type for e in store.live(store.enrollments, course_id=course.id, user_id=user_id)}
    rights: set[str] = set()
    if "TeacherEnrollment" in types:
        rights |= TEACHER_RIGHTS
        if not course.sis_course_id:
            rights.add("delete")  # "Teachers and Designers can delete … !sis_source_id"
    if "StudentEnrollment" in types and course.workflow_state == "available":
        rights |= STUDENT_RIGHTS
    return frozenset(rights)
