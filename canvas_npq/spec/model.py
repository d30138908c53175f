"""A loaded, validated course spec: what ``course.yaml`` and its Markdown say.

Everything here has passed validation: ids are unique and well-formed, references
resolve, dates are aware datetimes, and the Markdown has been read (``*_markdown``)
so that building the desired snapshot needs no further I/O. Every object carries the
:class:`SourceRef` of its mapping in ``course.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from canvas_npq.model import SourceRef
from canvas_npq.spec.announcements import AnnouncementSpec
from canvas_npq.spec.errors import Problem

if TYPE_CHECKING:
    from canvas_npq.spec.sections import SectionDates, SectionTimes


def _label(default: str, help_text: str) -> Any:
    return field(default=default, metadata={"help": help_text})


@dataclass(frozen=True)
class Labels:
    """The words participants read for the parts of the programme, wherever canvas-npq
    writes them (the syllabus, the intended-outcomes tables). ``labels:`` in course.yaml
    sets them once; each defaults to the NPQLTD's word."""

    block: str = _label("Block", "One block, as the syllabus's column heading.")
    blocks: str = _label("Blocks", "The syllabus section that lists the blocks.")
    mit_focus: str = _label("MIT focus", "The syllabus column of each block's mit_focus.")
    study_time: str = _label("Study time", "The syllabus column of each block's study time.")
    opens: str = _label("Opens", "The syllabus column of the day each block opens.")
    events: str = _label("Schedule of events", "The syllabus section that lists the events.")
    date: str = _label("Date", "The events table's column of days.")
    time: str = _label("Time", "The events table's column of times.")
    event: str = _label("Event", "One event, as the events table's column heading.")
    where: str = _label("Where", "The events table's column of venues.")
    assessment: str = _label("Assessment", "The syllabus section that lists the tasks.")
    task: str = _label("Task", "One task (MIT or assignment), as a column heading.")
    marked: str = _label("Marked", "The task table's column of how each task is marked.")
    due: str = _label("Due", "The task table's column of due days.")
    course_wide: str = _label(
        "Course", "Where a task outside any block sits, in the syllabus's task table."
    )
    intended_outcomes: str = _label(
        "Intended outcomes", "The heading of the table that ends units and tasks."
    )
    learn_that: str = _label("Learn that", "Its group of the framework's evidence statements.")
    learn_how_to: str = _label("Learn how to", "Its group of the framework's practice statements.")
    statement: str = _label("Statement", "Its column of statement ids.")
    text: str = _label("Text", "Its column of statement texts.")


@dataclass(frozen=True)
class CourseSettings:
    name: str
    course_code: str
    time_zone: str
    source: SourceRef
    syllabus: SyllabusSpec | None = None  # None: the syllabus is not managed
    front_page: str | None = None  # a page id
    default_view: str | None = None  # None: the home page is not managed


@dataclass(frozen=True)
class SyllabusSpec:
    overview_markdown: str
    assessment_markdown: str | None
    source: SourceRef


@dataclass(frozen=True)
class AssignmentGroupSpec:
    id: str
    name: str
    source: SourceRef


@dataclass(frozen=True)
class PageSpec:
    """A page outside any module."""

    id: str
    title: str
    body: str  # path of the Markdown file, relative to the spec root (posix)
    body_markdown: str
    published: bool
    source: SourceRef


@dataclass(frozen=True)
class SubHeaderSpec:
    type: ClassVar[str] = "subheader"

    id: str
    title: str
    indent: int
    published: bool
    source: SourceRef


@dataclass(frozen=True)
class UnitSpec:
    """A self-study unit: a page in its block's module."""

    type: ClassVar[str] = "unit"

    id: str
    title: str
    body: str
    body_markdown: str
    study_minutes: int | None
    covers: tuple[str, ...]  # statement ids exactly as written ("4.10", "2d")
    indent: int
    published: bool
    source: SourceRef
    completion: str | None = None  # module completion requirement, defaults applied


@dataclass(frozen=True)
class RatingSpec:
    description: str
    long_description: str  # plain text
    points: float


@dataclass(frozen=True)
class CriterionSpec:
    description: str
    long_description: str  # Markdown, sent as plain text
    outcome: str | None  # a framework statement id ("2d"), aligned to its outcome
    use_range: bool
    ratings: tuple[RatingSpec, ...]
    source: SourceRef  # in the rubric's YAML file


@dataclass(frozen=True)
class RubricSpec:
    """A rubric, from the YAML file an assignment's ``rubric:`` names."""

    path: str  # relative to the spec root (posix)
    title: str
    use_for_grading: bool
    free_form_comments: bool
    criteria: tuple[CriterionSpec, ...]
    source: SourceRef


@dataclass(frozen=True)
class AssignmentSpec:
    """A micro-implementation task (``is_mit``) or any other assignment."""

    id: str
    title: str
    is_mit: bool
    description: str
    description_markdown: str
    group: str  # assignment group id, the default already applied
    grading: str  # "points", "complete_incomplete" or "not_graded"
    points: float | None
    submission_types: tuple[str, ...]  # as written, or the default
    unlock_at: datetime | None
    due_at: datetime | None
    lock_at: datetime | None
    study_minutes: int | None
    covers: tuple[str, ...]
    indent: int
    published: bool
    source: SourceRef
    completion: str | None = None
    rubric: RubricSpec | None = None

    @property
    def type(self) -> str:
        return "mit" if self.is_mit else "assignment"


@dataclass(frozen=True)
class LinkSpec:
    type: ClassVar[str] = "link"

    id: str
    title: str
    url: str
    new_tab: bool
    indent: int
    published: bool
    source: SourceRef
    completion: str | None = None


@dataclass(frozen=True)
class DiscussionSpec:
    """A discussion topic: in a block's module, or course-level (``indent`` 0)."""

    type: ClassVar[str] = "discussion"

    id: str
    title: str
    body: str
    body_markdown: str
    require_initial_post: bool
    threaded: bool
    indent: int
    published: bool
    source: SourceRef
    completion: str | None = None


@dataclass(frozen=True)
class FileItemSpec:
    """A file of ``files:`` as a module item (Canvas shows it under the file's name)."""

    type: ClassVar[str] = "file"

    id: str
    file: str  # the file's id under files:
    indent: int
    source: SourceRef
    title: str = ""
    published: bool = True
    completion: str | None = None  # must_view, or None


@dataclass(frozen=True)
class AnswerSpec:
    """One answer; which fields mean something depends on the question's type."""

    text: str
    correct: bool
    comments_markdown: str = ""  # feedback shown when this answer is given
    left: str = ""  # matching: the prompt ...
    right: str = ""  # ... and the match it needs
    exact: float | None = None  # numerical: an exact answer, within margin
    margin: float = 0.0
    start: float | None = None  # numerical: or a range, inclusive
    end: float | None = None


@dataclass(frozen=True)
class QuestionSpec:
    """One question of a quiz's questions file."""

    type: str  # the spec's name: multiple_choice, multiple_answers, true_false, ...
    name: str
    text_markdown: str
    points: float
    answers: tuple[AnswerSpec, ...]
    source: SourceRef  # in the questions file
    # Feedback after an attempt (Markdown): right, wrong, and whatever was answered.
    correct_comments: str = ""
    incorrect_comments: str = ""
    neutral_comments: str = ""
    distractors: tuple[str, ...] = ()  # matching: wrong matches offered too


@dataclass(frozen=True)
class QuizSpec:
    """A Classic quiz: in a block's module, or course-level (``indent`` 0)."""

    type: ClassVar[str] = "quiz"

    id: str
    title: str
    questions_path: str  # the questions file, relative to the spec root (posix)
    questions: tuple[QuestionSpec, ...]
    description: str | None  # path of the Markdown file, or None
    description_markdown: str
    quiz_type: str
    group: str | None  # assignment group id, graded quizzes only
    allowed_attempts: int
    time_limit: int | None
    shuffle_answers: bool
    show_correct_answers: bool
    show_correct_answers_at: datetime | None
    unlock_at: datetime | None
    due_at: datetime | None
    lock_at: datetime | None
    study_minutes: int | None
    covers: tuple[str, ...]
    indent: int
    published: bool
    source: SourceRef
    completion: str | None = None
    min_score: float | None = None


ItemSpec = (
    SubHeaderSpec | UnitSpec | AssignmentSpec | LinkSpec | DiscussionSpec | FileItemSpec | QuizSpec
)


@dataclass(frozen=True)
class BlockSpec:
    """A block of the programme: a module and its items, in order."""

    id: str
    title: str
    items: tuple[ItemSpec, ...]
    unlock_at: datetime | None
    require_sequential_progress: bool
    published: bool
    mit_focus: str | None
    source: SourceRef
    prerequisites: tuple[str, ...] = ()  # ids of earlier blocks
    track_completion: bool = False


@dataclass(frozen=True)
class FileSpec:
    """A file of the spec folder, uploaded to the course's files (``files:``)."""

    id: str
    path: str  # relative to the spec root (posix)
    name: str  # in Canvas
    folder: str  # below "course files"; "" is its top
    size: int
    sha256: str
    source: SourceRef


@dataclass(frozen=True)
class OutcomesSpec:
    """The framework's statements as Canvas outcomes (``outcomes:`` in course.yaml)."""

    title: str | None  # of the framework's outcome group; None: the framework's title
    statements: str  # "all" or "used"
    source: SourceRef


@dataclass(frozen=True)
class NavigationSpec:
    """The course menu (``navigation:`` in course.yaml); tabs it does not name are unmanaged."""

    order: tuple[str, ...]  # placed right after Home, in this order (Canvas tab ids)
    hidden: tuple[str, ...]  # hidden from participants
    source: SourceRef


@dataclass(frozen=True)
class EventSpec:
    """A live event: a calendar event of the course."""

    id: str
    title: str
    kind: str  # "face_to_face", "webinar", "coaching" or "other"
    block: str | None
    start_at: datetime
    end_at: datetime
    location_name: str | None
    location_address: str | None
    online_url: str | None
    description: str
    description_markdown: str
    source: SourceRef


SpecObject = AssignmentGroupSpec | PageSpec | BlockSpec | ItemSpec | EventSpec | AnnouncementSpec


@dataclass(frozen=True)
class CourseSpec:
    root: Path
    framework: str | None
    course: CourseSettings
    assignment_groups: tuple[AssignmentGroupSpec, ...]
    pages: tuple[PageSpec, ...]
    blocks: tuple[BlockSpec, ...]
    discussions: tuple[DiscussionSpec, ...] = ()  # course-level, not in a module
    assignments: tuple[AssignmentSpec, ...] = ()  # course-level, not in a module
    outcomes: OutcomesSpec | None = None
    events: tuple[EventSpec, ...] = ()  # in start order as written
    intended_outcomes: bool = False  # end unit and task bodies with the outcomes table
    files: tuple[FileSpec, ...] = ()
    navigation: NavigationSpec | None = None  # None: the course menu is not managed
    settings: Mapping[str, bool] | None = None  # course settings named; None: unmanaged
    quizzes: tuple[QuizSpec, ...] = ()  # course-level, not in a module
    # Problems that do not stop the spec being used (validate and plan show them).
    warnings: tuple[Problem, ...] = ()
    labels: Labels = Labels()
    announcements: tuple[AnnouncementSpec, ...] = ()
    # the cohort's sections' own dates (assignments) and times (events)
    section_dates: tuple[SectionDates | SectionTimes, ...] = ()
    # every body file read (path from the root, text), for checks over the text itself
    documents: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)

    def all_objects(self) -> Iterator[SpecObject]:
        """Every object with an id, in spec order (a block before its items)."""
        yield from self.assignment_groups
        yield from self.pages
        for block in self.blocks:
            yield block
            yield from block.items
        yield from self.assignments
        yield from self.discussions
        yield from self.quizzes
        yield from self.events
        yield from self.announcements

    def all_items(self) -> Iterator[tuple[BlockSpec, ItemSpec]]:
        """Every module item with its block, in order."""
        for block in self.blocks:
            for item in block.items:
                yield block, item

    def all_assignments(self) -> Iterator[tuple[BlockSpec | None, AssignmentSpec]]:
        """Every assignment (MITs too) with its block; None for one not in a module."""
        for block, item in self.all_items():
            if isinstance(item, AssignmentSpec):
                yield block, item
        for assignment in self.assignments:
            yield None, assignment

    def find(self, object_id: str) -> SpecObject | None:
        return next((obj for obj in self.all_objects() if obj.id == object_id), None)

    def total_study_minutes(self) -> int:
        """Expected study time of all units and assignments, in minutes."""
        in_blocks = sum(
            item.study_minutes or 0
            for _, item in self.all_items()
            if isinstance(item, UnitSpec | AssignmentSpec | QuizSpec)
        )
        course_level: list[AssignmentSpec | QuizSpec] = [*self.assignments, *self.quizzes]
        return in_blocks + sum(a.study_minutes or 0 for a in course_level)
