"""Fidelity rows for wiki pages: listing (with bodies and search), create, rename, delete.

Deleted pages addressed by ``page_id`` and the body size limit have rows of their own
elsewhere."""

from __future__ import annotations

from typing import Any

from .conftest import CanvasCourse, Http
from .registry import fidelity

PAGES_API = "app/controllers/wiki_pages_api_controller.rb"
PAGE_JSON = "lib/api/v1/wiki_page.rb (wiki_page_json, wiki_pages_json)"


def make_page(http: Http, course: CanvasCourse, title: str, **extra: str) -> dict[str, Any]:
    answer = http.post(
        f"/courses/{course['id']}/pages",
        data={"wiki_page[title]": title, "wiki_page[body]": f"<p>{title}</p>", **extra},
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/pages",
    params="include[]=body, per_page=100",
    source=[
        f"{PAGES_API} (index: wiki_pages_json(..., includes.include?('body'), ...))",
        PAGE_JSON,
    ],
    canvas="the list leaves 'body' out unless include[]=body (wiki_pages_json's include_body "
    "defaults to false); every row has page_id, url, title, published, front_page, "
    "updated_at (= revised_at)",
    sandbox="same: body only with include[]=body",
    client="reads pages with include[]=body, so a plan needs no request per page",
)
def test_page_list_has_bodies_only_when_asked(http: Http, course: CanvasCourse) -> None:
    make_page(http, course, "Welcome")
    base = f"/courses/{course['id']}/pages"
    bare = http.get(base).json()[0]
    assert "body" not in bare
    assert {"page_id", "url", "title", "published", "front_page", "updated_at"} <= set(bare)
    full = http.get(base, params={"include[]": "body"}).json()[0]
    assert full["body"] == "<p>Welcome</p>"


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/pages",
    params="search_term, include[]=body",
    source=[
        f"{PAGES_API} (index: WikiPage.search_by_attribute)",
        "lib/search_term_helper.rb (MIN_SEARCH_TERM_LENGTH = 2, SearchTermTooShortError)",
    ],
    canvas="search_term filters titles case-insensitively; a blank term filters nothing; a "
    "one-character term → 400 {errors: [{field: 'search_term', code: 'invalid', message: "
    "'2 or more characters is required'}]}",
    sandbox="same filter, blank ignored, the same 400 body",
    client="finds its lock pages with search_term='canvas-npq lock' (well over 2 characters)",
)
def test_page_search_term_filters_titles(http: Http, course: CanvasCourse) -> None:
    make_page(http, course, "canvas-npq lock")
    make_page(http, course, "Reading")
    base = f"/courses/{course['id']}/pages"
    found = http.get(base, params={"search_term": "CANVAS-NPQ LOCK"}).json()
    assert [p["title"] for p in found] == ["canvas-npq lock"]
    assert len(http.get(base, params={"search_term": ""}).json()) == 2
    short = http.get(base, params={"search_term": "c"})
    assert short.status_code == 400
    assert short.json() == {
        "errors": [
            {
                "field": "search_term",
                "code": "invalid",
                "message": "2 or more characters is required",
            }
        ]
    }


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/pages",
    params="include[]=body, per_page=100 (no search_term, no published)",
    source=[
        f"{PAGES_API} (index: scope.not_deleted without 'published'; ordered by id)",
        "app/models/wiki_pages/scoped_to_user.rb (unpublished pages hidden only from a user "
        "without :view_unpublished_items)",
    ],
    canvas="every page not deleted, unpublished ones too for a teacher, in id order: a page "
    "a create has returned is in every listing begun after it, a deleted one in none",
    sandbox="the same: unpublished pages listed for a teacher, deleted ones left out, by id",
    client="the lock's check after creating its (unpublished) page lists every page, finds "
    "the lock pages in it by title and marker, and apply reads that listing as the pages "
    "under the lock",
)
def test_the_whole_page_list_has_unpublished_pages_and_no_deleted_ones(
    http: Http, course: CanvasCourse
) -> None:
    made = make_page(http, course, "Reading", **{"wiki_page[published]": "true"})
    gone = make_page(http, course, "Old notes")
    lock = make_page(http, course, "canvas-npq lock (do not edit) 1a2b3c4d")
    assert http.delete(f"/courses/{course['id']}/pages/page_id:{gone['page_id']}").ok
    listed = http.get(
        f"/courses/{course['id']}/pages", params={"include[]": "body", "per_page": 100}
    ).json()
    assert [(p["page_id"], p["published"]) for p in listed] == [
        (made["page_id"], True),
        (lock["page_id"], False),
    ]
    assert listed[1]["body"] == "<p>canvas-npq lock (do not edit) 1a2b3c4d</p>"


@fidelity(
    endpoint="POST /api/v1/courses/:course_id/pages",
    params="wiki_page[title], wiki_page[body], wiki_page[published], wiki_page[front_page]",
    source=[
        f"{PAGES_API} (create, get_update_params)",
        "app/models/wiki.rb (build_wiki_page)",
        "app/models/wiki_page.rb (initialize_wiki_page)",
    ],
    canvas="200 (not 201) with the page; a user who may publish pages gets an unpublished "
    "page unless wiki_page[published] is true; the slug (url) is derived from the title",
    sandbox="same: unpublished by default for a user who may publish, published=true publishes",
    client="always sends published explicitly; keys pages by page_id, records the url",
)
def test_page_create_is_unpublished_unless_published_is_sent(
    http: Http, course: CanvasCourse
) -> None:
    draft = make_page(http, course, "Course Handbook")
    assert (draft["published"], draft["url"]) == (False, "course-handbook")
    live = make_page(http, course, "Live Page", **{"wiki_page[published]": "true"})
    assert live["published"] is True and isinstance(live["page_id"], int)


@fidelity(
    endpoint="PUT /api/v1/courses/:course_id/pages/:url_or_id",
    params="page_id:<id>; wiki_page[title], wiki_page[body], wiki_page[published]",
    source=[
        f"{PAGES_API} (update, get_wiki_page)",
        "app/models/wiki.rb (find_page: 'page_id:' prefix)",
        "app/models/wiki_page.rb (acts_as_url :title, sync_url: true)",
    ],
    canvas="page_id:N addresses the page by id; a new title re-derives the slug, which the "
    "answer carries in 'url'; the old slug no longer finds the page (without the "
    "permanent_page_links flag)",
    sandbox="same: the rename changes url and the old slug is 404",
    client="addresses pages by page_id:N, never by slug, and records the url it gets back "
    "for Page module items",
)
def test_page_rename_changes_its_slug(http: Http, course: CanvasCourse) -> None:
    made = make_page(http, course, "Old Name")
    base = f"/courses/{course['id']}/pages"
    renamed = http.put(
        f"{base}/page_id:{made['page_id']}", data={"wiki_page[title]": "New Name"}
    ).json()
    assert (renamed["page_id"], renamed["url"]) == (made["page_id"], "new-name")
    assert http.get(f"{base}/old-name").status_code == 404
    assert http.get(f"{base}/page_id:{made['page_id']}").json()["title"] == "New Name"


@fidelity(
    endpoint="POST/PUT /api/v1/courses/:course_id/pages[/:url_or_id]",
    params="wiki_page[title], wiki_page[body], wiki_page[published]; page_id:<id>",
    source=[
        f"{PAGES_API} (create, update: render json: wiki_page_json(@page, ...); index: "
        "wiki_pages_json, ordered by id without sort)",
        f"{PAGE_JSON}: include_body defaults to true for one page",
    ],
    canvas="create and update answer with the page as stored: wiki_page_json with its "
    "body, the same fields and values as the page's row in the listing with include[]=body "
    "(a Blueprint course's listing adds its restriction fields); the listing stays in page "
    "id order after a retitle",
    sandbox="the same: the answer is the listing's row, field for field",
    client="verifies an apply's page writes from their answers: the pages listing read "
    "under the lock with each answer put in by page id, not listed again",
)
def test_a_page_write_answers_with_the_page_as_listed(http: Http, course: CanvasCourse) -> None:
    base = f"/courses/{course['id']}/pages"
    first = make_page(http, course, "Zebra notes")
    created = make_page(http, course, "Middle", **{"wiki_page[published]": "true"})
    updated = http.put(
        f"{base}/page_id:{first['page_id']}",
        data={"wiki_page[title]": "Aardvark notes", "wiki_page[body]": "<p>changed</p>"},
    ).json()
    assert (updated["url"], updated["body"]) == ("aardvark-notes", "<p>changed</p>")
    listed = http.get(base, params={"include[]": "body", "per_page": 100}).json()
    assert listed == [updated, created]  # by page id, whatever the titles


@fidelity(
    endpoint="DELETE /api/v1/courses/:course_id/pages/:url_or_id",
    params="page_id:<id>",
    source=[f"{PAGES_API} (destroy)"],
    canvas="200 with the page's JSON; the front page cannot be deleted: 400 "
    "{errors: {front_page: [{message: 'The front page cannot be deleted'}]}}",
    sandbox="same",
    client="never deletes the front page it manages: a page leaving the spec that is the "
    "front page is refused by Canvas and reported",
)
def test_front_page_cannot_be_deleted(http: Http, course: CanvasCourse) -> None:
    base = f"/courses/{course['id']}/pages"
    front = make_page(
        http, course, "Home", **{"wiki_page[published]": "true", "wiki_page[front_page]": "true"}
    )
    other = make_page(http, course, "Other")
    refused = http.delete(f"{base}/page_id:{front['page_id']}")
    assert refused.status_code == 400
    assert refused.json()["errors"]["front_page"][0]["message"] == (
        "The front page cannot be deleted"
    )
    gone = http.delete(f"{base}/page_id:{other['page_id']}")
    assert gone.status_code == 200 and gone.json()["page_id"] == other["page_id"]


@fidelity(
    endpoint="GET /api/v1/courses/:course_id/pages",
    params="include[]=body (a body with links to course content)",
    source=[
        "lib/api/html/url_proxy.rb (API_ROUTE_MAP, rewrite_api_urls, api_endpoint_info)",
        "lib/api/html/content.rb (rewritten_html)",
    ],
    canvas="a root-relative href/src comes back absolute on the request's host, and when it "
    "names course content (a page, assignment, topic, quiz, module or file, or their lists) "
    "the tag gains data-api-endpoint (its API address) and data-api-returntype ('Page', "
    "'File', '[Quiz]', ...); a link to anything else is only made absolute",
    sandbox="same, for every rich-text field it serves",
    client="compares bodies without data-api-* (model/html.canonical_html), so Canvas's "
    "additions are never drift; object links are read back to spec references without them",
)
def test_links_to_course_content_come_back_with_their_api_address(
    http: Http, course: CanvasCourse
) -> None:
    body = (
        f'<p><a href="/courses/{course["id"]}/pages/welcome">w</a>'
        f'<img src="/courses/{course["id"]}/files/7/preview" alt="f">'
        '<a href="/about">a</a></p>'
    )
    made = http.post(
        f"/courses/{course['id']}/pages",
        data={"wiki_page[title]": "Links", "wiki_page[body]": body},
    )
    assert made.status_code == 200, made.text
    listed = http.get(f"/courses/{course['id']}/pages", params={"include[]": "body"}).json()
    served = next(p["body"] for p in listed if p["title"] == "Links")
    host = http.base.rsplit("/api/v1", 1)[0]
    assert (
        f'data-api-endpoint="{host}/api/v1/courses/{course["id"]}/pages/welcome" '
        'data-api-returntype="Page"' in served
    )
    assert f'data-api-endpoint="{host}/api/v1/courses/{course["id"]}/files/7"' in served
    assert 'data-api-returntype="File"' in served
    assert f'<a href="{host}/about">a</a>' in served
