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
    courses,
    discussions,
    files,
    folders,
    module_items,
    modules,
    outcomes,
    pages,
    quizzes,
    rubric_assessments,
    rubrics,
    submissions,
)

__all__ = ["router"]
