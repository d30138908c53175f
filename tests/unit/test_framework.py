"""The NPQLTD catalogue: faithful to the seed documents, strict about ids and data files.

The seed tests parse the source documents independently of the catalogue, so a changed
word, a dropped statement or a shifted letter in the YAML makes them fail.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from canvas_npq.framework import (
    Framework,
    FrameworkDataError,
    StatementRefError,
    UnknownFrameworkError,
    UnknownStatementError,
    available_frameworks,
    framework_from_data,
    load_framework,
    parse_statement_ref,
)

FRAMEWORK_ID = "npqltd-2020-10"
SEEDS = Path(__file__).parents[1] / "fixtures" / "sources"
DFE_FRAMEWORK = "dfe-npqltd-framework-2020-10.txt"  # PDF text: columns interleaved
CLEAN_COPY = "provider-programme-page.txt"  # a provider's plain-text copy of the statements
SAMPLE_SESSION = "sample-block-1-session.txt"  # cites 2.4, 2.5, 2.7, 2d, 2g, 2h

# Counts as printed in the DfE framework; the seed tests below re-derive them.
EXPECTED_COUNTS = {
    (1, "learn_that"): 0,
    (1, "learn_how_to"): 0,
    (2, "learn_that"): 9,
    (2, "learn_how_to"): 15,
    (3, "learn_that"): 4,
    (3, "learn_how_to"): 14,
    (4, "learn_that"): 12,
    (4, "learn_how_to"): 20,
}


# ---------------------------------------------------------------- seed parsing helpers


def read_seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def norm(text: str) -> str:
    """Collapse whitespace and straighten quotes, the only differences between copies."""
    for curly, straight in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"')):
        text = text.replace(curly, straight)
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """Words only: for sources that re-punctuate (``subject-, phase-`` for ``subject, phase``)."""
    return re.findall(r"[a-z0-9]+", text.lower())


_CLEAN_SECTION = re.compile(r"^(?P<title>[^\n]+)\nLearn that… Learn how to…\n", re.M)
_NUMBERED = re.compile(r"^(\d+)\.\s", re.M)
_BULLET = re.compile(r"[●•]")
# A "learn how to" heading: a sentence ending "by:" or "that:", on its own line or
# (once in the clean copy) run on after the previous bullet's final full stop.
_HEADING = re.compile(r"(?:^|(?<=\.\s))([A-Z][^●•\n.]*?\b(?:by|that):)[ \t]*$", re.M)


def parse_clean_copy(text: str) -> dict[str, dict[str, list[Any]]]:
    """Per area title: numbered "learn that" texts and (heading, text) "learn how to" pairs."""
    starts = list(_CLEAN_SECTION.finditer(text))
    sections = {}
    for match, following in zip(starts, [*starts[1:], None], strict=True):
        body = text[match.end() : following.start() if following else len(text)]
        sections[match["title"].strip()] = _parse_clean_section(body)
    return sections


def _parse_clean_section(body: str) -> dict[str, list[Any]]:
    markers = [(m.start(), m.end(), "number", None) for m in _NUMBERED.finditer(body)]
    markers += [(m.start(), m.end(), "bullet", None) for m in _BULLET.finditer(body)]
    markers += [(m.start(), m.end(), "heading", norm(m[1])) for m in _HEADING.finditer(body)]
    markers.sort()
    learn_that: list[str] = []
    learn_how_to: list[tuple[str | None, str]] = []
    heading = None
    for index, (_, end, kind, value) in enumerate(markers):
        next_start = markers[index + 1][0] if index + 1 < len(markers) else len(body)
        content = norm(body[end:next_start])
        if kind == "number":
            learn_that.append(content)
        elif kind == "heading":
            heading = value
        else:
            learn_how_to.append((heading, content))
    return {"learn_that": learn_that, "learn_how_to": learn_how_to}


_DFE_AREA = re.compile(r"^(One|Two|Three|Four) [–-] ([^\t\n]+)$", re.M)
_DFE_NUMBER = re.compile(r"^(?:- )?(\d{1,2})\.\s", re.M)


def parse_dfe_areas(text: str) -> dict[int, tuple[str, str]]:
    """Per area number: (title, section text) from the DfE document, up to References."""
    body = text[: re.search(r"^References$", text, re.M).start()]  # type: ignore[union-attr]
    starts = list(_DFE_AREA.finditer(body))
    numbers = {"One": 1, "Two": 2, "Three": 3, "Four": 4}
    return {
        numbers[m[1]]: (m[2].strip(), body[m.end() : nxt.start() if nxt else len(body)])
        for m, nxt in zip(starts, [*starts[1:], None], strict=True)
    }


@pytest.fixture(scope="module")
def framework() -> Framework:
    return load_framework(FRAMEWORK_ID)


@pytest.fixture(scope="module")
def clean_copy() -> dict[int, dict[str, list[Any]]]:
    framework = load_framework(FRAMEWORK_ID)
    by_title = parse_clean_copy(read_seed(CLEAN_COPY))
    numbers = {area.title: area.number for area in framework.areas}
    unknown = sorted(set(by_title) - set(numbers))
    assert not unknown, f"areas in the clean copy with no catalogue area: {unknown}"
    return {numbers[title]: parsed for title, parsed in by_title.items()}


@pytest.fixture(scope="module")
def dfe_text() -> str:
    return read_seed(DFE_FRAMEWORK)


# ---------------------------------------------------------------- faithful to the seeds


def test_counts_per_area_and_kind_are_those_of_the_framework(framework: Framework) -> None:
    counts = {
        (area.number, kind): len(framework.statements_in(area.number, kind))
        for area in framework.areas
        for kind in ("learn_that", "learn_how_to")
    }
    assert counts == EXPECTED_COUNTS


def test_area_titles_match_the_dfe_document(framework: Framework, dfe_text: str) -> None:
    titles = {number: title for number, (title, _) in parse_dfe_areas(dfe_text).items()}
    assert titles == {area.number: area.title for area in framework.areas}


def test_learn_that_numbering_runs_to_the_highest_number_in_the_dfe_document(
    framework: Framework, dfe_text: str
) -> None:
    # The PDF text loses some numbers (3.2 is printed without its "2."), so compare with
    # the highest number each area shows and require every shown number to exist.
    for number, (_, section) in parse_dfe_areas(dfe_text).items():
        shown = {int(n) for n in _DFE_NUMBER.findall(section)}
        catalogue = [s.id for s in framework.statements_in(number, "learn_that")]
        assert len(catalogue) == max(shown, default=0), f"area {number}"
        assert {f"{number}.{n}" for n in shown} <= set(catalogue), f"area {number}"


def test_learn_that_texts_are_verbatim_from_the_seeds(framework: Framework, dfe_text: str) -> None:
    # Each text must appear whole in the DfE document or in the clean copy (the DfE PDF
    # text splits a few statements across its two columns).
    sources = (norm(dfe_text), norm(read_seed(CLEAN_COPY)))
    missing = [
        s.id
        for s in framework.statements
        if s.kind == "learn_that" and not any(norm(s.text) in source for source in sources)
    ]
    assert missing == []


def test_learn_that_texts_agree_with_the_clean_copy_where_it_has_them(
    framework: Framework, clean_copy: dict[int, dict[str, list[Any]]]
) -> None:
    for number, parsed in clean_copy.items():
        catalogue = [s.text for s in framework.statements_in(number, "learn_that")]
        # The clean copy omits 2.7-2.9; what it has must be the catalogue's first texts.
        assert parsed["learn_that"] == catalogue[: len(parsed["learn_that"])], f"area {number}"


def test_learn_how_to_statements_match_the_clean_copy_in_order_with_headings(
    framework: Framework, clean_copy: dict[int, dict[str, list[Any]]]
) -> None:
    for area in framework.areas:
        expected = clean_copy.get(area.number, {"learn_how_to": []})["learn_how_to"]
        catalogue = [
            (s.heading, s.text) for s in framework.statements_in(area.number, "learn_how_to")
        ]
        assert catalogue == expected, f"area {area.number}"


def test_learn_how_to_statements_also_appear_in_the_dfe_document(
    framework: Framework, dfe_text: str
) -> None:
    # The two columns are interleaved in the PDF text, so check each statement's opening.
    source = norm(dfe_text)
    missing = [
        s.id
        for s in framework.statements
        if s.kind == "learn_how_to" and " ".join(s.text.split()[:6]) not in source
    ]
    assert missing == []


def test_area_descriptions_are_those_of_the_dfe_document(
    framework: Framework, dfe_text: str
) -> None:
    source = norm(re.sub(r"</?u>|\*", "", dfe_text))  # drop underline and italic marks
    for area in framework.areas:
        if area.description:
            assert norm(area.description) in source, f"area {area.number}"
    assert framework.area(1).description is not None
    assert "Early Career Framework" in framework.area(1).description


def parse_sample_session_citations(text: str) -> dict[str, tuple[str | None, str]]:
    """Statement id -> (heading, text) for each ``● 2.4 ...`` citation in the session."""
    cited: dict[str, tuple[str | None, str]] = {}
    for line in text.splitlines():
        heading_match = re.search(r"<p>([^<]*by:)</p>", line)
        heading = norm(heading_match[1]) if heading_match else None
        for chunk in line.split("●")[1:]:
            found = re.match(r"\s*(\d\.\d+|\d[a-z])\s+([^<\t]+)", chunk)
            if found:
                is_how_to = found[1][-1].isalpha()
                cited[found[1]] = (heading if is_how_to else None, norm(found[2]))
    return cited


def test_sample_session_citations_match_the_catalogue_lettering(framework: Framework) -> None:
    cited = parse_sample_session_citations(read_seed(SAMPLE_SESSION))
    assert set(cited) == {"2.4", "2.5", "2.7", "2d", "2g", "2h"}
    for statement_id, (heading, text) in cited.items():
        statement = framework.get(statement_id)
        # The session re-punctuates ("subject-, phase- and domain-specific"): compare words.
        assert words(statement.text) == words(text), statement_id
        assert statement.heading == heading, statement_id


# ---------------------------------------------------------------- the catalogue's shape


def test_load_framework_is_cached_and_listed() -> None:
    assert FRAMEWORK_ID in available_frameworks()
    assert load_framework(FRAMEWORK_ID) is load_framework(FRAMEWORK_ID)


def test_framework_metadata(framework: Framework) -> None:
    assert framework.id == FRAMEWORK_ID
    assert "Leading Teacher Development" in framework.title
    assert framework.publisher == "Department for Education"
    assert framework.published == "2020-10"
    assert [a.number for a in framework.areas] == [1, 2, 3, 4]


def test_unknown_framework_lists_the_available_ones() -> None:
    with pytest.raises(UnknownFrameworkError, match=FRAMEWORK_ID) as raised:
        load_framework("npqltd-1999-01")
    assert isinstance(raised.value, LookupError)


def test_headings_belong_to_learn_how_to_only(framework: Framework) -> None:
    for statement in framework.statements:
        assert (statement.heading is not None) == (statement.kind == "learn_how_to")


def test_letters_run_on_across_headings(framework: Framework) -> None:
    assert framework.get("2j").heading == framework.get("2a").heading
    assert framework.get("2k").heading == "Avoid creating unnecessary workload by:"
    assert framework.get("3a").heading == "Deliver effective professional development by:"
    assert framework.get("4n").heading == "Deliver changes by:"
    assert framework.get("4t").text.startswith("Treating scale-up")


def test_statements_in_filters_by_area_and_kind(framework: Framework) -> None:
    assert framework.statements_in(1) == ()
    assert [s.id for s in framework.statements_in(3, "learn_that")] == [
        "3.1",
        "3.2",
        "3.3",
        "3.4",
    ]
    assert len(framework.statements_in(4)) == 32


def test_statements_are_immutable(framework: Framework) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        framework.get("2.4").text = "changed"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("2.4", "2.4"),
        ("2d", "2d"),
        ("2D", "2d"),
        (" 2.10 ", "2.10"),
        ("4.12", "4.12"),
        ("\t3n\n", "3n"),
    ],
)
def test_parse_statement_ref_normalises(ref: str, expected: str) -> None:
    assert parse_statement_ref(ref) == expected


@pytest.mark.parametrize(
    "ref", ["", "  ", "2", "2.", ".4", "2.x", "d2", "2dd", "1.1f", "2.4.1", "0.1", "2.0", "2 d"]
)
def test_parse_statement_ref_rejects_junk_and_shows_the_accepted_forms(ref: str) -> None:
    with pytest.raises(StatementRefError, match=r"e\.g\. 2\.4.*e\.g\. 2d"):
        parse_statement_ref(ref)


def test_parse_statement_ref_refuses_a_yaml_number_rather_than_guess() -> None:
    with pytest.raises(StatementRefError, match="quote it"):
        parse_statement_ref(4.1)  # type: ignore[arg-type]
    with pytest.raises(StatementRefError, match="must be text"):
        parse_statement_ref(2)  # type: ignore[arg-type]


def test_get_accepts_any_spelling_parse_statement_ref_does(framework: Framework) -> None:
    assert framework.get(" 4.10 ").id == "4.10"
    assert framework.get("2D") is framework.get("2d")
    assert "2G" in framework
    assert "2.10" not in framework
    assert "junk" not in framework


@pytest.mark.parametrize(
    ("ref", "suggestion", "detail"),
    [
        ("2.10", "2.1", "2.1-2.9"),
        ("2.44", "2.4", "2.1-2.9"),
        ("2p", "2o", "2a-2o"),
        ("1.1", None, "no statements of its own"),
        ("5.1", "4.1", "areas 1-4"),
    ],
)
def test_unknown_statement_names_the_valid_range_and_a_close_match(
    framework: Framework, ref: str, suggestion: str | None, detail: str
) -> None:
    with pytest.raises(UnknownStatementError, match=re.escape(detail)) as raised:
        framework.get(ref)
    assert raised.value.suggestion == suggestion
    assert raised.value.statement_id == ref
    if suggestion:
        assert f"did you mean {suggestion}?" in str(raised.value)


# ---------------------------------------------------------------- data file validation


@pytest.fixture
def raw_data() -> dict[str, Any]:
    packaged = resources.files("canvas_npq.framework").joinpath("data", f"{FRAMEWORK_ID}.yaml")
    return copy.deepcopy(yaml.safe_load(packaged.read_text(encoding="utf-8")))


def problems_for(data: object, expected_id: str | None = None) -> str:
    with pytest.raises(FrameworkDataError) as raised:
        framework_from_data(data, source="test.yaml", expected_id=expected_id)
    return str(raised.value)


def test_packaged_data_round_trips(raw_data: dict[str, Any]) -> None:
    assert framework_from_data(raw_data) == load_framework(FRAMEWORK_ID)


def test_a_later_revision_can_sit_beside_this_one(raw_data: dict[str, Any]) -> None:
    raw_data["id"] = "npqltd-2030-01"
    raw_data["areas"][1]["learn_that"].append({"id": "2.10", "text": "A new statement."})
    revised = framework_from_data(raw_data, expected_id="npqltd-2030-01")
    assert revised.get("2.10").text == "A new statement."
    assert "2.10" not in load_framework(FRAMEWORK_ID)


def test_gap_in_learn_that_numbering_is_refused(raw_data: dict[str, Any]) -> None:
    del raw_data["areas"][1]["learn_that"][2]  # 2.3
    assert "areas[1].learn_that[2].id: expected '2.3' here, got '2.4'" in problems_for(raw_data)


def test_letters_out_of_order_are_refused(raw_data: dict[str, Any]) -> None:
    first = raw_data["areas"][1]["learn_how_to"][0]["statements"]
    first[1]["id"], first[2]["id"] = first[2]["id"], first[1]["id"]
    message = problems_for(raw_data)
    assert "statements[1].id: expected '2b' here, got '2c'" in message
    assert "statements[2].id: expected '2c' here, got '2b'" in message


def test_letters_must_run_on_across_headings(raw_data: dict[str, Any]) -> None:
    raw_data["areas"][1]["learn_how_to"][1]["statements"][0]["id"] = "2a"  # should be 2k
    message = problems_for(raw_data)
    assert "expected '2k' here, got '2a'" in message
    assert "'2a' is already used" in message


def test_unquoted_numeric_id_is_refused_with_a_hint(raw_data: dict[str, Any]) -> None:
    raw_data["areas"][1]["learn_that"][0]["id"] = 2.1
    assert "quote it" in problems_for(raw_data)


def test_unknown_keys_missing_text_and_stray_whitespace_are_refused(
    raw_data: dict[str, Any],
) -> None:
    raw_data["areas"][2]["learn_that"][0]["txt"] = "typo"
    raw_data["areas"][2]["learn_that"][1]["text"] = ""
    raw_data["areas"][2]["learn_that"][2]["text"] = "two  spaces"
    message = problems_for(raw_data)
    assert "areas[2].learn_that[0]: unknown key 'txt'" in message
    assert "areas[2].learn_that[1].text: expected non-empty text" in message
    assert "areas[2].learn_that[2].text: text has stray whitespace" in message


def test_area_numbers_and_file_id_are_checked(raw_data: dict[str, Any]) -> None:
    raw_data["areas"][3]["number"] = 5
    message = problems_for(raw_data, expected_id="npqltd-2020-11")
    assert "areas[3].number: expected 4" in message
    assert "does not match the file name 'npqltd-2020-11'" in message


def test_not_a_mapping_is_refused() -> None:
    assert "expected a mapping" in problems_for(["not", "a", "framework"])
