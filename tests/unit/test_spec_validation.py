"""One test per validation rule: each names the exact file:line and what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from canvas_npq.spec import Problem, SpecError, load_spec

HEADER = """\
course:
  name: Test course
  course_code: TEST
assignment_groups:
  - id: tasks
    name: Tasks
"""
BLOCK = "blocks:\n  - id: b\n    title: B\n    items:\n"


def problems_of(
    tmp_path: Path, text: str, files: dict[str, str | bytes] | None = None
) -> list[Problem]:
    """Every problem load_spec reports for this course.yaml (and Markdown files)."""
    for name, content in (files or {"u.md": "Text\n"}).items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    (tmp_path / "course.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(tmp_path)
    return caught.value.problems


def line(text: str, fragment: str, occurrence: int = 1) -> int:
    """The 1-based line of the n-th line of ``text`` containing ``fragment``."""
    hits = [n for n, content in enumerate(text.splitlines(), 1) if fragment in content]
    return hits[occurrence - 1]


def only(problems: list[Problem], fragment: str) -> Problem:
    matching = [p for p in problems if fragment in str(p)]
    assert len(matching) == 1, "\n".join(str(p) for p in problems)
    return matching[0]


def with_item(item: str) -> str:
    return HEADER + BLOCK + "      - " + item.strip().replace("\n", "\n        ") + "\n"


UNIT = "type: unit\nid: u\ntitle: U\nbody: u.md"
MIT = "type: mit\nid: t\ntitle: T\ndescription: u.md"


# -- keys ------------------------------------------------------------------------------


def test_unknown_key_suggests_the_closest(tmp_path: Path) -> None:
    text = with_item(UNIT + "\ntitel: Oops")
    problem = only(problems_of(tmp_path, text), "unknown key")
    assert (problem.file, problem.line, problem.column) == ("course.yaml", line(text, "titel"), 9)
    assert str(problem) == (
        f"course.yaml:{problem.line}:9: unknown key 'titel' in unit 'u'. Did you mean 'title'?"
    )


def test_key_of_another_item_type_says_where_it_belongs(tmp_path: Path) -> None:
    text = with_item(UNIT + "\nurl: https://example.org/")
    problem = only(problems_of(tmp_path, text), "unknown key 'url'")
    assert problem.hint == "'url' belongs to link items"


def test_unknown_top_level_key(tmp_path: Path) -> None:
    text = HEADER + "block:\n  - id: b\n"
    problem = only(problems_of(tmp_path, text), "unknown key 'block'")
    assert problem.line == line(text, "block:")
    assert problem.hint == "Did you mean 'blocks'?"


def test_missing_required_key(tmp_path: Path) -> None:
    text = with_item("type: unit\nid: u\nbody: u.md")
    problem = only(problems_of(tmp_path, text), "missing required key 'title'")
    assert problem.line == line(text, "type: unit")
    assert "in unit 'u'" in problem.message


def test_missing_course(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, "blocks: []\n"), "missing required key 'course'")
    assert problem.line == 1


def test_required_key_without_value(tmp_path: Path) -> None:
    text = with_item("type: unit\nid: u\ntitle:\nbody: u.md")
    problem = only(problems_of(tmp_path, text), "'title' in unit 'u' has no value")
    assert (problem.line, problem.column) == (line(text, "title:", 2), 9)


def test_wrong_type_says_expected_and_found(tmp_path: Path) -> None:
    text = with_item(UNIT + "\nstudy_minutes: an hour")
    problem = only(problems_of(tmp_path, text), "study_minutes")
    assert problem.line == line(text, "study_minutes")
    assert "must be a whole number, found text 'an hour'" in problem.message


def test_quoted_number_is_text(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, with_item(UNIT + '\nstudy_minutes: "60"')), "study_min")
    assert problem.hint == "Remove the quotes"


def test_yes_is_not_a_boolean(tmp_path: Path) -> None:
    text = with_item(UNIT + "\npublished: yes")
    problem = only(problems_of(tmp_path, text), "published")
    assert "must be true or false" in problem.message


def test_list_where_text_is_expected(tmp_path: Path) -> None:
    text = with_item("type: unit\nid: u\ntitle: [a, b]\nbody: u.md")
    problem = only(problems_of(tmp_path, text), "'title'")
    assert "must be text, found a list" in problem.message


def test_block_must_be_a_mapping(tmp_path: Path) -> None:
    text = HEADER + "blocks:\n  - just-a-name\n"
    problem = only(problems_of(tmp_path, text), "a block must be a mapping")
    assert problem.line == line(text, "just-a-name")


# -- ids -------------------------------------------------------------------------------


def test_duplicate_id_names_both_locations(tmp_path: Path) -> None:
    text = with_item(UNIT) + "      - type: subheader\n        id: u\n        title: Again\n"
    problem = only(problems_of(tmp_path, text), "duplicate id")
    assert problem.line == line(text, "id: u", 2)
    assert f"also used by the unit at course.yaml:{line(text, 'id: u', 1)}" in problem.message


def test_duplicate_id_across_kinds(tmp_path: Path) -> None:
    text = with_item("type: subheader\nid: tasks\ntitle: S")
    problem = only(problems_of(tmp_path, text), "duplicate id 'tasks'")
    assert "assignment group at course.yaml:5" in problem.message


@pytest.mark.parametrize("bad", ["Unit-1", "-unit", "unit 1", "unit/1", "ünit"])
def test_id_format(tmp_path: Path, bad: str) -> None:
    text = with_item(f"type: subheader\nid: '{bad}'\ntitle: S")
    problem = only(problems_of(tmp_path, text), "invalid id")
    assert problem.line == line(text, "id: '")


# -- items -----------------------------------------------------------------------------


def test_unknown_item_type(tmp_path: Path) -> None:
    text = with_item("type: poll\nid: q\ntitle: Q")
    problem = only(problems_of(tmp_path, text), "unknown item type 'poll'")
    assert problem.line == line(text, "type: poll")
    assert "subheader, unit, mit, assignment, link" in (problem.hint or "")


def test_misspelt_item_type_gets_a_suggestion(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, with_item("type: unti\nid: q\ntitle: Q")), "item type")
    assert problem.hint == "Did you mean 'unit'?"


def test_missing_item_type(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, with_item("id: q\ntitle: Q")), "missing required key")
    assert "'type'" in problem.message


@pytest.mark.parametrize("indent", ["-1", "6"])
def test_indent_range(tmp_path: Path, indent: str) -> None:
    text = with_item(f"type: subheader\nid: s\ntitle: S\nindent: {indent}")
    problem = only(problems_of(tmp_path, text), "'indent' must be")
    assert problem.line == line(text, "indent:")


@pytest.mark.parametrize(
    "url", ["example.org", "ftp://example.org/", "/relative", "https://", "https://a b.org/"]
)
def test_link_url_must_be_absolute_http(tmp_path: Path, url: str) -> None:
    text = with_item(f"type: link\nid: l\ntitle: L\nurl: '{url}'")
    problem = only(problems_of(tmp_path, text), "absolute http(s) URL")
    assert problem.line == line(text, "url:")


def test_title_too_long(tmp_path: Path) -> None:
    text = with_item(f"type: subheader\nid: s\ntitle: {'x' * 256}")
    problem = only(problems_of(tmp_path, text), "256 characters; Canvas allows 255")
    assert problem.line == line(text, "title: xxx")


def test_title_needs_a_letter_or_digit(tmp_path: Path) -> None:
    text = with_item("type: subheader\nid: s\ntitle: '---'")
    only(problems_of(tmp_path, text), "must contain a letter or digit")


# -- assignments -----------------------------------------------------------------------


def test_dangling_group_lists_the_known_groups(tmp_path: Path) -> None:
    text = with_item(MIT + "\ngroup: task")
    problem = only(problems_of(tmp_path, text), "unknown assignment group 'task'")
    assert problem.line == line(text, "group: task")
    assert problem.hint == "Did you mean 'tasks'? Known groups: tasks"


def test_assignment_without_any_group(tmp_path: Path) -> None:
    text = (
        "course:\n  name: C\n  course_code: C\n"
        + BLOCK
        + "      - "
        + MIT.replace("\n", "\n        ")
    )
    problem = only(problems_of(tmp_path, text + "\n"), "needs an assignment group")
    assert problem.line == line(text, "type: mit")


def test_points_grading_requires_points(tmp_path: Path) -> None:
    text = with_item(MIT + "\ngrading: points")
    problem = only(problems_of(tmp_path, text), "grading: points but no 'points'")
    assert problem.line == line(text, "type: mit")


def test_points_must_not_be_negative(tmp_path: Path) -> None:
    text = with_item(MIT + "\ngrading: points\npoints: -1")
    only(problems_of(tmp_path, text), "'points' must be at least 0")


def test_unknown_grading(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, with_item(MIT + "\ngrading: pass_fail")), "grading")
    assert "Choose one of: points, complete_incomplete, not_graded" in str(problem)


def test_not_graded_refuses_points_and_submission_types(tmp_path: Path) -> None:
    text = with_item(MIT + "\ngrading: not_graded\npoints: 5\nsubmission_types: [online_url]")
    problems = problems_of(tmp_path, text)
    assert only(problems, "'points' has no effect").line == line(text, "points: 5")
    assert only(problems, "'submission_types' has no effect").line == line(text, "online_url")


def test_bad_submission_type(tmp_path: Path) -> None:
    text = with_item(MIT + "\nsubmission_types: [online_upload, online_txt_entry]")
    problem = only(problems_of(tmp_path, text), "'submission_types' cannot be")
    assert problem.line == line(text, "online_txt_entry")
    assert problem.hint == "Did you mean 'online_text_entry'?"


def test_submission_type_none_cannot_be_combined(tmp_path: Path) -> None:
    text = with_item(MIT + "\nsubmission_types: [none, online_upload]")
    only(problems_of(tmp_path, text), "'none' cannot be combined")


def test_submission_types_must_be_a_list(tmp_path: Path) -> None:
    text = with_item(MIT + "\nsubmission_types: online_upload")
    problem = only(problems_of(tmp_path, text), "must be a list")
    assert problem.hint == "Write it in brackets: submission_types: [student_annotation]"


# -- dates -----------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["next monday", "2026-13-01", "2026-02-30T09:00", "05/10/2026"])
def test_bad_date(tmp_path: Path, bad: str) -> None:
    text = with_item(MIT + f"\ndue_at: '{bad}'")
    problem = only(problems_of(tmp_path, text), "'due_at'")
    assert problem.line == line(text, "due_at")
    assert "2026-10-05T09:00" in (problem.hint or "")


def test_dates_must_run_in_order(tmp_path: Path) -> None:
    text = with_item(MIT + "\nunlock_at: 2026-10-05T09:00\ndue_at: 2026-10-01T17:00")
    problem = only(problems_of(tmp_path, text), "due_at (2026-10-01T17:00+01:00) is before")
    assert problem.line == line(text, "due_at")
    assert "unlock_at (2026-10-05T09:00+01:00)" in problem.message


def test_lock_before_due(tmp_path: Path) -> None:
    text = with_item(MIT + "\ndue_at: 2026-10-05\nlock_at: 2026-10-05T12:00")
    problem = only(problems_of(tmp_path, text), "lock_at")
    assert "is before due_at" in problem.message


def test_time_that_does_not_exist_in_the_zone(tmp_path: Path) -> None:
    text = with_item(MIT + "\ndue_at: 2026-03-29T01:30")
    only(problems_of(tmp_path, text), "does not exist in Europe/London")


def test_bad_time_zone(tmp_path: Path) -> None:
    text = HEADER.replace("course_code: TEST", "course_code: TEST\n  time_zone: Europe/Londn")
    problem = only(problems_of(tmp_path, text), "unknown time zone")
    assert problem.line == line(text, "time_zone")
    assert problem.hint == "Did you mean 'Europe/London'?"


@pytest.mark.parametrize("zone", ["../etc/passwd", "/etc/localtime", "Europe"])
def test_time_zone_that_is_not_a_zone(tmp_path: Path, zone: str) -> None:
    text = HEADER.replace("course_code: TEST", f"course_code: TEST\n  time_zone: '{zone}'")
    only(problems_of(tmp_path, text), "unknown time zone")


# -- markdown paths --------------------------------------------------------------------


def test_missing_markdown(tmp_path: Path) -> None:
    text = with_item("type: unit\nid: u\ntitle: U\nbody: unit.md")
    problem = only(problems_of(tmp_path, text), "file 'unit.md' not found")
    assert problem.line == line(text, "body:")
    assert problem.hint == "Did you mean 'u.md'?"


def test_markdown_path_may_not_escape(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    spec.mkdir()
    (tmp_path / "x.md").write_text("outside\n")
    text = with_item("type: unit\nid: u\ntitle: U\nbody: ../x.md")
    problem = only(problems_of(spec, text), "leaves the spec folder")
    assert problem.line == line(text, "body:")


def test_markdown_path_folding_back_inside_is_fine(tmp_path: Path) -> None:
    text = with_item("type: unit\nid: u\ntitle: U\nbody: sub/../u.md\nstudy_minutes: x")
    assert "leaves" not in str(problems_of(tmp_path, text))


def test_absolute_markdown_path(tmp_path: Path) -> None:
    (tmp_path / "u.md").write_text("x\n")
    text = with_item(f"type: unit\nid: u\ntitle: U\nbody: {tmp_path / 'u.md'}")
    only(problems_of(tmp_path, text), "absolute path")


def test_symlink_escaping_the_spec_folder(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    spec.mkdir()
    secret = tmp_path / "secret.md"
    secret.write_text("secret\n")
    (spec / "link.md").symlink_to(secret)
    text = with_item("type: unit\nid: u\ntitle: U\nbody: link.md")
    problem = only(problems_of(spec, text), "resolves outside the spec folder")
    assert problem.line == line(text, "body:")


def test_markdown_path_that_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    text = with_item("type: unit\nid: u\ntitle: U\nbody: folder")
    only(problems_of(tmp_path, text), "is not a file")


def test_non_utf8_markdown_names_the_file_and_byte(tmp_path: Path) -> None:
    text = with_item(UNIT)
    problem = only(problems_of(tmp_path, text, {"u.md": b"Line one\nCaf\xe9\n"}), "UTF-8")
    assert (problem.file, problem.line, problem.column) == ("u.md", 2, 4)
    assert "byte 0xe9 at offset 12" in problem.message


# -- framework statements --------------------------------------------------------------


def test_covers_must_look_like_statement_ids(tmp_path: Path) -> None:
    text = with_item(UNIT + "\ncovers: [2.4, two]")
    problem = only(problems_of(tmp_path, text), "'two' in 'covers'")
    assert problem.line == line(text, "covers")


def test_covers_listed_twice(tmp_path: Path) -> None:
    only(problems_of(tmp_path, with_item(UNIT + "\ncovers: [2d, 2D]")), "listed twice")


def test_unknown_statement_in_the_named_framework(tmp_path: Path) -> None:
    pytest.importorskip("canvas_npq.framework.catalogue")
    text = "framework: npqltd-2020-10\n" + with_item(UNIT + "\ncovers: [2.4, 2.99]")
    problem = only(problems_of(tmp_path, text), "2.99")
    assert problem.line == line(text, "covers")
    assert "not a statement of npqltd-2020-10" in problem.message


def test_unknown_framework(tmp_path: Path) -> None:
    pytest.importorskip("canvas_npq.framework.catalogue")
    text = "framework: npqltd-2020\n" + HEADER
    problem = only(problems_of(tmp_path, text), "unknown framework")
    assert problem.line == 1


# -- many problems at once ---------------------------------------------------------------


def test_all_problems_are_reported_together_in_file_order(tmp_path: Path) -> None:
    text = with_item(UNIT + "\ntitel: x\nindent: 9") + "      - type: link\n        id: l\n"
    problems = problems_of(tmp_path, text)
    assert len(problems) == 4  # titel, indent, link's missing title and url
    assert [p.line for p in problems] == sorted(p.line or 0 for p in problems)
    message = str(SpecError(problems))
    assert message.count("\n") == 3 and "titel" in message and "url" in message


def test_blocks_must_be_a_list(tmp_path: Path) -> None:
    text = HEADER + "blocks:\n  b:\n    title: B\n"
    problem = only(problems_of(tmp_path, text), "'blocks' must be a list, found a mapping")
    assert problem.line == line(text, "  b:")


def test_empty_optional_key_means_the_default(tmp_path: Path) -> None:
    (tmp_path / "course.yaml").write_text(
        HEADER + "pages:\nblocks:\n  - {id: b, title: B, items: }\n"
    )
    spec = load_spec(tmp_path)
    assert spec.pages == () and spec.blocks[0].items == ()


def test_problem_text_without_line_or_column() -> None:
    assert str(Problem("a.md", None, None, "file is too large")) == "a.md: file is too large"
    assert str(Problem("course.yaml", 3, None, "bad", "Fix it")) == "course.yaml:3: bad. Fix it"
