"""Request budgets at Canvas's scale: a no-op run costs a few list calls whatever the
course size, and a first apply about one write per object. Counts, never times."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks.specgen import generate_spec

pytestmark = pytest.mark.e2e

NPQLTD = Path(__file__).resolve().parents[2] / "course_spec" / "npqltd"
# Requests for a no-op plan of the whole NPQLTD course, drift included: one listing per
# collection, whatever the course's size (announcements have their own: Canvas leaves
# them out of the topics listing; the assignments come inside their groups' listing).
# The course's sections are read only for a spec that gives facilitator groups their own
# dates, which NPQLTD does not. NPQLTD has objects of every kind, so each listing can
# hold some of its own; its rubrics are read from the assignments that they grade
# (Canvas puts the whole rubric into the assignment's JSON), so the rubric list is not
# read while every rubric the manifest names grades an assignment. One line per listing
# read:
NO_OP_LISTINGS = (
    "course",  # with its tabs
    "pages",
    "assignment_groups",  # and their assignments
    "modules",  # and their items
    "discussion_topics",
    "announcements",
    "outcome_groups",
    "outcome_group_links",
    "files",
    "folders",
    "calendar_events",
    # Not "quizzes": Canvas's GraphQL (below) shows each quiz unchanged since it was
    # last applied and verified, so the quizzes are read as the spec wants them.
)
LISTINGS = len(NO_OP_LISTINGS)
# The small spec has no announcements or quizzes: their listings are not read
# (canvas.scope), as they cannot hold anything canvas-npq owns (nor is GraphQL asked).
SMALL_LISTINGS = LISTINGS - 1  # no announcements ("quizzes" is not in NO_OP_LISTINGS)
# A generated course has pages, assignments in one group and modules only: the course,
# its pages (and manifest), the groups with their assignments, and the modules.
GENERATED_LISTINGS = 4
# A quiz's questions have no course-wide listing, and nothing in the quiz's REST JSON
# changes when only a question does; its updatedAt in Canvas's GraphQL does (and so it
# does on every save of the quiz itself). One GraphQL query gives every quiz's, and a
# quiz whose stamp is the one the last verified apply recorded (and whose fields the
# spec still has as applied then) is neither listed nor its questions: a no-op plan of
# NPQLTD costs its listings and that query, drift included. Without stamps (the first
# plan), the quizzes are listed and each quiz canvas-npq owns costs one more read.
NPQLTD_QUIZZES = 6  # the Block 1 self-assessment and a knowledge check per block
STAMPS = 1  # POST /api/graphql: every quiz's updatedAt
NO_OP_BUDGET = LISTINGS + STAMPS  # a no-op plan of NPQLTD, drift included: 12 (was 19)
GRAPHQL = "/api/graphql"


def test_a_no_op_plan_and_apply_of_npqltd_fit_the_request_budget(course):
    assert course.cli("apply", "--yes", spec=NPQLTD).code == 0

    plan, reads = course.requests_during("plan", "--detailed-exitcode", spec=NPQLTD)
    assert plan.code == 0, plan.output
    assert len(reads) == NO_OP_BUDGET, [r.path for r in reads]
    assert all(r.is_read for r in reads)
    assert {r.method for r in reads if r.path != GRAPHQL} == {"GET"}
    assert [r.method for r in reads if r.path == GRAPHQL] == ["POST"]
    assert len({(r.path, r.query) for r in reads}) == len(reads)  # each collection once
    assert not [r for r in reads if r.path.endswith("/questions")]
    assert not [r for r in reads if r.path.endswith("/rubrics")]
    assert not [r for r in reads if r.path.endswith("/quizzes")]

    again, requests = course.requests_during("apply", "--yes", spec=NPQLTD)
    assert again.code == 0, again.output
    assert sorted(r.path for r in requests) == sorted(r.path for r in reads)


def large_modules(course):
    return list(course.course.get_modules(include=["items"], per_page=100))


def test_a_no_op_plan_costs_the_same_for_a_small_and_a_large_course(course, tmp_path):
    assert course.cli("apply", "--yes").code == 0
    _, small = course.requests_during("plan")

    large_spec = generate_spec(tmp_path / "large", blocks=3, items_per_block=30)
    other = course.canvas.get_account(1).create_course(course={"name": "Large"})
    course.course_id = other.id
    applied, sent = course.requests_during("apply", "--yes", spec=large_spec)
    assert applied.code == 0, applied.output
    _, large = course.requests_during("plan", spec=large_spec)

    # 90 module items and 81 pages cost no more than a handful of listings, and
    # collections the spec does not use are not listed
    assert len(small) == SMALL_LISTINGS, [r.path for r in small]
    assert len(large) == GENERATED_LISTINGS, [r.path for r in large]
    assert {r.path.rsplit("/", 1)[-1] for r in large} == {
        str(other.id),
        "pages",
        "assignment_groups",
        "modules",
    }

    # The first apply wrote each object once: one POST per object (and the manifest and
    # lock pages), no PUT per header or link, and one request that publishes every module
    # with its items (Canvas ignores `published` when a module is created, so modules
    # take a write after their create, but one for all of them).
    created = int(re.search(r"(\d+) created", applied.output).group(1))
    assert created == 1 + 3 + 81 + 3 + 90  # group, tasks, units, modules, items
    posts = [r for r in sent if r.method == "POST"]
    assert len(posts) == created + 2
    assert not [r for r in sent if r.method == "PUT" and "/items/" in r.path]
    assert not [r for r in sent if r.method == "PUT" and re.search(r"/modules/\d+$", r.path)]
    publishes = [r for r in sent if r.method == "PUT" and re.search(r"/modules$", r.path)]
    assert len(publishes) == 1
    modules = large_modules(course)
    assert [m.published for m in modules] == [True, True, True]
    assert all(item["published"] for m in modules for item in m.items)


# One page edited: the plan's read, then the lock and the writes (six requests). The
# lock's check lists every page, and that listing is the re-read under the lock; the
# verification takes the pages from Canvas's answers to the writes, not from a listing.
# 18 in all (25 before quiz stamps, 20 before rubrics were read from the assignments,
# 19 before the quizzes were).
EDIT_BUDGET = NO_OP_BUDGET + 6


def test_one_page_edited_costs_six_requests_beyond_the_plans_read(course, tmp_path):
    import shutil

    spec = tmp_path / "npqltd"
    shutil.copytree(NPQLTD, spec)
    assert course.cli("apply", "--yes", spec=spec).code == 0
    unit = spec / "block-2" / "unit-2-1a.md"
    unit.write_text(unit.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")

    applied, sent = course.requests_during("apply", "--yes", spec=spec)
    assert applied.code == 0, applied.output
    assert "Verified: the course now matches the spec." in applied.output
    assert len(sent) == EDIT_BUDGET, [(r.method, r.path) for r in sent]
    # after the plan's read, only pages (the edited page, the manifest, the lock) are
    # read again: a body edit changes nothing else Canvas lists, and the page and the
    # manifest come back in Canvas's answers to their PUTs
    pages = f"/api/v1/courses/{course.course_id}/pages"
    after_plan = sent[NO_OP_BUDGET:]
    assert [(r.method, r.path.startswith(pages)) for r in after_plan] == [
        ("GET", True),  # the lock pages searched: none held
        ("POST", True),  # our lock page
        ("GET", True),  # every page: ours the only lock, and the re-read under it
        ("PUT", True),  # the edited page
        ("PUT", True),  # the manifest
        ("DELETE", True),  # our lock page
    ]
    search, _, under_lock, _, _, _ = after_plan
    assert "search_term" in search.query and "search_term" not in under_lock.query
    assert "No changes" in course.cli("plan", spec=spec).output


def test_a_retitled_page_is_read_again_with_its_module_items(course, tmp_path):
    # Canvas renames a page's module items with it: the re-read under the lock and the
    # verification include the modules, and the course verifies clean. The page itself
    # is verified from Canvas's answer to its PUT (its new title and url).
    import shutil

    spec = tmp_path / "npqltd"
    shutil.copytree(NPQLTD, spec)
    assert course.cli("apply", "--yes", spec=spec).code == 0
    course_yaml = spec / "course.yaml"
    text = course_yaml.read_text(encoding="utf-8")
    assert "2.1a Building on what teachers already know" in text
    course_yaml.write_text(
        text.replace("2.1a Building on what teachers already know", "2.1a What teachers know"),
        "utf-8",
    )
    applied, sent = course.requests_during("apply", "--yes", spec=spec)
    assert applied.code == 0, applied.output
    assert "Verified: the course now matches the spec." in applied.output
    reread = {r.path.rsplit("/", 1)[-1] for r in sent[NO_OP_BUDGET:] if r.method == "GET"}
    assert {"pages", "modules"} <= reread
    last_write = max(i for i, r in enumerate(sent) if r.method in ("POST", "PUT"))
    verified = [r.path.rsplit("/", 1)[-1] for r in sent[last_write:] if r.method == "GET"]
    assert verified == ["modules"], verified
    assert "No changes" in course.cli("plan", spec=spec).output


def test_event_times_per_section_cost_one_read_of_the_sections(course, tmp_path):
    from tests.cohorts.specs import make_cohort_spec

    spec = make_cohort_spec(tmp_path / "cohorts", course.course_id, course.course_id)
    course.course.create_course_section(course_section={"name": "Group A"})
    cohorts = spec / "cohorts.yaml"
    times = (
        "    sections:\n      - name: Group A\n        dates:\n"
        "          face-to-face-1: {start_at: week 2 thursday 09:30}\n"
    )
    cohorts.write_text(
        cohorts.read_text().replace("    delivery: blended\n", "    delivery: blended\n" + times, 1)
    )
    cohort = ("--cohort", "autumn-2026", "--force")  # a test course, named otherwise
    applied = course.cli("apply", "--yes", *cohort, spec=spec)
    assert applied.code == 0, applied.output

    plan, reads = course.requests_during("plan", *cohort, spec=spec)
    assert "No changes" in plan.output, plan.output
    # the children come inside their event's listing; only the sections' ids cost a read
    # (the small spec: no announcements or quizzes, so those listings are not read)
    assert len(reads) == SMALL_LISTINGS + 1, [r.path for r in reads]
    assert [r.path for r in reads if r.path.endswith("/sections")] == [
        f"/api/v1/courses/{course.course_id}/sections"
    ]
