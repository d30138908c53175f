"""The keys of ``course.yaml``: names, types, defaults and meanings, defined once.

The validator reads these tables to check a spec and the JSON Schema is generated
from them, so the two cannot disagree. Descriptions follow ``docs/spec-format.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from enum import Enum
from typing import Any

from canvas_npq.spec.model import Labels

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
STATEMENT_PATTERN = r"^[1-9][0-9]*(\.[1-9][0-9]*|[a-zA-Z])$"
DATE_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?$"
)
# Relative to the cohort's start (cohorts.yaml): "week 3", "week 6 friday 17:00",
# "start + 14d", "start - 1w 09:00".
RELATIVE_DATE_PATTERN = (
    r"^(week\s+(?P<week>[0-9]{1,3})(\s+(?P<weekday>mon(day)?|tue(sday)?|wed(nesday)?"
    r"|thu(rsday)?|fri(day)?|sat(urday)?|sun(day)?))?"
    r"|start(\s*(?P<sign>[+-])\s*(?P<amount>[0-9]{1,4})\s*(?P<unit>d|w|days?|weeks?))?)"
    r"(\s+(?P<time>[0-9]{1,2}:[0-9]{2}))?$"
)
DATE_EXAMPLES = (
    "2026-10-05, 2026-10-05T09:00, 2026-10-05T09:00:00+01:00, 2026-10-05T08:00:00Z, "
    "or relative to the cohort's start: week 3, week 6 friday 17:00, start + 14d"
)
TITLE_MAX_LENGTH = 255
DEFAULT_TIME_ZONE = "Europe/London"

SUBMISSION_TYPES = (
    "online_quiz",
    "none",
    "on_paper",
    "discussion_topic",
    "external_tool",
    "online_upload",
    "online_text_entry",
    "online_url",
    "media_recording",
    "student_annotation",
)
# Canvas offers these as alternatives to "online" submission, never alongside it.
EXCLUSIVE_SUBMISSION_TYPES = frozenset({"none", "on_paper"})
DEFAULT_SUBMISSION_TYPES = ("online_upload", "online_text_entry")
GRADING_TYPES = ("points", "complete_incomplete", "not_graded")
DEFAULT_GRADING = "complete_incomplete"

# Module completion requirements (Canvas ``completion_requirement[type]``) that each item
# type can carry: Canvas silently drops must_submit on a page, so the spec refuses it.
# ``none`` opts one item out of its block's ``track_completion``.
COMPLETION_CHOICES: dict[str, tuple[str, ...]] = {
    "unit": ("must_view", "must_mark_done", "none"),
    "mit": ("must_submit", "must_view", "must_mark_done", "none"),
    "assignment": ("must_submit", "must_view", "must_mark_done", "none"),
    "link": ("must_view", "none"),
    "file": ("must_view", "none"),
    "discussion": ("must_contribute", "must_view", "must_mark_done", "none"),
}
# What ``track_completion: true`` on a block gives each item type that sets none itself.
DEFAULT_COMPLETION: dict[str, str] = {
    "unit": "must_view",
    "mit": "must_submit",
    "assignment": "must_submit",
    "link": "must_view",
    "file": "must_view",
    "discussion": "must_contribute",
}


class ValueType(str, Enum):
    """What a key's value must be. Each has one converter and one schema fragment."""

    TEXT = "text"
    TITLE = "title"  # text Canvas accepts as a title: <= 255 chars, a letter or digit
    ID = "id"
    REF = "ref"  # the id of another object
    REF_LIST = "ref_list"  # a list of ids of other objects
    BOOL = "bool"
    INT = "int"
    NUMBER = "number"
    DATE = "date"
    URL = "url"
    PATH = "path"  # a Markdown file inside the spec folder
    FILE = "file"  # any file inside the spec folder (read as bytes)
    TIME_ZONE = "time_zone"
    CHOICE = "choice"
    CHOICE_LIST = "choice_list"
    STATEMENTS = "statements"
    OBJECT = "object"
    OBJECT_LIST = "object_list"
    ITEM_LIST = "item_list"
    VARIANT = "variant"  # a mapping of the same object's keys, used in one case


@dataclass(frozen=True)
class Key:
    name: str
    type: ValueType
    description: str
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    table: Table | None = None  # for OBJECT and OBJECT_LIST


@dataclass(frozen=True)
class Table:
    """The keys allowed in one kind of mapping, e.g. a block or a unit."""

    label: str  # how messages name the thing: "block", "unit", "assignment group"
    description: str
    keys: tuple[Key, ...]
    by_name: dict[str, Key] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {key.name: key for key in self.keys})

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(key.name for key in self.keys)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(key.name for key in self.keys if key.required)


def _id(what: str) -> Key:
    return Key(
        "id",
        ValueType.ID,
        f"Stable identity of the {what}: lower-case letters, digits, '-', '_' or '.', "
        "starting with a letter or digit, unique in the whole spec. Change a title freely; "
        "change the id and canvas-npq sees a new object.",
        required=True,
    )


def _title(what: str) -> Key:
    return Key("title", ValueType.TITLE, f"Title of the {what}, shown in Canvas.", required=True)


def _published(what: str) -> Key:
    return Key(
        "published", ValueType.BOOL, f"Whether the {what} is published. Default true.", default=True
    )


_INDENT = Key(
    "indent",
    ValueType.INT,
    "Indentation of the module item, 0-5. Default 0.",
    default=0,
    minimum=0,
    maximum=5,
)
_STUDY_MINUTES = Key(
    "study_minutes", ValueType.INT, "Expected study time in minutes.", minimum=0, maximum=100_000
)
_COVERS = Key(
    "covers",
    ValueType.STATEMENTS,
    "Framework statement ids this item teaches, e.g. [2.4, 2.5, 2d].",
)


DELIVERY_MODELS = ("blended", "online")
DELIVERY = Key(
    "delivery",
    ValueType.CHOICE,
    "Only for cohorts with this delivery model (blended or online). Default: every cohort.",
    choices=DELIVERY_MODELS,
)
OPTIONAL = Key(
    "optional",
    ValueType.BOOL,
    "Left out unless a cohort lists this id under include: in cohorts.yaml. Default false.",
    default=False,
)
ONLINE = Key(
    "online",
    ValueType.VARIANT,
    "Keys that change in the online delivery model, e.g. a face-to-face session's "
    "title, location and meeting link.",
)
# Any spec object with an id may carry these; cohorts choose by them.
COHORT_KEYS = (DELIVERY, OPTIONAL, ONLINE)


def _item_type(name: str, description: str) -> Key:
    return Key("type", ValueType.CHOICE, description, required=True, choices=(name,))


def _item_common(type_name: str, what: str, type_description: str) -> tuple[Key, ...]:
    keys: tuple[Key, ...] = (
        _item_type(type_name, type_description),
        _id(what),
        _title(what),
        _published(what),
        _INDENT,
        *COHORT_KEYS,
    )
    if type_name in COMPLETION_CHOICES:
        keys += (_completion(type_name),)
    return keys


def _completion(type_name: str) -> Key:
    choices = COMPLETION_CHOICES[type_name]
    default = DEFAULT_COMPLETION[type_name]
    return Key(
        "completion",
        ValueType.CHOICE,
        f"What completes this item in its module: {', '.join(choices)}. "
        f"Default: {default} when the block has track_completion: true, otherwise none.",
        choices=choices,
    )


SUBHEADER = Table(
    "subheader",
    "A heading inside the module.",
    _item_common("subheader", "subheader", "subheader: a heading inside the module."),
)

UNIT = Table(
    "unit",
    "A self-study unit: a Canvas page in the module.",
    (
        *_item_common("unit", "unit", "unit: a self-study unit, a Canvas page."),
        Key("body", ValueType.PATH, "Markdown file with the unit's text.", required=True),
        _STUDY_MINUTES,
        _COVERS,
    ),
)


def _assignment_keys(type_name: str, what: str, type_description: str) -> tuple[Key, ...]:
    return (
        *_item_common(type_name, what, type_description),
        Key(
            "description",
            ValueType.PATH,
            f"Markdown file with the {what}'s instructions.",
            required=True,
        ),
        Key(
            "group",
            ValueType.REF,
            "Assignment group id. Default: the first assignment group.",
        ),
        Key(
            "grading",
            ValueType.CHOICE,
            "points, complete_incomplete (Canvas pass_fail) or not_graded. "
            f"Default {DEFAULT_GRADING}.",
            default=DEFAULT_GRADING,
            choices=GRADING_TYPES,
        ),
        Key(
            "points",
            ValueType.NUMBER,
            "Points possible (required with grading: points).",
            minimum=0,
        ),
        Key(
            "submission_types",
            ValueType.CHOICE_LIST,
            "Canvas submission types. Default [online_upload, online_text_entry].",
            default=list(DEFAULT_SUBMISSION_TYPES),
            choices=SUBMISSION_TYPES,
        ),
        Key("unlock_at", ValueType.DATE, "When the assignment opens."),
        Key("due_at", ValueType.DATE, "When it is due (a date alone means 23:59 that day)."),
        Key("lock_at", ValueType.DATE, "When it closes (a date alone means 23:59 that day)."),
        _STUDY_MINUTES,
        _COVERS,
        Key(
            "rubric",
            ValueType.PATH,
            "YAML file with the rubric that marks it (see docs/spec-format.md, Rubrics).",
        ),
    )


MIT = Table(
    "mit",
    "A micro-implementation task: a Canvas assignment.",
    _assignment_keys("mit", "task", "mit: a micro-implementation task, a Canvas assignment."),
)

ASSIGNMENT = Table(
    "assignment",
    "Any other Canvas assignment (same keys as mit).",
    _assignment_keys("assignment", "assignment", "assignment: any other Canvas assignment."),
)

COURSE_ASSIGNMENT = Table(
    "course assignment",
    "A Canvas assignment that is not in a module (the keys of an assignment item, "
    "without type, indent and completion).",
    tuple(k for k in ASSIGNMENT.keys if k.name not in ("type", "indent", "completion")),
)

LINK = Table(
    "link",
    "An external link: an ExternalUrl module item.",
    (
        *_item_common("link", "link", "link: an external link."),
        Key("url", ValueType.URL, "Absolute http(s) URL.", required=True),
        Key("new_tab", ValueType.BOOL, "Open in a new tab. Default true.", default=True),
    ),
)


def _discussion_keys() -> tuple[Key, ...]:
    return (
        Key("body", ValueType.PATH, "Markdown file with the discussion prompt.", required=True),
        Key(
            "require_initial_post",
            ValueType.BOOL,
            "Participants must post before they see others' replies. Default false.",
            default=False,
        ),
        Key(
            "threaded",
            ValueType.BOOL,
            "Replies can be nested (Canvas threaded discussion). Default true.",
            default=True,
        ),
    )


DISCUSSION = Table(
    "discussion",
    "A learning-community discussion: a Canvas discussion topic in the module.",
    (
        *_item_common(
            "discussion", "discussion", "discussion: a Canvas discussion topic in the module."
        ),
        *_discussion_keys(),
    ),
)

FILE_ITEM = Table(
    "file",
    "A course file in the module: a File module item, shown under the file's name.",
    (
        _item_type("file", "file: a file listed under files:, as a module item."),
        _id("file item"),
        Key("file", ValueType.REF, "The id of a file under files:.", required=True),
        _published("file item"),
        _INDENT,
        _completion("file"),
    ),
)

ITEM_TABLES: dict[str, Table] = {
    table.label: table for table in (SUBHEADER, UNIT, MIT, ASSIGNMENT, LINK, DISCUSSION, FILE_ITEM)
}
ITEM_TYPES: tuple[str, ...] = tuple(ITEM_TABLES)
# What can still be checked on an item whose type is missing or unknown.
ANY_ITEM = Table("item", "A module item of unknown type.", (_id("item"), _title("item")))

BLOCK = Table(
    "block",
    "A block of the programme: a Canvas module.",
    (
        _id("block"),
        _title("block"),
        Key("mit_focus", ValueType.TEXT, "The block's MIT focus, shown in the syllabus."),
        Key("unlock_at", ValueType.DATE, "When the module unlocks."),
        Key(
            "require_sequential_progress",
            ValueType.BOOL,
            "Whether participants must work through the items in order. Default false.",
            default=False,
        ),
        Key(
            "prerequisites",
            ValueType.REF_LIST,
            "Ids of earlier blocks a participant must complete before this one unlocks.",
        ),
        Key(
            "track_completion",
            ValueType.BOOL,
            "Give every item the completion requirement that fits its type (view a unit "
            "or link, submit a task, contribute to a discussion). Default false.",
            default=False,
        ),
        _published("block"),
        *COHORT_KEYS,
        Key("items", ValueType.ITEM_LIST, "The module items, in this order."),
    ),
)

PAGE = Table(
    "page",
    "A Canvas page that is not in a module.",
    (
        _id("page"),
        _title("page"),
        Key("body", ValueType.PATH, "Markdown file with the page's text.", required=True),
        _published("page"),
        *COHORT_KEYS,
    ),
)

COURSE_DISCUSSION = Table(
    "course discussion",
    "A Canvas discussion topic that is not in a module.",
    (
        _id("discussion"),
        _title("discussion"),
        _published("discussion"),
        *_discussion_keys(),
        *COHORT_KEYS,
    ),
)

EVENT_KINDS = ("face_to_face", "webinar", "coaching", "other")

EVENT = Table(
    "event",
    "A live event (face-to-face day, webinar, coaching check-in): a course calendar event.",
    (
        _id("event"),
        _title("event"),
        Key(
            "kind",
            ValueType.CHOICE,
            f"{', '.join(EVENT_KINDS)}: what kind of event it is. Default other.",
            default="other",
            choices=EVENT_KINDS,
        ),
        Key("block", ValueType.REF, "The id of the block the event belongs to."),
        Key("start_at", ValueType.DATE, "When the event starts.", required=True),
        Key("end_at", ValueType.DATE, "When the event ends.", required=True),
        Key("location_name", ValueType.TEXT, "Where it takes place, e.g. a venue's name."),
        Key("location_address", ValueType.TEXT, "The venue's address."),
        Key(
            "online_url", ValueType.URL, "The link to join online, shown first in the description."
        ),
        Key(
            "description",
            ValueType.PATH,
            "Markdown file with what participants read about the event.",
            required=True,
        ),
        *COHORT_KEYS,
    ),
)

ASSIGNMENT_GROUP = Table(
    "assignment group",
    "A Canvas assignment group.",
    (
        _id("assignment group"),
        Key("name", ValueType.TITLE, "Name of the group, shown in Canvas.", required=True),
    ),
)

DEFAULT_VIEWS = ("modules", "wiki", "syllabus", "feed", "assignments")

SYLLABUS = Table(
    "syllabus",
    "The course syllabus: an overview, then tables of the blocks, events and assessment "
    "generated from the spec.",
    (
        Key("overview", ValueType.PATH, "Markdown file that opens the syllabus.", required=True),
        Key(
            "assessment",
            ValueType.PATH,
            "Markdown file introducing the assessment, before the table of tasks.",
        ),
    ),
)

COURSE = Table(
    "course",
    "Course settings.",
    (
        Key("name", ValueType.TITLE, "Course name.", required=True),
        Key("course_code", ValueType.TITLE, "Course code, e.g. NPQLTD.", required=True),
        Key(
            "time_zone",
            ValueType.TIME_ZONE,
            f"IANA time zone for dates without an offset. Default {DEFAULT_TIME_ZONE}.",
            default=DEFAULT_TIME_ZONE,
        ),
        Key(
            "syllabus",
            ValueType.OBJECT,
            "Generate the course syllabus. Without it, the syllabus is left as it is.",
            table=SYLLABUS,
        ),
        Key(
            "front_page",
            ValueType.REF,
            "Id of a page under pages: to be the course's front page.",
        ),
        Key(
            "default_view",
            ValueType.CHOICE,
            "The course home page: modules, wiki (the front page), syllabus, feed or "
            "assignments. Without it, the home page is left as it is.",
            choices=DEFAULT_VIEWS,
        ),
    ),
)

# A rubric, in its own YAML file named by an assignment's ``rubric:``.
RATING = Table(
    "rating",
    "One level of a rubric criterion.",
    (
        Key("description", ValueType.TITLE, "The level's name, e.g. Complete.", required=True),
        Key(
            "long_description",
            ValueType.TEXT,
            "What work at this level looks like (Canvas shows it as plain text).",
        ),
        Key("points", ValueType.NUMBER, "Points for this level.", required=True, minimum=0),
    ),
)

CRITERION = Table(
    "criterion",
    "One row of a rubric.",
    (
        Key("description", ValueType.TITLE, "The criterion's name.", required=True),
        Key(
            "long_description",
            ValueType.TEXT,
            "More about the criterion; Markdown, shown as plain text. Not with outcome: "
            "Canvas shows the outcome's description instead.",
        ),
        Key(
            "outcome",
            ValueType.TEXT,
            "The framework statement this criterion assesses (e.g. 2d): aligns it to "
            "that statement's outcome. Needs outcomes: in course.yaml.",
        ),
        Key(
            "use_range",
            ValueType.BOOL,
            "Each rating covers the points from the next rating up to its own. Default false.",
            default=False,
        ),
        Key(
            "ratings", ValueType.OBJECT_LIST, "The levels, any order.", required=True, table=RATING
        ),
    ),
)

CRITERIA_INCLUDE = Table(
    "included criteria",
    "Criteria kept in another YAML file (a list of criteria), e.g. those several rubrics share.",
    (Key("include", ValueType.PATH, "YAML file holding a list of criteria.", required=True),),
)

CRITERIA_FILE = Table(
    "criteria file",
    "A YAML file of criteria that rubrics include.",
    (Key("criteria", ValueType.OBJECT_LIST, "The criteria.", required=True, table=CRITERION),),
)

RUBRIC = Table(
    "rubric",
    "A Canvas rubric, associated with the assignment that names it.",
    (
        _title("rubric"),
        Key(
            "use_for_grading",
            ValueType.BOOL,
            "Use the rubric's score as the assignment's grade. Default true.",
            default=True,
        ),
        Key(
            "free_form_comments",
            ValueType.BOOL,
            "Markers write comments instead of choosing a rating. Default false.",
            default=False,
        ),
        Key(
            "criteria",
            ValueType.OBJECT_LIST,
            "The rows, in order; an entry may be include: FILE.",
            required=True,
            table=CRITERION,
        ),
    ),
)

COURSE_FILE = Table(
    "course file",
    "A file of the spec folder, uploaded to the course's files.",
    (
        _id("file"),
        Key("path", ValueType.FILE, "The file, e.g. handouts/action-plan.docx.", required=True),
        Key(
            "folder",
            ValueType.TEXT,
            "Folder in the course's files, below 'course files', e.g. handouts. "
            "Default: the top of the course's files.",
        ),
        Key("name", ValueType.TITLE, "File name in Canvas. Default: the file's own name."),
    ),
)

OUTCOME_STATEMENTS = ("all", "used")

OUTCOMES = Table(
    "outcomes",
    "The framework's statements as Canvas outcomes, a group per area.",
    (
        Key(
            "title",
            ValueType.TITLE,
            "Title of the outcome group that holds the framework's groups. "
            "Default: the framework's title.",
        ),
        Key(
            "statements",
            ValueType.CHOICE,
            "all: every statement of the framework (default); used: only those that "
            "covers: or a rubric criterion cites.",
            default="all",
            choices=OUTCOME_STATEMENTS,
        ),
    ),
)

LABELS = Table(
    "labels",
    "The words participants read for the parts of the programme (the syllabus, the "
    "intended-outcomes tables), set once. Each defaults to the NPQLTD's word.",
    tuple(
        Key(f.name, ValueType.TITLE, f.metadata["help"], default=f.default)
        for f in dataclass_fields(Labels)
    ),
)

TOP = Table(
    "course.yaml",
    "A canvas-npq course spec.",
    (
        Key(
            "framework",
            ValueType.TEXT,
            "The framework catalogue that covers: cites, e.g. npqltd-2020-10.",
        ),
        Key("course", ValueType.OBJECT, "Course settings.", required=True, table=COURSE),
        Key(
            "intended_outcomes",
            ValueType.BOOL,
            "End each unit page and task description with an 'Intended outcomes' table of "
            "the framework statements it covers (needs framework:). Default false.",
            default=False,
        ),
        Key(
            "labels",
            ValueType.OBJECT,
            "The words participants read for blocks, tasks and the like (default: the NPQLTD's).",
            table=LABELS,
        ),
        Key(
            "assignment_groups",
            ValueType.OBJECT_LIST,
            "Canvas assignment groups, in this order.",
            table=ASSIGNMENT_GROUP,
        ),
        Key(
            "pages",
            ValueType.OBJECT_LIST,
            "Canvas pages that are not in a module.",
            table=PAGE,
        ),
        Key("blocks", ValueType.OBJECT_LIST, "Canvas modules, in this order.", table=BLOCK),
        Key(
            "assignments",
            ValueType.OBJECT_LIST,
            "Canvas assignments that are not in a module.",
            table=COURSE_ASSIGNMENT,
        ),
        Key(
            "discussions",
            ValueType.OBJECT_LIST,
            "Canvas discussion topics that are not in a module.",
            table=COURSE_DISCUSSION,
        ),
        Key(
            "files",
            ValueType.OBJECT_LIST,
            "Files uploaded to the course (Markdown links to them point at Canvas's copy).",
            table=COURSE_FILE,
        ),
        Key(
            "outcomes",
            ValueType.OBJECT,
            "Create the framework's statements as Canvas outcomes (needs framework:).",
            table=OUTCOMES,
        ),
        Key(
            "events",
            ValueType.OBJECT_LIST,
            "Live events: Canvas calendar events of the course.",
            table=EVENT,
        ),
    ),
)

ALL_TABLES: tuple[Table, ...] = (
    TOP,
    COURSE,
    ASSIGNMENT_GROUP,
    PAGE,
    BLOCK,
    *ITEM_TABLES.values(),
    COURSE_DISCUSSION,
    COURSE_ASSIGNMENT,
    EVENT,
    SYLLABUS,
)
ALL_TABLES += (OUTCOMES, COURSE_FILE, LABELS)
RUBRIC_TABLES: tuple[Table, ...] = (RUBRIC, CRITERION, RATING, CRITERIA_INCLUDE, CRITERIA_FILE)
