"""Applying a plan to Canvas, and checking the result."""

from canvas_npq.apply.executor import Applied, ApplyFailed, ApplyResult, apply_plan
from canvas_npq.apply.ports import CanvasWriter

__all__ = ["Applied", "ApplyFailed", "ApplyResult", "CanvasWriter", "apply_plan"]
