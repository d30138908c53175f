"""Module completion requirements and prerequisites: spec keys, desired fields, plans."""

from __future__ import annotations

from pathlib import Path

import pytest

from canvas_npq.model import Address, Kind, Snapshot
from canvas_npq.plan import Action, build_plan
from canvas_npq.spec import SpecError, build_desired, load_spec
from tests.unit.builders import applied_manifest, res

HEADER = """\
course:
  name: Test course
  course_code: TEST
assignment_groups:
  - id: tasks
    name: Tasks
blocks:
"""
BLOCK_1 = """\
  - id: block-1
    title: Block 1
    track_completion: true
    items:
      - {type: subheader, id: h, title: Start}
      - {type: unit, id: u1, title: U1, body: u.md}
      - {type: unit, id: u2, title: U2, body: u.md, completion: none}
      - {type: link, id: l, title: L, url: "https://example.org/"}
      - {type: mit, id: t, title: T, description: u.md}
"""
BLOCK_2 = """\
  - id: block-2
    title: Block 2
    prerequisites: [block-1]
    require_sequential_progress: true
    items:
      - {type: unit, id: u3, title: U3, body: u.md, completion: must_mark_done}
      - {type: unit, id: u4, title: U4, body: u.md}
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "u.md").write_text("Text\n")
    (tmp_path / "course.yaml").write_text(text)
    return tmp_path


def problems(tmp_path: Path, text: str) -> list:
    with pytest.raises(SpecError) as caught:
        load_spec(write(tmp_path, text))
    return caught.value.problems


def line_of(text: str, fragment: str) -> int:
    return next(n for n, content in enumerate(text.splitlines(), 1) if fragment in content)


def test_track_completion_gives_each_item_the_requirement_of_its_type(tmp_path: Path) -> None:
    desired = build_desired(load_spec(write(tmp_path, HEADER + BLOCK_1 + BLOCK_2)))

    def completion(key: str) -> str | None:
        return desired.resources[Address(Kind.MODULE_ITEM, key)].fields["completion"]

    assert completion("h") is None  # a heading has nothing to complete
    assert completion("u1") == "must_view"
    assert completion("u2") is None  # opted out with completion: none
    assert completion("l") == "must_view"
    assert completion("t") == "must_submit"
    assert completion("u3") == "must_mark_done"  # set on the item, block not tracked
    assert completion("u4") is None


def test_prerequisites_become_module_addresses(tmp_path: Path) -> None:
    desired = build_desired(load_spec(write(tmp_path, HEADER + BLOCK_1 + BLOCK_2)))
    second = desired.resources[Address(Kind.MODULE, "block-2")].fields
    assert second["prerequisites"] == ("module.block-1",)
    assert second["require_sequential_progress"] is True
    assert desired.resources[Address(Kind.MODULE, "block-1")].fields["prerequisites"] == ()


def test_a_prerequisite_that_comes_later_is_refused_with_its_line(tmp_path: Path) -> None:
    text = (
        HEADER
        + BLOCK_1.replace("    track_completion: true\n", "    prerequisites: [block-2]\n")
        + BLOCK_2
    )
    [problem] = problems(tmp_path, text)
    assert problem.line == line_of(text, "prerequisites: [block-2]")
    assert problem.message == "prerequisite 'block-2' of block 'block-1' comes after it"
    assert "earlier block" in (problem.hint or "")


def test_an_unknown_prerequisite_suggests_an_earlier_block(tmp_path: Path) -> None:
    text = HEADER + BLOCK_1 + BLOCK_2.replace("[block-1]", "[block-l]")
    [problem] = problems(tmp_path, text)
    assert str(problem) == (
        f"course.yaml:{line_of(text, '[block-l]')}:21: unknown block 'block-l' in "
        "'prerequisites' of block 'block-2'. Did you mean 'block-1'?"
    )


def test_a_block_cannot_require_itself(tmp_path: Path) -> None:
    text = HEADER + BLOCK_1 + BLOCK_2.replace("[block-1]", "[block-1, block-2]")
    [problem] = problems(tmp_path, text)
    assert problem.message == "block 'block-2' cannot be its own prerequisite"


def test_a_requirement_that_does_not_fit_the_item_type_is_refused(tmp_path: Path) -> None:
    # Canvas would silently drop must_submit on a page; the spec says so up front.
    text = HEADER + BLOCK_1.replace("completion: none", "completion: must_submit")
    [problem] = problems(tmp_path, text)
    assert problem.line == line_of(text, "completion: must_submit")
    assert problem.message == "'completion' cannot be 'must_submit'"
    assert problem.hint == "Did you mean 'must_view'?"


def test_a_subheader_has_no_completion_key(tmp_path: Path) -> None:
    text = HEADER + BLOCK_1.replace("title: Start}", "title: Start, completion: must_view}")
    [problem] = problems(tmp_path, text)
    assert problem.message == "unknown key 'completion' in subheader 'h'"


def test_prerequisites_must_be_a_list_of_ids(tmp_path: Path) -> None:
    text = HEADER + BLOCK_1 + BLOCK_2.replace("[block-1]", "block-1")
    [problem] = problems(tmp_path, text)
    assert problem.line == line_of(text, "prerequisites: block-1")
    assert "'prerequisites' must be a list" in problem.message


# -- planning ---------------------------------------------------------------------------


def snapshot(*resources, manifest=None):
    meta = {"manifest": manifest} if manifest is not None else {}
    return Snapshot.of(resources, meta=meta)


def test_a_new_requirement_is_an_update_of_the_module_item() -> None:
    want = res(Kind.MODULE_ITEM, "u1", completion="must_view")
    have = res(Kind.MODULE_ITEM, "u1", canvas_id=5)
    plan = build_plan(snapshot(want), snapshot(have, manifest=applied_manifest(have)))
    [change] = plan.changes
    assert change.action is Action.UPDATE
    assert [(f.name, f.old, f.new, f.drift) for f in change.fields] == [
        ("completion", None, "must_view", False)  # a change in the spec, not drift
    ]


def test_a_requirement_removed_in_canvas_is_drift_and_put_back() -> None:
    want = res(Kind.MODULE_ITEM, "u1", completion="must_view")
    have = res(Kind.MODULE_ITEM, "u1", canvas_id=5)
    plan = build_plan(snapshot(want), snapshot(have, manifest=applied_manifest(want)))
    [change] = plan.changes
    assert change.drift and change.fields[0].new == "must_view"


def test_prerequisites_compare_as_a_set_and_foreign_ones_show() -> None:
    want = res(Kind.MODULE, "b2", prerequisites=["module.b1"])
    same = res(Kind.MODULE, "b2", canvas_id=9, prerequisites=["module.b1"])
    assert not build_plan(snapshot(want), snapshot(same, manifest=applied_manifest(want))).changes
    extra = res(Kind.MODULE, "b2", canvas_id=9, prerequisites=["module.b1", "foreign:77"])
    plan = build_plan(snapshot(want), snapshot(extra, manifest=applied_manifest(want)))
    [change] = plan.changes
    assert change.fields[0].name == "prerequisites"
    assert change.fields[0].old == ("foreign:77", "module.b1")
    assert change.fields[0].new == ("module.b1",)
    assert change.fields[0].drift


def test_a_discussion_with_participant_replies_is_kept_even_with_prune() -> None:
    from canvas_npq.plan import PlanOptions

    replied = res(Kind.DISCUSSION, "d1", canvas_id=70, facts={"has_participant_replies": True})
    quiet = res(Kind.DISCUSSION, "d2", canvas_id=71, facts={"has_participant_replies": False})
    live = snapshot(replied, quiet, manifest=applied_manifest(replied, quiet))
    plan = build_plan(snapshot(), live, PlanOptions(prune=True))
    assert [(c.action, c.address.key) for c in plan.changes] == [(Action.DELETE, "d2")]
    [kept] = plan.retained
    assert kept.address.key == "d1" and "student work" in kept.reason


def test_the_module_item_of_kept_student_work_is_kept_with_it() -> None:
    from canvas_npq.plan import PlanOptions

    topic = res(Kind.DISCUSSION, "d1", canvas_id=70, facts={"has_participant_replies": True})
    item = res(
        Kind.MODULE_ITEM,
        "d1",
        canvas_id=700,
        block="b1",
        type="Discussion",
        content="discussion.d1",
        module="module.b1",
    )
    module = res(Kind.MODULE, "b1", canvas_id=7, block="b1")
    live = Snapshot.of(
        [topic, item, module],
        order={"course:modules": ["module.b1"], "module.b1": ["module_item.d1"]},
        meta={"manifest": applied_manifest(topic, item, module)},
    )
    plan = build_plan(snapshot(), live, PlanOptions(prune=True))
    assert not plan.changes
    reasons = {str(kept.address): kept.reason for kept in plan.retained}
    assert "student work" in reasons["discussion.d1"]
    assert reasons["module_item.d1"] == "links to content that is kept"
    assert reasons["module.b1"] == "holds items that are kept"
