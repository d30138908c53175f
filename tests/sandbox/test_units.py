"""Unit tests for the sandbox's building blocks: params, slugs, HTML, dates, throttle."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from canvas_npq.sandbox.api import to_query
from canvas_npq.sandbox.dates import InvalidDate, iso, parse_lenient, parse_strict
from canvas_npq.sandbox.html import process_incoming, rewrite_outgoing, sanitize
from canvas_npq.sandbox.params import as_list, parse_pairs, to_bool, to_int
from canvas_npq.sandbox.slugs import cased_title, to_url, unique_slug
from canvas_npq.sandbox.throttle import Throttle, ThrottleSettings


def test_rack_style_nested_params() -> None:
    params = parse_pairs(
        [
            ("module[name]", "W1"),
            ("module[prerequisite_module_ids][]", "1"),
            ("module[prerequisite_module_ids][]", "2"),
            ("ratings[][description]", "Good"),
            ("ratings[][points]", "3"),
            ("ratings[][description]", "Poor"),
            ("ratings[][points]", "0"),
            ("rubric[criteria][0][ratings][1][points]", "2"),
            ("per_page", "10"),
            ("per_page", "100"),
        ]
    )
    assert params["module"] == {"name": "W1", "prerequisite_module_ids": ["1", "2"]}
    assert params["ratings"] == [
        {"description": "Good", "points": "3"},
        {"description": "Poor", "points": "0"},
    ]
    assert params["rubric"] == {"criteria": {"0": {"ratings": {"1": {"points": "2"}}}}}
    assert params["per_page"] == "100"


def test_value_coercions() -> None:
    assert [to_bool(v) for v in ("true", "1", "on", "false", "0", "", "maybe", True)] == [
        True, True, True, False, False, None, None, True,
    ]  # fmt: skip
    assert [to_int(v) for v in ("12", "12abc", "abc", None)] == [12, 12, 0, None]
    assert as_list({"1": "b", "0": "a"}) == ["a", "b"]


def test_to_query_matches_rails() -> None:
    assert to_query({"sort": "title", "include": ["items", "content_details"]}) == (
        "include%5B%5D=items&include%5B%5D=content_details&sort=title"
    )
    assert to_query({"a": {"b": "c d"}}) == "a%5Bb%5D=c+d"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Week 1: Introduction", "week-1-introduction"),
        ("Q&A", "q-and-a"),
        ("email@host.com", "email-at-host-dot-com"),
        ("U.S.A. policy", "usa-policy"),
        ("a/b", "a-slash-b"),
        ("  Hello   World!! ", "hello-world"),
        ("Intro-2", "intro-2"),
        ("“Smart” quotes", "smart-quotes"),
    ],
)
def test_to_url(title: str, slug: str) -> None:
    assert to_url(title) == slug


def test_slug_helpers() -> None:
    assert unique_slug("intro", {"intro", "intro-2"}) == "intro-3"
    assert unique_slug("intro", set()) == "intro"
    assert cased_title("my-new-page") == "My New Page"


def test_sanitizer_follows_canvas_allow_list() -> None:
    dirty = (
        '<p id="a b" class="c" onmouseover="x()" data-key="k" data-method="delete" aria-label="l">'
        "<!-- note --><script>alert(1)</script><b>ok</b></p>"
        '<form><input name="q"><button>go</button></form><svg><circle/></svg>'
        '<a href="javascript:alert(1)" target="_blank">bad</a><a href="tel:123">call</a>'
        '<img src="data:image/png;base64,AA" alt="x"><iframe src="https://video.example"></iframe>'
        '<span style="color: red; position: fixed; behavior: url(x)">s</span>'
    )
    assert sanitize(dirty) == (
        '<p id="ab" class="c" data-key="k" aria-label="l"><b>ok</b></p>'
        '<a target="_blank">bad</a><a href="tel:123">call</a>'
        '<img alt="x"><iframe src="https://video.example"></iframe>'
        '<span style="color: red; position: fixed">s</span>'
    )


def test_outgoing_rewrite_makes_links_absolute_and_adds_verifiers() -> None:
    html = '<a href="/courses/1/pages/x">x</a><img src="/courses/1/files/9/download">'
    assert rewrite_outgoing(html, "http://h:1", lambda file_id: "uuid9") == (
        '<a href="http://h:1/courses/1/pages/x"'
        ' data-api-endpoint="http://h:1/api/v1/courses/1/pages/x" data-api-returntype="Page">x</a>'
        '<img src="http://h:1/courses/1/files/9/download?verifier=uuid9"'
        ' data-api-endpoint="http://h:1/api/v1/courses/1/files/9" data-api-returntype="File">'
    )


def test_outgoing_rewrite_names_the_api_address_of_course_content_only() -> None:
    html = (
        '<a href="/courses/1/assignments/5" data-api-endpoint="stale">a</a>'
        '<a href="/courses/1/quizzes">q</a><a href="/about">about</a>'
        '<a href="https://elsewhere.example/courses/1/pages/x">out</a><a href="#top">top</a>'
    )
    assert rewrite_outgoing(html, "http://h:1") == (
        '<a href="http://h:1/courses/1/assignments/5" data-api-endpoint='
        '"http://h:1/api/v1/courses/1/assignments/5" data-api-returntype="Assignment">a</a>'
        '<a href="http://h:1/courses/1/quizzes" data-api-endpoint='
        '"http://h:1/api/v1/courses/1/quizzes" data-api-returntype="[Quiz]">q</a>'
        '<a href="http://h:1/about">about</a>'
        '<a href="https://elsewhere.example/courses/1/pages/x">out</a><a href="#top">top</a>'
    )


def test_incoming_drops_verifiers_from_links_but_leaves_text_alone() -> None:
    html = (
        '<p>Why does it matter?" she asked &amp;"</p>'
        '<a href="/courses/1/files/9/download?verifier=abc">f</a>'
        '<img src="/files/9/download?wrap=1&verifier=abc">'
        "<a href='/files/9/download?verifier=abc&wrap=1#top'>g</a>"
    )
    assert process_incoming(html) == (
        '<p>Why does it matter?" she asked &amp;"</p>'
        '<a href="/courses/1/files/9/download">f</a>'
        '<img src="/files/9/download?wrap=1">'
        "<a href='/files/9/download?wrap=1#top'>g</a>"
    )


def test_dates() -> None:
    assert iso(parse_strict("2025-03-01T17:00:00+01:00")) == "2025-03-01T16:00:00Z"
    assert iso(parse_strict("2025-03-01T17:00", "America/Denver")) == "2025-03-02T00:00:00Z"
    assert iso(parse_strict("2025-03-01T17:00:00.123Z")) == "2025-03-01T17:00:00Z"
    assert iso(parse_lenient("2025-03-01", "Europe/London")) == "2025-03-01T00:00:00Z"
    with pytest.raises(InvalidDate):
        parse_strict("2025-03-01")
    with pytest.raises(InvalidDate):
        parse_lenient("tomorrow")


def test_leaky_bucket() -> None:
    now = [0.0]
    bucket = Throttle(ThrottleSettings(enforce=True), clock=lambda: now[0])
    results = [bucket.reserve("t") for _ in range(12)]
    assert results[-1] == (True, 0.0)  # 12 in flight x 50 = 600 = hwm
    assert bucket.reserve("t") == (False, 0.0)
    now[0] += 10  # drains 100
    allowed, remaining = bucket.reserve("t")
    assert allowed and remaining == pytest.approx(50.0)
    assert bucket.settle("t", 0.5) == pytest.approx(99.5)


def test_iso_is_utc_whole_seconds() -> None:
    value = datetime(2025, 1, 1, 12, 0, 0, 999, tzinfo=timezone.utc)
    assert iso(value) == "2025-01-01T12:00:00Z"
