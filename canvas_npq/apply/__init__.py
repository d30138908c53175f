"""Applying a plan to Canvas, and checking the result."""

from canvas_npq.apply.executor import (
    AfterWritesFailed,
    AnySignal,
    Applied,
    ApplyFailed,
    ApplyResult,
    StopSignal,
    apply_plan,
)
from canvas_npq.apply.ports import CanvasWriter

__all__ = [
    "AfterWritesFailed",
    "AnySignal",
    "Applied",
    "ApplyFailed",
    "ApplyResult",
    "CanvasWriter",
    "StopSignal",
    "apply_plan",
]
