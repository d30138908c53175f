"""The shared vocabulary: addresses, resources and snapshots of a course.

Both sides of a sync speak it: the spec loader produces a *desired* snapshot and the
Canvas reader a *live* one. The planner compares the two and nothing else.
"""

from canvas_npq.model.fields import FIELDS, FieldType, normalize_value
from canvas_npq.model.resources import Address, Kind, Resource, SourceRef
from canvas_npq.model.snapshot import Snapshot

__all__ = [
    "FIELDS",
    "Address",
    "FieldType",
    "Kind",
    "Resource",
    "Snapshot",
    "SourceRef",
    "normalize_value",
]
