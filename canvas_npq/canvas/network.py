"""The network settings canvas-npq takes from the environment, and nothing else from it.

``HTTPS_PROXY``/``HTTP_PROXY``/``ALL_PROXY`` with ``NO_PROXY``, and the CA certificates
of ``REQUESTS_CA_BUNDLE``/``SSL_CERT_FILE``: a school reaches hosted Canvas through a
proxy, often a TLS-inspecting one. A session that trusted the environment would also
take credentials from ``.netrc`` (replacing the token's header), so sessions keep
``trust_env`` off and mount :class:`EnvironmentNetwork` instead.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from canvas_npq.canvas.errors import ConfigurationError

CA_BUNDLE_VARIABLES = ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "CURL_CA_BUNDLE")


def environment_proxies(url: str) -> dict[str, str]:
    """The proxies the environment names for ``url`` (``HTTPS_PROXY``, ``HTTP_PROXY``,
    ``ALL_PROXY``, in either case), or none when ``NO_PROXY`` covers its host."""
    return dict(requests.utils.get_environ_proxies(url))


def environment_ca_bundle() -> str | bool:
    """The CA certificates to verify TLS with: a file or folder the environment names
    (a company's TLS-inspecting proxy, a private CA), else the bundled ones (True)."""
    for name in CA_BUNDLE_VARIABLES:
        value = os.environ.get(name, "").strip()
        if value:
            if not Path(value).exists():
                raise ConfigurationError(
                    f"{name} names {value}, which does not exist: point it at a PEM file "
                    "of CA certificates, or unset it."
                )
            return value
    return True


class EnvironmentNetwork(HTTPAdapter):
    """Proxies and CA certificates from the environment, and nothing else from it.

    A session that trusts the environment would also take credentials from ``.netrc``
    (replacing the Authorization header), so sessions keep ``trust_env`` off and
    mount this adapter instead.
    """

    def send(self, request: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        kwargs["proxies"] = environment_proxies(request.url)
        if kwargs.get("verify", True) is True:
            kwargs["verify"] = environment_ca_bundle()
        return super().send(request, **kwargs)


def plain_session() -> requests.Session:
    """A session without the token (file uploads to Canvas's file store), with the
    environment's network settings and nothing else from the environment."""
    session = requests.Session()
    session.trust_env = False
    adapter = EnvironmentNetwork()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
