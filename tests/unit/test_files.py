"""Files in the spec: reading them, checking Markdown links to them with file:line, and
the desired page text referring to them by id whatever Canvas does to the link."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from canvas_npq.model import Address, Kind
from canvas_npq.model.files import refs_to_urls, urls_to_refs
from canvas_npq.model.html import normalize_html
from canvas_npq.spec import SpecError, load_spec
from canvas_npq.spec.desired import build_desired

COURSE = """\
course:
  name: Test course
  course_code: TEST
files:
  - id: plan
    path: handouts/action plan.docx
    folder: course files/handouts
pages:
  - id: p
    title: P
    body: pages/p.md
"""
PAGE = "See the [action plan](../handouts/action%20plan.docx) and [EEF](https://e.org/).\n"


def write(tmp_path: Path, course: str = COURSE, page: str = PAGE) -> Path:
    (tmp_path / "handouts").mkdir(exist_ok=True)
    (tmp_path / "pages").mkdir(exist_ok=True)
    (tmp_path / "handouts" / "action plan.docx").write_bytes(b"PK\x03\x04 a docx")
    (tmp_path / "course.yaml").write_text(course, encoding="utf-8")
    (tmp_path / "pages" / "p.md").write_text(page, encoding="utf-8")
    return tmp_path


def problems(tmp_path: Path, **kw: str) -> list[str]:
    with pytest.raises(SpecError) as caught:
        load_spec(write(tmp_path, **kw))
    return [str(p) for p in caught.value.problems]


def test_file_is_read_with_its_size_hash_and_folder(tmp_path: Path) -> None:
    spec = load_spec(write(tmp_path))
    (file,) = spec.files
    assert (file.path, file.name, file.folder) == (
        "handouts/action plan.docx",
        "action plan.docx",
        "handouts",
    )
    assert file.size == 11 and file.sha256 == hashlib.sha256(b"PK\x03\x04 a docx").hexdigest()
    desired = build_desired(spec)
    resource = desired.get(Address(Kind.FILE, "plan"))
    assert resource is not None and resource.fields["content_hash"] == file.sha256
    page = desired.get(Address(Kind.PAGE, "p"))
    assert page is not None
    assert 'href="canvas-npq-file:plan"' in page.fields["body"]
    assert 'href="https://e.org/"' in page.fields["body"]


def test_link_to_a_missing_file_names_the_markdown_line(tmp_path: Path) -> None:
    found = problems(tmp_path, page="Intro.\n\nGet [it](../handouts/acton%20plan.docx).\n")
    assert any(p.startswith("pages/p.md:3:") and "not found" in p for p in found), found


def test_link_outside_the_spec_folder_is_refused(tmp_path: Path) -> None:
    found = problems(tmp_path, page="[secret](../../etc/secret.txt)\n")
    assert any(p.startswith("pages/p.md:1:") and "leaves the spec folder" in p for p in found)


def test_link_to_a_file_not_listed_under_files(tmp_path: Path) -> None:
    (tmp_path / "handouts").mkdir()
    (tmp_path / "handouts" / "other.pdf").write_bytes(b"%PDF")
    found = problems(tmp_path, page="\n[other](../handouts/other.pdf)\n")
    assert any(p.startswith("pages/p.md:2:") and "not listed under files:" in p for p in found), (
        found
    )


def test_missing_file_in_files_is_an_error_at_its_line(tmp_path: Path) -> None:
    found = problems(tmp_path, course=COURSE.replace("action plan.docx", "plan.docx"))
    assert any(p.startswith("course.yaml:6:") and "not found" in p for p in found), found


def test_links_in_code_and_web_addresses_are_not_files(tmp_path: Path) -> None:
    page = "```\n[x](not-a-file.docx)\n```\n[mail](mailto:a@b.c) [top](#top)\n"
    load_spec(write(tmp_path, page=page))


@pytest.mark.parametrize(
    "read_back",
    [
        '<a href="/courses/7/files/700">plan</a>',
        '<a href="http://canvas.test/courses/7/files/700?verifier=abc&amp;wrap=1">plan</a>',
        '<a href="https://canvas.test/courses/7/files/700/download?verifier=abc">plan</a>',
        '<a href="/courses/7/files/650">plan</a>',  # the id the file had before
    ],
)
def test_canvas_rewriting_of_a_file_link_is_not_a_change(read_back: str) -> None:
    desired = normalize_html('<a href="canvas-npq-file:plan">plan</a>')
    live = normalize_html(urls_to_refs(read_back, {700: "plan", 650: "plan"}) or "")
    assert live == desired


def test_a_link_to_another_file_is_a_change() -> None:
    live = urls_to_refs('<a href="/courses/7/files/999">plan</a>', {700: "plan"}) or ""
    assert "canvas-npq-file" not in live


def test_references_are_sent_as_course_file_addresses() -> None:
    html = '<a href="canvas-npq-file:plan">a</a><img src="canvas-npq-file:plan">'
    ids = {"plan": 700}
    assert refs_to_urls(html, 7, ids.__getitem__) == (
        '<a href="/courses/7/files/700">a</a><img src="/courses/7/files/700">'
    )


def test_file_module_item_refers_to_a_listed_file(tmp_path: Path) -> None:
    course = COURSE + "blocks:\n  - id: b\n    title: B\n    items:\n"
    item = "      - type: file\n        id: b-plan\n        file: {}\n        indent: 1\n"
    desired = build_desired(load_spec(write(tmp_path, course=course + item.format("plan"))))
    module_item = desired.get(Address(Kind.MODULE_ITEM, "b-plan"))
    assert module_item is not None
    assert (module_item.fields["type"], module_item.fields["content"]) == ("File", "file.plan")
    assert not module_item.fields["title"]  # Canvas shows the file's name
    found = problems(tmp_path, course=course + item.format("plann"))
    assert any("course.yaml:18:" in p and "unknown file 'plann'" in p for p in found), found


def test_a_file_item_can_be_unpublished_and_track_completion_gives_it_must_view(
    tmp_path: Path,
) -> None:
    course = COURSE + "blocks:\n  - id: b\n    title: B\n    track_completion: true\n    items:\n"
    items = (
        "      - {type: file, id: viewed, file: plan}\n"
        "      - {type: file, id: hidden, file: plan, published: false, completion: none}\n"
    )
    desired = build_desired(load_spec(write(tmp_path, course=course + items)))
    viewed = desired.get(Address(Kind.MODULE_ITEM, "viewed"))
    hidden = desired.get(Address(Kind.MODULE_ITEM, "hidden"))
    assert viewed is not None and hidden is not None
    assert (viewed.fields["published"], viewed.fields["completion"]) == (True, "must_view")
    assert (hidden.fields["published"], hidden.fields["completion"]) == (False, None)
    bad = "      - {type: file, id: x, file: plan, completion: must_submit}\n"
    found = problems(tmp_path, course=course + bad)
    assert any("course.yaml:17:" in p and "must_submit" in p for p in found), found


def test_an_event_description_links_to_a_file_by_reference(tmp_path: Path) -> None:
    course = COURSE + (
        "events:\n  - id: day-1\n    title: Day 1\n    start_at: 2026-10-06T09:30:00Z\n"
        "    end_at: 2026-10-06T16:00:00Z\n    description: pages/p.md\n"
    )
    desired = build_desired(load_spec(write(tmp_path, course=course)))
    event = desired.get(Address(Kind.CALENDAR_EVENT, "day-1"))
    assert event is not None and 'href="canvas-npq-file:plan"' in event.fields["description"]
