"""The preview site builder: what each page shows, links, escaping, writing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from canvas_npq import sync
from canvas_npq.cli.preview import build_preview
from canvas_npq.model import Kind
from canvas_npq.preview import write_site
from canvas_npq.preview.links import UNRESOLVED
from tests.preview.conftest import NPQLTD, edit


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_every_page_assignment_and_discussion_of_npqltd_has_its_own_file() -> None:
    site = build_preview(str(NPQLTD), "autumn-2026")
    _, desired = sync.load(NPQLTD, "autumn-2026")
    expected = {
        f"{kind.value}-{r.address.key}.html"
        for kind in (Kind.PAGE, Kind.ASSIGNMENT, Kind.DISCUSSION)
        for r in desired.of_kind(kind)
    }
    assert len(expected) > 60
    assert expected <= set(site.documents)
    # The handouts are copied from the spec folder, under their Canvas folder.
    assert site.copies["files/handouts/mit-handout.docx"] == NPQLTD / "handouts/mit-handout.docx"


def test_bodies_are_the_desired_snapshot_that_apply_sends(spec_dir: Path) -> None:
    site = build_preview(str(spec_dir), None)
    _, desired = sync.load(spec_dir)
    unit = next(r for r in desired.of_kind(Kind.PAGE) if r.address.key == "unit-1-1")
    page = site.documents["page-unit-1-1.html"]
    # The body, its marker and the intended-outcomes table (when configured) all come
    # from the same desired body apply would send.
    assert '<div data-canvas-npq-id="unit-1-1">' in page
    assert "<h2>Why this matters</h2>" in unit.fields["body"]
    assert "<h2>Why this matters</h2>" in page
    assert "<td>25 minutes</td>" in page


def test_home_is_the_front_page_with_the_cohort_banner(spec_dir: Path) -> None:
    site = build_preview(str(spec_dir), "first-cohort")
    home = site.documents["index.html"]
    assert "Preview of cohort <strong>first-cohort</strong>, starting Mon 11 Jan 2027" in home
    assert '<h1 class="page-title">Welcome</h1>' in home
    assert 'href="index.html" class="active"' in home


def test_home_is_the_modules_when_the_course_opens_on_them(spec_dir: Path) -> None:
    edit(spec_dir / "course.yaml", "default_view: wiki", "default_view: modules")
    site = build_preview(str(spec_dir), None)
    assert '<h1 class="page-title">Modules</h1>' in site.documents["index.html"]


def test_modules_show_indents_requirements_unlocks_and_prerequisites(spec_dir: Path) -> None:
    edit(
        spec_dir / "course.yaml",
        "events:",
        """  - id: block-2
    title: "Block 2: Next steps"
    prerequisites: [block-1]
    unlock_at: week 4
    require_sequential_progress: true
    published: false
    items:
      - type: link
        id: b2-link
        title: A <b>bold</b> link
        url: https://example.org/?a=1&b=2
        new_tab: true
        completion: must_view

events:""",
    )
    modules = build_preview(str(spec_dir), None).documents["modules.html"]
    unit = re.search(r'<li class="item indent-1 page">.*?</li>', modules)
    assert unit is not None and 'href="page-unit-1-1.html"' in unit.group(0)
    assert '<span class="pill requirement">View</span>' in unit.group(0)
    mit = re.search(r'<li class="item indent-1 assignment">.*?</li>', modules)
    assert mit is not None and "Submit" in mit.group(0)
    assert "Due Fri 29 Jan 2027, 17:00" in mit.group(0)
    block_2 = modules[modules.index('id="block-2"') :]
    assert "Locked until Mon 1 Feb 2027, 00:00 GMT" in block_2
    assert "Prerequisites: Block 1: Getting started" in block_2
    assert "complete all items in order" in block_2
    assert 'class="pill unpublished"' in block_2
    # Titles and URLs are escaped, never markup.
    assert "A &lt;b&gt;bold&lt;/b&gt; link" in block_2
    assert 'href="https://example.org/?a=1&amp;b=2" target="_blank"' in block_2


def test_assignment_shows_due_date_in_local_time_and_rubric_table(tmp_path: Path) -> None:
    site = build_preview(str(NPQLTD), "spring-2027")
    mit = site.documents["assignment-mit-1.html"]
    assert "<dt>Marked</dt><dd>Complete / incomplete</dd>" in mit
    assert "a file upload or a text entry box" in mit or "a text entry box or a file upload" in mit
    rubric = mit[mit.index('<table class="rubric">') :]
    assert rubric.count('<th scope="row">') >= 3
    assert "Total points:" in rubric


def test_due_dates_follow_the_cohort_time_zone_across_summer_time(spec_dir: Path) -> None:
    edit(spec_dir / "course.yaml", "due_at: week 3 friday 17:00", "due_at: week 12 friday 17:00")
    mit = build_preview(str(spec_dir), None).documents["assignment-mit-1.html"]
    # 11 Jan + 11 weeks: Friday 2 April 2027, after the clocks went forward.
    assert "<dt>Due</dt><dd>Fri 2 Apr 2027, 17:00 BST</dd>" in mit


def test_course_links_and_file_links_point_into_the_preview(spec_dir: Path) -> None:
    (spec_dir / "files").mkdir()
    (spec_dir / "files" / "plan template.docx").write_bytes(b"PK\x03\x04 not really")
    edit(
        spec_dir / "course.yaml",
        "pages:",
        "files:\n  - id: plan-docx\n    path: files/plan template.docx\n    folder: handouts\n\n"
        "pages:",
    )
    (spec_dir / "pages" / "welcome.md").write_text(
        "See [the unit]($CANVAS_COURSE_REFERENCE$/pages/1-dot-1-what-makes-professional"
        "-development-effective), [the task]($CANVAS_COURSE_REFERENCE$/assignments/mit-1),"
        " [modules]($CANVAS_COURSE_REFERENCE$/modules), [a gone page]"
        "($CANVAS_COURSE_REFERENCE$/pages/no-such-page), the"
        " [template](../files/plan%20template.docx) and [the web](https://example.org).\n"
        "<script>alert(1)</script>\n",
        encoding="utf-8",
    )
    site = build_preview(str(spec_dir), None)
    home = site.documents["page-welcome.html"]
    assert 'href="page-unit-1-1.html"' in home
    assert 'href="assignment-mit-1.html"' in home
    assert 'href="modules.html"' in home
    assert f'href="{UNRESOLVED}"' in home
    assert 'href="files/handouts/plan%20template.docx"' in home
    assert 'href="https://example.org"' in home
    assert "<script>" not in home and "alert(1)" not in home
    assert site.copies["files/handouts/plan template.docx"] == (
        spec_dir / "files" / "plan template.docx"
    )


def test_titles_are_escaped_everywhere(spec_dir: Path) -> None:
    edit(spec_dir / "course.yaml", 'title: "1.1 What', 'title: "<img src=x onerror=alert(1)> What')
    site = build_preview(str(spec_dir), None)
    for name, document in site.documents.items():
        assert "<img src=x" not in document, name
    assert "&lt;img src=x onerror=alert(1)&gt; What" in site.documents["modules.html"]


def test_calendar_syllabus_schedule_and_coverage(spec_dir: Path) -> None:
    site = build_preview(str(spec_dir), None)
    calendar = _text(site.documents["calendar.html"])
    assert "Tuesday 12 January 2027 Welcome webinar 16:00–17:00 GMT" in calendar
    schedule = _text(site.documents["schedule.html"])
    assert "Week 1 Tue 12 Jan 2027 16:00–17:00 Event Welcome webinar" in schedule
    assert "Week 3 Fri 29 Jan 2027 17:00 Due MIT 1: Exploring your priority" in schedule
    syllabus = site.documents["syllabus.html"]
    assert "Course summary" in syllabus and 'href="assignment-mit-1.html"' in syllabus
    assert "<iframe" in site.documents["coverage.html"]
    assert "<table" in site.documents["coverage-report.html"]


def test_write_site_refuses_a_folder_of_other_files(spec_dir: Path, tmp_path: Path) -> None:
    site = build_preview(str(spec_dir), None)
    out = tmp_path / "site"
    assert write_site(site, out) == len(site.documents)
    assert (out / "index.html").read_text(encoding="utf-8") == site.documents["index.html"]
    assert write_site(site, out) == len(site.documents)  # an earlier preview: rewritten
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError, match="not empty"):
        write_site(site, other)
    assert (other / "notes.txt").read_text(encoding="utf-8") == "mine"
