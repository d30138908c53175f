"""Announcements: what canvas-npq relies on, checked against the sandbox, each row
naming the Canvas source that settles it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
import requests

from canvas_npq.sandbox import Sandbox
from tests.fidelity.registry import fidelity

CONTROLLER = "app/controllers/discussion_topics_controller.rb"
MODEL = "app/models/discussion_topic.rb"
PRESENTER = "lib/api/v1/discussion_topics.rb"
START = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


class World:
    def __init__(self, sandbox: Sandbox, clock: Clock, course: int) -> None:
        self.sandbox, self.clock, self.course = sandbox, clock, course

    def call(self, method: str, path: str, **data: Any) -> requests.Response:
        url = f"{self.sandbox.url}/api/v1/courses/{self.course}{path}"
        headers = {"Authorization": f"Bearer {self.sandbox.teacher_token}"}
        answer = requests.request(method, url, headers=headers, data=data, timeout=10)
        assert answer.status_code < 400, answer.text
        return answer

    def announce(self, title: str, when: datetime | None) -> dict[str, Any]:
        data: dict[str, Any] = {"title": title, "message": "<p>x</p>", "is_announcement": "true"}
        if when is not None:
            data["delayed_post_at"] = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        return self.call("POST", "/discussion_topics", **data).json()

    def listed(self, **params: str) -> list[dict[str, Any]]:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return self.call("GET", f"/discussion_topics?per_page=100&{query}").json()


@pytest.fixture
def world() -> Iterator[World]:
    clock = Clock()
    with Sandbox(clock=clock) as sandbox:
        answer = requests.post(
            f"{sandbox.url}/api/v1/accounts/1/courses",
            headers={"Authorization": f"Bearer {sandbox.token}"},
            data={"course[name]": "Cohort", "offer": "true"},
            timeout=10,
        )
        yield World(sandbox, clock, int(answer.json()["id"]))


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/discussion_topics",
    params="only_announcements=true",
    source=[CONTROLLER, "app/models/course.rb"],
    canvas=(
        "index lists @context.active_announcements when only_announcements is given (any "
        "value), else active_discussion_topics.only_discussion_topics: the plain listing "
        "never holds announcements; a teacher sees delayed ones too"
    ),
    sandbox="announcements only with only_announcements=true, delayed ones included",
    client="reads announcements in their own listing (reader 'announcements')",
)
def test_announcements_have_their_own_listing(world: World) -> None:
    world.call("POST", "/discussion_topics", title="Learning community", published="true")
    waiting = world.announce("Block 2 is open", START + timedelta(days=7))
    assert [t["title"] for t in world.listed()] == ["Learning community"]
    assert [t["id"] for t in world.listed(only_announcements="true")] == [waiting["id"]]


@fidelity(
    endpoint="POST /api/v1/courses/:course_id/discussion_topics",
    params="is_announcement=true, title, message, delayed_post_at",
    source=[CONTROLLER, MODEL, PRESENTER],
    canvas=(
        "an announcement is never a draft; a future delayed_post_at makes it post_delayed "
        "(process_future_date_parameters) and a delayed job posts it at that time "
        "(schedule_delayed_transitions -> update_based_on_date); published? is false for "
        "a post_delayed announcement"
    ),
    sandbox=(
        "post_delayed with published false until the clock passes delayed_post_at, then "
        "active with published true; without a date it is posted at once"
    ),
    client="reads 'published' as 'posted' (facts['posted']): a posted one is kept as it is",
)
def test_a_delayed_announcement_is_unpublished_until_its_time(world: World) -> None:
    when = START + timedelta(days=7)
    made = world.announce("Block 2 is open", when)
    assert made["published"] is False
    assert made["delayed_post_at"] == "2026-11-08T09:00:00Z"
    now = world.announce("Welcome", None)
    assert now["published"] is True
    world.clock.now = when + timedelta(minutes=1)
    [later] = [t for t in world.listed(only_announcements="true") if t["id"] == made["id"]]
    assert later["published"] is True


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id/discussion_topics/:id",
    params="title, message, delayed_post_at",
    source=[CONTROLLER, MODEL],
    canvas=(
        "changing delayed_post_at recomputes workflow_state: post_delayed if still in the "
        "future, else active; a posted announcement given a future date goes back to "
        "post_delayed and out of participants' sight"
    ),
    sandbox="the same recomputation on update",
    client=(
        "changes a waiting announcement freely; a posted one only with --prune, with a "
        "warning in the plan"
    ),
)
def test_a_new_date_recomputes_whether_it_is_posted(world: World) -> None:
    posted = world.announce("Welcome", None)
    later = (START + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    moved = world.call("PUT", f"/discussion_topics/{posted['id']}", delayed_post_at=later).json()
    assert moved["published"] is False
    now = START.strftime("%Y-%m-%dT%H:%M:%SZ")
    back = world.call("PUT", f"/discussion_topics/{posted['id']}", delayed_post_at=now).json()
    assert back["published"] is True
    retitled = world.call("PUT", f"/discussion_topics/{posted['id']}", title="Hello").json()
    assert retitled["title"] == "Hello" and retitled["is_announcement"] is True


@fidelity(
    endpoint="DELETE /api/v1/courses/:course_id/discussion_topics/:id",
    source=[CONTROLLER],
    canvas="destroy marks the topic deleted; it leaves the announcements listing",
    sandbox="the same",
    client="deletes an owned announcement only with --prune",
)
def test_a_deleted_announcement_leaves_the_listing(world: World) -> None:
    made = world.announce("Block 2 is open", START + timedelta(days=7))
    world.call("DELETE", f"/discussion_topics/{made['id']}")
    assert world.listed(only_announcements="true") == []
