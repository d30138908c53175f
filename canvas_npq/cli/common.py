"""The steps plan and apply share: load the spec, connect, read the course, plan."""

from __future__ import annotations

from dataclasses import dataclass

from canvas_npq import sync
from canvas_npq.canvas.client import CanvasConfig, Connection
from canvas_npq.cli.options import course_id
from canvas_npq.model import Snapshot
from canvas_npq.plan import Plan
from canvas_npq.render.text import block_titles_from
from canvas_npq.spec import CourseSpec


@dataclass
class Planned:
    spec: CourseSpec
    desired: Snapshot
    conn: Connection
    course: sync.LiveCourse
    plan: Plan

    @property
    def block_titles(self) -> dict[str, str]:
        return block_titles_from(self.spec.blocks)

    @property
    def header(self) -> str:
        name = self.course.snapshot.meta.get("course_name") or ""
        return f"Course {self.course.state.course_id}{f' ({name})' if name else ''}"


def prepare(
    spec_path: str, course: str, url: str | None, token_file: str | None, prune: bool
) -> Planned:
    """Validate the whole spec before any connection is opened, then read and plan."""
    spec, desired = sync.load(spec_path)
    config = CanvasConfig.from_env(url=url, token_file=token_file)
    conn = sync.connect(config)
    live = sync.read(conn, course_id(course))
    return Planned(spec, desired, conn, live, sync.plan(desired, live, prune=prune))
