"""Adopt's matching: by kind and title, items by content, nothing guessed."""

from __future__ import annotations

from canvas_npq.adopt.importer import propose, slugify
from canvas_npq.adopt.matching import match
from canvas_npq.model import FIELDS, Address, Kind, Resource, Snapshot


def res(kind: Kind, key: str, **values) -> Resource:
    fields = {name: values.get(name) for name in FIELDS[kind]}
    return Resource(Address(kind, key), fields)


def desired() -> Snapshot:
    return Snapshot.of(
        [
            res(Kind.PAGE, "unit-1", title="Unit 1", body="", published=True),
            res(Kind.PAGE, "welcome", title="Welcome", body="", published=True),
            res(Kind.PAGE, "new", title="Brand new", body="", published=True),
            res(Kind.MODULE, "block-1", name="Block 1"),
            res(
                Kind.MODULE_ITEM,
                "unit-1",
                module="module.block-1",
                type="Page",
                content="page.unit-1",
            ),
            res(
                Kind.MODULE_ITEM,
                "hdr",
                module="module.block-1",
                type="SubHeader",
                title="Self-study",
            ),
        ]
    )


def live(*entries: dict) -> Snapshot:
    return Snapshot.of([], meta={"course_id": 7, "unowned": entries})


def item(item_id: int, type_: str, title: str, **extra) -> dict:
    base = {
        "kind": "module_item",
        "id": item_id,
        "title": title,
        "module_id": 40,
        "module": None,
        "type": type_,
        "page_url": None,
        "content_id": None,
        "external_url": None,
        "completion": None,
    }
    return {**base, **extra}


def test_objects_match_by_kind_and_title_and_items_by_their_content() -> None:
    found = match(
        desired(),
        live(
            {"kind": "page", "id": 1, "title": " unit  1 ", "url": "unit-1"},
            {"kind": "page", "id": 2, "title": "Welcome", "url": "welcome"},
            {"kind": "page", "id": 3, "title": "Welcome", "url": "welcome-2"},
            {"kind": "module", "id": 40, "title": "Block 1"},
            item(400, "Page", "Unit 1 (renamed item)", page_url="unit-1"),
            item(401, "SubHeader", "Self-study"),
            {"kind": "assignment", "id": 5, "title": "Unit 1", "submission_types": ()},
        ),
    )
    assert found.bind == {
        "page.unit-1": 1,
        "module.block-1": 40,
        "module_item.unit-1": 400,
        "module_item.hdr": 401,
    }
    assert [(str(u.address), u.canvas_ids) for u in found.ambiguous] == [("page.welcome", (2, 3))]
    assert [str(u.address) for u in found.missing] == ["page.new"]


def test_one_canvas_object_claimed_by_two_spec_objects_binds_neither() -> None:
    spec = Snapshot.of(
        [
            res(Kind.MODULE, "a", name="Block"),
            res(Kind.MODULE, "b", name="block"),
        ]
    )
    found = match(spec, live({"kind": "module", "id": 40, "title": "Block"}))
    assert found.bind == {} and len(found.ambiguous) == 2


def test_what_cannot_be_managed_is_never_matched() -> None:
    spec = Snapshot.of([res(Kind.ASSIGNMENT, "quiz", name="Quiz 1")])
    entry = {"kind": "assignment", "id": 5, "title": "Quiz 1", "is_quiz_lti_assignment": True}
    found = match(spec, live(entry))
    assert found.bind == {} and [str(u.address) for u in found.missing] == ["assignment.quiz"]


def test_import_gives_stable_unique_ids_and_lists_what_it_leaves() -> None:
    proposal = propose(
        live(
            {"kind": "module", "id": 40, "title": "Block 1"},
            {"kind": "page", "id": 1, "title": "Block 1", "url": "block-1"},
            {"kind": "page", "id": 2, "title": "日本語", "url": "x"},
            {
                "kind": "assignment",
                "id": 5,
                "title": "Loose",
                "grading_type": "points",
                "submission_types": ("online_upload",),
            },
        )
    )
    assert proposal.bind == {"module.block-1": 40, "page.block-1-2": 1, "page.page-2": 2}
    # In no module, it would be a course-level assignment, but its group is not managed.
    assert [u.reason for u in proposal.unmanaged] == ["its assignment group is not managed"]
    assert slugify("1.1 Über: effective CPD!") == "1-1-uber-effective-cpd"


def test_files_of_one_name_are_told_apart_by_folder_and_events_by_start() -> None:
    spec = Snapshot.of(
        [
            res(Kind.FILE, "plan", name="plan.docx", folder="handouts"),
            res(Kind.FILE, "logo", name="logo.png", folder=""),
            res(Kind.CALENDAR_EVENT, "day-1", title="Day", start_at="2026-10-06T09:30:00Z"),
            res(Kind.CALENDAR_EVENT, "day-2", title="Day", start_at="2026-11-06T09:30:00Z"),
        ]
    )
    course = live(
        {"kind": "file", "id": 1, "title": "plan.docx", "folder": "handouts", "size": 1},
        {"kind": "file", "id": 2, "title": "plan.docx", "folder": "old", "size": 1},
        {"kind": "file", "id": 3, "title": "logo.png", "folder": "a", "size": 1},
        {"kind": "file", "id": 4, "title": "logo.png", "folder": "b", "size": 1},
        {
            "kind": "calendar_event",
            "id": 5,
            "title": "Day",
            "start_at": "2026-10-06T10:30:00+01:00",
            "end_at": "2026-10-06T16:00:00Z",
        },
        {
            "kind": "calendar_event",
            "id": 6,
            "title": "Day",
            "start_at": "2026-11-06T09:30:00Z",
            "end_at": "2026-11-06T16:00:00Z",
        },
    )
    result = match(spec, course)
    assert result.bind == {"file.plan": 1, "calendar_event.day-1": 5, "calendar_event.day-2": 6}
    # Neither logo is in the spec's folder: not guessed.
    assert {str(u.address): u.canvas_ids for u in result.ambiguous} == {"file.logo": (3, 4)}

    moved = live(
        *[e for e in course.meta["unowned"] if e["id"] != 6],
        {**course.meta["unowned"][5], "start_at": "2026-12-06T09:30:00Z"},
    )
    result = match(spec, moved)
    # Day 2 starts at neither time, so both events are candidates for it and neither is bound.
    assert {str(u.address) for u in result.ambiguous} == {
        "file.logo",
        "calendar_event.day-1",
        "calendar_event.day-2",
    }


def test_a_rubric_is_matched_by_the_assignment_it_grades_not_its_title() -> None:
    spec = Snapshot.of(
        [
            res(Kind.ASSIGNMENT, "mit-1", name="MIT 1"),
            res(Kind.RUBRIC, "mit-1", title="MIT 1 rubric", assignment="assignment.mit-1"),
        ]
    )
    course = live(
        {"kind": "assignment", "id": 50, "title": "MIT 1", "grading_type": "pass_fail"},
        {"kind": "rubric", "id": 8, "title": "Old name", "assignment_id": 50, "assignments": 1},
        {"kind": "rubric", "id": 9, "title": "MIT 1 rubric", "assignment_id": 51},
    )
    assert match(spec, course).bind == {"assignment.mit-1": 50, "rubric.mit-1": 8}
