"""``preview --serve``: the preview on loopback, rebuilt when a spec file is saved.

The site is kept in memory and served by the standard library's threaded HTTP server.
A watcher thread polls the spec folder's modification times (twice a second: a spec
is a few hundred small files, so polling costs nothing and needs no native watcher,
which also works on network and container mounts where inotify does not) and rebuilds
on a change. Each page loads a small script that polls ``/__preview__/version`` and
reloads when the version moves. A build that fails keeps the server up: every page
then shows the error, and the next good save brings the course back.
"""

from __future__ import annotations

import json
import mimetypes
import os
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from canvas_npq.preview.layout import CSS, RELOAD_SCRIPT, STYLESHEET, esc
from canvas_npq.preview.site import Site

VERSION_PATH = "/__preview__/version"
POLL_SECONDS = 0.5
RELOAD_JS = f"""(function () {{
  var seen = null;
  function check() {{
    fetch("{VERSION_PATH}", {{cache: "no-store"}}).then(function (r) {{ return r.json(); }})
      .then(function (data) {{
        if (seen === null) {{ seen = data.version; }}
        else if (data.version !== seen) {{ window.location.reload(); return; }}
        setTimeout(check, 700);
      }}, function () {{ setTimeout(check, 2000); }});
  }}
  check();
}})();
"""


def spec_mtimes(root: Path) -> dict[str, float]:
    """Modification time of every file under ``root`` (hidden folders skipped)."""
    found: dict[str, float] = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = os.path.join(folder, name)
            try:
                found[path] = os.stat(path).st_mtime_ns
            except OSError:  # removed while walking
                continue
    return found


def error_page(message: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<title>Preview: build failed</title><link rel="stylesheet" href="/{STYLESHEET}">'
        f'<script src="{RELOAD_SCRIPT}"></script></head><body><main id="content">'
        '<div class="banner error"><strong>The preview could not be built.</strong> '
        "Fix the spec and save: this page reloads by itself."
        f"<pre>{esc(message)}</pre></div></main></body></html>\n"
    )


class PreviewServer:
    """Builds the site with ``build`` and serves it; ``describe`` turns a build
    exception into the message shown (re-raised when it returns None: a bug)."""

    def __init__(
        self,
        build: Callable[[], Site],
        root: Path,
        describe: Callable[[Exception], str | None],
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self._build = build
        self._describe = describe
        self.root = root
        self.site: Site | None = None
        self.error: str | None = None
        self.version = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._mtimes = spec_mtimes(root)
        self.rebuild()
        self.httpd = ThreadingHTTPServer((host, port), self._handler())
        self.httpd.daemon_threads = True

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else host
        return f"http://{name}:{port}/"

    def rebuild(self) -> None:
        try:
            site = self._build()
            error = None
        except Exception as exc:
            message = self._describe(exc)
            if message is None:
                raise
            site, error = None, message
        with self._lock:
            self.site = site if site is not None else self.site
            self.error = error
            self.version += 1

    def changed(self) -> bool:
        """Whether a spec file was saved, added or removed since the last look."""
        now = spec_mtimes(self.root)
        if now == self._mtimes:
            return False
        self._mtimes = now
        return True

    def _watch(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            if self.changed():
                self.rebuild()

    def serve_forever(self) -> None:
        watcher = threading.Thread(target=self._watch, name="preview-watch", daemon=True)
        watcher.start()
        try:
            self.httpd.serve_forever(poll_interval=0.2)
        finally:
            self._stop.set()
            self.httpd.server_close()

    def start(self) -> threading.Thread:
        """Serve in a background thread (for tests); ``shutdown`` stops it."""
        thread = threading.Thread(target=self.serve_forever, name="preview-serve", daemon=True)
        thread.start()
        return thread

    def shutdown(self) -> None:
        self._stop.set()
        self.httpd.shutdown()

    def respond(self, raw_path: str) -> tuple[int, str, bytes]:
        """Status, content type and body for a GET of ``raw_path``."""
        path = unquote(urlsplit(raw_path).path)
        with self._lock:
            site, error, version = self.site, self.error, self.version
        if path == VERSION_PATH:
            body = json.dumps({"version": version, "error": error}).encode()
            return HTTPStatus.OK, "application/json", body
        if path == RELOAD_SCRIPT:
            return HTTPStatus.OK, "text/javascript; charset=utf-8", RELOAD_JS.encode()
        name = path.lstrip("/") or "index.html"
        if name == STYLESHEET:
            return HTTPStatus.OK, "text/css; charset=utf-8", CSS.encode()
        if error is not None and (name.endswith(".html") or site is None):
            return (
                HTTPStatus.INTERNAL_SERVER_ERROR,
                "text/html; charset=utf-8",
                error_page(error).encode(),
            )
        assert site is not None
        if name in site.documents:
            kind = "text/html" if name.endswith(".html") else "text/css"
            return HTTPStatus.OK, f"{kind}; charset=utf-8", site.documents[name].encode()
        if name in site.copies:
            kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return HTTPStatus.OK, kind, site.copies[name].read_bytes()
        return HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"Not in this preview.\n"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, kind, body = server.respond(self.path)
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return  # quiet: the terminal shows the URL and rebuilds only

        return Handler
