"""YAML mistakes a course designer makes, each told in plain words with the fix."""

from __future__ import annotations

import pytest

from canvas_npq.spec.errors import Problem, SpecError
from canvas_npq.spec.yamlnodes import compose_mapping


def problem_of(text: str) -> Problem:
    with pytest.raises(SpecError) as caught:
        compose_mapping(text, "course.yaml")
    [problem] = caught.value.problems
    return problem


def test_a_tab_names_its_line_and_says_to_use_spaces() -> None:
    problem = problem_of("course:\n  name: X\n\tcourse_code: Y\n")
    assert (problem.line, problem.column) == (3, 1)
    assert problem.message == "line 3 starts with a tab; YAML needs spaces for indentation"
    assert problem.hint is not None and problem.hint.startswith("Replace the tab with two spaces")


def test_an_unquoted_colon_in_a_title_says_to_quote_the_whole_value() -> None:
    problem = problem_of("blocks:\n  - id: b\n    title: Block 1: Leading improvement\n")
    assert problem.line == 3
    assert "the value of 'title' contains a colon followed by a space" in problem.message
    assert problem.hint == (
        'Put the whole value in double quotes: title: "Block 1: Leading improvement"'
    )


def test_curly_quotes_are_named_and_replaced_by_straight_ones() -> None:
    problem = problem_of("course:\n  name: \u201cBlock 1: Leading\u201d\n")
    assert problem.line == 2
    assert "curly quotes" in problem.message
    assert problem.hint == 'Use straight quotes: name: "Block 1: Leading"'


def test_a_key_indented_one_space_too_far_names_the_line_above() -> None:
    problem = problem_of("course:\n  name: X\n   course_code: Y\n")
    assert (problem.line, problem.column) == (3, 4)
    assert problem.message == (
        "line 3 is indented more than line 2 (3 spaces, not 2), but line 2 already has its value"
    )
    assert problem.hint is not None and "indent it by 2 spaces like line 2" in problem.hint


def test_a_key_indented_too_little_says_which_columns_would_line_up() -> None:
    problem = problem_of("blocks:\n  - id: b\n    title: T\n   items: []\n")
    assert (problem.line, problem.column) == (4, 4)
    assert "line 4 is indented by 3 spaces" in problem.message
    assert problem.hint is not None and "0 or 4 spaces" in problem.hint


def test_an_unclosed_quote_points_at_where_it_opened() -> None:
    problem = problem_of('course:\n  name: "X\n  course_code: Y\n')
    assert (problem.line, problem.column) == (2, 9)
    assert problem.message == 'the quote (") opened on line 2 is never closed'


def test_text_after_a_closing_quote() -> None:
    problem = problem_of('course:\n  name: "Leading" improvement\n')
    assert problem.line == 2
    assert "more text after the closing quote" in problem.message
    assert problem.hint == "Put the whole value inside the quotes"


@pytest.mark.parametrize("value", ["@home", "`code`", "%done", "*bold* text"])
def test_a_value_starting_with_a_reserved_character_is_quoted(value: str) -> None:
    problem = problem_of(f"course:\n  name: {value}\n")
    assert problem.line == 2
    assert f"the value of 'name' starts with {value[0]}" in problem.message
    assert problem.hint == f'Put the value in double quotes: name: "{value}"'


def test_an_unclosed_list_names_the_line_it_opened_on() -> None:
    problem = problem_of('covers: ["2.4", "2d"\nnext: 1\n')
    assert (problem.line, problem.column) == (1, 9)
    assert problem.message.startswith("the [ opened on line 1 is not closed with ]")


def test_an_unrecognised_error_keeps_the_parser_words() -> None:
    problem = problem_of("a: 1\n---\nb: 2\n")
    assert problem.message.startswith("YAML syntax error: expected a single document")


def test_a_tab_inside_a_line_is_named_where_it_is() -> None:
    problem = problem_of("covers: [2.4,\t2d]\n")
    assert (problem.line, problem.column) == (1, 14)
    assert problem.message == "line 1 has a tab at column 14 where YAML needs a space"
