"""``canvas-npq import`` against the sandbox: a course built by hand, then plan says no changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import CourseFixture

pytestmark = pytest.mark.e2e

NEW_QUIZ_URL = "https://school.quiz-lti-dub-prod.instructure.com/lti/launch"
HANDOUT_NAME = "Plan d’action – été.docx"
HANDOUT_BYTES = b"PK\x03\x04 an action plan template \x00\xff" * 50
DIAGRAM_BYTES = b"\x89PNG\r\n\x1a\n a diagram"


def build_by_hand(course_fixture: CourseFixture) -> dict[str, int]:
    """A provider's hand-made course: awkward content, made with canvasapi only."""
    course = course_fixture.course
    cid = course.id
    group = course.create_assignment_group(name="Micro-implementation tasks")
    handout_path = course_fixture.spec.parent / f"upload-{cid}" / HANDOUT_NAME
    handout_path.parent.mkdir()
    handout_path.write_bytes(HANDOUT_BYTES)
    ok, handout = course.upload(str(handout_path), parent_folder_path="handouts/week 1")
    assert ok, handout
    diagram_path = handout_path.parent / "diagram.png"
    diagram_path.write_bytes(DIAGRAM_BYTES)
    ok, diagram = course.upload(str(diagram_path))
    assert ok, diagram
    unit_1 = course.create_page(
        wiki_page={
            "title": "1.1 Über effective CPD",
            "body": (
                "<h2>Intro</h2><p>Read <strong>carefully</strong> — “quoted”, 日本語, "
                f'and see <a href="/courses/{cid}/pages/1-2-tables-and-video">the next unit</a>.'
                "</p><ul><li>one<ul><li>nested</li></ul></li><li>two</li></ul>"
                "<table><thead><tr><th>Mechanism</th><th>Example</th></tr></thead>"
                "<tbody><tr><td>Goal</td><td>Set one</td></tr></tbody></table>"
                f'<p>Fill in <a href="/courses/{cid}/files/{handout["id"]}/download?wrap=1">'
                f'the plan</a>.</p><p><img src="/courses/{cid}/files/{diagram["id"]}/preview" '
                'alt="The cycle"></p>'
            ),
            "published": True,
        }
    )
    unit_2 = course.create_page(
        wiki_page={
            "title": "1.2 Tables and video",
            "body": (
                '<table border="1" style="width: 100%;"><tbody><tr><td>a</td><td>b</td></tr>'
                '</tbody></table><p><iframe src="https://www.youtube.com/embed/x" width="560" '
                'height="315" allowfullscreen></iframe></p><!-- a comment Canvas drops -->'
            ),
            "published": False,
        }
    )
    course.create_page(
        wiki_page={"title": "Handbook", "body": "Bare <b>text</b>", "published": True}
    )
    welcome = {"title": "Welcome", "body": "<p>Hi</p>", "published": True, "front_page": True}
    course.create_page(wiki_page=welcome)
    course.update(course={"default_view": "wiki"})
    mit = course.create_assignment(
        assignment={
            "name": "MIT 1: Exploring",
            "description": "<p>Plan <em>one</em> change.</p>",
            "assignment_group_id": group.id,
            "grading_type": "pass_fail",
            "submission_types": ["online_upload", "online_text_entry"],
            "due_at": "2026-11-02T17:00:00Z",
            "published": True,
        }
    )
    course.create_rubric(
        rubric={
            "title": "MIT 1 marking",
            "criteria": {
                "0": {
                    "description": "Problem",
                    "long_description": "Names *two* sources:\n1. data_files\n# voice [pupils]",
                    "ratings": {
                        "0": {
                            "description": "Complete",
                            "long_description": "Specific",
                            "points": 1,
                        },
                        "1": {"description": "Not yet", "points": 0},
                    },
                },
                "1": {
                    "description": "Plan",
                    "criterion_use_range": True,
                    "ratings": {
                        "0": {"description": "Strong", "points": 3},
                        "1": {"description": "Weak", "points": 1},
                    },
                },
            },
        },
        rubric_association={
            "association_id": mit.id,
            "association_type": "Assignment",
            "use_for_grading": True,
            "purpose": "grading",
        },
    )
    course.create_rubric(
        rubric={
            "title": "Spare rubric",
            "criteria": {"0": {"description": "Any", "ratings": {"0": {"points": 1}}}},
        },
        rubric_association={"association_id": cid, "association_type": "Course"},
    )
    course.create_assignment(  # in no module: the spec's course-level assignments:
        assignment={
            "name": "Final written assessment",
            "description": "<p>Write <strong>2,000</strong> words.</p>",
            "assignment_group_id": group.id,
            "grading_type": "points",
            "points_possible": 100,
            "submission_types": ["online_upload"],
            "due_at": "2027-06-30T16:00:00Z",
            "published": False,
        }
    )
    quiz = course.create_assignment(
        assignment={
            "name": "Knowledge check",
            "assignment_group_id": group.id,
            "submission_types": ["external_tool"],
            "external_tool_tag_attributes": {"url": NEW_QUIZ_URL},
            "published": True,
        }
    )
    course.create_discussion_topic(
        title="Introductions", message="<p>Say hello — ¡hola!</p>", published=True
    )
    community = course.create_discussion_topic(
        title="Learning community: block 1",
        message="<p>What will <em>teachers</em> find hard?</p>",
        published=True,
        require_initial_post=True,
    )
    course_fixture.canvas.create_calendar_event(
        calendar_event={
            "context_code": f"course_{cid}",
            "title": "Face-to-face day 1",
            "start_at": "2026-10-06T09:30:00Z",
            "end_at": "2026-10-06T16:00:00Z",
            "location_name": "Leeds Teaching School Hub",
            "description": (
                f'<p>Bring your <a href="/courses/{cid}/files/{handout["id"]}/download">'
                "<strong>plan</strong></a>.</p>"
            ),
        }
    )
    classic = course.create_quiz(quiz={"title": "Block 1 check", "published": True})
    module = course.create_module(module={"name": "Block 1: Leading improvement"})
    module.edit(module={"published": True, "skip_content_tags": True})
    header = module.create_module_item(module_item={"type": "SubHeader", "title": "Self-study"})
    header.edit(module_item={"published": True})
    module.create_module_item(
        module_item={
            "type": "Page",
            "page_url": unit_1.url,
            "indent": 1,
            "completion_requirement": {"type": "must_view"},
        }
    )
    module.create_module_item(module_item={"type": "Page", "page_url": unit_2.url, "indent": 2})
    module.create_module_item(module_item={"type": "Assignment", "content_id": mit.id})
    module.create_module_item(
        module_item={
            "type": "File",
            "content_id": handout["id"],
            "indent": 1,
            "completion_requirement": {"type": "must_view"},
        }
    )
    module.create_module_item(module_item={"type": "Assignment", "content_id": quiz.id})
    module.create_module_item(module_item={"type": "Quiz", "content_id": classic.id})
    module.create_module_item(
        module_item={
            "type": "ExternalUrl",
            "title": "EEF guide",
            "external_url": "https://eef.org/",
        }
    )
    module.create_module_item(
        module_item={
            "type": "Discussion",
            "content_id": community.id,
            "completion_requirement": {"type": "must_contribute"},
        }
    )
    block_2 = course.create_module(
        module={"name": "Block 2", "prerequisite_module_ids": [module.id], "position": 2}
    )
    block_2.create_module_item(
        module_item={
            "type": "Assignment",
            "content_id": mit.id,
            "completion_requirement": {"type": "min_score", "min_score": 5},
        }
    )
    return {"quiz": quiz.id, "unit_2": unit_2.page_id}


def test_import_then_plan_shows_no_changes(course: CourseFixture, tmp_path: Path) -> None:
    ids = build_by_hand(course)
    out = tmp_path / "imported"
    before = len(course.sandbox.writes())
    result = course.cli("import", str(out), "--course", str(course.course_id))
    assert result.code == 0, result.output
    # Binding writes the manifest page, under the course lock; no content is written.
    writes = course.sandbox.writes()[before:]
    assert writes and all("/pages" in path for _, path, *_ in writes)
    titles = [p.title for p in course.course.get_pages()]
    assert titles.count("canvas-npq manifest (do not edit)") == 1 and len(titles) == 5
    assert not list(out.parent.glob(".*importing*"))  # the working folder is gone
    assert "Round trip: the spec reproduces the course exactly." in result.output
    assert f"assignment 'Knowledge check' (id {ids['quiz']}): a New Quiz" in result.output
    assert "pages/handbook.html" in result.output
    assert "quiz 'Block 1 check'" in result.output and "a classic quiz" in result.output
    assert "assignment 'Block 1 check'" not in result.output
    assert "'min_score' is not one the spec can express" in result.output

    yaml_text = (out / "course.yaml").read_text(encoding="utf-8")
    assert "id: 1-1-uber-effective-cpd" in yaml_text
    assert "indent: 2" in yaml_text and "published: false" in yaml_text
    assert "completion: must_view" in yaml_text
    assert "discussions:\n- id: introductions" in yaml_text
    assert "assignments:\n- id: final-written-assessment\n  title: Final written assessment" in (
        yaml_text
    )
    assert "points: 100\n  submission_types:\n  - online_upload" in yaml_text
    assert "events:\n- id: face-to-face-day-1" in yaml_text
    assert "front_page: welcome\n  default_view: wiki" in yaml_text
    assert "type: discussion" in yaml_text and "require_initial_post: true" in yaml_text
    assert "prerequisites:\n  - block-1-leading-improvement" in yaml_text
    unit_1 = (out / "block-1-leading-improvement/1-1-uber-effective-cpd.md").read_text()
    assert "| Mechanism | Example |" in unit_1 and "日本語" in unit_1
    # A link into the course names no course id, so the spec serves every copy of it.
    assert "[the next unit]($CANVAS_COURSE_REFERENCE$/pages/1-2-tables-and-video)" in unit_1
    unit_2 = (out / "block-1-leading-improvement/1-2-tables-and-video.md").read_text()
    assert '<table border="1"' in unit_2 and "<iframe" in unit_2
    # Course files are downloaded byte for byte; links to them become relative links.
    handout = "files/handouts/week-1/Plan-d-action-ete.docx"
    assert (out / handout).read_bytes() == HANDOUT_BYTES
    assert (out / "files/unfiled/diagram.png").read_bytes() == DIAGRAM_BYTES
    assert f"[the plan](../{handout})" in unit_1
    assert "![The cycle](../files/unfiled/diagram.png)" in unit_1
    # The rubric that grades MIT 1 is its rubric: file; one that grades nothing is left.
    assert "rubric: rubrics/mit-1-exploring.yaml" in yaml_text
    rubric = (out / "rubrics/mit-1-exploring.yaml").read_text()
    assert "title: MIT 1 marking\n" in rubric and "use_range: true" in rubric
    assert r"Names \*two\* sources:" in rubric  # Markdown would read *two* as emphasis
    assert "rubric 'Spare rubric'" in result.output and "grades no assignment" in result.output
    event = (out / "events/face-to-face-day-1.md").read_text()
    assert f"[**plan**](../{handout})" in event
    assert f"path: {handout}\n  folder: handouts/week 1\n  name: {HANDOUT_NAME}" in yaml_text
    item = "type: file\n    id: plan-d-action-ete-docx\n    file: plan-d-action-ete\n"
    assert item + "    indent: 1\n    completion: must_view\n" in yaml_text

    before = len(course.sandbox.writes())
    plan = course.cli("plan", "--detailed-exitcode", spec=out)
    assert plan.code == 0, plan.output
    assert "No changes. The course matches the spec." in plan.output
    assert len(course.sandbox.writes()) == before

    # The course is managed now: an edit to the spec is planned as an update in place.
    md = out / "block-1-leading-improvement/1-1-uber-effective-cpd.md"
    md.write_text(md.read_text().replace("carefully", "closely"), encoding="utf-8")
    plan = course.cli("plan", spec=out)
    assert "Plan: 0 to add, 1 to change, 0 to move, 0 to delete." in plan.output
    assert "DRIFT" not in plan.output

    # So are its files: a new version of the handout is uploaded in place of the old.
    (out / handout).write_bytes(HANDOUT_BYTES + b"v2")
    assert course.cli("apply", "--yes", spec=out).code == 0
    files = {f.display_name: f for f in course.course.get_files()}
    assert len(files) == 2 and files[HANDOUT_NAME].size == len(HANDOUT_BYTES) + 2
    plan = course.cli("plan", "--detailed-exitcode", spec=out)
    assert plan.code == 0, plan.output


def test_import_refuses_a_folder_that_is_not_empty(course: CourseFixture, tmp_path: Path) -> None:
    (tmp_path / "course.yaml").write_text("x")
    result, writes = course.writes_during(
        "import", str(tmp_path), "--course", str(course.course_id)
    )
    assert result.code == 1 and "not empty" in result.output
    assert writes == 0


def test_import_without_binding_writes_nothing(course: CourseFixture, tmp_path: Path) -> None:
    build_by_hand(course)
    out = tmp_path / "exported"
    result, writes = course.writes_during(
        "import", str(out), "--course", str(course.course_id), "--no-bind"
    )
    assert result.code == 0, result.output
    assert writes == 0
    plan = course.cli("plan", spec=out)
    assert "Plan: 22 to add" in plan.output  # files, a file item, a rubric, an assignment


def test_import_a_course_canvas_npq_already_manages(course: CourseFixture, tmp_path: Path) -> None:
    """Everything apply creates (outcomes, events, discussions...) comes back exactly."""
    assert course.cli("apply", "--yes").code == 0
    course.course.get_root_outcome_group().link_new(title="A facilitator's own outcome")
    out = tmp_path / "reimported"
    result = course.cli("import", str(out), "--course", str(course.course_id), "--take-over")
    assert result.code == 0, result.output
    assert "Round trip: the spec reproduces the course exactly." in result.output
    assert 'outcome "A facilitator\'s own outcome"' in result.output
    yaml_text = (out / "course.yaml").read_text(encoding="utf-8")
    assert yaml_text.split("\n")[2].startswith("framework: ") and "statements: used" in yaml_text
    rubric = (out / "rubrics/mit-1.yaml").read_text(encoding="utf-8")
    assert "outcome: 2g" in rubric and "rubric: rubrics/mit-1.yaml" in yaml_text
    plan = course.cli("plan", "--detailed-exitcode", spec=out)
    assert plan.code == 0, plan.output


def test_import_and_adopt_without_a_course_are_usage_errors(
    course: CourseFixture, tmp_path: Path
) -> None:
    before = len(course.sandbox.requests)
    result = course.cli("import", str(tmp_path / "out"))
    assert result.code == 64 and "--course ID" in result.output
    result = course.cli("adopt", str(course.spec))
    assert result.code == 64 and "--course ID or --cohort NAME" in result.output
    assert len(course.sandbox.requests) == before and not (tmp_path / "out").exists()


def test_a_download_that_fails_leaves_no_folder_and_binds_nothing(
    course: CourseFixture, tmp_path: Path
) -> None:
    build_by_hand(course)
    out = tmp_path / "imported"
    # A file deleted in Canvas while the import runs: its download answers 404.
    course.sandbox.inject("status", "*/download*", status=404, times=0)
    try:
        result, writes = course.writes_during("import", str(out), "--course", str(course.course_id))
    finally:
        course.sandbox.faults.clear()
    assert result.code == 5, result.output
    assert not out.exists()
    assert not list(tmp_path.glob(".imported.importing-*"))
    assert writes == 0
    # Once Canvas serves the files again, the import completes.
    assert course.cli("import", str(out), "--course", str(course.course_id)).code == 0
    assert (out / "files/unfiled/diagram.png").read_bytes() == DIAGRAM_BYTES
