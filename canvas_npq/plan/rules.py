"""What canvas-npq may never delete: the rules ``build_plan`` plans by and a saved plan
is checked against again at apply (``plan.guard``).

Student work is an assignment with submissions, a discussion with a participant's
reply or a quiz a participant has attempted; an announcement already posted is kept
too unless pruning (participants have read it). Its marking is kept with it: the
rubric that grades such an assignment (deleting it deletes the rubric assessments) and
the outcomes that rubric is aligned to (deleting one deletes the results recorded
against it), with the outcome groups that hold them.
Containers are kept while they hold something kept or something canvas-npq does not own.
"""

from __future__ import annotations

from collections.abc import Collection

from canvas_npq.model import Address, Kind, Resource, Snapshot
from canvas_npq.plan.announcements import keep_posted
from canvas_npq.plan.quizzes import KEEP_REASON as QUIZ_KEEP_REASON
from canvas_npq.plan.quizzes import quiz_with_attempts

STUDENT_WORK_REASONS = {
    Kind.ASSIGNMENT: "has student submissions: canvas-npq never deletes student work",
    Kind.DISCUSSION: "has replies from participants: canvas-npq never deletes student work",
}


def is_student_work(resource: Resource) -> bool:
    """An assignment with submissions, a discussion with a participant's reply, or a
    quiz a participant has attempted."""
    if quiz_with_attempts(resource):
        return True
    if resource.kind is Kind.ASSIGNMENT:
        return bool(resource.facts.get("has_submitted_submissions"))
    if resource.kind is Kind.DISCUSSION:
        return bool(resource.facts.get("has_participant_replies"))
    return False


def graded_work(rubric: Resource, live: Snapshot) -> Resource | None:
    """The assignment with submissions that ``rubric`` grades, if it grades one."""
    assignment = rubric.fields.get("assignment")
    if not isinstance(assignment, str) or not assignment.startswith("assignment."):
        return None
    graded = live.get(Address.parse(assignment))
    return graded if graded is not None and is_student_work(graded) else None


def why_keep(resource: Resource, live: Snapshot, prune: bool, protected: Collection[str]) -> str:
    """Why ``resource`` (owned, no longer wanted) must not be deleted; "" if it may be.

    ``protected`` holds the addresses (as text) of live objects that stay: student work
    and everything already kept, in the order ``build_plan`` considers them (contents
    before their containers, rubrics before outcomes before outcome groups).
    """
    if resource.kind in STUDENT_WORK_REASONS and is_student_work(resource):
        return STUDENT_WORK_REASONS[resource.kind]
    if quiz_with_attempts(resource):
        return QUIZ_KEEP_REASON
    if reason := keep_posted(resource, prune):
        return reason  # participants have read it
    if resource.kind is Kind.RUBRIC:
        graded = graded_work(resource, live)
        if graded is not None:
            return (
                f"grades {graded.title!r}, to which students have submitted work: its "
                "marking is student work, kept with the assignment"
            )
    if resource.kind is Kind.OUTCOME:
        for rubric in live.of_kind(Kind.RUBRIC):
            aligned = {c.get("outcome") for c in rubric.fields.get("criteria") or ()}
            if str(rubric.address) in protected and str(resource.address) in aligned:
                return (
                    f"the kept rubric {rubric.title!r} is aligned to it: the results "
                    "recorded against it are student work"
                )
    if not prune:
        return "no longer in the spec; run with --prune to delete it"
    if resource.kind is Kind.MODULE:
        contents = live.order.get(str(resource.address), ())
        if any(entry.startswith("foreign:") for entry in contents):
            return "holds module items canvas-npq does not manage"
        if any(entry in protected for entry in contents):
            return "holds items that are kept"
    if resource.kind is Kind.ASSIGNMENT_GROUP:
        members = resource.facts.get("assignments", ())
        if any(not str(member).startswith("assignment.") for member in members):
            return "holds assignments canvas-npq does not manage (deleting it would delete them)"
        if any(str(member) in protected for member in members):
            return "holds assignments that are kept"
    if resource.kind is Kind.OUTCOME_GROUP:
        address = str(resource.address)
        for inner in (*live.of_kind(Kind.OUTCOME), *live.of_kind(Kind.OUTCOME_GROUP)):
            parent = inner.fields.get("group" if inner.kind is Kind.OUTCOME else "parent")
            if parent == address and str(inner.address) in protected:
                return "holds outcomes that are kept"
    if resource.kind is Kind.MODULE_ITEM:
        content = resource.fields.get("content")
        if content and content in protected:
            return "links to content that is kept"
    return ""
