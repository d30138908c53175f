"""Hostile and broken YAML becomes a located Problem, never a traceback."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from canvas_npq.spec import Problem, SpecError, UnitSpec, load_spec
from canvas_npq.spec.yamlnodes import YAML_SIZE_LIMIT

MINIMAL = Path(__file__).parents[1] / "fixtures" / "specs" / "minimal"

VALID = """\
course:
  name: Test course
  course_code: TEST
blocks:
  - id: b
    title: B
    items:
      - type: unit
        id: u
        title: U
        body: u.md
        covers: [4.10, 2.4, 2d]
"""


def load(tmp_path: Path, content: str | bytes) -> list[Problem]:
    (tmp_path / "u.md").write_text("Text\n")
    path = tmp_path / "course.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(tmp_path)
    return caught.value.problems


def test_unquoted_covers_4_10_stays_4_10(tmp_path: Path) -> None:
    (tmp_path / "u.md").write_text("Text\n")
    (tmp_path / "course.yaml").write_text(VALID)
    unit = load_spec(tmp_path).blocks[0].items[0]
    assert isinstance(unit, UnitSpec)
    assert unit.covers == ("4.10", "2.4", "2d")


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "u.md").write_text("Text\n")
    (tmp_path / "course.yaml").write_bytes(b"\xef\xbb\xbf" + VALID.encode())
    assert load_spec(tmp_path).course.name == "Test course"


def test_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    text = VALID.replace("        title: U\n", "        title: U\n        title: V\n")
    [problem] = load(tmp_path, text)
    assert (problem.line, problem.column) == (11, 9)
    assert problem.message == "duplicate key 'title' (first given at line 10)"


def test_alias_bomb_is_refused_at_the_first_alias(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)
    )
    [problem] = load(tmp_path, bomb)
    assert (problem.line, problem.column) == (2, 8)
    assert "YAML aliases are not supported (found *a)" in problem.message


def test_empty_file(tmp_path: Path) -> None:
    [problem] = load(tmp_path, "")
    assert str(problem) == "course.yaml: file is empty. Start with 'course:'"


def test_file_of_only_comments_is_empty(tmp_path: Path) -> None:
    [problem] = load(tmp_path, "# nothing yet\n\n")
    assert problem.message == "file is empty"


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    [problem] = load(tmp_path, "- course\n- blocks\n")
    assert problem.line == 1
    assert "the top level must be a mapping of keys, found a list" in problem.message


def test_syntax_error_has_line_column_and_yaml_problem(tmp_path: Path) -> None:
    [problem] = load(tmp_path, "course:\n  name: [unclosed\n  course_code: X\n")
    assert problem.file == "course.yaml"
    assert (problem.line, problem.column) == (2, 9)
    assert problem.message.startswith("the [ opened on line 2 is not closed with ]")


def test_bad_indentation_is_a_syntax_error(tmp_path: Path) -> None:
    [problem] = load(tmp_path, "course:\n  name: X\n course_code: Y\n")
    assert (problem.line, problem.column) == (3, 2)
    assert "line 3 is indented by 1 space" in problem.message
    assert problem.hint is not None and "indent it by 0 or 2 spaces" in problem.hint


def test_two_documents_are_refused(tmp_path: Path) -> None:
    [problem] = load(tmp_path, VALID + "---\ncourse: {}\n")
    assert problem.line == 13
    assert problem.message == (
        "YAML syntax error: expected a single document in the stream, but found another document"
    )


def test_non_utf8_yaml_names_line_column_and_offset(tmp_path: Path) -> None:
    content = VALID.encode().replace(b"name: Test course", b"name: Caf\xe9 course")
    [problem] = load(tmp_path, content)
    assert (problem.file, problem.line, problem.column) == ("course.yaml", 2, 12)
    assert "not valid UTF-8: byte 0xe9 at offset 19" in problem.message


def test_control_character_is_refused(tmp_path: Path) -> None:
    [problem] = load(tmp_path, "course:\n  name: a\x07b\n")
    assert problem.line == 2 and "character" in problem.message


def test_oversized_yaml_is_refused_unread(tmp_path: Path) -> None:
    [problem] = load(tmp_path, "# " + "x" * YAML_SIZE_LIMIT + "\n")
    assert "file is too large" in problem.message


def test_oversized_markdown_is_refused(tmp_path: Path) -> None:
    (tmp_path / "big.md").write_bytes(b"x" * (5 * 1024 * 1024 + 1))
    [problem] = load(tmp_path, VALID.replace("body: u.md", "body: big.md"))
    assert problem.file == "big.md" and "file is too large" in problem.message


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    [problem] = load(tmp_path, "course: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nesting deeper than" in problem.message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("course: !!python/object:os.system {}\n", "YAML tag"),
        ("course: !custom {}\n", "YAML tag"),
        ("course:\n  <<: {name: X}\n", "merge keys"),
        ("? [a, b]\n: c\n", "a key must be a name"),
    ],
)
def test_exotic_yaml_is_refused(tmp_path: Path, text: str, fragment: str) -> None:
    problems = load(tmp_path, text)
    assert any(fragment in p.message for p in problems), problems


def test_explicit_str_tag_is_fine(tmp_path: Path) -> None:
    (tmp_path / "u.md").write_text("Text\n")
    (tmp_path / "course.yaml").write_text(VALID.replace("title: U", "title: !!str 1.5"))
    assert load_spec(tmp_path).blocks[0].items[0].title == "1.5"


def test_random_damage_never_leaks_a_traceback(tmp_path: Path) -> None:
    """Mangle a valid spec many ways: the loader succeeds or raises SpecError, only."""
    spec = tmp_path / "spec"
    shutil.copytree(MINIMAL, spec)
    original = (spec / "course.yaml").read_text()
    junk = [":", "-", "[", "]", "{", "}", "&a", "*a", "!", "'", '"', "\t", "\n", "  ", "#", "0"]
    rng = random.Random(20261005)
    for _ in range(300):
        text = list(original)
        for _ in range(rng.randint(1, 4)):
            position = rng.randrange(len(text))
            if rng.random() < 0.5:
                text[position] = rng.choice(junk)
            else:
                del text[position : position + rng.randint(1, 30)]
        (spec / "course.yaml").write_text("".join(text))
        try:
            load_spec(spec)
        except SpecError as error:
            assert error.problems
            assert all(isinstance(p, Problem) and p.file for p in error.problems)


def test_non_utf8_column_counts_characters_not_bytes(tmp_path: Path) -> None:
    content = VALID.encode().replace(b"name: Test course", b"name: \xc3\xa9t\xe9")
    [problem] = load(tmp_path, content)
    assert (problem.line, problem.column) == (2, 11)
