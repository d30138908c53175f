"""The fidelity table is whole and current.

* ``docs/canvas-fidelity.md`` is exactly what ``scripts/fidelity_table.py`` makes of the
  rows the tests declare;
* every call canvas-npq makes (``CLIENT_CALLS``, read from ``canvas_npq/canvas/``,
  ``canvas_npq/adopt/``, ``canvas_npq/demo.py`` and ``canvas_npq/cohorts/``) has a row;
* a real run of the small end-to-end spec (plan, apply, plan, apply --prune) sends
  nothing that has no row, so a call added to the client without a row fails here.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path
from types import ModuleType

from click.testing import CliRunner

from canvas_npq.cli.main import cli
from canvas_npq.sandbox import Sandbox
from canvas_npq.sandbox.routing import router

from .conftest import Http

ROOT = Path(__file__).resolve().parents[2]
SMALL_SPEC = ROOT / "tests" / "e2e" / "spec_small"

# Every request canvas-npq sends, as (method, path template); the grep of the client
# named in the module docstring, checked against an instrumented run of the e2e suite.
CLIENT_CALLS = [
    ("POST", "/api/v1/accounts/:account_id/courses"),
    ("GET", "/api/v1/courses/:id"),
    ("PUT", "/api/v1/courses/:id"),
    ("GET", "/api/v1/courses/:course_id/blueprint_subscriptions"),
    ("GET", "/api/v1/courses/:course_id/blueprint_templates/:template_id/associated_courses"),
    ("PUT", "/api/v1/courses/:course_id/blueprint_templates/:template_id/update_associations"),
    ("GET", "/api/v1/courses/:course_id/blueprint_templates/:template_id/unsynced_changes"),
    ("POST", "/api/v1/courses/:course_id/blueprint_templates/:template_id/migrations"),
    ("GET", "/api/v1/courses/:course_id/blueprint_templates/:template_id/migrations/:id"),
    ("GET", "/api/v1/courses/:course_id/blueprint_templates/:template_id/migrations/:id/details"),
    ("GET", "/api/v1/courses/:course_id/pages"),
    ("POST", "/api/v1/courses/:course_id/pages"),
    ("PUT", "/api/v1/courses/:course_id/pages/:url_or_id"),
    ("DELETE", "/api/v1/courses/:course_id/pages/:url_or_id"),
    ("GET", "/api/v1/courses/:course_id/assignment_groups"),
    ("POST", "/api/v1/courses/:course_id/assignment_groups"),
    ("PUT", "/api/v1/courses/:course_id/assignment_groups/:id"),
    ("DELETE", "/api/v1/courses/:course_id/assignment_groups/:id"),
    ("GET", "/api/v1/courses/:course_id/assignments"),
    ("POST", "/api/v1/courses/:course_id/assignments"),
    ("PUT", "/api/v1/courses/:course_id/assignments/:id"),
    ("DELETE", "/api/v1/courses/:course_id/assignments/:id"),
    ("GET", "/api/v1/courses/:course_id/discussion_topics"),
    ("POST", "/api/v1/courses/:course_id/discussion_topics"),
    ("PUT", "/api/v1/courses/:course_id/discussion_topics/:topic_id"),
    ("DELETE", "/api/v1/courses/:course_id/discussion_topics/:topic_id"),
    ("GET", "/api/v1/calendar_events"),
    ("POST", "/api/v1/calendar_events"),
    ("PUT", "/api/v1/calendar_events/:id"),
    ("DELETE", "/api/v1/calendar_events/:id"),
    ("GET", "/api/v1/courses/:course_id/modules"),
    ("POST", "/api/v1/courses/:course_id/modules"),
    ("PUT", "/api/v1/courses/:course_id/modules/:id"),
    ("DELETE", "/api/v1/courses/:course_id/modules/:id"),
    ("GET", "/api/v1/courses/:course_id/modules/:module_id/items"),
    ("POST", "/api/v1/courses/:course_id/modules/:module_id/items"),
    ("PUT", "/api/v1/courses/:course_id/modules/:module_id/items/:id"),
    ("DELETE", "/api/v1/courses/:course_id/modules/:module_id/items/:id"),
    ("GET", "/api/v1/courses/:course_id/root_outcome_group"),
    ("GET", "/api/v1/courses/:course_id/outcome_groups"),
    ("GET", "/api/v1/courses/:course_id/outcome_group_links"),
    ("PUT", "/api/v1/courses/:course_id/outcome_groups/:id"),
    ("DELETE", "/api/v1/courses/:course_id/outcome_groups/:id"),
    ("GET", "/api/v1/courses/:course_id/outcome_groups/:id/subgroups"),
    ("POST", "/api/v1/courses/:course_id/outcome_groups/:id/subgroups"),
    ("GET", "/api/v1/courses/:course_id/outcome_groups/:id/outcomes"),
    ("POST", "/api/v1/courses/:course_id/outcome_groups/:id/outcomes"),
    ("PUT", "/api/v1/courses/:course_id/outcome_groups/:id/outcomes/:outcome_id"),
    ("DELETE", "/api/v1/courses/:course_id/outcome_groups/:id/outcomes/:outcome_id"),
    ("PUT", "/api/v1/outcomes/:id"),
    ("GET", "/api/v1/courses/:course_id/rubrics"),
    ("POST", "/api/v1/courses/:course_id/rubrics"),
    ("PUT", "/api/v1/courses/:course_id/rubrics/:id"),
    ("DELETE", "/api/v1/courses/:course_id/rubrics/:id"),
    ("POST", "/api/v1/courses/:course_id/files"),
    ("POST", "<upload_url>"),
    ("GET", "/api/v1/files/:id/create_success"),
    ("GET", "/api/v1/courses/:course_id/files"),
    ("GET", "/api/v1/courses/:course_id/folders"),
    ("GET", "/api/v1/files/:id"),
    ("PUT", "/api/v1/files/:id"),
    ("DELETE", "/api/v1/files/:id"),
    ("GET", "<file url>"),
    ("GET", "/api/v1/courses/:course_id/quizzes"),
]

# Sandbox routes for addresses Canvas hands out rather than documents.
HANDED_OUT = {
    "POST /files_api/upload/*": "POST <upload_url>",
    "GET /files/*/download": "GET <file url>",
    "GET /api/v1/courses/*/files/*/download": "GET <file url>",
    "GET /courses/*/files/*/download": "GET <file url>",
}


def template(endpoint: str) -> str:
    """``GET /api/v1/courses/:course_id/x`` and ``.../<course_id>/x`` → ``.../*/x``."""
    return re.sub(r"(?<=/)(?::\w+|<[^>]+>)", "*", endpoint.split("?", 1)[0])


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "fidelity_table", ROOT / "scripts" / "fidelity_table.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rows_by_template() -> set[str]:
    return {template(row.endpoint) for row in load_script().load_rows()}


def test_committed_table_is_current() -> None:
    script = load_script()
    expected = script.render(script.load_rows())
    committed = (ROOT / "docs" / "canvas-fidelity.md").read_text()
    assert committed == expected, (
        "docs/canvas-fidelity.md differs from the @fidelity rows: run `make fidelity-table`"
    )


def test_every_client_call_has_a_row() -> None:
    covered = rows_by_template()
    missing = [f"{m} {p}" for m, p in CLIENT_CALLS if template(f"{m} {p}") not in covered]
    assert not missing, f"client calls without a fidelity row: {missing}"


def test_rows_are_named_after_a_source_and_a_test() -> None:
    for row in load_script().load_rows():
        assert row.source and all(s.strip() for s in row.source), row
        assert "::test_" in row.test, row
        assert row.settled or row.note, f"an unsettled row needs a note: {row.test}"


def _sandbox_endpoint(method: str, path: str) -> str:
    adapter = router.build_map().bind("localhost")
    endpoint, _ = adapter.match(path, method=method)
    return HANDED_OUT.get(template(endpoint), template(endpoint))


def test_small_spec_run_hits_only_endpoints_in_the_table(tmp_path: Path) -> None:
    with Sandbox() as sandbox:
        http = Http(sandbox)
        course = http.post(
            "/accounts/1/courses", data={"course[name]": "Fidelity run", "enroll_me": "true"}
        ).json()
        spec = tmp_path / "spec"
        shutil.copytree(SMALL_SPEC, spec)
        env = {"CANVAS_API_URL": sandbox.url, "CANVAS_API_TOKEN": sandbox.token}

        def run(*args: str) -> None:
            argv = [args[0], str(spec), "--course", str(course["id"]), *args[1:]]
            outcome = CliRunner().invoke(cli, argv, env=env, catch_exceptions=False)
            assert outcome.exit_code in (0, 2), outcome.output

        sandbox.reset_log()
        run("plan")
        run("apply", "--yes")
        run("plan")
        text = (spec / "course.yaml").read_text()
        start, end = text.index("  - id: block-2"), text.index("\ndiscussions:")
        text = text[:start] + text[end + 1 :]
        text = text.replace("  - id: assessment\n    name: Final assessment\n", "")
        text = text.replace("  - id: welcome\n    title: Welcome\n    body: welcome.md\n", "")
        start, end = text.index("  - id: webinar-1"), text.index("\nfiles:")
        (spec / "course.yaml").write_text(text[:start] + text[end + 1 :])
        run("apply", "--yes", "--prune")
        requests = list(sandbox.requests)
    sent = {_sandbox_endpoint(r.method, r.path) for r in requests}
    assert any(e.startswith("DELETE") for e in sent), "the prune deleted nothing"
    missing = sorted(sent - rows_by_template())
    assert not missing, f"the small spec's run sent requests with no fidelity row: {missing}"
