"""What the planner keeps for a quiz that participants have taken.

Canvas keeps each attempt's own copy of the questions (``generate_submission`` stores
them in the attempt's ``quiz_data``); students only ever see a new version of the
questions once the quiz is published again, and a quiz with attempts cannot be
unpublished. Republishing would also mark completed attempts for review when the quiz
changed significantly (``check_if_submissions_need_review``), and regrading needs a
choice per question that a spec cannot make. So for a quiz with attempts canvas-npq
never unpublishes it, never deletes it, and does not rewrite its questions: the plan
says so, and the spec's new questions wait for a new quiz (a new id).
"""

from __future__ import annotations

from canvas_npq.model import Address, Kind, Resource, Snapshot
from canvas_npq.model.quizzes import has_student_work
from canvas_npq.plan.model import FieldChange

KEEP_REASON = "has participants' attempts: canvas-npq never deletes student work"


def quiz_with_attempts(resource: Resource) -> bool:
    return resource.kind is Kind.QUIZ and has_student_work(resource.facts)


def keep_quiz_work(
    want: Resource,
    have: Resource,
    diffs: list[FieldChange],
    live: Snapshot,
    notes: list[str],
) -> list[FieldChange]:
    """``diffs`` without what would unpublish a quiz with attempts (or its module item)
    or rewrite its questions; each dropped change is explained in ``notes``."""
    quiz = have
    if want.kind is Kind.MODULE_ITEM:
        try:
            quiz = live.get(Address.parse(str(have.fields.get("content")))) or have
        except ValueError:
            return diffs
    if not quiz_with_attempts(quiz):
        return diffs
    kept = [d for d in diffs if not (d.name == "published" and not d.new)]
    if want.kind is not Kind.QUIZ:
        return kept
    label = f"quiz {want.title!r} [{want.address.key}]"
    if len(kept) != len(diffs):
        notes.append(
            f"{label} stays published: participants have attempts, and canvas-npq never "
            "unpublishes or deletes student work."
        )
    if any(d.name == "questions" for d in kept):
        kept = [d for d in kept if d.name != "questions"]
        notes.append(
            f"{label}: its questions are not rewritten, because participants have attempts. "
            "Canvas keeps each attempt's own copy of the questions, shows new questions "
            "only once the quiz is published again (which it refuses for a quiz with "
            "attempts), and may mark completed attempts for review. To change the "
            "questions, give the quiz a new id: the new quiz is created beside this one, "
            "which is kept."
        )
    return kept
