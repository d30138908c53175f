"""``build_site``: the whole preview as files in memory, a pure function of its inputs;
``write_site`` puts it on disk (the only I/O: writing pages, copying course files)."""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from canvas_npq.model import Kind
from canvas_npq.preview import views
from canvas_npq.preview.course import PreviewCourse, file_path, href_of
from canvas_npq.preview.layout import CSS, STYLESHEET, esc, shell
from canvas_npq.preview.objects import (
    assignment_content,
    discussion_content,
    page_content,
    sequence,
)
from canvas_npq.preview.schedule import ScheduleEntry

MARKER = ".canvas-npq-preview"  # says a folder holds a preview, so it may be rewritten
COVERAGE_REPORT = "coverage-report.html"


@dataclass(frozen=True)
class Site:
    """The preview: documents by path (relative, posix) and course files to copy."""

    documents: Mapping[str, str]
    copies: Mapping[str, Path] = field(default_factory=dict)  # path in the site → source


def _banner(course: PreviewCourse) -> str:
    who = f"cohort <strong>{esc(course.cohort)}</strong>" if course.cohort else "the course"
    start = (
        f", starting {esc(f'{course.start:%a} {course.start.day} {course.start:%b %Y}')}"
        if course.start
        else ""
    )
    return (
        f'<div class="banner">Preview of {who}{start}, as participants see it in Canvas. '
        f"Dates are in {esc(course.time_zone)}. Items marked "
        '<span class="pill unpublished">Unpublished</span> are hidden from participants.</div>'
    )


def build_site(
    course: PreviewCourse,
    schedule: Sequence[ScheduleEntry],
    coverage_html: str | None = None,
    *,
    live_reload: bool = False,
) -> Site:
    """Every page of the preview. ``coverage_html`` is the framework coverage report
    (``canvas-npq coverage --html``), shown under Framework coverage when given."""
    targets = course.link_targets()
    documents: dict[str, str] = {}

    def add(path: str, title: str, content: str, crumbs: list[tuple[str | None, str]]) -> None:
        section = crumbs[0][0] if crumbs and crumbs[0][0] else path
        documents[path] = shell(
            title=title,
            course_name=course.name,
            course_code=course.code,
            active=section,
            crumbs=crumbs,
            content=content,
            banner=_banner(course) if path == "index.html" else "",
            live_reload=live_reload,
        )

    links = sequence(course)
    module_of = {
        item.fields.get("content"): module for module, items in course.modules() for item in items
    }

    def crumbs_for(
        address_text: str, index: tuple[str, str], title: str
    ) -> list[tuple[str | None, str]]:
        module = module_of.get(address_text)
        if module is not None:
            return [
                ("modules.html", "Modules"),
                (f"modules.html#{module.address.key}", module.title),
                (None, title),
            ]
        return [index, (None, title)]

    for page in course.of_kind(Kind.PAGE):
        content = page_content(page, targets, links.get(page.address, (None, None)))
        add(
            href_of(page.address),
            page.title,
            content,
            crumbs_for(str(page.address), ("pages.html", "Pages"), page.title),
        )
    for assignment in course.of_kind(Kind.ASSIGNMENT):
        content = assignment_content(
            course, assignment, targets, links.get(assignment.address, (None, None))
        )
        add(
            href_of(assignment.address),
            assignment.title,
            content,
            crumbs_for(
                str(assignment.address), ("assignments.html", "Assignments"), assignment.title
            ),
        )
    for discussion in course.of_kind(Kind.DISCUSSION):
        content = discussion_content(
            discussion, targets, links.get(discussion.address, (None, None))
        )
        add(
            href_of(discussion.address),
            discussion.title,
            content,
            crumbs_for(
                str(discussion.address), ("discussions.html", "Discussions"), discussion.title
            ),
        )

    modules = views.modules_content(course)
    add("modules.html", "Modules", modules, [(None, "Modules")])
    add("pages.html", "Pages", views.pages_content(course), [(None, "Pages")])
    add(
        "assignments.html",
        "Assignments",
        views.assignments_content(course),
        [(None, "Assignments")],
    )
    add(
        "discussions.html",
        "Discussions",
        views.discussions_content(course),
        [(None, "Discussions")],
    )
    add("files.html", "Files", views.files_content(course), [(None, "Files")])
    add("calendar.html", "Calendar", views.calendar_content(course, targets), [(None, "Calendar")])
    add("schedule.html", "Schedule", views.schedule_content(course, schedule), [(None, "Schedule")])
    add(
        "syllabus.html",
        "Syllabus",
        views.syllabus_content(course, targets, schedule),
        [(None, "Syllabus")],
    )
    if coverage_html is not None:
        documents[COVERAGE_REPORT] = coverage_html
        coverage = (
            '<h1 class="page-title">Framework coverage</h1>'
            f'<p><a href="{COVERAGE_REPORT}">Open the report on its own</a></p>'
            f'<iframe class="coverage" src="{COVERAGE_REPORT}" title="Framework coverage"></iframe>'
        )
    else:
        coverage = (
            '<h1 class="page-title">Framework coverage</h1>'
            '<p class="muted">The spec names no framework (add <code>framework:</code> to '
            "course.yaml).</p>"
        )
    add("coverage.html", "Framework coverage", coverage, [(None, "Framework coverage")])
    add("index.html", "Home", _home(course, modules, documents), [])
    documents[STYLESHEET] = CSS.lstrip()
    copies = {
        file_path(f): course.spec_root / str(f.fields.get("path") or "")
        for f in course.of_kind(Kind.FILE)
    }
    return Site(documents, copies)


def _home(course: PreviewCourse, modules: str, documents: Mapping[str, str]) -> str:
    """What Canvas opens on: the front page (``default_view: wiki``), the syllabus,
    the assignments, or the modules (Canvas's default for a new course)."""
    view = course.course.fields.get("default_view")
    if view == "wiki":
        for page in course.of_kind(Kind.PAGE):
            if page.fields.get("front_page"):
                return page_content(page, course.link_targets(), (None, None))
    if view == "syllabus":
        return _inner(documents["syllabus.html"])
    if view == "assignments":
        return _inner(documents["assignments.html"])
    return modules


def _inner(document: str) -> str:
    start = document.index('<main id="content">') + len('<main id="content">')
    return document[start : document.index("</main>")]


def write_site(site: Site, out: Path) -> int:
    """Write the site into ``out``; returns the number of files written.

    ``out`` must be missing, empty, or an earlier preview (it holds ``MARKER``): a
    folder of other files is refused rather than overwritten.
    """
    if out.exists() and not out.is_dir():
        raise FileExistsError(f"{out} is a file; give a folder for the preview")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise FileExistsError(
            f"{out} is not empty and holds no earlier preview; give an empty or new folder"
        )
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("written by canvas-npq preview\n", encoding="utf-8")
    for path, text in site.documents.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for path, source in site.copies.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return len(site.documents) + len(site.copies)
