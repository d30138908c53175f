"""Links between spec files end to end: a page linking to another object's Markdown
file links to that object in Canvas, and keeps doing so after the target's retitle."""

from __future__ import annotations

import json
import re

import pytest

pytestmark = pytest.mark.e2e

RETITLE_BUDGET = 30  # requests for an apply that retitles one page and relinks one body


def page_body(course, title: str) -> str:
    page = next(p for p in course.course.get_pages(include=["body"]) if p.title == title)
    return page.body


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


def link_welcome(course) -> None:
    welcome = course.spec / "welcome.md"
    welcome.write_text(
        welcome.read_text(encoding="utf-8")
        + "\nStart with [the first unit](block-1/unit-1-1.md#reading), then"
        " [MIT 1](block-1/mit-1.md) and [introductions](discussions/introductions.md).\n",
        "utf-8",
    )
    mit = course.spec / "block-1" / "mit-1.md"  # and back: the two new objects link in a cycle
    mit.write_text(mit.read_text(encoding="utf-8") + "\n[Back](../welcome.md)\n", "utf-8")


def test_a_link_to_a_markdown_file_leads_to_its_object(course):
    link_welcome(course)
    applied = course.cli("apply", "--yes")
    assert applied.code == 0, applied.output
    assert "Verified: the course now matches the spec." in applied.output
    unit = next(p for p in course.course.get_pages() if p.title.startswith("1.1a"))
    mit = next(a for a in course.course.get_assignments() if a.name == "MIT 1: Exploring")
    topic = next(
        t for t in course.course.get_discussion_topics() if t.title.startswith("Introductions")
    )
    links = [h.split("/courses/", 1)[-1] for h in hrefs(page_body(course, "Welcome"))]
    assert links == [
        f"{course.course_id}/pages/{unit.url}#reading",
        f"{course.course_id}/assignments/{mit.id}",
        f"{course.course_id}/discussion_topics/{topic.id}",
    ]
    welcome = next(p for p in course.course.get_pages() if p.title == "Welcome")
    (back,) = hrefs(mit.description)
    assert back.endswith(f"/courses/{course.course_id}/pages/{welcome.url}")
    assert course.cli("plan", "--detailed-exitcode").code == 0


def test_a_retitled_target_is_relinked_in_one_apply(course):
    link_welcome(course)
    assert course.cli("apply", "--yes").code == 0
    course_yaml = course.spec / "course.yaml"
    text = course_yaml.read_text(encoding="utf-8")
    old_title = "1.1a Effective professional development"
    course_yaml.write_text(text.replace(old_title, "1.1a What good CPD looks like"), "utf-8")

    plan = json.loads(course.cli("plan", "--json").output)["plans"][0]["changes"]
    changed = {c["address"]: [f["name"] for f in c["fields"]] for c in plan}
    assert changed == {"page.unit-1-1": ["title"], "page.welcome": ["body"]}

    before = len(course.sandbox.requests)
    applied = course.cli("apply", "--yes")
    sent = course.sandbox.requests[before:]
    assert applied.code == 0, applied.output
    assert "Verified: the course now matches the spec." in applied.output
    assert len(sent) <= RETITLE_BUDGET, [(r.method, r.path) for r in sent]
    unit = next(p for p in course.course.get_pages() if p.title.startswith("1.1a"))
    assert unit.url == "1-dot-1a-what-good-cpd-looks-like"
    body = page_body(course, "Welcome")
    assert f"/courses/{course.course_id}/pages/{unit.url}#reading" in body
    assert course.cli("plan", "--detailed-exitcode").code == 0


def test_a_link_by_slug_to_no_page_stops_plan_before_any_request(course):
    welcome = course.spec / "welcome.md"
    welcome.write_text("See [the old unit]($CANVAS_COURSE_REFERENCE$/pages/gone).\n", "utf-8")
    before = len(course.sandbox.requests)
    result = course.cli("plan")
    assert result.code == 1, result.output
    assert "welcome.md:1:" in result.output
    assert "link to page 'gone', which matches no page of the spec" in result.output
    assert "Link to the page's Markdown file instead" in result.output
    assert course.sandbox.requests[before:] == []
