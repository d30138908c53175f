"""Plans: the pure comparison of a spec with a live course, and its serialized form."""

from canvas_npq.plan.builder import PlanOptions, build_plan
from canvas_npq.plan.model import Action, Change, FieldChange, Plan, Retained

__all__ = ["Action", "Change", "FieldChange", "Plan", "PlanOptions", "Retained", "build_plan"]
