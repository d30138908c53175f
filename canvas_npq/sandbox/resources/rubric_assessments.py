"""Rubric assessments: a grader marks a student's submission against a rubric.

``POST /courses/:cid/rubric_associations/:aid/rubric_assessments`` as Canvas's
``RubricAssessmentsController#update`` and ``RubricAssociation#assess`` do it:
``rubric_assessment[user_id]`` names the student (their submission is found or created),
``rubric_assessment[assessment_type]`` is required, and each
``rubric_assessment[criterion_<id>][points|comments|rating_id]`` becomes one rating; the
rating matching the points lends its id and description ("No details" when none).
The score is the sum of the points of criteria not ignored for scoring. A grading
assessment is unique per submission (a second one replaces it), and when the association
is used for grading the submission is graded with that score. The caller needs
``manage_grades`` in the course (``permissions.py``; peer reviews are not modelled).
The answer is the assessment with ``ratings``, ``assessor_name``, the ``artifact``
(the submission) and the ``rubric_association``.
"""

from __future__ import annotations

from typing import Any

from canvas_npq.sandbox import errors
from canvas_npq.sandbox.api import ApiRequest
from canvas_npq.sandbox.params import as_str, to_float
from canvas_npq.sandbox.records import RubricAssessment, Submission
from canvas_npq.sandbox.routing import router

from .common import find_course, parse_id
from .rubrics import association_json
from .submissions import submission_json

ASSESSMENT_TYPES = ("grading", "peer_review", "provisional_grade")


@router.route(
    "POST", "/courses/<course_id>/rubric_associations/<association_id>/rubric_assessments"
)
def create_assessment(req: ApiRequest, course_id: str, association_id: str) -> Any:
    course = find_course(req, course_id)
    store = req.store
    association = store.get(store.rubric_associations, parse_id(association_id))
    if association is None or association.course_id != course.id:
        raise errors.not_found()
    rubric = store.get(store.rubrics, association.rubric_id)
    values = req.section("rubric_assessment")
    if rubric is None or values is None or association.association_type != "Assignment":
        raise errors.not_found()
    student_id = parse_id(as_str(values.get("user_id")))
    if student_id is None or not store.is_student(course.id, student_id):
        raise errors.not_found()  # resolve_user_id / find_asset_for_assessment
    kind = as_str(values.get("assessment_type"))
    if kind not in ASSESSMENT_TYPES:
        raise errors.bad_request("Assessment type required for assessing")
    submission = _submission_for(req, association.association_id, student_id)
    ratings, score = _ratings(rubric.criteria, values)
    assessment = next(
        (
            a
            for a in store.live(store.rubric_assessments, rubric_association_id=association.id)
            if a.artifact_id == submission.id
            and a.assessment_type == kind
            and (kind == "grading" or a.assessor_id == req.user.id)
        ),
        None,
    )
    if assessment is None:
        assessment = store.add(
            store.rubric_assessments,
            RubricAssessment(
                **store.stamp(),
                workflow_state="active",
                rubric_id=rubric.id,
                rubric_association_id=association.id,
                user_id=student_id,
                assessor_id=req.user.id,
                artifact_id=submission.id,
                assessment_type=kind,
            ),
        )
    if ratings:  # replace_ratings: only when some criterion was sent
        assessment.score = score
        assessment.data = ratings
    assessment.assessor_id = req.user.id
    assessment.updated_at = store.now()
    if kind == "grading" and association.use_for_grading and assessment.score is not None:
        submission.score = assessment.score
        submission.grade = _grade(assessment.score)
        submission.workflow_state = "graded"
        submission.updated_at = store.now()
    assessor = store.users.get(assessment.assessor_id)
    return {
        "id": assessment.id,
        "rubric_id": assessment.rubric_id,
        "rubric_association_id": assessment.rubric_association_id,
        "score": assessment.score,
        "data": assessment.data,
        "ratings": assessment.data,
        "artifact_id": submission.id,
        "artifact_type": "Submission",
        "artifact_attempt": submission.attempt,
        "assessment_type": assessment.assessment_type,
        "assessor_id": assessment.assessor_id,
        "assessor_name": assessor.name if assessor else None,
        "user_id": assessment.user_id,
        "related_group_submissions_and_assessments": [],
        "artifact": submission_json(req, submission),
        "rubric_association": association_json(req, association),
    }


def _submission_for(req: ApiRequest, assignment_id: int, user_id: int) -> Submission:
    """The student's submission, created unsubmitted when there is none yet."""
    store = req.store
    for sub in store.live(store.submissions, assignment_id=assignment_id):
        if sub.user_id == user_id:
            return sub
    return store.add(
        store.submissions,
        Submission(
            **store.stamp(),
            workflow_state="unsubmitted",
            assignment_id=assignment_id,
            user_id=user_id,
        ),
    )


def _ratings(
    criteria: list[dict[str, Any]], values: dict[str, Any]
) -> tuple[list[dict[str, Any]], float | None]:
    ratings: list[dict[str, Any]] = []
    score: float | None = None
    for criterion in criteria:
        data = values.get(f"criterion_{criterion.get('id')}")
        if not isinstance(data, dict):
            continue
        points = to_float(data.get("points")) if as_str(data.get("points")) else None
        rating: dict[str, Any] = {
            "id": as_str(data.get("rating_id")),
            "points": points,
            "criterion_id": criterion.get("id"),
            "learning_outcome_id": criterion.get("learning_outcome_id"),
            "description": as_str(data.get("description")),
            "comments_enabled": True,
            "comments": as_str(data.get("comments")),
        }
        if criterion.get("ignore_for_scoring"):
            rating["ignore_for_scoring"] = True
        elif points is not None:
            score = (score or 0.0) + points
        for choice in criterion.get("ratings") or []:
            if points is not None and abs(float(choice.get("points") or 0) - points) < 1e-9:
                rating["description"] = rating["description"] or choice.get("description")
                rating["id"] = rating["id"] or choice.get("id")
        if not rating["description"]:
            rating["description"] = "No details"
        ratings.append(rating)
    return ratings, score


def _grade(score: float) -> str:
    return str(int(score)) if float(score).is_integer() else str(score)
