"""Canvas resources served by the sandbox, one module per kind.

Importing this package registers every route on :data:`router`.
"""

from canvas_npq.sandbox.routing import router

from . import (  # noqa: F401  (imported for their routes)
    assignment_groups,
    assignments,
    blueprints,
    calendar_events,
    course_nicknames,
    course_settings,
    courses,
    discussions,
    files,
    folders,
    graphql,
    module_items,
    modules,
    outcomes,
    pages,
    quiz_questions,
    quizzes,
    rubric_assessments,
    rubrics,
    sections,
    submissions,
    tabs,
)

__all__ = ["router"]
