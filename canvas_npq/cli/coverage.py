"""``canvas-npq coverage SPEC``: which blocks, units and MITs teach each statement."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import click

from canvas_npq.cli import exitcodes
from canvas_npq.cli.app import App, pass_app
from canvas_npq.framework.coverage import CoverageReport, build_coverage
from canvas_npq.framework.files import framework_for
from canvas_npq.spec import CourseSpec, load_spec
from canvas_npq.spec.model import AssignmentSpec, UnitSpec

# Where a course-level assignment's citations are listed: not a valid spec id, so no
# block can have it.
NOT_IN_A_MODULE = "(course)"


def spec_coverage(spec: CourseSpec) -> CoverageReport:
    """The coverage report of a loaded spec (pure: no I/O beyond the packaged catalogue)."""
    if not spec.framework:
        raise click.UsageError("The spec names no framework: add `framework: npqltd-2020-10`.")
    citations = []
    for block in spec.blocks:
        for item in block.items:
            if isinstance(item, UnitSpec | AssignmentSpec):
                for ref in item.covers:
                    citations.append((ref, block.id, item.id, item.type))
    for assignment in spec.assignments:
        for ref in assignment.covers:
            citations.append((ref, NOT_IN_A_MODULE, assignment.id, assignment.type))
    return build_coverage(framework_for(spec.framework, spec.root), citations)


def _block_titles(spec: CourseSpec) -> dict[str, str]:
    titles = {block.id: block.title for block in spec.blocks}
    titles[NOT_IN_A_MODULE] = "Not in a module"
    return titles


def render_coverage_text(report: CoverageReport, block_titles: dict[str, str]) -> str:
    lines: list[str] = []
    current_area = None
    for entry in report.entries:
        statement = entry.statement
        if statement.area != current_area:
            current_area = statement.area
            area = report.framework.area(statement.area)
            lines.append("")
            lines.append(f"Area {area.number}: {area.title}")
        text = textwrap.shorten(statement.text, 70, placeholder="…")
        where = ", ".join(entry.covered_by) if entry.covered else "NOT COVERED"
        lines.append(f"  {statement.id:<5} {text}")
        lines.append(f"        {where}")
    covered, total = report.covered_count, len(report.entries)
    lines.append("")
    lines.append(f"{covered} of {total} statements covered.")
    if report.uncovered:
        lines.append("Uncovered: " + ", ".join(report.uncovered))
    return "\n".join(lines).lstrip("\n") + "\n"


@click.command()
@click.argument("spec", type=click.Path(file_okay=False, path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a statements × blocks matrix to this HTML file.",
)
@click.option("--strict", is_flag=True, help="Exit 1 when any statement is uncovered.")
@pass_app
def coverage(app: App, spec: str, as_json: bool, html_file: Path | None, strict: bool) -> None:
    """Show which blocks, units and MITs cover each framework statement."""
    with app.errors():
        course = load_spec(spec)
    report = spec_coverage(course)
    titles = _block_titles(course)
    columns = [b.id for b in course.blocks] + ([NOT_IN_A_MODULE] if course.assignments else [])
    if html_file is not None:
        html_file.write_text(
            report.to_html(columns, titles, title=course.course.name),
            encoding="utf-8",
        )
    if as_json:
        app.out(report.to_json(), nl=False)
    else:
        app.out(render_coverage_text(report, titles), nl=False)
        if html_file is not None:
            app.out(f"Wrote the coverage matrix to {html_file}.")
    if strict and report.uncovered:
        sys.exit(exitcodes.INPUT_ERROR)
