"""The NPQLTD preview in a real browser: Debian's chromium, driven by Playwright.

Playwright's own browser download does not work here (and is never attempted):
``make test`` installs Debian's ``chromium`` when it can. Without it these tests are
skipped with the reason, except under CI (``CI=true``), where they must run.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest

from canvas_npq import sync
from canvas_npq.cli.preview import _describe, build_preview
from canvas_npq.model import Kind
from canvas_npq.preview import write_site
from canvas_npq.preview.serve import PreviewServer
from tests.preview.conftest import NPQLTD, REPO

CHROMIUM = os.environ.get("CANVAS_NPQ_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts"


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} not found (apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    missing = _missing()
    if missing is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run under CI, but {missing}")
        pytest.skip(f"browser tests skipped: {missing}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("npqltd-preview")
    write_site(build_preview(str(NPQLTD), "autumn-2026"), out)
    return out


def _relative(url: str, root: Path) -> str | None:
    parts = urlsplit(url)
    if parts.scheme != "file":
        return None
    path = Path(unquote(parts.path))
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else None


def test_every_object_is_reachable_from_home_without_console_errors(
    browser, site_dir: Path
) -> None:
    page = browser.new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"{message.type}: {message.text}") if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    seen: set[str] = set()
    queue = ["index.html"]
    broken: list[str] = []
    while queue:
        name = queue.pop()
        if name in seen:
            continue
        seen.add(name)
        if not name.endswith(".html"):
            if not (site_dir / name).is_file():
                broken.append(name)
            continue
        page.goto((site_dir / name).as_uri(), wait_until="domcontentloaded")
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            target = _relative(urldefrag(href).url, site_dir)
            if target is not None:
                queue.append(target)
    page.close()
    _, desired = sync.load(NPQLTD, "autumn-2026")
    expected = {
        f"{kind.value}-{r.address.key}.html"
        for kind in (Kind.PAGE, Kind.ASSIGNMENT, Kind.DISCUSSION)
        for r in desired.of_kind(kind)
    }
    assert expected - seen == set()
    assert broken == []
    assert {"files/handouts/mit-handout.docx", "coverage-report.html"} <= seen
    assert problems == []


def test_following_links_like_a_participant(browser, site_dir: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((site_dir / "index.html").as_uri())
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "preview-home.png"))
    page.click("nav.course-nav >> text=Modules")
    assert page.locator("h1.page-title").inner_text() == "Modules"
    page.screenshot(path=str(ARTIFACTS / "preview-modules.png"))
    page.click("text=1.1a Introduction to effective professional development")
    assert page.locator("h1.page-title").inner_text().startswith("1.1a Introduction")
    page.click("a.next")
    assert page.locator("h1.page-title").inner_text().startswith("1.1b ")
    page.click(".crumbs >> text=Block 1: Leading improvement")
    assert page.url.endswith("modules.html#block-1")
    page.click("nav.course-nav >> text=Assignments")
    page.click("text=MIT 1: Exploring – your theory of change")
    assert page.locator("table.rubric tbody tr").count() >= 3
    page.screenshot(path=str(ARTIFACTS / "preview-assignment.png"), full_page=True)
    page.close()
    assert (ARTIFACTS / "preview-home.png").stat().st_size > 10_000


def test_served_preview_reloads_the_page_when_a_file_is_saved(browser, tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(REPO / "canvas_npq" / "spec" / "template", spec)
    server = PreviewServer(
        lambda: build_preview(str(spec), None, live_reload=True), spec, _describe
    )
    server.start()
    page = browser.new_page()
    try:
        page.goto(server.url + "page-unit-1-1.html")
        assert "Why this matters" in page.content()
        body = spec / "block-1" / "unit-1-1.md"
        body.write_text("## Saved while the page was open\n", encoding="utf-8")
        stat = body.stat()
        os.utime(body, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
        page.wait_for_selector("text=Saved while the page was open", timeout=10_000)
        (spec / "course.yaml").write_text("course: [\n", encoding="utf-8")
        page.wait_for_selector("text=The preview could not be built.", timeout=10_000)
        assert "course.yaml" in page.inner_text("pre")
    finally:
        page.close()
        server.shutdown()
        time.sleep(0.05)
