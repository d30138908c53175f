"""Every way a body can point at a file on this computer is checked by validate (and so
by plan and apply, which validate first), with the body's file and line: nothing that
leaves the spec folder, names a missing or unlisted file or a folder, or is a file:
address reaches Canvas."""

from __future__ import annotations

from pathlib import Path

import pytest

from canvas_npq.spec import SpecError, load_spec
from tests.unit.test_files import COURSE, write


def problems(tmp_path: Path, page: str, course: str = COURSE) -> list[str]:
    with pytest.raises(SpecError) as caught:
        load_spec(write(tmp_path, course=course, page=page))
    return [str(p) for p in caught.value.problems]


HOSTILE = {
    "reference-style link to a missing file": (
        "Read [the plan][r] first.\n\n[r]: ../handouts/missing.docx\n",
        "pages/p.md:1:",
        "linked file 'handouts/missing.docx' not found",
    ),
    "angle brackets and a space": (
        "See [x](<../handouts/no such.docx>).\n",
        "pages/p.md:1:",
        "linked file 'handouts/no such.docx' not found",
    ),
    "climbing out": ("Go [x](../../../../etc/passwd).\n", "pages/p.md:1:", "leaves the spec"),
    "climbing out through dots": (
        "Line one.\nGo [x](./././../../../etc/hosts).\n",
        "pages/p.md:2:",
        "leaves the spec",
    ),
    "percent-encoded slashes": (
        "Go [x](..%2F..%2Fetc%2Fpasswd).\n",
        "pages/p.md:1:",
        "leaves the spec",
    ),
    "a folder": ("All [handouts](../handouts/).\n", "pages/p.md:1:", "names a folder"),
    "raw HTML image": (
        'Look:\n\n<img src="../../../etc/passwd">\n',
        "pages/p.md:3:",
        "leaves the spec",
    ),
    "inline raw HTML link": (
        'A <a href="../../secret.txt">link</a>.\n',
        "pages/p.md:1:",
        "leaves the spec",
    ),
    "file: address": ("Open [x](file:///etc/passwd).\n", "pages/p.md:1:", "file: address"),
    "file: address in raw HTML": (
        '<p><a href="file:///C:/Users/me/plan.docx">plan</a></p>\n',
        "pages/p.md:1:",
        "file: address",
    ),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_link_is_refused_with_file_and_line(tmp_path: Path, case: str) -> None:
    page, where, what = HOSTILE[case]
    found = problems(tmp_path, page)
    assert any(p.startswith(where) and what in p for p in found), found


def test_links_that_are_not_files_pass(tmp_path: Path) -> None:
    page = (
        "[plan](../handouts/action%20plan.docx), [web](https://e.org/a.docx), "
        "[anchor](#top), [slug](unit-1-2), [placeholder]($CANVAS_COURSE_REFERENCE$/pages/p)\n"
    )
    load_spec(write(tmp_path, page=page))


def test_a_body_must_be_a_markdown_or_html_file(tmp_path: Path) -> None:
    course = COURSE.replace("body: pages/p.md", "body: course.yaml")
    found = problems(tmp_path, "x\n", course=course)
    assert any("course.yaml:" in p and "not a Markdown" in p for p in found), found


@pytest.mark.parametrize("folder", ["../../../x", "/etc", "handouts/../../x", "a\\\\b"])
def test_a_course_files_folder_stays_below_course_files(tmp_path: Path, folder: str) -> None:
    course = COURSE.replace("folder: course files/handouts", f'folder: "{folder}"')
    found = problems(tmp_path, "x\n", course=course)
    assert any(p.startswith("course.yaml:7:") and "'folder'" in p for p in found), found


def test_text_that_is_not_unicode_is_refused_with_its_line(tmp_path: Path) -> None:
    course = COURSE.replace("title: P", 'title: "P \\ud800"')
    found = problems(tmp_path, "x\n", course=course)
    assert any(p.startswith("course.yaml:10:") and "not valid Unicode" in p for p in found), found
