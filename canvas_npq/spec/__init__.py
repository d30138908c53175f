"""The course spec: ``course.yaml`` + Markdown → a validated spec → the desired snapshot.

``load_spec`` reads and validates a spec folder (every problem with file:line),
``build_desired`` turns it into the desired :class:`~canvas_npq.model.Snapshot`, and
``json_schema`` describes ``course.yaml`` for editors.
"""

from canvas_npq.spec.desired import build_desired
from canvas_npq.spec.errors import Problem, SpecError
from canvas_npq.spec.load import load_spec
from canvas_npq.spec.model import (
    AssignmentGroupSpec,
    AssignmentSpec,
    BlockSpec,
    CourseSettings,
    CourseSpec,
    DiscussionSpec,
    ItemSpec,
    LinkSpec,
    PageSpec,
    SubHeaderSpec,
    UnitSpec,
)
from canvas_npq.spec.schema import json_schema

__all__ = [
    "AssignmentGroupSpec",
    "AssignmentSpec",
    "BlockSpec",
    "CourseSettings",
    "CourseSpec",
    "DiscussionSpec",
    "ItemSpec",
    "LinkSpec",
    "PageSpec",
    "Problem",
    "SpecError",
    "SubHeaderSpec",
    "UnitSpec",
    "build_desired",
    "json_schema",
    "load_spec",
]
