"""The desired snapshot built from a spec: addresses, fields, order, dates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from canvas_npq.model import FIELDS, Address, Kind, SourceRef
from canvas_npq.model.fields import OPTIONAL_FIELDS
from canvas_npq.model.markers import owner_of
from canvas_npq.spec import build_desired, load_spec

MINIMAL = Path(__file__).parents[1] / "fixtures" / "specs" / "minimal"

HEADER = """\
course:
  name: Test course
  course_code: TEST
assignment_groups:
  - id: tasks
    name: Tasks
"""


@pytest.fixture
def spec_dir(tmp_path: Path) -> Path:
    target = tmp_path / "spec"
    shutil.copytree(MINIMAL, target)
    return target


def one_assignment(tmp_path: Path, keys: str, time_zone: str | None = None) -> dict:
    """The fields of the desired assignment for an item with these extra keys."""
    (tmp_path / "task.md").write_text("Do the task.\n")
    zone = f"  time_zone: {time_zone}\n" if time_zone else ""
    text = HEADER.replace("  course_code: TEST\n", "  course_code: TEST\n" + zone)
    text += "blocks:\n  - id: b\n    title: B\n    items:\n"
    text += "      - {type: mit, id: t, title: T, description: task.md"
    text += (", " + keys if keys else "") + "}\n"
    (tmp_path / "course.yaml").write_text(text)
    snapshot = build_desired(load_spec(tmp_path))
    resource = snapshot.get(Address(Kind.ASSIGNMENT, "t"))
    assert resource is not None
    return dict(resource.fields)


def test_minimal_spec_gives_the_expected_addresses(spec_dir: Path) -> None:
    snapshot = build_desired(load_spec(spec_dir))
    assert sorted(str(r.address) for r in snapshot) == sorted(
        [
            "course.course",
            "assignment_group.mits",
            "assignment_group.assessment",
            "page.welcome",
            "page.unit-1-1",
            "assignment.mit-1",
            "assignment.final-assessment",
            "module.block-1",
            "module.block-2",
            "module_item.b1-self-study",
            "module_item.unit-1-1",
            "module_item.mit-1",
            "module_item.b1-eef-guide",
            "module_item.final-assessment",
        ]
    )


def test_order_lists_groups_modules_and_items_in_spec_order(spec_dir: Path) -> None:
    order = build_desired(load_spec(spec_dir)).order
    assert order["course:assignment_groups"] == (
        "assignment_group.mits",
        "assignment_group.assessment",
    )
    assert order["course:modules"] == ("module.block-1", "module.block-2")
    assert order["module.block-1"] == (
        "module_item.b1-self-study",
        "module_item.unit-1-1",
        "module_item.mit-1",
        "module_item.b1-eef-guide",
    )
    assert order["module.block-2"] == ("module_item.final-assessment",)


def test_every_resource_has_exactly_the_managed_fields(spec_dir: Path) -> None:
    for resource in build_desired(load_spec(spec_dir)):
        # Optional fields (the syllabus, the home page, front_page) only where declared.
        required = set(FIELDS[resource.kind]) - OPTIONAL_FIELDS.get(resource.kind, frozenset())
        assert required <= set(resource.fields) <= set(FIELDS[resource.kind]), resource.address
        assert resource.source is not None


def test_course_fields_and_meta(spec_dir: Path) -> None:
    snapshot = build_desired(load_spec(spec_dir))
    course = snapshot.get(Address(Kind.COURSE, "course"))
    assert course is not None
    assert dict(course.fields) == {
        "name": "NPQ in Leading Teacher Development (test)",
        "course_code": "NPQLTD-TEST",
        "time_zone": "Europe/London",
    }
    assert snapshot.meta["spec_root"] == str(spec_dir)


def test_unit_page_has_owned_rendered_body_and_its_block(spec_dir: Path) -> None:
    snapshot = build_desired(load_spec(spec_dir))
    page = snapshot.get(Address(Kind.PAGE, "unit-1-1"))
    assert page is not None
    assert page.block == "block-1"
    assert page.source == SourceRef("course.yaml", page.source.line)
    body = page.fields["body"]
    assert owner_of(body) == "unit-1-1"
    assert "<table>" in body and "<th>Mechanism</th>" in body
    # Raw HTML in Markdown passes through, but what Canvas strips never reaches it.
    assert "<script>" not in body and "script" not in body


def test_top_level_page_has_no_block(spec_dir: Path) -> None:
    page = build_desired(load_spec(spec_dir)).get(Address(Kind.PAGE, "welcome"))
    assert page is not None and page.block is None
    assert page.fields["title"] == "Welcome to the programme"
    assert page.fields["published"] is True


def test_mit_assignment_fields(spec_dir: Path) -> None:
    mit = build_desired(load_spec(spec_dir)).get(Address(Kind.ASSIGNMENT, "mit-1"))
    assert mit is not None
    fields = dict(mit.fields)
    assert owner_of(fields.pop("description")) == "mit-1"
    assert fields == {
        "name": "MIT 1: Exploring: your implementation plan",
        "assignment_group": "assignment_group.mits",
        "grading_type": "pass_fail",
        "points_possible": 0.0,
        "submission_types": ("online_text_entry", "online_upload"),
        "unlock_at": "2026-10-05T08:00:00Z",  # BST
        "due_at": "2026-11-02T17:00:00Z",  # GMT
        "lock_at": "2026-11-16T17:00:00Z",
        "published": True,
    }
    assert mit.block == "block-1"


def test_points_assignment_and_date_alone_deadline(spec_dir: Path) -> None:
    final = build_desired(load_spec(spec_dir)).get(Address(Kind.ASSIGNMENT, "final-assessment"))
    assert final is not None
    assert final.fields["grading_type"] == "points"
    assert final.fields["points_possible"] == 20.0
    assert final.fields["assignment_group"] == "assignment_group.assessment"
    assert final.fields["due_at"] == "2027-03-01T23:59:00Z"


def test_modules(spec_dir: Path) -> None:
    snapshot = build_desired(load_spec(spec_dir))
    first = snapshot.get(Address(Kind.MODULE, "block-1"))
    second = snapshot.get(Address(Kind.MODULE, "block-2"))
    assert first is not None and second is not None
    assert dict(first.fields) == {
        "name": "Block 1: Leading improvement",
        "unlock_at": "2026-10-05T08:00:00Z",
        "require_sequential_progress": False,
        "published": True,
        "prerequisites": (),
    }
    assert second.fields["published"] is False
    assert second.fields["unlock_at"] is None


def test_module_items(spec_dir: Path) -> None:
    snapshot = build_desired(load_spec(spec_dir))

    def item(key: str) -> dict:
        resource = snapshot.get(Address(Kind.MODULE_ITEM, key))
        assert resource is not None and resource.block == "block-1"
        return dict(resource.fields)

    common = {"module": "module.block-1", "published": True, "completion": None}
    assert item("b1-self-study") == {
        **common,
        "type": "SubHeader",
        "content": None,
        "title": "Self-study",
        "indent": 0,
        "external_url": "",
        "new_tab": False,
    }
    # Page and assignment items show their content's title: the item title is unset.
    assert item("unit-1-1") == {
        **common,
        "type": "Page",
        "content": "page.unit-1-1",
        "title": "",
        "indent": 1,
        "external_url": "",
        "new_tab": False,
    }
    assert item("mit-1")["type"] == "Assignment"
    assert item("mit-1")["content"] == "assignment.mit-1"
    assert item("b1-eef-guide") == {
        **common,
        "type": "ExternalUrl",
        "content": None,
        "title": "EEF: Putting Evidence to Work",
        "indent": 0,
        "external_url": "https://educationendowmentfoundation.org.uk/",
        "new_tab": True,
    }


def test_content_item_published_follows_its_content(tmp_path: Path) -> None:
    (tmp_path / "u.md").write_text("Text\n")
    (tmp_path / "course.yaml").write_text(
        HEADER + "blocks:\n  - id: b\n    title: B\n    items:\n"
        "      - {type: unit, id: u, title: U, body: u.md, published: false}\n"
    )
    snapshot = build_desired(load_spec(tmp_path))
    item = snapshot.get(Address(Kind.MODULE_ITEM, "u"))
    page = snapshot.get(Address(Kind.PAGE, "u"))
    assert item is not None and page is not None
    assert item.fields["published"] is False and page.fields["published"] is False


@pytest.mark.parametrize(
    ("written", "utc"),
    [
        ("2026-10-20T09:00", "2026-10-20T08:00:00Z"),  # BST
        ("2026-11-03T09:00", "2026-11-03T09:00:00Z"),  # GMT
        ("2026-03-29T00:30", "2026-03-29T00:30:00Z"),  # before the clocks go forward
        ("2026-03-29T02:30", "2026-03-29T01:30:00Z"),  # after
        ("2026-10-25T01:30", "2026-10-25T00:30:00Z"),  # ambiguous: the first (BST) one
        ("2026-10-20T09:00:00+02:00", "2026-10-20T07:00:00Z"),
        ("2026-10-20T09:00:00Z", "2026-10-20T09:00:00Z"),
        ("2026-10-20", "2026-10-19T23:00:00Z"),  # a date alone: midnight, local
    ],
)
def test_dates_resolve_in_the_course_time_zone(tmp_path: Path, written: str, utc: str) -> None:
    assert one_assignment(tmp_path, f"unlock_at: '{written}'")["unlock_at"] == utc


def test_date_alone_deadlines_are_2359_local(tmp_path: Path) -> None:
    fields = one_assignment(tmp_path, "due_at: 2026-10-20, lock_at: 2026-11-20")
    assert fields["due_at"] == "2026-10-20T22:59:00Z"
    assert fields["lock_at"] == "2026-11-20T23:59:00Z"


def test_another_time_zone_is_honoured(tmp_path: Path) -> None:
    fields = one_assignment(tmp_path, "due_at: 2026-10-20T09:00", time_zone="America/New_York")
    assert fields["due_at"] == "2026-10-20T13:00:00Z"


def test_not_graded_assignment(tmp_path: Path) -> None:
    fields = one_assignment(tmp_path, "grading: not_graded")
    assert fields["grading_type"] == "not_graded"
    assert fields["submission_types"] == ("not_graded",)
    assert fields["points_possible"] == 0.0


def test_default_group_is_the_first_and_default_grading_is_complete_incomplete(
    tmp_path: Path,
) -> None:
    fields = one_assignment(tmp_path, "")
    assert fields["assignment_group"] == "assignment_group.tasks"
    assert fields["grading_type"] == "pass_fail"
    assert fields["submission_types"] == ("online_text_entry", "online_upload")


def test_building_twice_gives_equal_snapshots(spec_dir: Path) -> None:
    spec = load_spec(spec_dir)
    first, second = build_desired(spec), build_desired(spec)
    assert dict(first.resources) == dict(second.resources)
    assert dict(first.order) == dict(second.order)
