"""The course syllabus and front page: spec keys, the generated syllabus, plans, order."""

from __future__ import annotations

from pathlib import Path

import pytest

from canvas_npq.apply import apply_plan
from canvas_npq.model import Address, Kind, Snapshot
from canvas_npq.plan import build_plan
from canvas_npq.spec import SpecError, build_desired, load_spec
from canvas_npq.spec.syllabus import syllabus_markdown
from tests.unit.builders import applied_manifest, res
from tests.unit.test_executor import FakeWriter

SPEC = """\
course:
  name: Test course
  course_code: TEST
  syllabus:
    overview: overview.md
    assessment: assessment.md
  front_page: home
  default_view: wiki
assignment_groups:
  - id: tasks
    name: Tasks
pages:
  - id: home
    title: Home
    body: p.md
  - id: notes
    title: Notes
    body: p.md
    published: false
blocks:
  - id: block-1
    title: "Block 1: Leading | improvement"
    mit_focus: Exploring
    unlock_at: 2026-10-05T09:00
    items:
      - {type: unit, id: u, title: U, body: p.md, study_minutes: 45}
      - {type: mit, id: mit-1, title: MIT 1, description: p.md, study_minutes: 90,
         due_at: 2026-11-02T17:00}
      - {type: assignment, id: final, title: Final, description: p.md, grading: points,
         points: 100}
events:
  - id: w1
    title: Webinar 1
    kind: webinar
    start_at: 2026-11-10T16:00
    end_at: 2026-11-10T17:15
    online_url: https://meet.example.org/w1
    description: p.md
  - id: f2f
    title: Day 1
    kind: face_to_face
    start_at: 2026-10-06T09:30
    end_at: 2026-10-06T16:00
    location_name: Hub
    location_address: Leeds
    description: p.md
"""


def write(tmp_path: Path, text: str = SPEC) -> Path:
    (tmp_path / "p.md").write_text("Text\n")
    (tmp_path / "overview.md").write_text("Welcome to the programme.\n")
    (tmp_path / "assessment.md").write_text("Five MITs and a written assessment.\n")
    (tmp_path / "course.yaml").write_text(text)
    return tmp_path


def problems(tmp_path: Path, text: str) -> list:
    with pytest.raises(SpecError) as caught:
        load_spec(write(tmp_path, text))
    return caught.value.problems


def line_of(text: str, fragment: str) -> int:
    return next(n for n, content in enumerate(text.splitlines(), 1) if fragment in content)


def test_the_syllabus_has_overview_blocks_events_and_assessment(tmp_path: Path) -> None:
    text = syllabus_markdown(load_spec(write(tmp_path)))
    assert text.startswith("Welcome to the programme.\n\n## Blocks\n")
    assert "| Block 1: Leading \\| improvement | Exploring | 2 h 15 min | Mon 5 Oct 2026 |" in text
    schedule = text[text.index("## Schedule of events") : text.index("## Assessment")]
    # In date order, in the course's time zone.
    assert schedule.index("| Day 1 |") < schedule.index("| Webinar 1 |")
    assert "| Tue 6 Oct 2026 | 09:30–16:00 | Day 1 | Hub, Leeds |" in schedule
    assert "| Tue 10 Nov 2026 | 16:00–17:15 | Webinar 1 | Online |" in schedule
    assessment = text[text.index("## Assessment") :]
    assert "Five MITs and a written assessment." in assessment
    assert (
        "| MIT 1 | Block 1: Leading \\| improvement | Complete / incomplete | Mon 2 Nov 2026 |"
        in (assessment)
    )
    assert "| Final | Block 1: Leading \\| improvement | Out of 100 points | – |" in assessment


def test_declared_syllabus_front_page_and_home_page_are_managed(tmp_path: Path) -> None:
    desired = build_desired(load_spec(write(tmp_path)))
    course = desired.resources[Address(Kind.COURSE, "course")].fields
    assert course["default_view"] == "wiki"
    assert "<h2>Schedule of events</h2>" in course["syllabus_body"]
    assert desired.resources[Address(Kind.PAGE, "home")].fields["front_page"] is True
    assert "front_page" not in desired.resources[Address(Kind.PAGE, "notes")].fields


def test_an_undeclared_syllabus_is_left_alone(tmp_path: Path) -> None:
    text = SPEC.replace(
        "  syllabus:\n    overview: overview.md\n    assessment: assessment.md\n", ""
    )
    text = text.replace("  front_page: home\n  default_view: wiki\n", "")
    desired = build_desired(load_spec(write(tmp_path, text)))
    want = desired.resources[Address(Kind.COURSE, "course")]
    assert "syllabus_body" not in want.fields and "default_view" not in want.fields
    have = res(
        Kind.COURSE,
        "course",
        canvas_id=7,
        name="Test course",
        course_code="TEST",
        syllabus_body="<p>A facilitator's syllabus</p>",
        default_view="feed",
    )
    live = Snapshot.of([have], meta={"manifest": applied_manifest(have)})
    plan = build_plan(Snapshot.of([want]), live)
    assert not plan.changes


def test_wiki_home_page_needs_a_front_page(tmp_path: Path) -> None:
    text = SPEC.replace("  front_page: home\n", "")
    [problem] = problems(tmp_path, text)
    assert problem.line == line_of(text, "default_view: wiki")
    assert "no front_page" in problem.message


def test_front_page_must_be_a_published_page_of_the_spec(tmp_path: Path) -> None:
    text = SPEC.replace("front_page: home", "front_page: hom")
    [problem] = problems(tmp_path, text)
    assert problem.line == line_of(text, "front_page: hom")
    assert problem.message == "front_page 'hom' is not a page under pages:"
    assert problem.hint == "Did you mean 'home'?"
    text = SPEC.replace("front_page: home", "front_page: notes")
    [problem] = problems(tmp_path, text)
    assert "unpublished" in problem.message


def test_an_unknown_home_page_view_is_refused(tmp_path: Path) -> None:
    text = SPEC.replace("default_view: wiki", "default_view: module")
    [problem] = problems(tmp_path, text)
    assert problem.line == line_of(text, "default_view: module")
    assert problem.hint == "Did you mean 'modules'?"


@pytest.mark.parametrize("concurrency", [1, 4])
def test_the_home_page_is_set_after_the_front_page_exists(tmp_path: Path, concurrency: int) -> None:
    desired = build_desired(load_spec(write(tmp_path)))
    course = res(Kind.COURSE, "course", canvas_id=7, name="Old", course_code="TEST")
    plan = build_plan(desired, Snapshot.of([course]))
    writer = FakeWriter()
    apply_plan(plan, writer, concurrency=concurrency)
    steps = [(call[0], call[1], call[2]) for call in writer.calls if call[0] != "manifest"]
    home = steps.index(("create", "page", "home"))
    course_update = next(i for i, s in enumerate(steps) if s[:2] == ("update", "course"))
    assert course_update > home
