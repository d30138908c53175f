"""The sandbox's in-memory rows: one mutable dataclass per Canvas model.

Fields hold Canvas's internal values (``workflow_state`` as the model stores it, times as
aware UTC datetimes); the resource modules turn them into API JSON. Every row is
soft-deleted by setting ``workflow_state = "deleted"`` (canvas-api.md §6).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(eq=False, kw_only=True)
class Record:
    id: int
    workflow_state: str = "active"
    created_at: datetime
    updated_at: datetime

    @property
    def deleted(self) -> bool:
        return self.workflow_state == "deleted"


@dataclass(eq=False, kw_only=True)
class Account(Record):
    name: str
    default_time_zone: str = "UTC"


@dataclass(eq=False, kw_only=True)
class User(Record):
    name: str
    sortable_name: str
    short_name: str
    login_id: str


@dataclass(eq=False, kw_only=True)
class Enrollment(Record):
    course_id: int
    user_id: int
    type: str  # "TeacherEnrollment" | "StudentEnrollment"


@dataclass(eq=False, kw_only=True)
class Course(Record):
    # workflow_state: "created" | "claimed" | "available" | "completed" | "deleted"
    account_id: int
    name: str
    course_code: str
    uuid: str
    time_zone: str = "UTC"
    default_view: str = "modules"
    syllabus_body: str | None = None
    start_at: datetime | None = None
    end_at: datetime | None = None
    sis_course_id: str | None = None
    integration_id: str | None = None
    license: str | None = None
    is_public: bool = False
    public_syllabus: bool = False
    front_page_id: int | None = None
    blueprint: bool = False
    blueprint_restrictions: dict[str, bool] = field(default_factory=dict)
    blueprint_restrictions_by_object_type: dict[str, dict[str, bool]] = field(default_factory=dict)
    use_blueprint_restrictions_by_object_type: bool = False
    # Course#tab_configuration ([{"id": <internal tab id>, "hidden": True?}]) and the
    # Course#settings hash, as set through the tabs and settings APIs (resources/tabs.py,
    # resources/course_settings.py); empty means Canvas's defaults.
    tab_configuration: list[dict[str, Any]] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(eq=False, kw_only=True)
class Module(Record):
    # workflow_state: "unpublished" | "active" | "deleted"
    course_id: int
    name: str
    position: int
    unlock_at: datetime | None = None
    require_sequential_progress: bool = False
    prerequisite_module_ids: list[int] = field(default_factory=list)
    publish_final_grade: bool = False
    requirement_type: str = "all"
    # Completion requirements live on the module (§10): [{"id", "type", "min_score"?}]
    completion_requirements: list[dict[str, Any]] = field(default_factory=list)


@dataclass(eq=False, kw_only=True)
class ModuleItem(Record):
    # workflow_state is authoritative only for SubHeader/ExternalUrl/ExternalTool; content
    # items mirror their content's state (§10).
    course_id: int
    module_id: int
    position: int
    title: str
    type: str  # API name: Page | Assignment | Discussion | File | Quiz | SubHeader | ...
    content_id: int | None = None
    external_url: str | None = None
    new_tab: bool = False
    indent: int = 0


@dataclass(eq=False, kw_only=True)
class Page(Record):
    # workflow_state: "unpublished" | "active" | "deleted"
    course_id: int
    url: str
    title: str
    body: str | None = None
    editing_roles: str = "teachers"
    revised_at: datetime
    todo_date: datetime | None = None
    publish_at: datetime | None = None
    user_id: int | None = None


@dataclass(eq=False, kw_only=True)
class Assignment(Record):
    # workflow_state: "unpublished" | "published" | "deleted"
    course_id: int
    assignment_group_id: int
    name: str
    position: int
    description: str | None = None
    points_possible: float | None = 0.0
    grading_type: str = "points"
    submission_types: list[str] = field(default_factory=lambda: ["none"])
    allowed_extensions: list[str] = field(default_factory=list)
    due_at: datetime | None = None
    lock_at: datetime | None = None
    unlock_at: datetime | None = None
    peer_reviews: bool = False
    automatic_peer_reviews: bool = False
    omit_from_final_grade: bool = False
    hide_in_gradebook: bool = False
    only_visible_to_overrides: bool = False
    allowed_attempts: int | None = None
    grading_standard_id: int | None = None
    group_category_id: int | None = None
    post_to_sis: bool = False
    anonymous_grading: bool = False
    moderated_grading: bool = False
    sis_assignment_id: str | None = None
    integration_id: str | None = None
    integration_data: dict[str, Any] = field(default_factory=dict)
    external_tool_tag_attributes: dict[str, Any] | None = None
    discussion_topic_id: int | None = None
    quiz_id: int | None = None  # a graded classic quiz's assignment


@dataclass(eq=False, kw_only=True)
class AssignmentGroup(Record):
    # workflow_state: "available" | "deleted"
    course_id: int
    name: str
    position: int
    group_weight: float = 0.0
    sis_source_id: str | None = None
    integration_data: dict[str, Any] = field(default_factory=dict)
    rules: dict[str, Any] = field(default_factory=dict)


@dataclass(eq=False, kw_only=True)
class Submission(Record):
    # workflow_state: "unsubmitted" | "submitted" | "graded" | "pending_review"
    assignment_id: int
    user_id: int
    submission_type: str | None = None
    body: str | None = None
    url: str | None = None
    submitted_at: datetime | None = None
    attempt: int | None = None
    score: float | None = None
    grade: str | None = None


@dataclass(eq=False, kw_only=True)
class DiscussionTopic(Record):
    # workflow_state: "unpublished" | "active" | "post_delayed" | "locked" | "deleted"
    course_id: int
    title: str
    message: str | None = None
    user_id: int | None = None
    is_announcement: bool = False
    discussion_type: str = "not_threaded"
    pinned: bool = False
    locked: bool = False
    position: int | None = None
    delayed_post_at: datetime | None = None
    lock_at: datetime | None = None
    posted_at: datetime | None = None
    last_reply_at: datetime | None = None
    todo_date: datetime | None = None
    require_initial_post: bool = False
    podcast_enabled: bool = False
    podcast_has_student_posts: bool = False
    allow_rating: bool = False
    only_graders_can_rate: bool = False
    sort_by_rating: bool = False
    assignment_id: int | None = None
    group_category_id: int | None = None
    anonymous_state: str | None = None
    sort_order: str = "desc"
    expanded: bool = False


@dataclass(eq=False, kw_only=True)
class Quiz(Record):
    # workflow_state: "unpublished" | "available" | "deleted"
    course_id: int
    title: str
    description: str | None = None
    quiz_type: str = "assignment"
    points_possible: float | None = None
    assignment_id: int | None = None
    time_limit: int | None = None  # minutes
    allowed_attempts: int = 1  # -1: unlimited
    shuffle_answers: bool = False
    show_correct_answers: bool = True
    show_correct_answers_at: datetime | None = None
    unlock_at: datetime | None = None
    due_at: datetime | None = None
    lock_at: datetime | None = None
    # The saved version students take (Canvas's quiz_data), made when it is published.
    quiz_data: list[dict[str, Any]] | None = None


@dataclass(eq=False, kw_only=True)
class QuizQuestion(Record):
    # workflow_state: "active" | "deleted"
    quiz_id: int
    position: int
    question_name: str = "Question"
    question_type: str = "text_only_question"
    question_text: str = ""
    points_possible: float = 0.0
    answers: list[dict[str, Any]] = field(default_factory=list)
    # The rest of Canvas's question data: the six comment fields, ``matches`` and
    # ``matching_answer_incorrect_matches`` (see ``resources/quiz_answers.py``).
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(eq=False, kw_only=True)
class QuizSubmission(Record):
    # workflow_state: "untaken" | "complete" | "pending_review"
    quiz_id: int
    user_id: int
    attempt: int = 1
    quiz_data: list[dict[str, Any]] = field(default_factory=list)  # the questions as taken


@dataclass(eq=False, kw_only=True)
class DiscussionEntry(Record):
    # workflow_state: "active" | "deleted"
    topic_id: int
    user_id: int
    message: str | None = None
    parent_id: int | None = None


@dataclass(eq=False, kw_only=True)
class CalendarEvent(Record):
    # workflow_state: "active" | "locked" | "deleted"
    context_code: str
    title: str
    description: str | None = None
    start_at: datetime | None = None
    end_at: datetime | None = None
    location_name: str | None = None
    location_address: str | None = None
    all_day: bool = False
    all_day_date: str | None = None
    user_id: int | None = None
    # A section's own times for a course event: context_code course_section_N, the
    # event's id here and its course as effective_context_code.
    parent_event_id: int | None = None
    effective_context_code: str | None = None


@dataclass(eq=False, kw_only=True)
class CourseSection(Record):
    # workflow_state: "active" | "deleted"
    course_id: int
    name: str


@dataclass(eq=False, kw_only=True)
class AssignmentOverride(Record):
    # A section's own dates for one assignment. A date is part of the override only when
    # its ``*_overridden`` flag is set (AssignmentOverride#due_at_overridden …).
    course_id: int
    assignment_id: int
    course_section_id: int
    title: str
    due_at: datetime | None = None
    unlock_at: datetime | None = None
    lock_at: datetime | None = None
    overridden: set[str] = field(default_factory=set)


@dataclass(eq=False, kw_only=True)
class Folder(Record):
    course_id: int
    name: str
    full_name: str
    parent_folder_id: int | None
    position: int | None = None
    locked: bool = False
    hidden: bool = False


@dataclass(eq=False, kw_only=True)
class File(Record):
    # workflow_state: "processed" | "deleted"; ``replaced_by`` when overwritten (§15)
    course_id: int
    folder_id: int
    display_name: str
    filename: str
    content_type: str
    uuid: str
    data: bytes = b""
    locked: bool = False
    hidden: bool = False
    user_id: int | None = None
    replaced_by: int | None = None

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(eq=False, kw_only=True)
class UploadTicket(Record):
    """A step-1 preflight awaiting its step-2 upload (§15.1)."""

    token: str
    course_id: int
    folder_id: int
    name: str
    content_type: str
    on_duplicate: str


@dataclass(eq=False, kw_only=True)
class OutcomeGroup(Record):
    course_id: int
    title: str
    parent_id: int | None
    description: str | None = None
    vendor_guid: str | None = None


@dataclass(eq=False, kw_only=True)
class Outcome(Record):
    course_id: int
    title: str
    display_name: str | None = None
    description: str | None = None
    vendor_guid: str | None = None
    mastery_points: float = 3.0
    points_possible: float = 5.0
    ratings: list[dict[str, Any]] = field(default_factory=list)
    calculation_method: str = "decaying_average"
    calculation_int: int | None = 65


@dataclass(eq=False, kw_only=True)
class OutcomeLink(Record):
    course_id: int
    group_id: int
    outcome_id: int


@dataclass(eq=False, kw_only=True)
class Rubric(Record):
    course_id: int
    title: str
    criteria: list[dict[str, Any]] = field(default_factory=list)
    free_form_criterion_comments: bool = False
    hide_score_total: bool = False
    user_id: int | None = None

    @property
    def points_possible(self) -> float:
        return float(
            sum(c.get("points", 0) or 0 for c in self.criteria if not c.get("ignore_for_scoring"))
        )


@dataclass(eq=False, kw_only=True)
class RubricAssociation(Record):
    rubric_id: int
    course_id: int
    association_id: int
    association_type: str  # "Assignment" | "Course" | "Account"
    use_for_grading: bool = False
    purpose: str = "grading"
    hide_score_total: bool = False
    hide_points: bool = False
    hide_outcome_results: bool = False
    bookmarked: bool = True
    title: str | None = None


@dataclass(eq=False, kw_only=True)
class BlueprintMigration(Record):
    # workflow_state: "queued" | "exporting" | "imports_queued" | "completed" | ...
    course_id: int
    template_id: int
    user_id: int
    comment: str | None = None
    due: float = 0.0  # monotonic time at which the migration counts as completed
    details: list[dict[str, Any]] = field(default_factory=list)  # ChangeRecords


@dataclass(eq=False, kw_only=True)
class RubricAssessment(Record):
    """One assessor's marking of one submission against a rubric association."""

    rubric_id: int
    rubric_association_id: int
    user_id: int  # the assessed student
    assessor_id: int
    artifact_id: int  # the submission
    assessment_type: str  # "grading" | "peer_review" | "provisional_grade"
    score: float | None = None
    data: list[dict[str, Any]] = field(default_factory=list)  # one rating per criterion
