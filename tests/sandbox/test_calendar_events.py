"""Calendar events (canvas-api.md §18, §21.18)."""

from __future__ import annotations

from datetime import datetime, timezone

from canvasapi import Canvas
from canvasapi.course import Course

from canvas_npq.sandbox import Sandbox

from .conftest import Http


def _event(canvas: Canvas, course: Course, **fields: object) -> object:
    return canvas.create_calendar_event(
        calendar_event={"context_code": f"course_{course.id}", **fields}
    )


def test_create_is_201_and_shaped_like_canvas(http: Http, course: Course) -> None:
    response = http.post(
        "/calendar_events",
        data={
            "calendar_event[context_code]": f"course_{course.id}",
            "calendar_event[title]": "Live session",
            "calendar_event[start_at]": "2025-10-01T15:00:00+01:00",
            "calendar_event[end_at]": "2025-10-01T16:00:00+01:00",
            "calendar_event[description]": "<p>Join<script>x</script></p>",
            "calendar_event[location_name]": "Zoom",
        },
    )
    assert response.status_code == 201
    event = response.json()
    assert (event["start_at"], event["end_at"]) == ("2025-10-01T14:00:00Z", "2025-10-01T15:00:00Z")
    assert event["description"] == "<p>Join</p>"
    assert (event["context_code"], event["all_day"], event["type"]) == (
        f"course_{course.id}",
        False,
        "event",
    )
    assert event["url"].endswith(f"/api/v1/calendar_events/{event['id']}")


def test_missing_context_code_is_not_found(http: Http) -> None:
    # Canvas's get_calendar_context raises RecordNotFound without a context it can find.
    response = http.post("/calendar_events", data={"calendar_event[title]": "x"})
    assert response.status_code == 404


def test_list_needs_context_codes_and_dates(canvas: Canvas, course: Course) -> None:
    _event(canvas, course, title="Autumn", start_at="2025-10-01T15:00:00Z")
    assert list(canvas.get_calendar_events()) == []  # personal calendar, today only
    codes = [f"course_{course.id}"]
    assert list(canvas.get_calendar_events(context_codes=codes)) == []  # only today
    ranged = canvas.get_calendar_events(
        context_codes=codes, start_date="2025-09-01", end_date="2025-10-31"
    )
    assert [e.title for e in ranged] == ["Autumn"]
    everything = canvas.get_calendar_events(context_codes=codes, all_events=True)
    assert [e.title for e in everything] == ["Autumn"]


def test_today_is_the_default_window() -> None:
    with Sandbox(clock=lambda: datetime(2025, 10, 1, 12, 0, tzinfo=timezone.utc)) as sandbox:
        import requests

        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {sandbox.token}"
        base = f"{sandbox.url}/api/v1"
        course = session.post(f"{base}/accounts/1/courses", data={"course[name]": "C"}).json()
        for day in ("2025-10-01T09:00:00Z", "2025-10-02T09:00:00Z"):
            session.post(
                f"{base}/calendar_events",
                data={
                    "calendar_event[context_code]": f"course_{course['id']}",
                    "calendar_event[title]": day,
                    "calendar_event[start_at]": day,
                },
            )
        listed = session.get(
            f"{base}/calendar_events", params={"context_codes[]": f"course_{course['id']}"}
        ).json()
        assert [e["title"] for e in listed] == ["2025-10-01T09:00:00Z"]


def test_midnight_events_are_all_day(canvas: Canvas, course: Course) -> None:
    event = _event(canvas, course, title="Deadline day", start_at="2025-10-01T00:00:00Z")
    assert (event.all_day, event.all_day_date) == (True, "2025-10-01")


def test_edit_and_delete(canvas: Canvas, course: Course) -> None:
    event = _event(canvas, course, title="Old", start_at="2025-10-01T15:00:00Z")
    edited = event.edit(calendar_event={"title": "New"})
    assert edited.title == "New"
    deleted = event.delete()
    assert deleted.workflow_state == "deleted"
    codes = [f"course_{course.id}"]
    assert list(canvas.get_calendar_events(context_codes=codes, all_events=True)) == []
