"""``--course ID`` on a spec with cohorts: the cohort whose course it is, named, or a
refusal; never the first cohort's dates and name on another cohort's course."""

from __future__ import annotations

import pytest

from tests.e2e.test_cohorts import canvas, cohort_spec, make_course, run, sandbox  # noqa: F401

pytestmark = pytest.mark.e2e


def test_a_course_that_is_no_cohorts_is_refused_before_any_request(
    sandbox,  # noqa: F811
    canvas,  # noqa: F811
    cohort_spec,  # noqa: F811
):
    spec, _, _ = cohort_spec
    other = make_course(canvas, "Someone else's course", "X")
    before = len(sandbox.requests)
    for command in (["plan"], ["apply", "--yes"]):
        result = run(sandbox, command[0], str(spec), "--course", str(other), *command[1:])
        assert result.code == 64, result.output
        assert f"Course {other} is none of their courses" in result.output
        assert "autumn-2026 (course" in result.output and "--cohort NAME" in result.output
    assert len(sandbox.requests) == before


def test_the_course_of_a_cohort_uses_that_cohort_and_says_so(
    sandbox,  # noqa: F811
    canvas,  # noqa: F811
    cohort_spec,  # noqa: F811
):
    spec, _, spring = cohort_spec  # spring is the second cohort, not the first
    result = run(sandbox, "apply", str(spec), "--course", str(spring), "--yes")
    assert result.code == 0, result.output
    assert "Cohort spring-2027: Course" in result.output
    course = canvas.get_course(spring)
    assert course.name == "NPQLTD spring 2027"  # not renamed to the autumn cohort's


def test_another_course_with_a_named_cohort_is_allowed(
    sandbox,  # noqa: F811
    canvas,  # noqa: F811
    cohort_spec,  # noqa: F811
):
    spec, _, _ = cohort_spec
    rehearsal = make_course(canvas, "NPQLTD spring 2027", "NPQLTD-S27")
    result = run(sandbox, "plan", str(spec), "--course", str(rehearsal), "--cohort", "spring-2027")
    assert result.code == 0, result.output
    assert "Cohort spring-2027" in result.output


def test_plan_refuses_what_validate_refuses_for_any_cohort(
    sandbox,  # noqa: F811
    cohort_spec,  # noqa: F811
):
    """The online override is read only for the online cohort: a plan of the blended
    one still refuses it, as validate does, before any request."""
    spec, autumn, _ = cohort_spec
    path = spec / "course.yaml"
    text = path.read_text()
    online = '    online:\n      title: "Live online session 1: Leading improvement"\n'
    assert online in text
    path.write_text(text.replace(online, '    online: "https://meet.example.org/x"\n'))
    assert run(sandbox, "validate", str(spec)).code == 1
    before = len(sandbox.requests)
    for argv in (["--course", str(autumn)], ["--cohort", "autumn-2026"]):
        result = run(sandbox, "plan", str(spec), *argv)
        assert result.code == 1, result.output
        assert "course.yaml:122:" in result.output and "must be a mapping" in result.output
    assert len(sandbox.requests) == before


def test_plan_refuses_a_link_out_of_the_spec_folder_before_any_request(
    sandbox,  # noqa: F811
    cohort_spec,  # noqa: F811
):
    spec, autumn, _ = cohort_spec
    (spec / "welcome.md").write_text('Hello.\n\n<img src="../../../etc/passwd">\n')
    before = len(sandbox.requests)
    result = run(sandbox, "plan", str(spec), "--course", str(autumn))
    assert result.code == 1, result.output
    assert "welcome.md:3:" in result.output and "leaves the spec folder" in result.output
    assert len(sandbox.requests) == before
