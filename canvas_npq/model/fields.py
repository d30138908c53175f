"""The managed fields of each kind, and how their values are normalized.

Canvas does not hand back what it was sent: it sanitizes and re-serializes HTML,
returns every date in UTC with a ``Z``, and stores points as floats. Both the spec
loader and the Canvas reader pass values through :func:`normalize_value`, so that a
field compares equal exactly when Canvas would show the participant the same thing.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Mapping
from datetime import datetime, timezone
from enum import Enum
from typing import Any

from canvas_npq.model.html import normalize_html
from canvas_npq.model.quizzes import normalize_questions
from canvas_npq.model.resources import Kind


class FieldType(str, Enum):
    TEXT = "text"
    HTML = "html"
    BOOL = "bool"
    INT = "int"
    NUMBER = "number"
    DATETIME = "datetime"
    SET = "set"  # an unordered list of strings
    REF = "ref"  # the address of another managed object
    CHOICE = "choice"
    CRITERIA = "criteria"  # a rubric's criteria: a tuple of mappings (see normalize_criteria)
    QUESTIONS = "questions"  # a quiz's questions: a tuple of mappings (see model.quizzes)


# Course settings a teacher may change through PUT /courses/:id/settings
# (CoursesController#update_settings) that are plain switches.
COURSE_SETTING_NAMES = (
    "allow_student_discussion_topics",
    "allow_student_forum_attachments",
    "allow_student_discussion_editing",
    "allow_student_discussion_reporting",
    "allow_student_anonymous_discussion_topics",
    "allow_student_organized_groups",
    "hide_final_grades",
    "hide_distribution_graphs",
    "hide_sections_on_course_users_page",
    "lock_all_announcements",
    "usage_rights_required",
    "restrict_student_past_view",
    "restrict_student_future_view",
    "show_announcements_on_home_page",
    "syllabus_course_summary",
)

# The fields canvas-npq owns on each kind. Anything else on a Canvas object (a
# facilitator's peer-review settings, say) is left as it is: unset means unmanaged.
FIELDS: dict[Kind, dict[str, FieldType]] = {
    Kind.COURSE: {
        "name": FieldType.TEXT,
        "course_code": FieldType.TEXT,
        "time_zone": FieldType.TEXT,
        "syllabus_body": FieldType.HTML,
        "default_view": FieldType.CHOICE,
    },
    # GET/PUT /courses/:id/settings: the teacher-changeable switches a spec may set.
    Kind.COURSE_SETTINGS: {name: FieldType.BOOL for name in COURSE_SETTING_NAMES},
    # One navigation tab (GET/PUT /courses/:id/tabs/:tab_id); its key is Canvas's tab id.
    Kind.TAB: {
        "hidden": FieldType.BOOL,
        "position": FieldType.INT,  # 1-based; Home is always 1
    },
    Kind.ASSIGNMENT_GROUP: {
        "name": FieldType.TEXT,
    },
    Kind.FILE: {
        "name": FieldType.TEXT,
        "folder": FieldType.TEXT,  # below "course files", e.g. "handouts"
        "size": FieldType.INT,
        "content_hash": FieldType.TEXT,  # sha256 of the bytes, as recorded in the manifest
        "path": FieldType.TEXT,  # in the spec folder, as recorded in the manifest
    },
    Kind.OUTCOME_GROUP: {
        "title": FieldType.TEXT,
        "description": FieldType.HTML,
        "vendor_guid": FieldType.TEXT,  # canvas-npq's ownership marker
        "parent": FieldType.REF,  # None: the course's root outcome group
    },
    Kind.OUTCOME: {
        "title": FieldType.TEXT,
        "display_name": FieldType.TEXT,
        "description": FieldType.HTML,
        "vendor_guid": FieldType.TEXT,
        "group": FieldType.REF,
    },
    Kind.RUBRIC: {
        "title": FieldType.TEXT,
        "assignment": FieldType.REF,
        "use_for_grading": FieldType.BOOL,
        "free_form_criterion_comments": FieldType.BOOL,
        "criteria": FieldType.CRITERIA,
    },
    Kind.PAGE: {
        "title": FieldType.TEXT,
        "body": FieldType.HTML,
        "published": FieldType.BOOL,
        "front_page": FieldType.BOOL,
    },
    Kind.ASSIGNMENT: {
        "name": FieldType.TEXT,
        "description": FieldType.HTML,
        "assignment_group": FieldType.REF,
        "grading_type": FieldType.CHOICE,
        "points_possible": FieldType.NUMBER,
        "submission_types": FieldType.SET,
        "unlock_at": FieldType.DATETIME,
        "due_at": FieldType.DATETIME,
        "lock_at": FieldType.DATETIME,
        "published": FieldType.BOOL,
    },
    Kind.DISCUSSION: {
        "title": FieldType.TEXT,
        "message": FieldType.HTML,
        "published": FieldType.BOOL,
        "discussion_type": FieldType.CHOICE,
        "require_initial_post": FieldType.BOOL,
    },
    Kind.QUIZ: {
        "title": FieldType.TEXT,
        "description": FieldType.HTML,
        "quiz_type": FieldType.CHOICE,
        "assignment_group": FieldType.REF,  # graded quizzes only; None otherwise
        "time_limit": FieldType.INT,  # minutes; 0: none
        "allowed_attempts": FieldType.INT,  # -1: unlimited
        "shuffle_answers": FieldType.BOOL,
        "show_correct_answers": FieldType.BOOL,
        "show_correct_answers_at": FieldType.DATETIME,
        "unlock_at": FieldType.DATETIME,
        "due_at": FieldType.DATETIME,
        "lock_at": FieldType.DATETIME,
        "published": FieldType.BOOL,
        "questions": FieldType.QUESTIONS,
    },
    Kind.CALENDAR_EVENT: {
        "title": FieldType.TEXT,
        "description": FieldType.HTML,
        "start_at": FieldType.DATETIME,
        "end_at": FieldType.DATETIME,
        "location_name": FieldType.TEXT,
        "location_address": FieldType.TEXT,
        # per-section times (child events), "<section>: <start> to <end>" (model.sectiontimes)
        "section_times": FieldType.SET,
    },
    # A discussion topic with ``is_announcement``; ``delayed_post_at`` is when Canvas posts it.
    Kind.ANNOUNCEMENT: {
        "title": FieldType.TEXT,
        "message": FieldType.HTML,
        "delayed_post_at": FieldType.DATETIME,
    },
    # A section's own dates for one assignment; a date left None follows the assignment.
    Kind.ASSIGNMENT_OVERRIDE: {
        "assignment": FieldType.REF,
        "section": FieldType.TEXT,  # the Canvas section's name
        "due_at": FieldType.DATETIME,
        "unlock_at": FieldType.DATETIME,
        "lock_at": FieldType.DATETIME,
    },
    Kind.MODULE: {
        "name": FieldType.TEXT,
        "unlock_at": FieldType.DATETIME,
        "require_sequential_progress": FieldType.BOOL,
        "published": FieldType.BOOL,
        "prerequisites": FieldType.SET,  # addresses of earlier modules
    },
    Kind.MODULE_ITEM: {
        "module": FieldType.REF,
        "type": FieldType.CHOICE,
        "content": FieldType.REF,
        "title": FieldType.TEXT,
        "indent": FieldType.INT,
        "external_url": FieldType.TEXT,
        "new_tab": FieldType.BOOL,
        "published": FieldType.BOOL,
        "completion": FieldType.CHOICE,  # completion_requirement[type], or None
        "min_score": FieldType.NUMBER,  # completion_requirement[min_score] (min_score only)
    },
}

# Fields managed only on the objects whose desired resource carries them: the course's
# syllabus and home page when the spec declares them, ``front_page`` on the one page the
# spec makes the front page. Elsewhere they are left as they are in Canvas.
OPTIONAL_FIELDS: dict[Kind, frozenset[str]] = {
    Kind.COURSE: frozenset({"syllabus_body", "default_view"}),
    Kind.PAGE: frozenset({"front_page"}),
    # Only the settings and tab properties the spec names are managed.
    Kind.COURSE_SETTINGS: frozenset(COURSE_SETTING_NAMES),
    Kind.TAB: frozenset({"hidden", "position"}),
    Kind.MODULE_ITEM: frozenset({"min_score"}),
}

# Fields Canvas cannot change on an existing object: a different value means the
# object must be replaced (deleted and created again).
IMMUTABLE_FIELDS: dict[Kind, frozenset[str]] = {
    Kind.MODULE_ITEM: frozenset({"type", "content"}),
    Kind.FILE: frozenset({"folder"}),
    Kind.RUBRIC: frozenset({"assignment"}),
    Kind.ASSIGNMENT_OVERRIDE: frozenset({"assignment", "section"}),
}

# Values the manifest keeps verbatim (under "recorded"), for what Canvas does not report:
# a file's content hash and spec path (and its name, to find it again once replaced).
RECORDED_FIELDS: dict[Kind, tuple[str, ...]] = {Kind.FILE: ("content_hash", "path", "name")}


def normalize_datetime(value: Any) -> str | None:
    """An instant as ``YYYY-MM-DDTHH:MM:SSZ`` in UTC, the form Canvas returns."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if not isinstance(value, datetime):
        raise TypeError(f"not a datetime: {value!r}")
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}: resolve the time zone first")
    return value.astimezone(timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def normalize_value(field_type: FieldType, value: Any) -> Any:
    """Bring a value to the form in which desired and live compare with ``==``."""
    if field_type is FieldType.HTML:
        return normalize_html(value or "")
    if field_type is FieldType.TEXT:
        return (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if field_type is FieldType.BOOL:
        return bool(value)
    if field_type is FieldType.INT:
        return int(value or 0)
    if field_type is FieldType.NUMBER:
        return float(value) if value not in (None, "") else 0.0
    if field_type is FieldType.DATETIME:
        return normalize_datetime(value)
    if field_type is FieldType.SET:
        return tuple(sorted(set(value or ())))
    if field_type is FieldType.CRITERIA:
        return normalize_criteria(value)
    if field_type is FieldType.QUESTIONS:
        return normalize_questions(value)
    return value


_TAGS = re.compile(r"<[^>]+>")
_BREAKS = re.compile(r"<br\s*/?>|</p>|</li>", re.IGNORECASE)


def plain_text(value: Any) -> str:
    """Text as a participant reads it, whitespace collapsed.

    Canvas stores a rubric criterion's long description as HTML it makes from plain text
    (escaped, line breaks as ``<br/>``, web addresses linked), or, for a criterion aligned
    to an outcome, as the outcome's description: both compare by their visible text.
    """
    text = _BREAKS.sub(" ", str(value or ""))
    text = html.unescape(_TAGS.sub("", text))
    return " ".join(text.split())


def _points(value: Any) -> float:
    return float(value) if value not in (None, "") else 0.0


def normalize_criteria(value: Any) -> tuple[dict[str, Any], ...]:
    """A rubric's criteria in the form desired and live compare in.

    Each criterion: ``description``, ``long_description`` (visible text), ``points``
    (Canvas takes the top rating's points, whatever is sent), ``use_range``, ``outcome``
    (the address of the aligned outcome, or None) and ``ratings`` (highest points first,
    as Canvas sorts them), each with ``description``, ``long_description``, ``points``.
    """
    criteria = []
    for raw in value or ():
        ratings = tuple(
            sorted(
                (
                    dict[str, Any](
                        {
                            "description": " ".join(str(r.get("description") or "").split()),
                            "long_description": plain_text(r.get("long_description")),
                            "points": _points(r.get("points")),
                        }
                    )
                    for r in raw.get("ratings") or ()
                ),
                key=lambda r: (-r["points"], r["description"]),
            )
        )
        criteria.append(
            dict(
                {
                    "description": " ".join(str(raw.get("description") or "").split()),
                    "long_description": plain_text(raw.get("long_description")),
                    "points": max((r["points"] for r in ratings), default=0.0),
                    "use_range": bool(raw.get("use_range")),
                    "outcome": raw.get("outcome") or None,
                    "ratings": ratings,
                }
            )
        )
    return tuple(criteria)


def _plain_data(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain_data(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain_data(v) for v in value]
    return value


def fingerprint(value: Any) -> str:
    """A short, stable hash of a normalized value, as recorded in the manifest."""
    value = _plain_data(value)
    data = json.dumps(value, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()[:12]
