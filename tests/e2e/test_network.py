"""canvas-npq behind a company proxy: HTTPS_PROXY/HTTP_PROXY/NO_PROXY and the CA
variables are honoured, the token goes only to the configured Canvas, and a .netrc
adds nothing. A forwarding proxy on loopback records what passes through it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from canvas_npq.cli.main import cli
from canvas_npq.sandbox import Sandbox
from tests.e2e.conftest import TOKEN, CourseFixture
from tests.e2e.forwarding_proxy import ForwardingProxy

pytestmark = pytest.mark.e2e

PROXY_VARIABLES = [
    f"{name}{suffix}" for name in ("http", "https", "all", "no") for suffix in ("_proxy", "_PROXY")
]


@pytest.fixture
def proxy() -> Iterator[ForwardingProxy]:
    with ForwardingProxy() as running:
        yield running


def run_cli(sandbox: Sandbox, argv: list[str], **env: str) -> tuple[int, str]:
    # Start from no proxy settings at all, whatever the machine running the tests has.
    environment: dict[str, str | None] = dict.fromkeys(
        [*PROXY_VARIABLES, "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "CURL_CA_BUNDLE"]
    )
    environment.update(CANVAS_API_URL=sandbox.url, CANVAS_API_TOKEN=TOKEN, **env)
    result = CliRunner().invoke(cli, argv, env=environment, catch_exceptions=False)
    return result.exit_code, result.output


def test_plan_and_apply_go_through_the_proxy_and_the_token_only_to_canvas(
    course: CourseFixture, proxy: ForwardingProxy, tmp_path: Path
) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login intruder password from-netrc\n")
    before = len(course.sandbox.requests)
    code, output = run_cli(
        course.sandbox,
        ["apply", str(course.spec), "--course", str(course.course_id), "--yes"],
        HTTP_PROXY=proxy.url,
        HTTPS_PROXY=proxy.url,
        NETRC=str(netrc),
    )
    assert code == 0, output
    served = len(course.sandbox.requests) - before
    # Every request Canvas served came through the proxy (file uploads included).
    assert len(proxy.seen) == served > 0
    assert {seen.origin for seen in proxy.seen} == {course.sandbox.url}
    api = [seen for seen in proxy.seen if "/api/v1/" in seen.url]
    uploads = [seen for seen in proxy.seen if "/api/v1/" not in seen.url]
    assert uploads, "the small spec uploads its handouts"
    # The token, as the bearer header, on every API request, never from .netrc ...
    assert all(seen.authorization == f"Bearer {TOKEN}" for seen in api)
    # ... and never with an upload to the file store.
    assert all(seen.authorization is None for seen in uploads)


def test_no_proxy_bypasses_the_proxy(course: CourseFixture, proxy: ForwardingProxy) -> None:
    code, output = run_cli(
        course.sandbox,
        ["plan", str(course.spec), "--course", str(course.course_id)],
        HTTP_PROXY=proxy.url,
        NO_PROXY="127.0.0.1,localhost",
    )
    assert code == 0, output
    assert proxy.seen == []


def test_a_ca_bundle_that_does_not_exist_is_an_input_error(
    course: CourseFixture, tmp_path: Path
) -> None:
    before = len(course.sandbox.requests)
    missing = tmp_path / "company-ca.pem"
    code, output = run_cli(
        course.sandbox,
        ["plan", str(course.spec), "--course", str(course.course_id)],
        REQUESTS_CA_BUNDLE=str(missing),
    )
    assert code == 1
    assert f"REQUESTS_CA_BUNDLE names {missing}, which does not exist" in output
    assert len(course.sandbox.requests) == before
