"""The API token from the system keyring: stored with `canvas-npq token set`, used when
neither CANVAS_API_TOKEN nor --token-file gives one, and never shown."""

from __future__ import annotations

import keyring
import pytest
from click.testing import CliRunner
from keyring.backend import KeyringBackend
from keyring.errors import NoKeyringError, PasswordDeleteError

from canvas_npq.canvas.client import KEYRING_SERVICE, CanvasConfig
from canvas_npq.canvas.errors import ConfigurationError
from canvas_npq.cli.main import cli

URL = "https://school.instructure.com"
SECRET = "7~keyringSecretTokenValue"


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.store.pop((service, username), None) is None:
            raise PasswordDeleteError("not stored")


class NoBackend(KeyringBackend):
    """What a CI runner has: no keyring at all."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise NoKeyringError("no backend")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise NoKeyringError("no backend")

    def delete_password(self, service: str, username: str) -> None:
        raise NoKeyringError("no backend")


@pytest.fixture
def memory(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    monkeypatch.delenv("CANVAS_API_TOKEN", raising=False)
    monkeypatch.delenv("CANVAS_API_URL", raising=False)
    yield backend
    keyring.set_keyring(previous)


def run(*args: str, stdin: str | None = None, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), input=stdin, env=env or {})


def test_a_stored_token_is_used_and_never_shown(memory: MemoryKeyring) -> None:
    stored = run("token", "set", "--url", URL + "/", stdin=SECRET + "\n")
    assert stored.exit_code == 0, stored.output
    assert memory.store == {(KEYRING_SERVICE, URL): SECRET}
    assert SECRET not in stored.output
    assert CanvasConfig.from_env(url=URL).token == SECRET
    status = run("token", "status", "--url", URL)
    assert status.exit_code == 0 and "stored in the system keyring" in status.output
    assert SECRET not in status.output


def test_the_environment_and_a_token_file_come_before_the_keyring(
    memory: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    memory.set_password(KEYRING_SERVICE, URL, SECRET)
    monkeypatch.setenv("CANVAS_API_TOKEN", "7~fromTheEnvironment")
    assert CanvasConfig.from_env(url=URL).token == "7~fromTheEnvironment"
    token_file = tmp_path / "token"
    token_file.write_text("7~fromTheFile\n")
    assert CanvasConfig.from_env(url=URL, token_file=token_file).token == "7~fromTheFile"


def test_tokens_are_kept_per_canvas(memory: MemoryKeyring) -> None:
    memory.set_password(KEYRING_SERVICE, "https://other.instructure.com", SECRET)
    with pytest.raises(ConfigurationError, match="canvas-npq token set --url " + URL):
        CanvasConfig.from_env(url=URL)


def test_delete_removes_it_and_a_bad_token_is_not_stored(memory: MemoryKeyring) -> None:
    assert run("token", "set", "--url", URL, stdin="has a space\n").exit_code == 1
    assert memory.store == {}
    memory.set_password(KEYRING_SERVICE, URL, SECRET)
    deleted = run("token", "delete", "--url", URL)
    assert deleted.exit_code == 0 and "Removed" in deleted.output
    assert memory.store == {}
    assert "No API token is stored" in run("token", "delete", "--url", URL).output
    assert run("token", "status", "--url", URL).exit_code == 1


def test_a_machine_without_a_keyring_falls_back_to_the_usual_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CANVAS_API_TOKEN", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(NoBackend())
    try:
        with pytest.raises(ConfigurationError, match="set CANVAS_API_TOKEN"):
            CanvasConfig.from_env(url=URL)
        failed = run("token", "set", "--url", URL, stdin=SECRET + "\n")
        assert failed.exit_code == 1 and "CANVAS_API_TOKEN or --token-file" in failed.output
        assert SECRET not in failed.output
    finally:
        keyring.set_keyring(previous)


def test_a_token_is_never_stored_for_plain_http_to_another_host(memory: MemoryKeyring) -> None:
    result = run("token", "set", "--url", "http://school.example", stdin=SECRET + "\n")
    assert result.exit_code == 1 and "https://" in result.output
    assert memory.store == {}
