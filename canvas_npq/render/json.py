"""The machine view of a plan: stable JSON for CI and for ``plan --out``."""

from __future__ import annotations

import json

from canvas_npq.plan import Plan
from canvas_npq.plan.serialize import plan_to_dict


def render_plan_json(plan: Plan) -> str:
    return json.dumps(plan_to_dict(plan), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
