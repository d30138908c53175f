"""Fidelity rows for a section's own times of an event (Canvas section child events)
and its own dates of a graded quiz (overrides of the quiz's assignment)."""

from __future__ import annotations

from typing import Any

from .conftest import CanvasCourse, Http
from .registry import fidelity

EVENTS_API = "app/controllers/calendar_events_api_controller.rb"
EVENT_MODEL = "app/models/calendar_event.rb"
EVENT_JSON = "lib/api/v1/calendar_event.rb"


def section(http: Http, course: CanvasCourse, name: str) -> int:
    made = http.post(f"/courses/{course['id']}/sections", data={"course_section[name]": name})
    assert made.status_code == 200, made.text
    return int(made.json()["id"])


def child_data(*rows: tuple[int, str, str]) -> dict[str, str]:
    data = {}
    for index, (section_id, start, end) in enumerate(rows):
        prefix = f"calendar_event[child_event_data][{index}]"
        data[f"{prefix}[start_at]"] = start
        data[f"{prefix}[end_at]"] = end
        data[f"{prefix}[context_code]"] = f"course_section_{section_id}"
    return data


def make(http: Http, course: CanvasCourse, **data: str) -> Any:
    base = {
        "calendar_event[context_code]": f"course_{course['id']}",
        "calendar_event[title]": "Day 1",
        "calendar_event[start_at]": "2026-10-05T09:00:00Z",
        "calendar_event[end_at]": "2026-10-05T15:00:00Z",
    }
    return http.post("/calendar_events", data={**base, **data})


@fidelity(
    endpoint="POST /api/v1/calendar_events",
    params="calendar_event[child_event_data][n][start_at|end_at|context_code=course_section_<id>]",
    source=[
        f"{EVENT_MODEL} (validates_each :child_event_data, replace_child_events, "
        "cache_child_event_ranges!, hidden?)",
        f"{EVENT_JSON} (calendar_event_json: child_events, child_events_count, hidden, "
        "a child's title gets ' (<section name>)')",
    ],
    canvas="201; one child per section, the event's own start_at/end_at become the "
    "children's earliest start and latest end; hidden=true; the children are listed in "
    "child_events with the section as context_code and the course as "
    "effective_context_code; a section of another course or twice is a 400 and nothing "
    "is made",
    sandbox="same, with errors {child_event_data: [...]} for the 400s",
    client="sends every section's times (spec's, and the event's own for the others); "
    "names a child's section from its title",
)
def test_an_event_with_section_times_spans_its_children(http: Http, course: CanvasCourse) -> None:
    group_a, group_b = section(http, course, "Group A"), section(http, course, "Group B")
    made = make(
        http,
        course,
        **child_data(
            (group_a, "2026-10-06T09:00:00Z", "2026-10-06T15:00:00Z"),
            (group_b, "2026-10-05T13:00:00Z", "2026-10-05T17:00:00Z"),
        ),
    )
    assert made.status_code == 201, made.text
    event = made.json()
    assert (event["start_at"], event["end_at"]) == ("2026-10-05T13:00:00Z", "2026-10-06T15:00:00Z")
    assert event["hidden"] is True and event["child_events_count"] == 2
    children = {c["context_code"]: c for c in event["child_events"]}
    child = children[f"course_section_{group_a}"]
    assert child["title"] == "Day 1 (Group A)"
    assert child["effective_context_code"] == f"course_{course['id']}"
    assert child["parent_event_id"] == event["id"]
    assert "child_events" not in child

    other = http.post("/accounts/1/courses", data={"course[name]": "Other"}).json()
    foreign = section(http, other, "Elsewhere")
    refused = make(
        http, course, **child_data((foreign, "2026-10-06T09:00:00Z", "2026-10-06T10:00:00Z"))
    )
    assert refused.status_code == 400
    assert "Invalid child event context" in refused.text
    twice = make(
        http,
        course,
        **child_data(
            (group_a, "2026-10-06T09:00:00Z", "2026-10-06T10:00:00Z"),
            (group_a, "2026-10-07T09:00:00Z", "2026-10-07T10:00:00Z"),
        ),
    )
    assert twice.status_code == 400 and "Duplicate child event contexts" in twice.text


@fidelity(
    endpoint="PUT /api/v1/calendar_events/:id",
    params="calendar_event[child_event_data][n][...], calendar_event[remove_child_events]=1",
    source=[f"{EVENT_MODEL} (replace_child_events, sync_child_events, CASCADED_ATTRIBUTES)"],
    canvas="child_event_data replaces the children: a section left out loses its child; "
    "remove_child_events removes them all and the event keeps its last span unless "
    "start_at/end_at are sent with it; a new title reaches the children",
    sandbox="same",
    client="sends all sections' times on every change of them; removes them with "
    "remove_child_events and the event's own times",
)
def test_section_times_are_replaced_whole_and_removed(http: Http, course: CanvasCourse) -> None:
    group_a, group_b = section(http, course, "Group A"), section(http, course, "Group B")
    event = make(
        http,
        course,
        **child_data(
            (group_a, "2026-10-06T09:00:00Z", "2026-10-06T15:00:00Z"),
            (group_b, "2026-10-05T13:00:00Z", "2026-10-05T17:00:00Z"),
        ),
    ).json()
    path = f"/calendar_events/{event['id']}"
    kept = http.put(
        path,
        data={
            "calendar_event[title]": "Day one",
            **child_data((group_b, "2026-10-07T13:00:00Z", "2026-10-07T17:00:00Z")),
        },
    ).json()
    assert [c["title"] for c in kept["child_events"]] == ["Day one (Group B)"]
    assert (kept["start_at"], kept["end_at"]) == ("2026-10-07T13:00:00Z", "2026-10-07T17:00:00Z")
    removed = http.put(path, data={"calendar_event[remove_child_events]": "1"}).json()
    assert removed["child_events"] == [] and removed["hidden"] is False
    assert removed["start_at"] == "2026-10-07T13:00:00Z"  # the last span stays
    restored = http.put(
        path,
        data={
            "calendar_event[remove_child_events]": "1",
            "calendar_event[start_at]": "2026-10-05T09:00:00Z",
            "calendar_event[end_at]": "2026-10-05T15:00:00Z",
        },
    ).json()
    assert (restored["start_at"], restored["end_at"]) == (
        "2026-10-05T09:00:00Z",
        "2026-10-05T15:00:00Z",
    )


@fidelity(
    endpoint="GET /api/v1/calendar_events",
    params="context_codes[]=course_<id>, all_events=true",
    source=[
        f"{EVENT_MODEL} (scope for_user_and_context_codes: section events in the course)",
        f"{EVENTS_API} (DEFAULT_INCLUDES = child_events; calendar_event_scope passes "
        "user.section_context_codes)",
    ],
    canvas="the course's code lists the event (hidden, with child_events) and, for a "
    "teacher, its section children too, each with context_code course_section_<id>",
    sandbox="same; a deleted event takes its children with it",
    client="reads an event's section times from its child_events and skips the children "
    "listed beside it (their context_code is not the course's)",
)
def test_the_course_listing_holds_the_event_and_its_children(
    http: Http, course: CanvasCourse
) -> None:
    group_a = section(http, course, "Group A")
    event = make(
        http, course, **child_data((group_a, "2026-10-06T09:00:00Z", "2026-10-06T15:00:00Z"))
    )
    code = {"context_codes[]": f"course_{course['id']}", "all_events": "true"}
    listed = http.get("/calendar_events", params=code).json()
    assert sorted(e["context_code"] for e in listed) == sorted(
        [f"course_{course['id']}", f"course_section_{group_a}"]
    )
    http.delete(f"/calendar_events/{event.json()['id']}")
    assert http.get("/calendar_events", params=code).json() == []


@fidelity(
    endpoint="POST /api/v1/courses/:course_id/assignments/:assignment_id/overrides",
    params="assignment_id = a graded quiz's assignment_id; assignment_override[course_section_id], "
    "[due_at|unlock_at|lock_at]",
    source=[
        "app/controllers/assignment_overrides_controller.rb (api_find(@course.active_assignments))",
        "app/models/assignment_override.rb (default_values: self.quiz = assignment.quiz)",
        "lib/api/v1/quiz.rb (API_ALLOWED_QUIZ_INPUT_FIELDS: no overrides)",
    ],
    canvas="a graded quiz's assignment is an active assignment of the course, so its "
    "overrides are made there and belong to the quiz too; the quiz API takes none",
    sandbox="the quiz's assignment takes section overrides like any assignment",
    client="dates a graded quiz per section through its assignment (the quiz's "
    "assignment_id, as read or as the create answered); refuses them for an ungraded quiz",
)
def test_a_graded_quizs_section_dates_are_overrides_of_its_assignment(
    http: Http, course: CanvasCourse
) -> None:
    group_a = section(http, course, "Group A")
    quiz = http.post(
        f"/courses/{course['id']}/quizzes",
        data={"quiz[title]": "Graded check", "quiz[quiz_type]": "assignment"},
    ).json()
    assert quiz["assignment_id"] is not None
    path = f"/courses/{course['id']}/assignments/{quiz['assignment_id']}/overrides"
    made = http.post(
        path,
        data={
            "assignment_override[course_section_id]": str(group_a),
            "assignment_override[due_at]": "2026-11-09T17:00:00Z",
        },
    )
    assert made.status_code == 200, made.text  # as for any assignment (test_sections.py)
    [listed] = http.get(path).json()
    assert (listed["course_section_id"], listed["due_at"]) == (group_a, "2026-11-09T17:00:00Z")
