"""The network settings canvas-npq takes from the environment: proxies per URL
(NO_PROXY honoured) and the CA certificates to verify TLS with."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests

from canvas_npq.canvas.errors import ConfigurationError
from canvas_npq.canvas.network import environment_ca_bundle, environment_proxies, plain_session

VARIABLES = [
    "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
    "no_proxy", "NO_PROXY", "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "CURL_CA_BUNDLE",
]  # fmt: skip


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_proxies_come_from_the_environment_unless_no_proxy_covers_the_host(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.school.example:3128")
    monkeypatch.setenv("NO_PROXY", "files.internal.example")
    assert environment_proxies("https://school.instructure.com/api/v1/courses")["https"] == (
        "http://proxy.school.example:3128"
    )
    assert environment_proxies("https://files.internal.example/x") == {}


def test_no_environment_means_no_proxy_and_the_bundled_certificates() -> None:
    assert environment_proxies("https://school.instructure.com/") == {}
    assert environment_ca_bundle() is True


def test_requests_ca_bundle_comes_before_ssl_cert_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    first, second = tmp_path / "a.pem", tmp_path / "b.pem"
    first.write_text("pem"), second.write_text("pem")
    monkeypatch.setenv("SSL_CERT_FILE", str(second))
    assert environment_ca_bundle() == str(second)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(first))
    assert environment_ca_bundle() == str(first)


def test_a_missing_ca_bundle_is_refused_with_the_variable_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "nope.pem"))
    with pytest.raises(ConfigurationError, match=r"SSL_CERT_FILE names .*nope\.pem"):
        environment_ca_bundle()


def test_the_plain_session_sends_with_the_environment_and_no_netrc(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_text("pem")
    netrc = tmp_path / "netrc"
    netrc.write_text("machine files.example login a password b\n")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("NETRC", str(netrc))
    sent: dict[str, Any] = {}

    def capture(self: Any, request: requests.PreparedRequest, **kwargs: Any) -> Any:
        sent.update(kwargs, headers=dict(request.headers))
        response = requests.Response()
        response.status_code = 204
        response.request = request
        return response

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", capture)
    with plain_session() as session:
        session.post("https://files.example/upload", data={"a": "b"})
    assert sent["proxies"] == {"https": "http://proxy.example:3128"}
    assert sent["verify"] == str(bundle)
    assert "Authorization" not in sent["headers"]
