"""`preview --serve`: served on loopback, rebuilt on save, errors shown in the page."""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from pathlib import Path

from canvas_npq.cli.preview import _describe, build_preview
from canvas_npq.preview.layout import RELOAD_SCRIPT
from canvas_npq.preview.serve import VERSION_PATH, PreviewServer
from tests.preview.conftest import edit


def _server(spec_dir: Path) -> PreviewServer:
    return PreviewServer(
        lambda: build_preview(str(spec_dir), None, live_reload=True), spec_dir, _describe
    )


def _touch_later(path: Path) -> None:
    """Make sure the save is seen even on a file system with coarse timestamps."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def test_pages_are_served_with_the_reload_script(spec_dir: Path) -> None:
    server = _server(spec_dir)
    server.start()
    try:
        assert server.url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(server.url) as response:
            home = response.read().decode()
        assert f'<script src="{RELOAD_SCRIPT}">' in home and "Welcome" in home
        with urllib.request.urlopen(server.url + RELOAD_SCRIPT.lstrip("/")) as response:
            assert VERSION_PATH in response.read().decode()
        with urllib.request.urlopen(server.url + VERSION_PATH.lstrip("/")) as response:
            assert json.loads(response.read()) == {"version": 1, "error": None}
    finally:
        server.shutdown()


def test_a_save_rebuilds_and_a_broken_spec_shows_its_error(spec_dir: Path) -> None:
    server = _server(spec_dir)
    body = spec_dir / "pages" / "welcome.md"
    body.write_text("# Welcome, edited\n", encoding="utf-8")
    _touch_later(body)
    assert server.changed()
    server.rebuild()
    assert server.version == 2
    status, _, page = server.respond("/index.html")
    assert status == 200 and b"Welcome, edited" in page

    edit(spec_dir / "course.yaml", "grading: complete_incomplete", "grading: sometimes")
    _touch_later(spec_dir / "course.yaml")
    assert server.changed()
    server.rebuild()  # no exception: the error is kept for the page
    status, _, page = server.respond("/page-unit-1-1.html")
    assert status == 500
    assert b"The preview could not be built." in page
    assert b"course.yaml:" in page and b"sometimes" in page
    assert server.changed() is False

    edit(spec_dir / "course.yaml", "grading: sometimes", "grading: complete_incomplete")
    _touch_later(spec_dir / "course.yaml")
    assert server.changed()
    server.rebuild()
    assert server.error is None
    assert server.respond("/page-unit-1-1.html")[0] == 200


def test_the_watcher_rebuilds_by_itself(spec_dir: Path) -> None:
    server = _server(spec_dir)
    server.start()
    try:
        body = spec_dir / "block-1" / "unit-1-1.md"
        body.write_text("## Rewritten while serving\n", encoding="utf-8")
        _touch_later(body)
        deadline = time.monotonic() + 10
        while server.version < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.version >= 2
        try:
            with urllib.request.urlopen(server.url + "page-unit-1-1.html") as response:
                assert b"Rewritten while serving" in response.read()
        except urllib.error.HTTPError as error:  # pragma: no cover - shows why
            raise AssertionError(error.read().decode()) from error
    finally:
        server.shutdown()


def test_unknown_paths_are_404_and_files_are_served_from_the_spec(spec_dir: Path) -> None:
    server = _server(spec_dir)
    assert server.respond("/nothing-here.html")[0] == 404
    assert server.respond("/preview.css")[1].startswith("text/css")
