"""The CLI against the sandbox: completion requirements, prerequisites, discussions,
calendar events, syllabus and front page."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e


def test_apply_sets_completion_requirements_and_prerequisites(course):
    result = course.cli("apply", "--yes")
    assert result.code == 0, result.output
    modules = list(course.course.get_modules(include=["items"]))
    first, second = modules
    requirements = {
        i["title"]: (i.get("completion_requirement") or {}).get("type") for i in first.items
    }
    assert requirements == {
        "Self-study": None,
        "1.1a Effective professional development": "must_view",
        "1.1f Using data to inform decisions": "must_view",
        "EEF: Putting Evidence to Work": "must_view",
        "MIT 1: Exploring": "must_submit",
    }
    assert second.prerequisite_module_ids == [first.id]
    assert second.require_sequential_progress is True
    again, writes = course.writes_during("apply", "--yes")
    assert (again.code, writes) == (0, 0), again.output


def test_a_requirement_removed_in_canvas_is_drift_and_put_back(course):
    assert course.cli("apply", "--yes").code == 0
    first = next(iter(course.course.get_modules()))
    item = next(i for i in first.get_module_items() if i.type == "Assignment")
    # Removed as Canvas accepts it: the whole parameter blank (a blank type is a 400).
    item.edit(module_item={"completion_requirement": ""})
    plan = course.cli("plan")
    assert "DRIFT" in plan.output and "completion" in plan.output, plan.output
    assert course.cli("apply", "--yes").code == 0
    item = next(i for i in first.get_module_items() if i.type == "Assignment")
    assert item.completion_requirement["type"] == "must_submit"


def topics(course):
    return {t.title: t for t in course.course.get_discussion_topics()}


def test_apply_creates_discussions_in_the_course_and_in_their_block(course):
    assert course.cli("apply", "--yes").code == 0
    found = topics(course)
    intro = found["Introductions: who we are and what we lead"]
    block = found["Learning community: what will teachers find hard?"]
    assert intro.published and block.published
    assert intro.require_initial_post is True
    assert block.discussion_type == "threaded"
    assert 'data-canvas-npq-id="b2-community"' in block.message
    second = list(course.course.get_modules())[1]
    item = next(i for i in second.get_module_items() if i.type == "Discussion")
    assert item.content_id == block.id
    assert item.completion_requirement["type"] == "must_contribute"
    again, writes = course.writes_during("apply", "--yes")
    assert (again.code, writes) == (0, 0), again.output


def test_a_discussion_edited_in_canvas_shows_as_drift(course):
    assert course.cli("apply", "--yes").code == 0
    intro = topics(course)["Introductions: who we are and what we lead"]
    intro.update(title="Say hello")
    plan = course.cli("plan")
    assert "DRIFT" in plan.output and "Say hello" in plan.output, plan.output
    assert course.cli("apply", "--yes").code == 0
    assert "Introductions: who we are and what we lead" in topics(course)


def without_block_discussion(course):
    yaml_path = course.spec / "course.yaml"
    text = yaml_path.read_text()
    start = text.index("      - type: discussion")
    end = text.index("discussions:\n")
    yaml_path.write_text(text[:start] + "\n" + text[end:])


def test_a_discussion_with_a_participant_reply_is_never_deleted(course):
    assert course.cli("apply", "--yes").code == 0
    topic = topics(course)["Learning community: what will teachers find hard?"]
    topic.post_entry(message="Giving feedback on practice is hard to fit in.")
    without_block_discussion(course)
    plan = course.cli("plan", "--prune")
    assert "replies from participants" in plan.output, plan.output
    result = course.cli("apply", "--yes", "--prune")
    assert result.code == 0, result.output
    assert "Learning community: what will teachers find hard?" in topics(course)
    assert course.course.get_discussion_topic(topic.id).discussion_subentry_count == 1
    second = list(course.course.get_modules())[1]
    assert [i.content_id for i in second.get_module_items() if i.type == "Discussion"] == [
        topic.id
    ]  # participants still find it in its block


def test_a_discussion_without_replies_is_deleted_with_prune(course):
    assert course.cli("apply", "--yes").code == 0
    without_block_discussion(course)
    assert course.cli("apply", "--yes").code == 0
    assert "Learning community: what will teachers find hard?" in topics(course)
    assert course.cli("apply", "--yes", "--prune").code == 0
    assert "Learning community: what will teachers find hard?" not in topics(course)


def course_events(course):
    return {
        e.title: e
        for e in course.canvas.get_calendar_events(
            context_codes=[f"course_{course.course_id}"], all_events=True
        )
    }


def test_apply_creates_the_course_calendar_events(course):
    assert course.cli("apply", "--yes").code == 0
    events = course_events(course)
    day = events["Face-to-face day 1: Leading improvement"]
    assert (day.start_at, day.end_at) == ("2026-10-05T08:30:00Z", "2026-10-05T15:00:00Z")
    assert (day.location_name, day.location_address) == (
        "Teaching School Hub",
        "1 High Street, Leeds",
    )
    webinar = events["Webinar 1: Exploring"]
    assert 'href="https://meet.example.org/npqltd-w1"' in webinar.description
    assert webinar.context_code == f"course_{course.course_id}"
    again, writes = course.writes_during("apply", "--yes")
    assert (again.code, writes) == (0, 0), again.output


def test_an_event_moved_in_canvas_shows_as_drift_and_is_put_back(course):
    assert course.cli("apply", "--yes").code == 0
    day = course_events(course)["Face-to-face day 1: Leading improvement"]
    day.edit(calendar_event={"start_at": "2026-10-06T08:30:00Z", "end_at": "2026-10-06T15:00:00Z"})
    plan = course.cli("plan")
    assert "DRIFT" in plan.output and "start_at" in plan.output, plan.output
    assert course.cli("apply", "--yes").code == 0
    day = course_events(course)["Face-to-face day 1: Leading improvement"]
    assert day.start_at == "2026-10-05T08:30:00Z"


def test_a_facilitators_own_event_is_never_touched(course):
    assert course.cli("apply", "--yes").code == 0
    mine = course.canvas.create_calendar_event(
        calendar_event={
            "context_code": f"course_{course.course_id}",
            "title": "Drop-in",
            "start_at": "2026-10-12T15:00:00Z",
            "end_at": "2026-10-12T16:00:00Z",
        }
    )
    result, writes = course.writes_during("apply", "--yes", "--prune")
    assert (result.code, writes) == (0, 0), result.output
    assert course_events(course)["Drop-in"].id == mine.id


def test_apply_sets_the_syllabus_front_page_and_home_page(course):
    result = course.cli("apply", "--yes")
    assert result.code == 0, result.output
    settings = course.canvas.get_course(course.course_id, include=["syllabus_body"])
    assert settings.default_view == "wiki"
    assert "The NPQLTD test cohort" in settings.syllabus_body
    assert "<h2>Schedule of events</h2>" in settings.syllabus_body
    assert "Face-to-face day 1: Leading improvement" in settings.syllabus_body
    front = course.course.show_front_page()
    assert front.title == "Home"
    again, writes = course.writes_during("apply", "--yes")
    assert (again.code, writes) == (0, 0), again.output


def test_a_syllabus_edited_in_canvas_shows_as_drift(course):
    assert course.cli("apply", "--yes").code == 0
    course.course.update(course={"syllabus_body": "<p>Our own syllabus</p>"})
    plan = course.cli("plan")
    assert "DRIFT" in plan.output and "syllabus_body" in plan.output, plan.output
    assert course.cli("apply", "--yes").code == 0
    settings = course.canvas.get_course(course.course_id, include=["syllabus_body"])
    assert "Schedule of events" in settings.syllabus_body


def test_unit_pages_end_with_their_intended_outcomes(course):
    yaml_path = course.spec / "course.yaml"
    text = yaml_path.read_text()
    yaml_path.write_text(
        text.replace(
            "framework: npqltd-2020-10\n", "framework: npqltd-2020-10\nintended_outcomes: true\n"
        )
    )
    assert course.cli("apply", "--yes").code == 0
    page = next(p for p in course.course.get_pages() if p.title.startswith("1.1a"))
    body = course.course.get_page(page.url).body
    assert "<h2>Intended outcomes</h2>" in body and "<td>2d</td>" in body
    assert body.index("Learn that") < body.index("Learn how to")
    again, writes = course.writes_during("apply", "--yes")
    assert (again.code, writes) == (0, 0), again.output


NPQLTD = Path(__file__).resolve().parents[2] / "course_spec" / "npqltd"


def test_the_npqltd_spec_builds_the_whole_course_structure(course):
    result = course.cli("apply", "--yes", spec=NPQLTD)
    assert result.code == 0, result.output
    modules = list(course.course.get_modules(include=["items"]))
    assert len(modules) == 6
    for earlier, later in itertools.pairwise(modules):
        assert later.prerequisite_module_ids == [earlier.id]  # each block needs the one before
    requirements = {
        (item["type"], (item.get("completion_requirement") or {}).get("type"))
        for module in modules
        for item in module.items
    }
    assert {
        ("Page", "must_view"),
        ("Assignment", "must_submit"),
        ("Discussion", "must_contribute"),
        ("SubHeader", None),
    } <= requirements
    topics = list(course.course.get_discussion_topics())
    assert len(topics) == 7 and all(t.published for t in topics)
    events = course_events(course)
    assert len(events) == 9
    assert sum("Face-to-face day" in title for title in events) == 3
    settings = course.canvas.get_course(course.course_id, include=["syllabus_body"])
    assert settings.default_view == "wiki"
    assert "<h2>Schedule of events</h2>" in settings.syllabus_body
    assert course.course.show_front_page().title.startswith("Welcome")
    mit = next(a for a in course.course.get_assignments() if a.name.startswith("MIT 1"))
    assert "<h2>Intended outcomes</h2>" in mit.description
    before = len(course.sandbox.writes())
    again = course.cli("apply", "--yes", spec=NPQLTD)
    assert (again.code, len(course.sandbox.writes()) - before) == (0, 0), again.output
