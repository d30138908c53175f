"""Pages deleted in Canvas: what ``page_id:N`` and the slug find, and what GET, PUT,
DELETE and the list then do."""

from __future__ import annotations

from canvasapi.course import Course

from tests.fidelity.registry import fidelity
from tests.sandbox.conftest import Http

FORBIDDEN = {
    "status": "unauthorized",
    "errors": [{"message": "user not authorized to perform that action"}],
}


@fidelity(
    endpoint="GET/PUT/DELETE /api/v1/courses/:course_id/pages/page_id::id (deleted page)",
    params="wiki_page[title|body|published]",
    source=[
        "app/models/wiki.rb",
        "app/controllers/wiki_pages_api_controller.rb",
        "app/models/wiki_page.rb",
    ],
    canvas="Wiki#find_page returns wiki_pages.where(id:) for page_id:N with no not_deleted "
    "filter, so the deleted row is found (no new page is built); WikiPage#can_read_page? "
    "is false for a deleted page (neither published nor unpublished) and every other "
    "right needs it, so show, update and destroy fail authorized_action: 403 "
    "'user not authorized', the page stays deleted and nothing is created",
    sandbox="the same 403 body for GET, PUT (even with published=true) and DELETE; the "
    "list leaves the page out; no page is created",
    client="a 403 on a page canvas-npq owns is checked against the page list: absent means "
    "deleted in Canvas (update -> NotFound -> created again; delete -> done; manifest -> "
    "written to a new page; lock page -> gone); present means a real permission error",
)
def test_a_deleted_page_is_found_by_page_id_and_refused(http: Http, course: Course) -> None:
    page = course.create_page(wiki_page={"title": "Unit 1", "body": "<p>x</p>"})
    assert http.delete(f"/courses/{course.id}/pages/page_id:{page.page_id}").status_code == 200
    path = f"/courses/{course.id}/pages/page_id:{page.page_id}"

    for answer in (
        http.get(path),
        http.put(path, data={"wiki_page[body]": "<p>y</p>", "wiki_page[published]": "true"}),
        http.delete(path),
    ):
        assert (answer.status_code, answer.json()) == (403, FORBIDDEN)
    assert http.get(f"/courses/{course.id}/pages").json() == []
    assert not list(course.get_pages())


@fidelity(
    endpoint="GET/PUT /api/v1/courses/:course_id/pages/:url (deleted page's slug)",
    params="wiki_page[title|body]",
    source=["app/models/wiki.rb", "app/controllers/wiki_pages_api_controller.rb"],
    canvas="by slug (or bare id) find_page looks only at not_deleted pages: GET is 404 "
    "{message: 'page not found'}; PUT builds and saves a new page (a new id) from the slug "
    "and the parameters, leaving the deleted one deleted",
    sandbox="the same: 404 'page not found', and PUT creates a new page with a new id",
    client="canvas-npq addresses owned pages by page_id:N, never by slug, so a deleted "
    "page is never silently replaced by an upsert",
)
def test_a_deleted_pages_slug_is_not_found_and_a_put_makes_a_new_page(
    http: Http, course: Course
) -> None:
    page = course.create_page(wiki_page={"title": "Unit 1"})
    http.delete(f"/courses/{course.id}/pages/page_id:{page.page_id}")
    missing = http.get(f"/courses/{course.id}/pages/{page.url}")
    assert (missing.status_code, missing.json()) == (404, {"message": "page not found"})
    made = http.put(
        f"/courses/{course.id}/pages/{page.url}",
        data={"wiki_page[title]": "Unit 1", "wiki_page[body]": "<p>new</p>"},
    )
    assert made.status_code == 200
    assert made.json()["page_id"] != page.page_id
    assert made.json()["url"] == page.url  # the deleted page's slug is free again
    listed = http.get(f"/courses/{course.id}/pages").json()
    assert [p["page_id"] for p in listed] == [made.json()["page_id"]]


LIMIT = 500 * 1024 - 1


@fidelity(
    endpoint="POST/PUT /api/v1/courses/:course_id/pages[/:url]",
    params="wiki_page[body] longer than 511999 characters",
    source=["app/models/wiki_page.rb", "config/initializers/active_record.rb"],
    canvas="validates :body, length: {maximum: maximum_long_text_length} (500.kilobytes - 1 "
    "= 511999 characters); create/update render @page.errors with 400: "
    "{errors: {body: [{attribute: body, type: too_long, message: 'is too long (maximum "
    "is 511999 characters)'}]}} and nothing is saved",
    sandbox="the same 400 and body; the page is neither created nor changed",
    client="the spec loader refuses a page whose rendered body is over the limit (file "
    "named, nothing sent); the manifest page is split into parts well under it",
)
def test_a_page_body_over_the_limit_is_refused(http: Http, course: Course) -> None:
    expected = {
        "errors": {
            "body": [
                {
                    "attribute": "body",
                    "type": "too_long",
                    "message": f"is too long (maximum is {LIMIT} characters)",
                }
            ]
        }
    }
    made = http.post(
        f"/courses/{course.id}/pages",
        data={"wiki_page[title]": "Big", "wiki_page[body]": "x" * (LIMIT + 1)},
    )
    assert (made.status_code, made.json()) == (400, expected)
    assert http.get(f"/courses/{course.id}/pages").json() == []
    page = course.create_page(wiki_page={"title": "Small", "body": "<p>ok</p>"})
    path = f"/courses/{course.id}/pages/page_id:{page.page_id}"
    refused = http.put(path, data={"wiki_page[body]": "x" * (LIMIT + 1)})
    assert (refused.status_code, refused.json()) == (400, expected)
    assert http.get(path).json()["body"] == "<p>ok</p>"
    assert http.put(path, data={"wiki_page[body]": "x" * LIMIT}).status_code == 200


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/pages",
    params="search_term=canvas-npq lock, include[]=body, per_page",
    source=["app/controllers/wiki_pages_api_controller.rb", "lib/api.rb"],
    canvas="index returns Api.paginate(scope): at most per_page rows (100 at most) and a "
    "Link header whose rel=next names the following page while there is one",
    sandbox="the same pagination and Link header",
    client="lock pages (and Blueprint associated courses) are read through every next "
    "link (canvas/paging.py), not as one page of 100",
)
def test_the_lock_page_search_is_paginated(http: Http, course: Course) -> None:
    for n in range(3):
        course.create_page(wiki_page={"title": f"canvas-npq lock {n}", "body": "<p>x</p>"})
    first = http.get(
        f"/courses/{course.id}/pages",
        params={"search_term": "canvas-npq lock", "per_page": 2},
    )
    assert len(first.json()) == 2
    assert 'rel="next"' in first.headers["Link"]
    nxt = first.links["next"]["url"]
    second = http.session.get(nxt, timeout=10)
    assert [p["title"] for p in second.json()] == ["canvas-npq lock 2"]
    assert "next" not in second.links
