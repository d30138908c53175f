"""Fidelity rows for discussion topics (top-level parameters, not wrapped)."""

from __future__ import annotations

from typing import Any

from .conftest import CanvasCourse, Http
from .registry import fidelity

TOPICS = "app/controllers/discussion_topics_controller.rb"
TOPICS_API = "app/controllers/discussion_topics_api_controller.rb"
TOPIC_JSON = "lib/api/v1/discussion_topics.rb (discussion_topic_api_json)"


def make_topic(http: Http, course: CanvasCourse, **fields: str) -> Any:
    return http.post(f"/courses/{course['id']}/discussion_topics", data=fields)


@fidelity(
    endpoint="POST /api/v1/courses/:course_id/discussion_topics",
    params="title, message, discussion_type, require_initial_post, published (top level)",
    source=[
        f"{TOPICS} (create → process_discussion_topic_runner, process_published_parameters)",
        TOPIC_JSON,
    ],
    canvas="200 with the topic; a new topic made by a moderator without 'published' is "
    "unpublished (a draft); published=true publishes it; parameters are top level",
    sandbox="same defaults, same 200",
    client="always sends published; sends title/message/discussion_type at top level",
)
def test_topic_create_is_a_draft_unless_published(http: Http, course: CanvasCourse) -> None:
    draft = make_topic(http, course, title="Introductions", message="<p>Hello</p>")
    assert draft.status_code == 200, draft.text
    assert draft.json()["published"] is False
    live = make_topic(
        http,
        course,
        title="Questions",
        message="<p>Ask</p>",
        published="true",
        discussion_type="threaded",
        require_initial_post="true",
    ).json()
    assert (live["published"], live["discussion_type"], live["require_initial_post"]) == (
        True,
        "threaded",
        True,
    )


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id/discussion_topics/:topic_id",
    params="title, message, published, discussion_type, require_initial_post (changed only)",
    source=[f"{TOPICS} (update → process_discussion_topic_runner)"],
    canvas="200 with the topic; fields not sent are kept; a model error comes back as 400 "
    "{errors: {...}} with workflow_state renamed 'published'",
    sandbox="same",
    client="sends only changed fields",
)
def test_topic_update_keeps_fields_not_sent(http: Http, course: CanvasCourse) -> None:
    topic = make_topic(http, course, title="Old", message="<p>Body</p>").json()
    path = f"/courses/{course['id']}/discussion_topics/{topic['id']}"
    updated = http.put(path, data={"title": "New"})
    assert updated.status_code == 200
    assert (updated.json()["title"], updated.json()["message"]) == ("New", "<p>Body</p>")
    assert updated.json()["published"] is False


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/discussion_topics",
    params="per_page=100",
    source=[
        f"{TOPICS} (index: active_discussion_topics.only_discussion_topics unless "
        "params[:only_announcements])",
        TOPIC_JSON,
    ],
    canvas="active topics, announcements left out; with only_announcements present (any "
    "value, even 'false', is truthy in Ruby) only announcements",
    sandbox="same, including only_announcements=false listing announcements",
    client="reads topics in one listing; announcements are not its business",
)
def test_topic_list_leaves_out_announcements(http: Http, course: CanvasCourse) -> None:
    make_topic(http, course, title="Topic", message="<p>x</p>")
    make_topic(http, course, title="News", message="<p>y</p>", is_announcement="true")
    base = f"/courses/{course['id']}/discussion_topics"
    assert [t["title"] for t in http.get(base, params={"per_page": 100}).json()] == ["Topic"]
    news = http.get(base, params={"only_announcements": "true"}).json()
    assert [t["title"] for t in news] == ["News"]
    still = http.get(base, params={"only_announcements": "false"}).json()
    assert [t["title"] for t in still] == ["News"]


@fidelity(
    endpoint="DELETE /api/v1/courses/:course_id/discussion_topics/:topic_id",
    source=[f"{TOPICS} (destroy)"],
    canvas="200; the topic is soft-deleted and leaves the listing; its module items go; a "
    "later lookup is 404 (active scope)",
    sandbox="same; the answer carries deleted_at",
    client="a 404 on delete counts as done",
    settled=False,
    note="the body of the DELETE answer was not read in source; the client ignores it",
)
def test_topic_delete_leaves_the_listing(http: Http, course: CanvasCourse) -> None:
    topic = make_topic(http, course, title="Gone", message="<p>x</p>").json()
    path = f"/courses/{course['id']}/discussion_topics/{topic['id']}"
    assert http.delete(path).status_code == 200
    assert http.get(f"/courses/{course['id']}/discussion_topics").json() == []
    assert http.get(path).status_code == 404
