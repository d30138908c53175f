"""Links between spec files: a link to another object's Markdown body becomes a
reference to the object, the writer's and reader's mappings are inverse, a retitle is
planned as a relink, and bad links are reported with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from canvas_npq.apply import apply_plan
from canvas_npq.model import Address, Kind
from canvas_npq.model.html import normalize_html
from canvas_npq.model.markers import wrap_owned
from canvas_npq.model.objectlinks import mark_retitled, refs_to_urls, unmarked, urls_to_refs
from canvas_npq.plan import Action, build_plan
from canvas_npq.spec import SpecError, load_spec
from canvas_npq.spec.desired import build_desired
from tests.unit.builders import applied_manifest, res
from tests.unit.test_executor import FakeWriter, snap

COURSE = """\
course:
  name: Test course
  course_code: TEST
assignment_groups:
  - id: tasks
    name: Tasks
pages:
  - id: welcome
    title: Welcome
    body: welcome.md
blocks:
  - id: b1
    title: Block 1
    items:
      - type: unit
        id: u1
        title: "1.1 Effective CPD"
        body: block-1/u1.md
      - type: assignment
        id: mit-1
        title: MIT 1
        description: block-1/mit-1.md
        group: tasks
"""
WELCOME = "Start with [the unit](block-1/u1.md#reading) and [MIT 1](block-1/mit-1.md).\n"


def write(tmp_path: Path, welcome: str = WELCOME, unit: str = "Unit text.\n") -> Path:
    (tmp_path / "block-1").mkdir(exist_ok=True)
    (tmp_path / "course.yaml").write_text(COURSE, encoding="utf-8")
    (tmp_path / "welcome.md").write_text(welcome, encoding="utf-8")
    (tmp_path / "block-1" / "u1.md").write_text(unit, encoding="utf-8")
    (tmp_path / "block-1" / "mit-1.md").write_text("Back to [welcome](../welcome.md).\n", "utf-8")
    (tmp_path / "notes.md").write_text("Not a body.\n", encoding="utf-8")
    return tmp_path


def body(tmp_path: Path, kind: Kind, key: str, field: str = "body") -> str:
    desired = build_desired(load_spec(tmp_path))
    resource = desired.get(Address(kind, key))
    assert resource is not None
    return resource.fields[field]


def test_a_link_to_a_body_file_is_a_reference_to_its_object(tmp_path: Path) -> None:
    write(tmp_path)
    html = body(tmp_path, Kind.PAGE, "welcome")
    assert 'href="canvas-npq-object:page.u1#reading"' in html
    assert 'href="canvas-npq-object:assignment.mit-1"' in html
    back = body(tmp_path, Kind.ASSIGNMENT, "mit-1", "description")
    assert 'href="canvas-npq-object:page.welcome"' in back  # ../ resolved from its folder


def test_writer_and_reader_mappings_are_inverse_whatever_canvas_adds() -> None:
    desired = normalize_html(
        '<p><a href="canvas-npq-object:page.u1#reading">unit</a> '
        '<a href="canvas-npq-object:assignment.mit-1">MIT</a> '
        '<a href="canvas-npq-object:discussion.intro">intro</a></p>'
    )
    paths = {"page.u1": "pages/1-dot-1-effective-cpd", "assignment.mit-1": "assignments/12"}
    paths["discussion.intro"] = "discussion_topics/13"
    sent = refs_to_urls(desired, 7, paths.__getitem__)
    assert 'href="/courses/7/pages/1-dot-1-effective-cpd#reading"' in sent
    assert 'href="/courses/7/assignments/12"' in sent
    # Canvas makes course links absolute on read and adds its API attributes.
    read_back = sent.replace('href="/courses', 'href="https://canvas.example/courses').replace(
        'href="https://canvas.example/courses/7/assignments/12"',
        'href="https://canvas.example/courses/7/assignments/12" data-api-endpoint='
        '"https://canvas.example/api/v1/courses/7/assignments/12" data-api-returntype="Assignment"',
    )
    targets = {path: address for address, path in paths.items()}
    assert urls_to_refs(normalize_html(read_back), targets) == desired


def test_links_to_unmanaged_objects_old_slugs_and_other_courses_are_left_as_read() -> None:
    html = '<a href="/courses/7/pages/old-title">x</a><a href="/courses/7/assignments/99">y</a>'
    assert urls_to_refs(html, {"pages/new-title": "page.u1", "assignments/12": "a.b"}) == html
    other = '<a href="/courses/8/pages/new-title">x</a>'
    assert urls_to_refs(other, {"pages/new-title": "page.u1"}, course_id=7) == other


def test_a_retitle_is_planned_as_a_relink_and_applied_after_the_target() -> None:
    linking = wrap_owned("welcome", '<p><a href="canvas-npq-object:page.u1">unit</a></p>')
    live = [
        res(Kind.PAGE, "welcome", canvas_id=10, body=linking),
        res(Kind.PAGE, "u1", canvas_id=11, title="Old title"),
    ]
    desired = snap(res(Kind.PAGE, "welcome", body=linking), res(Kind.PAGE, "u1", title="New title"))
    plan = build_plan(desired, snap(*live, manifest=applied_manifest(*live)))
    changed = {str(c.address): [f.name for f in c.fields] for c in plan.changes}
    assert changed == {"page.welcome": ["body"], "page.u1": ["title"]}
    (relink,) = [c for c in plan.changes if c.address.key == "welcome"]
    (field,) = relink.fields
    assert "canvas-npq-object:page.u1?retitled" in field.old
    assert field.drift is False  # nobody edited the body in Canvas
    assert unmarked(field.old) == field.new
    writer = FakeWriter()
    apply_plan(plan, writer)
    updates = [call[2] for call in writer.calls if call[0] == "update"]
    assert updates == [11, 10]  # the retitle first, then the body with the new slug


def test_a_body_linking_to_a_new_page_is_written_after_it() -> None:
    linking = wrap_owned("welcome", '<p><a href="canvas-npq-object:page.u1">unit</a></p>')
    desired = snap(res(Kind.PAGE, "welcome", body=linking), res(Kind.PAGE, "u1"))
    writer = FakeWriter()
    apply_plan(build_plan(desired, snap()), writer)
    assert [call[2] for call in writer.calls if call[0] == "create"] == ["u1", "welcome"]


def test_two_new_pages_linking_to_each_other_are_linked_in_one_apply() -> None:
    a = wrap_owned("a", '<p><a href="canvas-npq-object:page.b">b</a></p>')
    b = wrap_owned("b", '<p><a href="canvas-npq-object:page.a">a</a></p>')
    plan = build_plan(snap(res(Kind.PAGE, "a", body=a), res(Kind.PAGE, "b", body=b)), snap())
    assert all(c.action is Action.CREATE for c in plan.changes)
    writer = FakeWriter()
    apply_plan(plan, writer)
    # a waits for b; b, sent before a existed, is sent again (its body only) after a
    sent = [(call[0], call[2], call[-1]) for call in writer.calls]
    assert sent == [("create", "b", ()), ("create", "a", ()), ("update", 100, ("body",))]


def test_mark_retitled_marks_only_the_retitled_targets() -> None:
    html = '<a href="canvas-npq-object:page.a#x">a</a><a href="canvas-npq-object:page.b">b</a>'
    assert mark_retitled(html, {"page.a"}) == (
        '<a href="canvas-npq-object:page.a?retitled#x">a</a>'
        '<a href="canvas-npq-object:page.b">b</a>'
    )


def problems(tmp_path: Path) -> list[str]:
    with pytest.raises(SpecError) as caught:
        load_spec(tmp_path)
    return [str(p) for p in caught.value.problems]


def test_a_link_to_a_markdown_file_that_is_no_body_is_reported(tmp_path: Path) -> None:
    write(tmp_path, welcome="Intro.\n\nSee [notes](notes.md).\n")
    (found,) = problems(tmp_path)
    assert found.startswith("welcome.md:3:")
    assert "'notes.md', which is the body of no page" in found


def test_a_slug_link_to_no_page_of_the_spec_is_reported(tmp_path: Path) -> None:
    write(tmp_path, unit="[a](/courses/1/pages/gone)\n[b]($WIKI_REFERENCE$/pages/also-gone)\n")
    found = problems(tmp_path)
    assert [p.split(": ", 1)[0] for p in found] == ["block-1/u1.md:1:5", "block-1/u1.md:2:5"]
    assert "matches no page of the spec" in found[1]
    assert "Link to the page's Markdown file instead" in found[1]


def test_a_slug_link_to_a_spec_page_warns_with_the_file_to_link_to(tmp_path: Path) -> None:
    write(tmp_path, unit="[home]($CANVAS_COURSE_REFERENCE$/pages/welcome)\n")
    spec = load_spec(tmp_path)
    (warning,) = [str(w) for w in spec.warnings]
    assert warning.startswith("block-1/u1.md:1:")
    assert "(../welcome.md)" in warning


def test_import_writes_links_to_objects_as_the_course_links_canvas_holds() -> None:
    from canvas_npq.adopt.importer import _Writer

    target = res(Kind.PAGE, "u1", canvas_id=11, facts={"url": "1-dot-1-effective-cpd"})
    task = res(Kind.ASSIGNMENT, "mit-1", canvas_id=12)
    live = snap(target, task)
    html = (
        '<p><a href="canvas-npq-object:page.u1#reading">u</a> '
        '<a href="canvas-npq-object:assignment.mit-1">m</a></p>'
    )
    writer = _Writer(live)
    assert writer.body("pages", "welcome", html) == "pages/welcome.md"
    markdown = writer.out.files["pages/welcome.md"]
    assert "($CANVAS_COURSE_REFERENCE$/pages/1-dot-1-effective-cpd#reading)" in markdown
    assert "($CANVAS_COURSE_REFERENCE$/assignments/12)" in markdown
