"""The pages listing after an apply, from Canvas's answers to its page writes: what is
put in, and every answer that sends verification back to listing the pages."""

from __future__ import annotations

from typing import Any

import pytest

from canvas_npq.canvas.answers import PageAnswers, changes_pages_aside
from canvas_npq.canvas.reader import _Listed
from canvas_npq.model import Kind


def page(page_id: int, title: str, body: str = "<p>x</p>", **extra: Any) -> dict[str, Any]:
    row = {
        "page_id": page_id,
        "url": title.lower().replace(" ", "-"),
        "title": title,
        "body": body,
        "published": True,
        "front_page": False,
        "updated_at": "2026-12-05T09:00:00Z",
    }
    return {**row, **extra}


def listed(*rows: dict[str, Any]) -> list[Any]:
    return [_Listed(None, row) for row in rows]


LOCK = page(30, "canvas-npq lock (do not edit) 1a2b3c4d", '<div data-canvas-npq-lock="1"></div>')
UNDER_LOCK = listed(page(10, "Welcome", front_page=True), page(20, "Unit 1"), LOCK)
PAGES = (Kind.PAGE,)


def rows(pages: list[Any] | None) -> list[tuple[int, str, str]]:
    assert pages is not None
    return [(p.page_id, p.title, p.body) for p in pages]


def test_an_update_replaces_the_page_by_its_id_and_keeps_the_rest_as_listed():
    answers = PageAnswers()
    # a retitle changes the url: the page is found by its id
    answers.written(page(20, "Unit one", "<p>new</p>"), 20)
    after = answers.listing(UNDER_LOCK, PAGES)
    assert rows(after) == [
        (10, "Welcome", "<p>x</p>"),
        (20, "Unit one", "<p>new</p>"),
        (30, LOCK["title"], LOCK["body"]),  # the lock page as listed
    ]
    assert after is not None and after[1].url == "unit-one"
    assert after[0] is UNDER_LOCK[0]  # untouched rows are the listing's own


def test_creates_are_added_and_deletes_left_out_in_page_id_order():
    answers = PageAnswers()
    answers.created(page(31, "A new page"))
    answers.deleted(20)
    answers.created(page(32, "canvas-npq manifest (do not edit)"))
    assert [p[0] for p in rows(answers.listing(UNDER_LOCK, PAGES))] == [10, 30, 31, 32]


def test_the_last_answer_for_a_page_is_the_one_kept():
    answers = PageAnswers()
    answers.created(page(31, "New", "<p>first</p>"))
    answers.written(page(31, "New", "<p>relinked</p>"), 31)  # its body sent again
    assert rows(answers.listing(UNDER_LOCK, PAGES))[-1] == (31, "New", "<p>relinked</p>")


def test_no_writes_leave_the_listing_as_it_was():
    assert rows(PageAnswers().listing(UNDER_LOCK, PAGES)) == rows(UNDER_LOCK)


def test_what_canvas_stored_is_what_verification_sees():
    # the sanitizer kept less than was sent: the answer shows it, so the plan does too
    answers = PageAnswers()
    answers.written(page(20, "Unit 1", "<p>kept</p>"), 20)
    assert rows(answers.listing(UNDER_LOCK, PAGES))[1][2] == "<p>kept</p>"


@pytest.mark.parametrize(
    "answer, page_id",
    [
        (None, 20),  # no answer
        ([page(20, "Unit 1")], 20),  # not an object
        ("<html>Sign in</html>", 20),
        (page(21, "Unit 1"), 20),  # another page
        ({k: v for k, v in page(20, "Unit 1").items() if k != "body"}, 20),  # no body
        (page(20, "Unit 1", body=None), 20),  # locked for the user: no body
        ({k: v for k, v in page(20, "Unit 1").items() if k != "page_id"}, 20),
        ({k: v for k, v in page(20, "Unit 1").items() if k != "url"}, 20),
        (page(20, "Unit 1", published="true"), 20),  # not Canvas's JSON
        ({"page_id": 33}, None),  # a create answered with an id only
        (page(True, "Unit 1"), None),  # type: ignore[arg-type]
    ],
)
def test_an_answer_that_is_not_a_whole_page_means_a_listing(answer, page_id):
    answers = PageAnswers()
    answers.written(answer, page_id)
    assert answers.untrusted is not None
    assert answers.listing(UNDER_LOCK, PAGES) is None


def test_a_lost_answer_means_a_listing():
    answers = PageAnswers()
    answers.written(page(20, "Unit 1"), 20)
    answers.lost("the create of the manifest page was not answered")
    assert answers.listing(UNDER_LOCK, PAGES) is None
    assert answers.untrusted == "the create of the manifest page was not answered"


def test_an_update_of_a_page_not_listed_or_a_create_of_one_listed_means_a_listing():
    updated = PageAnswers()
    updated.written(page(44, "Elsewhere"), 44)
    assert updated.listing(UNDER_LOCK, PAGES) is None
    created = PageAnswers()
    created.created(page(20, "Unit 1"))
    assert created.listing(UNDER_LOCK, PAGES) is None


def test_a_new_front_page_means_a_listing_as_the_old_ones_row_is_stale():
    answers = PageAnswers()
    answers.written(page(20, "Unit 1", front_page=True), 20)
    assert answers.listing(UNDER_LOCK, PAGES) is None
    # the front page written again, still the front page: one front page, fine
    same = PageAnswers()
    same.written(page(10, "Welcome", "<p>new</p>", front_page=True), 10)
    assert rows(same.listing(UNDER_LOCK, PAGES))[0] == (10, "Welcome", "<p>new</p>")


def test_no_listing_to_start_from_means_a_listing():
    assert PageAnswers().listing(None, PAGES) is None
    assert PageAnswers().listing(listed({"title": "no id"}), PAGES) is None


@pytest.mark.parametrize(
    "kinds, aside",
    [
        ((Kind.PAGE,), False),
        ((Kind.PAGE, Kind.ASSIGNMENT, Kind.DISCUSSION, Kind.COURSE), False),
        ((Kind.PAGE, Kind.MODULE), True),  # publishing a module publishes its pages
        ((Kind.MODULE_ITEM,), True),
        ((Kind.FILE,), True),  # a file's new id is linked from page bodies
    ],
)
def test_other_changes_to_the_pages_listing_mean_a_listing(kinds, aside):
    assert changes_pages_aside(kinds) is aside
    answers = PageAnswers()
    answers.written(page(20, "Unit 1", "<p>new</p>"), 20)
    assert (answers.listing(UNDER_LOCK, kinds) is None) is aside


def test_a_page_write_sent_without_its_outcome_kept_means_a_listing():
    answers = PageAnswers()
    answers.sending()
    answers.written(page(20, "Unit 1"), 20)
    assert answers.listing(UNDER_LOCK, PAGES) is not None
    answers.sending()  # a write whose answer nothing kept
    assert answers.listing(UNDER_LOCK, PAGES) is None
