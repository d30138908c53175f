"""Apply verifies its page writes from Canvas's answers to them: the pages listing read
under the lock with each answer put in, not listed again. An answer that does not show
the page sends it back to a listing; what Canvas stored other than what was sent still
fails verification."""

from __future__ import annotations

import pytest

from canvas_npq.cli import exitcodes
from canvas_npq.sandbox.resources import pages as sandbox_pages

pytestmark = pytest.mark.e2e

NOTES_PAGE = """\
  - id: notes
    title: Facilitator notes
    body: notes.md
"""
VERIFIED = "Verified: the course now matches the spec."


def apply(course, *args):
    before = len(course.sandbox.requests)
    result = course.cli("apply", "--yes", *args)
    return result, course.sandbox.requests[before:]


def verification_reads(sent) -> list[str]:
    """The listings read after the last create or update: the verification's (the lock's
    DELETE comes after it)."""
    last = max(i for i, r in enumerate(sent) if r.method in ("POST", "PUT"))
    return [r.path.rsplit("/", 1)[-1] for r in sent[last + 1 :] if r.method == "GET"]


def test_a_created_page_and_a_pruned_one_verify_from_the_answers(course):
    assert course.cli("apply", "--yes").code == 0
    course_yaml = course.spec / "course.yaml"
    original = course_yaml.read_text(encoding="utf-8")
    (course.spec / "notes.md").write_text("## Notes\n\nFor facilitators.\n", "utf-8")
    course_yaml.write_text(original.replace("pages:\n", "pages:\n" + NOTES_PAGE, 1), "utf-8")

    created, sent = apply(course)
    assert created.code == 0, created.output
    assert VERIFIED in created.output
    pages = f"/api/v1/courses/{course.course_id}/pages"
    assert [(r.method, r.path.startswith(pages)) for r in sent if r.method != "GET"] == [
        ("POST", True),  # our lock page
        ("POST", True),  # the new page
        ("PUT", True),  # the manifest
        ("DELETE", True),  # our lock page
    ]
    # the new page is verified from the POST's answer; a page's create is read again with
    # its module items (canvas.scope), which the pages' answers do not show
    assert verification_reads(sent) == ["modules"]

    course_yaml.write_text(original, "utf-8")
    pruned, sent = apply(course, "--prune")
    assert pruned.code == 0, pruned.output
    assert VERIFIED in pruned.output
    # our lock page, the page, the manifest, our lock page
    assert [r.method for r in sent if r.method != "GET"] == ["POST", "DELETE", "PUT", "DELETE"]
    assert verification_reads(sent) == ["modules"]
    assert "facilitator-notes" not in {p.url for p in course.course.get_pages()}
    assert "No changes" in course.cli("plan").output


def test_a_blank_answer_to_a_page_write_is_verified_by_listing_the_pages(course):
    assert course.cli("apply", "--yes").code == 0
    welcome = course.spec / "welcome.md"
    welcome.write_text(welcome.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    # the page's PUT runs, but Canvas's answer shows nothing of the page
    course.sandbox.inject("blank", "/courses/*/pages/page_id:*", method="PUT", nth=1)

    applied, sent = apply(course)
    assert applied.code == 0, applied.output
    assert VERIFIED in applied.output
    assert verification_reads(sent) == ["pages"]
    assert "No changes" in course.cli("plan").output


def test_a_body_canvas_stored_otherwise_than_sent_fails_verification(course, monkeypatch):
    assert course.cli("apply", "--yes").code == 0
    welcome = course.spec / "welcome.md"
    welcome.write_text(welcome.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    # Canvas keeps less than was sent (as its sanitizer may): its answer shows the page
    # as stored, and verification reports the difference without listing the pages
    stored = sandbox_pages.incoming_html

    def sanitized(value):
        html = stored(value)
        return html.replace("One more line.", "") if html else html

    monkeypatch.setattr(sandbox_pages, "incoming_html", sanitized)
    applied, sent = apply(course)
    assert applied.code == exitcodes.PARTIAL_APPLY, applied.output
    assert "Canvas still differs from the spec" in applied.output
    differs = applied.output.split("Canvas still differs from the spec", 1)[1]
    assert "[welcome]" in differs and "+One more line." in differs
    assert verification_reads(sent) == []
