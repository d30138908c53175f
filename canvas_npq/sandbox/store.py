"""The sandbox's state: all rows, one id sequence, a clock and the lock around them.

The HTTP server holds ``lock`` for the whole of each API call, so handlers see a
consistent store. Code that touches the store from outside a request (tests, seeding)
should hold it too. Ids come from one sequence shared by every kind, so a client that
mixes up, say, a module id and an item id gets a 404 instead of someone else's object.
"""

from __future__ import annotations

import threading
import uuid as uuidlib
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar

from .dates import utc_now
from .records import (
    Account,
    Assignment,
    AssignmentGroup,
    BlueprintMigration,
    CalendarEvent,
    Course,
    DiscussionEntry,
    DiscussionTopic,
    Enrollment,
    File,
    Folder,
    Module,
    ModuleItem,
    Outcome,
    OutcomeGroup,
    OutcomeLink,
    Page,
    Quiz,
    Record,
    Rubric,
    RubricAssessment,
    RubricAssociation,
    Submission,
    UploadTicket,
    User,
)

R = TypeVar("R", bound=Record)

SELF_USER_ID = 1  # the account admin: the default token's user
ADMIN_USER_ID = SELF_USER_ID
TEACHER_USER_ID = 2  # enrolled as a teacher in every course the sandbox creates
STUDENT_USER_ID = 3  # enrolled as a student in every course the sandbox creates
ROOT_ACCOUNT_ID = 1
FIRST_ID = 101


class Store:
    """In-memory Canvas: tables keyed by id, plus a few cross-row indexes."""

    def __init__(self, clock: Callable[[], datetime] | None = None) -> None:
        self.lock = threading.RLock()
        self._clock = clock or utc_now
        self._next_id = FIRST_ID
        self.accounts: dict[int, Account] = {}
        self.users: dict[int, User] = {}
        self.enrollments: dict[int, Enrollment] = {}
        self.courses: dict[int, Course] = {}
        self.modules: dict[int, Module] = {}
        self.module_items: dict[int, ModuleItem] = {}
        self.pages: dict[int, Page] = {}
        self.assignments: dict[int, Assignment] = {}
        self.assignment_groups: dict[int, AssignmentGroup] = {}
        self.submissions: dict[int, Submission] = {}
        self.discussions: dict[int, DiscussionTopic] = {}
        self.discussion_entries: dict[int, DiscussionEntry] = {}
        self.quizzes: dict[int, Quiz] = {}
        self.calendar_events: dict[int, CalendarEvent] = {}
        self.folders: dict[int, Folder] = {}
        self.files: dict[int, File] = {}
        self.upload_tickets: dict[str, UploadTicket] = {}
        # How step 2 of an upload answers: "created" (201 + the file, as Canvas's file
        # store does) or "redirect" (303 to create_success, as Canvas's local storage
        # does; the file is available only once that URL is fetched with the token).
        self.upload_answer: str = "created"
        self.outcome_groups: dict[int, OutcomeGroup] = {}
        self.outcomes: dict[int, Outcome] = {}
        self.outcome_links: dict[int, OutcomeLink] = {}
        self.rubrics: dict[int, Rubric] = {}
        self.rubric_associations: dict[int, RubricAssociation] = {}
        # (user id, course id) -> the nickname that user gave the course (§8).
        self.course_nicknames: dict[tuple[int, int], str] = {}
        # Blueprint state (§19), keyed by the blueprint course id.
        self.blueprint_templates: dict[int, int] = {}  # course id -> template id
        self.blueprint_associations: dict[int, set[int]] = {}  # -> associated course ids
        self.blueprint_migrations: dict[int, BlueprintMigration] = {}
        self.blueprint_snapshots: dict[int, dict[tuple[str, int], str]] = {}  # last sync
        self.blueprint_restricted: dict[tuple[int, str, int], dict[str, bool]] = {}
        # (child course id, asset type, blueprint row id) -> the child's copy id
        self.blueprint_copies: dict[tuple[int, str, int], int] = {}
        # (child id, kind, copy id) → the copy's fields as the last sync left them, to
        # tell a child's local edits (which a sync does not overwrite) from synced content.
        self.blueprint_copy_fields: dict[tuple[int, str, int], dict[str, str]] = {}
        # Seconds a migration stays "queued" (a second one meanwhile is refused).
        self.blueprint_sync_seconds: float = 0.0
        self.rubric_assessments: dict[int, RubricAssessment] = {}
        # Users with an account-admin role on the root account (every account right).
        self.account_admins: set[int] = {ADMIN_USER_ID}
        self._seed()

    # -- basics -----------------------------------------------------------------------

    def now(self) -> datetime:
        """The current time, whole seconds in UTC (Canvas's JSON precision)."""
        return self._clock().replace(microsecond=0)

    def new_id(self) -> int:
        value = self._next_id
        self._next_id += 1
        return value

    @staticmethod
    def new_uuid() -> str:
        return uuidlib.uuid4().hex[:40]

    def stamp(self) -> dict[str, Any]:
        """``id``, ``created_at`` and ``updated_at`` for a new row."""
        now = self.now()
        return {"id": self.new_id(), "created_at": now, "updated_at": now}

    def add(self, table: dict[int, R], record: R) -> R:
        table[record.id] = record
        return record

    @staticmethod
    def live(table: dict[int, R], **where: Any) -> list[R]:
        """Rows not soft-deleted whose attributes equal ``where``, ordered by id."""
        rows = (
            row
            for row in table.values()
            if not row.deleted and all(getattr(row, key) == value for key, value in where.items())
        )
        return sorted(rows, key=lambda row: row.id)

    @staticmethod
    def get(table: dict[int, R], record_id: int | None) -> R | None:
        """A live row by id, or ``None`` (deleted rows are invisible, §6)."""
        if record_id is None:
            return None
        row = table.get(record_id)
        return None if row is None or row.deleted else row

    # -- seed -----------------------------------------------------------------------

    def _seed(self) -> None:
        now = self.now()
        self.accounts[ROOT_ACCOUNT_ID] = Account(
            id=ROOT_ACCOUNT_ID, name="Sandbox Account", created_at=now, updated_at=now
        )
        people = (
            (ADMIN_USER_ID, "Sandbox Admin", "admin"),
            (TEACHER_USER_ID, "Sandbox Teacher", "teacher"),
            (STUDENT_USER_ID, "Sandbox Student", "student"),
        )
        for user_id, name, login in people:
            first, _, last = name.partition(" ")
            self.users[user_id] = User(
                id=user_id,
                name=name,
                sortable_name=f"{last}, {first}",
                short_name=name,
                login_id=f"{login}@sandbox.test",
                created_at=now,
                updated_at=now,
            )

    def enroll_seeded_people(self, course_id: int) -> None:
        """Enrol the seeded teacher and student in a course the sandbox creates, so their
        tokens can work in it as a provider's teacher and a participant would."""
        self.enroll(course_id, TEACHER_USER_ID, "TeacherEnrollment")
        self.enroll(course_id, STUDENT_USER_ID, "StudentEnrollment")

    # -- people -----------------------------------------------------------------------

    def enroll(self, course_id: int, user_id: int, type_: str) -> Enrollment:
        for enrollment in self.live(self.enrollments, course_id=course_id, user_id=user_id):
            if enrollment.type == type_:
                return enrollment
        return self.add(
            self.enrollments,
            Enrollment(**self.stamp(), course_id=course_id, user_id=user_id, type=type_),
        )

    def create_student(self, course_id: int, name: str | None = None) -> User:
        """A new student enrolled in the course (for submissions in tests, §12)."""
        stamp = self.stamp()
        label = name or f"Student {stamp['id']}"
        first, _, last = label.partition(" ")
        user = self.add(
            self.users,
            User(
                **stamp,
                name=label,
                sortable_name=f"{last}, {first}" if last else label,
                short_name=label,
                login_id=f"student{stamp['id']}@sandbox.test",
            ),
        )
        self.enroll(course_id, user.id, "StudentEnrollment")
        return user

    def is_student(self, course_id: int, user_id: int) -> bool:
        return any(
            e.type == "StudentEnrollment"
            for e in self.live(self.enrollments, course_id=course_id, user_id=user_id)
        )

    # -- cross-row helpers ---------------------------------------------------------------

    def items_for_content(self, type_: str, content_id: int) -> Iterable[ModuleItem]:
        return [
            item
            for item in self.live(self.module_items, type=type_, content_id=content_id)
            if self.get(self.modules, item.module_id) is not None
        ]

    def submitted(self, assignment_id: int) -> list[Submission]:
        """Student submissions that block unpublishing (nil submission_type does not, §12)."""
        return [
            sub
            for sub in self.live(self.submissions, assignment_id=assignment_id)
            if sub.submission_type is not None
        ]

    def retitle_items(self, type_: str, content_id: int, title: str) -> None:
        """Module items follow their content's title (``ContentTag.update_for``; §10)."""
        for item in self.live(self.module_items, type=type_, content_id=content_id):
            item.title = title

    def delete_items_for(self, type_: str, content_id: int) -> None:
        """Deleting content deletes the module items that point at it."""
        for item in self.live(self.module_items, type=type_, content_id=content_id):
            item.workflow_state = "deleted"
