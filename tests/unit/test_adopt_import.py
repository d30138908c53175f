"""Import's pure steps for course files: names, places in the spec, bindings."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from canvas_npq.adopt.importer import file_name, propose, slugify, spec_files
from canvas_npq.model import Address, Kind, Resource, Snapshot
from canvas_npq.model.files import file_ref
from canvas_npq.spec.files import FILE_SIZE_LIMIT
from tests.unit.builders import DEFAULTS, res

DEFAULTS.setdefault(
    Kind.FILE, {"name": "a.docx", "folder": "", "size": 1, "content_hash": None, "path": None}
)
DEFAULTS.setdefault(Kind.OUTCOME, {"title": "2d", "group": "outcome_group.area-2"})
DEFAULTS.setdefault(Kind.RUBRIC, {"title": "A rubric", "criteria": []})


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("1.1 Über effective CPD", "1-1-uber-effective-cpd"),
        ("Plan d’action – été", "plan-d-action-ete"),
        ("日本語", ""),
    ],
)
def test_slugify_keeps_words_apart_and_drops_accents(title: str, slug: str) -> None:
    assert slugify(title) == slug


@pytest.mark.parametrize(
    ("name", "portable"),
    [
        ("Plan d’action – été.docx", "Plan-d-action-ete.docx"),
        ("MIT handout (v2).PDF", "MIT-handout-v2.PDF"),
        ("README", "README"),
        ("日本語.png", "file-9.png"),
        (".hidden", "file-9.hidden"),
    ],
)
def test_file_names_are_portable_and_keep_their_extension(name: str, portable: str) -> None:
    assert file_name(name, "file-9") == portable


def _file(key: str, canvas_id: int, name: str, folder: str = "", **values: Any) -> Resource:
    return res(Kind.FILE, key, canvas_id, name=name, folder=folder, **values)


def _course() -> Resource:
    return res(Kind.COURSE, "course", 1, syllabus_body=None, default_view="modules")


def _write(*resources: Resource, order: dict[str, list[str]] | None = None) -> Any:
    snapshot = Snapshot.of([_course(), *resources], order or {}, {"course_id": 1})
    return spec_files(snapshot)


def test_files_go_under_files_by_canvas_folder_unique_ignoring_case() -> None:
    out = _write(
        _file("plan", 10, "Plan.docx", "handouts/week 1"),
        _file("plan-2", 11, "plan.docx", "handouts/week 1"),
        _file("logo", 12, "logo.png", size=5),
    )
    assert list(out.downloads) == [
        "files/handouts/week-1/Plan.docx",
        "files/handouts/week-1/plan-2.docx",
        "files/logo.png",
    ]
    assert out.downloads["files/logo.png"].canvas_id == 12
    assert out.downloads["files/logo.png"].size == 5
    text = out.files["course.yaml"]
    assert (
        "- id: plan\n  path: files/handouts/week-1/Plan.docx\n  folder: handouts/week 1\n" in text
    )
    # The Canvas name is given only where the file name in the spec differs from it.
    assert (
        "  path: files/handouts/week-1/plan-2.docx\n  folder: handouts/week 1\n  name: plan.docx"
        in text
    )
    assert "- id: logo\n  path: files/logo.png\n" in text and "name: logo.png" not in text


def test_a_file_canvas_npq_uploaded_keeps_its_place_in_the_spec() -> None:
    out = _write(
        _file("other", 9, "plan.docx", "handouts"),
        _file("plan", 10, "plan.docx", "handouts", path="handouts/plan.docx"),
    )
    where = {download.canvas_id: path for path, download in out.downloads.items()}
    assert where == {10: "handouts/plan.docx", 9: "files/handouts/plan.docx"}


def test_links_to_files_become_relative_links_from_the_body() -> None:
    body = f'<p><a href="{file_ref("plan")}">the plan</a></p>'
    out = _write(
        _file("plan", 10, "Plan.docx", "handouts"),
        res(Kind.PAGE, "welcome", 20, body=body),
    )
    assert out.files["pages/welcome.md"] == "[the plan](../files/handouts/Plan.docx)\n"


def _unowned(kind: str, canvas_id: int, title: str, **facts: Any) -> dict[str, Any]:
    return {"kind": kind, "id": canvas_id, "title": title, **facts}


def test_propose_binds_files_and_their_module_items_and_leaves_what_it_cannot_hold() -> None:
    big = FILE_SIZE_LIMIT + 1
    live = Snapshot.of(
        [_course()],
        {},
        {
            "unowned": [
                _unowned("file", 10, "Action plan.docx", size=3, url="/files/10/download"),
                _unowned("file", 11, "Lecture.mp4", size=big, url="/files/11/download"),
                _unowned("module", 30, "Block 1"),
                _unowned(
                    "module_item",
                    40,
                    "Action plan.docx",
                    type="File",
                    content_id=10,
                    module=None,
                    module_id=30,
                ),
                _unowned(
                    "module_item",
                    41,
                    "Lecture.mp4",
                    type="File",
                    content_id=11,
                    module=None,
                    module_id=30,
                ),
            ]
        },
    )
    proposal = propose(live)
    assert proposal.bind["file.action-plan"] == 10
    assert proposal.bind["module_item.action-plan-docx"] == 40
    assert "file.lecture" not in proposal.bind
    reasons = {(u.kind, u.canvas_id): u.reason for u in proposal.unmanaged}
    assert "more than the" in reasons[("file", 11)]
    assert reasons[("module_item", 41)].startswith("links to a file that is ")


def test_no_object_takes_the_name_of_the_files_folder() -> None:
    live = Snapshot.of([_course()], {}, {"unowned": [_unowned("module", 30, "Files")]})
    assert propose(live).bind == {str(Address(Kind.MODULE, "files-2")): 30}


# -- rubrics ----------------------------------------------------------------------------


def _rubric_entry(canvas_id: int, **facts: Any) -> dict[str, Any]:
    base = {"assignment_id": 50, "assignments": 1, "outcome_ids": []}
    return _unowned("rubric", canvas_id, f"Rubric {canvas_id}", **{**base, **facts})


def test_a_rubric_is_bound_as_the_rubric_of_the_one_assignment_it_grades() -> None:
    live = Snapshot.of(
        [_course(), res(Kind.ASSIGNMENT, "mit-1", 50), res(Kind.OUTCOME, "2d", 70)],
        {},
        {
            "unowned": [
                _rubric_entry(1),
                _rubric_entry(2),  # a second rubric for the same assignment
                _rubric_entry(3, assignment_id=None),
                _rubric_entry(4, assignments=2),
                _rubric_entry(5, assignment_id=51),
                _rubric_entry(6, assignment_id=50, outcome_ids=[70, 99]),
            ]
        },
    )
    proposal = propose(live)
    assert proposal.bind == {"rubric.mit-1": 1}
    reasons = {u.canvas_id: u.reason for u in proposal.unmanaged}
    assert "already has a rubric" in reasons[2]
    assert "grades no assignment" in reasons[3]
    assert "several assignments" in reasons[4]
    assert "not managed" in reasons[5]
    assert "outcome canvas-npq does not manage" in reasons[6]


def _criterion(description: str, long_description: str = "", **extra: Any) -> dict[str, Any]:
    ratings = [{"description": "Complete", "long_description": "", "points": 1}]
    return {
        "description": description,
        "long_description": long_description,
        "use_range": False,
        "outcome": None,
        "ratings": ratings,
        **extra,
    }


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Plain words, a comma.", "Plain words, a comma."),
        ("Names *two* sources_of data", r"Names \*two\* sources\_of data"),
        ("1. first, then more", r"1\. first, then more"),
        ("# not a heading", r"\# not a heading"),
        ("- reads back as it is", "- reads back as it is"),
    ],
)
def test_a_criterion_long_description_is_written_as_markdown_that_reads_back_the_same(
    text: str, written: str
) -> None:
    rubric = res(
        Kind.RUBRIC,
        "mit-1",
        1,
        title="MIT 1",
        assignment="assignment.mit-1",
        use_for_grading=True,
        free_form_criterion_comments=False,
        criteria=[_criterion("Problem", text), _criterion("Aligned", outcome="outcome.2d")],
    )
    assignment = res(Kind.ASSIGNMENT, "mit-1", 50)
    item = res(Kind.MODULE_ITEM, "mit-1", 60, type="Assignment", content="assignment.mit-1")
    module = res(Kind.MODULE, "block-1", 40)
    order = {"course:modules": ["module.block-1"], "module.block-1": ["module_item.mit-1"]}
    out = _write(rubric, assignment, item, module, order=order)
    spec = yaml.safe_load(out.files["rubrics/mit-1.yaml"])
    problem, aligned = spec["criteria"]
    assert problem.get("long_description") == (written if text else None)
    assert aligned["outcome"] == "2d" and "long_description" not in aligned
    assert "rubric: rubrics/mit-1.yaml" in out.files["course.yaml"]
