"""Classic quizzes as a sync tool sees them: listed, linked from modules, graded."""

from __future__ import annotations


def test_a_graded_quiz_is_listed_and_has_its_assignment(course) -> None:
    quiz = course.create_quiz(quiz={"title": "Check your understanding", "published": True})
    assert quiz.quiz_type == "assignment" and quiz.published is True
    assert [q.title for q in course.get_quizzes()] == ["Check your understanding"]
    assignment = course.get_assignment(quiz.assignment_id)
    assert assignment.submission_types == ["online_quiz"]
    assert assignment.quiz_id == quiz.id and assignment.is_quiz_assignment is True


def test_a_practice_quiz_has_no_assignment_and_starts_unpublished(course) -> None:
    quiz = course.create_quiz(quiz={"title": "Practice", "quiz_type": "practice_quiz"})
    assert quiz.assignment_id is None and quiz.published is False
    assert list(course.get_assignments()) == []


def test_a_module_item_for_the_quiz_assignment_links_to_the_quiz(course) -> None:
    quiz = course.create_quiz(quiz={"title": "Quiz 1"})
    module = course.create_module(module={"name": "Block 1"})
    item = module.create_module_item(
        module_item={"type": "Assignment", "content_id": quiz.assignment_id}
    )
    assert item.type == "Quiz" and item.content_id == quiz.id and item.title == "Quiz 1"


def test_a_deleted_quiz_leaves_the_lists(course) -> None:
    quiz = course.create_quiz(quiz={"title": "Gone"})
    quiz.delete()
    assert list(course.get_quizzes()) == [] and list(course.get_assignments()) == []


def test_new_quizzes_are_lti_assignments(course) -> None:
    assignment = course.create_assignment(
        assignment={
            "name": "New quiz",
            "submission_types": ["external_tool"],
            "external_tool_tag_attributes": {
                "url": "https://x.quiz-lti-dub-prod.instructure.com/l"
            },
        }
    )
    assert assignment.is_quiz_lti_assignment is True
    assert list(course.get_quizzes()) == []
