"""Walking ``course.yaml`` against the key tables into a :class:`CourseSpec`.

Every mapping is checked for unknown, missing and ill-typed keys, then the rules that
span objects (unique ids, group references, date order, grading) are applied. All
problems are collected and raised together; a spec comes out only if there are none.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from canvas_npq.cohorts.model import Cohort
from canvas_npq.model import SourceRef
from canvas_npq.spec import keys
from canvas_npq.spec.announcements import read_announcement
from canvas_npq.spec.checks import (
    check_due_before_event,
    check_holidays,
    check_rubric_points,
    report_unresolved_relative_dates,
)
from canvas_npq.spec.dates import load_time_zone
from canvas_npq.spec.files import check_file_links
from canvas_npq.spec.keys import DEFAULT_GRADING, DEFAULT_SUBMISSION_TYPES, Table, ValueType
from canvas_npq.spec.model import (
    AssignmentGroupSpec,
    AssignmentSpec,
    BlockSpec,
    CourseSettings,
    CourseSpec,
    DiscussionSpec,
    EventSpec,
    FileItemSpec,
    FileSpec,
    ItemSpec,
    Labels,
    LinkSpec,
    OutcomesSpec,
    PageSpec,
    QuizSpec,
    SubHeaderSpec,
    SyllabusSpec,
    UnitSpec,
)
from canvas_npq.spec.navigation import walk_navigation, walk_settings
from canvas_npq.spec.quizzes import read_quiz
from canvas_npq.spec.rubrics import Alignment, check_alignments, read_rubric
from canvas_npq.spec.sections import read_section_dates
from canvas_npq.spec.values import INVALID, Context, convert, suggest
from canvas_npq.spec.yamlnodes import describe, is_null, line_of, mapping_entries

_STRUCTURAL = (ValueType.OBJECT, ValueType.OBJECT_LIST, ValueType.ITEM_LIST, ValueType.VARIANT)


def course_folder_ok(folder: str) -> bool:
    """A folder below the course's files: relative, no ``.``/``..``, '/' between names."""
    if folder.startswith("/") or "\\" in folder:
        return False
    parts = folder.rstrip("/").split("/") if folder else []
    return all(part.strip() and part not in (".", "..") for part in parts)


@dataclass
class Fields:
    """The valid values found in one mapping, with the nodes they came from."""

    node: MappingNode
    what: str  # "unit", "assignment group"
    label: str  # "unit 'unit-1-1'", for messages
    values: dict[str, Any]
    nodes: dict[str, Node]

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)


class _Walker:
    def __init__(self, root: Path, file: str, cohort: Cohort | None = None) -> None:
        self.ctx = Context(root=root, file=file)
        self.cohort = cohort
        self.ctx.start = cohort.start if cohort is not None else None
        self.delivery = cohort.delivery if cohort is not None else "blended"
        self.excluded: set[str] = set()
        self.ids: dict[str, tuple[str, int]] = {}
        self.group_ids: list[str] = []
        self.block_ids: list[str] = []  # the blocks walked so far, in order
        self.reference_checks: list[Callable[[], None]] = []
        self.course_pages: list[PageSpec] = []
        self.file_ids: set[str] = set()
        self.alignments: list[Alignment] = []  # rubric criteria's outcome:, checked last
        self.framework_node: Node | None = None

    def source(self, node: Node) -> SourceRef:
        return SourceRef(self.ctx.file, line_of(node))

    # -- generic mapping checks -------------------------------------------------

    def fields(
        self, node: Node, table: Table, where: str, *, report_unknown: bool = True
    ) -> Fields | None:
        ctx = self.ctx
        if not isinstance(node, MappingNode):
            ctx.add(node, f"{where} must be a mapping of keys, found {describe(node)}")
            return None
        entries = mapping_entries(node, ctx.file, ctx.problems)
        label = table.label
        for name, _, value in entries:
            if name == "id" and isinstance(value, ScalarNode) and value.value.strip():
                label = f"{table.label} {value.value.strip()!r}"
        found = Fields(node, table.label, label, {}, {})
        for name, key_node, value in entries:
            key = table.by_name.get(name)
            if key is None:
                if report_unknown:
                    self.unknown_key(key_node, name, table, label)
                continue
            found.nodes[name] = value
            if is_null(value):
                if key.required:
                    ctx.add(key_node, f"'{name}' in {label} has no value")
                elif key.type is ValueType.REF:  # written but empty: a slip, not "none"
                    ctx.add(
                        key_node,
                        f"'{name}' in {label} has no value",
                        f"Name the {name} it refers to, or remove the key",
                    )
                continue
            converted = convert(ctx, key, value, label)
            if converted is not INVALID:
                found.values[name] = converted
        for name in table.required:
            if name not in found.nodes:
                ctx.add(node, f"missing required key '{name}' in {label}")
        self.for_cohort(found, table)
        return found

    # -- cohorts --------------------------------------------------------------------

    def for_cohort(self, found: Fields, table: Table) -> None:
        """Apply the cohort's choices to one object: its delivery model's variant, the
        cohort's overrides, and whether the cohort has the object at all."""
        object_id = found.values.get("id")
        if not isinstance(object_id, str):
            return
        online = found.nodes.get("online")
        online_model = self.delivery == "online"
        face_to_face = table is keys.EVENT and found.values.get("kind") == "face_to_face"
        if online_model and face_to_face:
            # In the online model a face-to-face day is a live online session: no venue,
            # a meeting link (from online: or the cohort's overrides) instead.
            found.values["kind"] = "webinar"
            found.values.pop("location_name", None)
            found.values.pop("location_address", None)
        if online is not None and not is_null(online) and online_model:
            self.variant(found, table, online, self.ctx.file)
        overrides = self.cohort.overrides.get(object_id) if self.cohort is not None else None
        if overrides is not None:
            self.variant(found, table, overrides, self.cohort.file)  # type: ignore[union-attr]
        if online_model and face_to_face and not found.values.get("online_url"):
            name = self.cohort.name if self.cohort is not None else "online"
            self.ctx.add(
                found.node,
                f"{found.label} is face-to-face, but cohort {name!r} is online and it has no "
                "meeting link",
                "Add online: {online_url: https://…} to the event, or the cohort's link under "
                "overrides: in cohorts.yaml",
            )
        delivery = found.values.get("delivery")
        optional = found.values.get("optional", False)
        included = self.cohort is not None and object_id in self.cohort.include
        excluded = self.cohort is not None and object_id in self.cohort.exclude
        if (delivery and delivery != self.delivery) or (optional and not included) or excluded:
            self.excluded.add(object_id)

    def variant(self, found: Fields, table: Table, node: Node, file: str) -> None:
        """Replace some of an object's values by those in ``node`` (same keys as its table)."""
        ctx = self.ctx
        saved_file, ctx.file = ctx.file, file
        try:
            if not isinstance(node, MappingNode):
                ctx.add(node, f"the keys to change in {found.label} must be a mapping")
                return
            fixed = ("id", "type", "online", "items")
            for name, key_node, value in mapping_entries(node, file, ctx.problems):
                key = table.by_name.get(name)
                if key is None or name in fixed or key.type in _STRUCTURAL:
                    hint = suggest(name, table.names) if key is None else None
                    ctx.add(key_node, f"{name!r} cannot be changed for {found.label}", hint)
                    continue
                if is_null(value):
                    found.values.pop(name, None)
                    continue
                converted = convert(ctx, key, value, found.label)
                if converted is not INVALID:
                    found.values[name] = converted
                    found.nodes.setdefault(name, value)
        finally:
            ctx.file = saved_file

    def check_cohort_ids(self) -> None:
        """Every id the cohort names must be in the spec."""
        cohort = self.cohort
        if cohort is None:
            return
        named = [*cohort.include, *cohort.exclude, *cohort.overrides]
        for object_id in named:
            if object_id not in self.ids:
                hint = suggest(object_id, list(self.ids))
                line = cohort.source.line if cohort.source else None
                self.ctx.problems.add(
                    cohort.file,
                    line,
                    None,
                    f"cohort {cohort.name!r} names {object_id!r}, which is not in the spec",
                    hint,
                )

    def unknown_key(self, key_node: Node, name: str, table: Table, label: str) -> None:
        hint = suggest(name, table.names)
        if hint is None:
            owners = [t for t, other in keys.ITEM_TABLES.items() if name in other.by_name]
            if owners and table.label in keys.ITEM_TABLES:
                hint = f"'{name}' belongs to {' and '.join(owners)} items"
            else:
                hint = f"Known keys: {', '.join(table.names)}"
        self.ctx.add(key_node, f"unknown key {name!r} in {label}", hint)

    def register_id(self, found: Fields) -> str | None:
        object_id = found.get("id")
        if object_id is None:
            return None
        line = line_of(found.nodes["id"])
        if object_id in self.ids:
            other_what, other_line = self.ids[object_id]
            self.ctx.add(
                found.nodes["id"],
                f"duplicate id {object_id!r}: also used by the {other_what} "
                f"at {self.ctx.file}:{other_line}",
                "Ids must be unique in the whole spec",
            )
            return object_id
        self.ids[object_id] = (found.what, line)
        return object_id

    def object_list(self, fields: Fields, name: str) -> list[Node]:
        node = fields.nodes.get(name)
        if node is None or is_null(node):
            return []
        if not isinstance(node, SequenceNode):
            self.ctx.add(node, f"'{name}' must be a list, found {describe(node)}")
            return []
        return list(node.value)

    # -- the spec, top down -------------------------------------------------------

    def spec(self, root_node: MappingNode) -> CourseSpec:
        top = self.fields(root_node, keys.TOP, "course.yaml")
        assert top is not None
        self.framework_node = top.nodes.get("framework")
        course = self.course(top)
        groups = [self.group(node) for node in self.object_list(top, "assignment_groups")]
        self.group_ids = [group.id for group in groups if group is not None]
        files = [self.file(node) for node in self.object_list(top, "files")]
        self.file_ids = {f.id for f in files if f is not None}
        pages = [self.page(node) for node in self.object_list(top, "pages")]
        self.course_pages = [p for p in pages if p is not None]
        blocks = [self.block(node) for node in self.object_list(top, "blocks")]
        assignments = [
            self.course_assignment(node) for node in self.object_list(top, "assignments")
        ]
        discussions = [self.discussion(node) for node in self.object_list(top, "discussions")]
        quizzes = [self.course_quiz(node) for node in self.object_list(top, "quizzes")]
        events = [self.event(node) for node in self.object_list(top, "events")]
        opens = {b.id: b.unlock_at for b in blocks if b is not None}
        announcements = [
            read_announcement(self, node, opens) for node in self.object_list(top, "announcements")
        ]
        for check in self.reference_checks:  # once every block id is known
            check()
        outcomes = self.outcomes(top)
        navigation = walk_navigation(self, top)
        settings = walk_settings(self, top)
        check_alignments(self, top.get("framework"), outcomes is not None)
        check_file_links(self.ctx, [f for f in files if f is not None])
        return CourseSpec(
            root=self.ctx.root,
            framework=top.get("framework"),
            course=course,
            assignment_groups=tuple(g for g in groups if g is not None),
            pages=tuple(p for p in pages if p is not None),
            blocks=tuple(b for b in blocks if b is not None),
            discussions=tuple(d for d in discussions if d is not None),
            assignments=tuple(a for a in assignments if a is not None),
            outcomes=outcomes,
            events=tuple(e for e in events if e is not None),
            announcements=tuple(a for a in announcements if a is not None),
            intended_outcomes=self.intended_outcomes(top),
            files=tuple(f for f in files if f is not None),
            navigation=navigation,
            settings=settings,
            quizzes=tuple(q for q in quizzes if q is not None),
            labels=self.labels(top),
        )

    def labels(self, top: Fields) -> Labels:
        node = top.get("labels")
        found = self.fields(node, keys.LABELS, "'labels'") if node is not None else None
        return Labels(**found.values) if found is not None else Labels()

    def file(self, node: Node) -> FileSpec | None:
        found = self.fields(node, keys.COURSE_FILE, "a file")
        if found is None:
            return None
        object_id = self.register_id(found)
        local = found.get("path")
        if object_id is None or local is None:
            return None
        folder = (found.get("folder") or "").strip()
        if not course_folder_ok(folder):
            self.ctx.add(
                found.nodes["folder"],
                f"'folder': {folder!r} is not a folder of the course's files",
                "Name it from the top of the course's files, e.g. handouts/week-1: no "
                "leading '/', no '..', folders separated by '/'",
            )
            return None
        folder = folder.strip("/")
        if folder == "course files" or folder.startswith("course files/"):
            folder = folder[len("course files") :].strip("/")
        return FileSpec(
            id=object_id,
            path=local.path,
            name=found.get("name") or local.path.rsplit("/", 1)[-1],
            folder=folder,
            size=local.size,
            sha256=local.sha256,
            source=self.source(found.node),
        )

    def intended_outcomes(self, top: Fields) -> bool:
        wanted = bool(top.get("intended_outcomes", False))
        if wanted and top.get("framework") is None:
            self.ctx.add(
                top.nodes["intended_outcomes"],
                "intended_outcomes needs the framework the statements come from",
                "Add framework: npqltd-2020-10",
            )
        return wanted

    def event(self, node: Node) -> EventSpec | None:
        found = self.fields(node, keys.EVENT, "an event")
        if found is None:
            return None
        object_id = self.register_id(found) or ""
        start_at, end_at = found.get("start_at"), found.get("end_at")
        if start_at is not None and end_at is not None and end_at <= start_at:
            self.ctx.add(
                found.nodes["end_at"],
                f"end_at ({_show(end_at)}) is not after start_at ({_show(start_at)}) "
                f"in {found.label}",
                "An event must end after it starts",
            )
        block = found.get("block")
        if block is not None:
            self.reference_checks.append(lambda: self.check_block(found, block))
        description, markdown = found.get("description", ("", ""))
        return EventSpec(
            id=object_id,
            title=found.get("title", ""),
            kind=found.get("kind", "other"),
            block=block,
            start_at=start_at,
            end_at=end_at,
            location_name=found.get("location_name"),
            location_address=found.get("location_address"),
            online_url=found.get("online_url"),
            description=description,
            description_markdown=markdown,
            source=self.source(found.node),
        )

    def check_block(self, found: Fields, block: str) -> None:
        if block in self.block_ids:
            return
        known = [b for b in self.block_ids if b]
        hint = suggest(block, known) or f"Known blocks: {', '.join(known) or 'none'}"
        self.ctx.add(found.nodes["block"], f"unknown block {block!r} in {found.label}", hint)

    def course_assignment(self, node: Node) -> AssignmentSpec | None:
        """A course-level assignment (one in a module is an item)."""
        found = self.fields(node, keys.COURSE_ASSIGNMENT, "an assignment")
        if found is None:
            return None
        return self.assignment(found, is_mit=False, common=self.course_level(found))

    def course_level(self, found: Fields) -> dict[str, Any]:
        """What an object that is not in a module has in common with a module item."""
        return {
            "id": self.register_id(found) or "",
            "title": found.get("title", ""),
            "indent": 0,
            "published": found.get("published", True),
            "source": self.source(found.node),
        }

    def course_quiz(self, node: Node) -> QuizSpec | None:
        """A course-level quiz (one in a module is an item)."""
        found = self.fields(node, keys.COURSE_QUIZ, "a quiz")
        if found is None:
            return None
        return read_quiz(self, found, self.course_level(found))

    def discussion(self, node: Node) -> DiscussionSpec | None:
        """A course-level discussion (one in a module is an item)."""
        found = self.fields(node, keys.COURSE_DISCUSSION, "a discussion")
        if found is None:
            return None
        return self.discussion_spec(found, self.course_level(found))

    @staticmethod
    def discussion_spec(found: Fields, common: dict[str, Any]) -> DiscussionSpec:
        body, markdown = found.get("body", ("", ""))
        return DiscussionSpec(
            body=body,
            body_markdown=markdown,
            require_initial_post=found.get("require_initial_post", False),
            threaded=found.get("threaded", True),
            **common,
        )

    def outcomes(self, top: Fields) -> OutcomesSpec | None:
        node = top.get("outcomes")
        if node is None:
            return None
        found = self.fields(node, keys.OUTCOMES, "'outcomes'")
        if found is None:
            return None
        if top.get("framework") is None:
            self.ctx.add(
                top.nodes["outcomes"],
                "'outcomes' needs a framework: the statements come from its catalogue",
                "Add framework: npqltd-2020-10 to course.yaml",
            )
        return OutcomesSpec(
            title=found.get("title"),
            statements=found.get("statements", "all"),
            source=self.source(found.node),
        )

    def course(self, top: Fields) -> CourseSettings:
        settings = self.course_settings(top)
        cohort = self.cohort
        if cohort is None:
            return settings
        if cohort.timezone:
            self.ctx.zone = load_time_zone(cohort.timezone)
        return replace(
            settings,
            name=cohort.course_name or settings.name,
            course_code=cohort.course_code or settings.course_code,
            time_zone=cohort.timezone or settings.time_zone,
        )

    def course_settings(self, top: Fields) -> CourseSettings:
        node = top.get("course")
        found = self.fields(node, keys.COURSE, "'course'") if node is not None else None
        if found is None:
            return CourseSettings("", "", keys.DEFAULT_TIME_ZONE, SourceRef(self.ctx.file, 1))
        front_page = found.get("front_page")
        if front_page is not None:
            self.reference_checks.append(lambda: self.check_front_page(found, front_page))
        if found.get("default_view") == "wiki" and front_page is None:
            self.ctx.add(
                found.nodes["default_view"],
                "default_view: wiki shows the front page, but the course has no front_page",
                "Add front_page: with the id of a page under pages:",
            )
        return CourseSettings(
            name=found.get("name", ""),
            course_code=found.get("course_code", ""),
            time_zone=found.get("time_zone", keys.DEFAULT_TIME_ZONE),
            source=self.source(found.node),
            syllabus=self.syllabus(found),
            front_page=front_page,
            default_view=found.get("default_view"),
        )

    def syllabus(self, course: Fields) -> SyllabusSpec | None:
        node = course.get("syllabus")
        found = self.fields(node, keys.SYLLABUS, "'syllabus'") if node is not None else None
        if found is None:
            return None
        _, overview = found.get("overview", ("", ""))
        assessment = found.get("assessment")
        return SyllabusSpec(
            overview_markdown=overview,
            assessment_markdown=assessment[1] if assessment else None,
            source=self.source(found.node),
        )

    def check_front_page(self, course: Fields, page_id: str) -> None:
        node = course.nodes["front_page"]
        page = next((p for p in self.course_pages if p.id == page_id), None)
        if page is None:
            known = [p.id for p in self.course_pages]
            hint = suggest(page_id, known) or f"Pages: {', '.join(known) or 'none'}"
            self.ctx.add(node, f"front_page {page_id!r} is not a page under pages:", hint)
        elif not page.published:
            self.ctx.add(
                node,
                f"front_page {page_id!r} is unpublished; Canvas's front page must be published",
                "Remove published: false from the page",
            )

    def group(self, node: Node) -> AssignmentGroupSpec | None:
        found = self.fields(node, keys.ASSIGNMENT_GROUP, "an assignment group")
        if found is None:
            return None
        object_id = self.register_id(found)
        if object_id is None:
            return None
        return AssignmentGroupSpec(object_id, found.get("name", ""), self.source(found.node))

    def page(self, node: Node) -> PageSpec | None:
        found = self.fields(node, keys.PAGE, "a page")
        if found is None:
            return None
        object_id = self.register_id(found)
        body, markdown = found.get("body", ("", ""))
        return PageSpec(
            id=object_id or "",
            title=found.get("title", ""),
            body=body,
            body_markdown=markdown,
            published=found.get("published", True),
            source=self.source(found.node),
        )

    def block(self, node: Node) -> BlockSpec | None:
        found = self.fields(node, keys.BLOCK, "a block")
        if found is None:
            return None
        object_id = self.register_id(found)
        track = found.get("track_completion", False)
        items = [self.item(child, found.label, track) for child in self.object_list(found, "items")]
        self.block_ids.append(object_id or "")
        return BlockSpec(
            id=object_id or "",
            title=found.get("title", ""),
            items=tuple(item for item in items if item is not None),
            unlock_at=found.get("unlock_at"),
            require_sequential_progress=found.get("require_sequential_progress", False),
            published=found.get("published", True),
            mit_focus=found.get("mit_focus"),
            source=self.source(found.node),
            prerequisites=self.prerequisites(found, len(self.block_ids) - 1),
            track_completion=track,
        )

    def prerequisites(self, found: Fields, index: int) -> tuple[str, ...]:
        """Block ids that must come earlier: Canvas silently ignores any other."""
        refs = found.get("prerequisites", ())

        def check() -> None:
            earlier = [block_id for block_id in self.block_ids[:index] if block_id]
            for ref, node in refs:
                if ref in earlier:
                    continue
                if ref == found.get("id"):
                    message = f"{found.label} cannot be its own prerequisite"
                elif ref in self.block_ids:
                    message = f"prerequisite {ref!r} of {found.label} comes after it"
                else:
                    message = f"unknown block {ref!r} in 'prerequisites' of {found.label}"
                hint = suggest(ref, earlier) if ref not in self.block_ids else None
                known = ", ".join(earlier) or "none"
                self.ctx.add(
                    node,
                    message,
                    hint or f"A prerequisite must be an earlier block; earlier blocks: {known}",
                )

        self.reference_checks.append(check)
        return tuple(ref for ref, _ in refs)

    def item(self, node: Node, block_label: str, track: bool = False) -> ItemSpec | None:
        where = f"an item of {block_label}"
        if not isinstance(node, MappingNode):
            self.ctx.add(node, f"{where} must be a mapping of keys, found {describe(node)}")
            return None
        type_node = next((v for k, v in node.value if getattr(k, "value", None) == "type"), None)
        item_type = type_node.value.strip() if isinstance(type_node, ScalarNode) else None
        table = keys.ITEM_TABLES.get(item_type or "")
        if table is None:
            self.bad_item_type(node, type_node, item_type, where)
            found = self.fields(node, keys.ANY_ITEM, where, report_unknown=False)
            if found is not None:
                self.register_id(found)
            return None
        found = self.fields(node, table, where)
        assert found is not None
        object_id = self.register_id(found) or ""
        common = {
            "id": object_id,
            "title": found.get("title", ""),
            "indent": found.get("indent", 0),
            "published": found.get("published", True),
            "source": self.source(node),
        }
        if table.label in keys.COMPLETION_CHOICES:
            default = keys.DEFAULT_COMPLETION[table.label] if track else None
            completion = found.get("completion", default)
            common["completion"] = None if completion == "none" else completion
        if table is keys.FILE_ITEM:
            file_id = found.get("file", "")
            if file_id and file_id not in self.file_ids:
                known = ", ".join(sorted(self.file_ids)) or "none"
                hint = suggest(file_id, sorted(self.file_ids)) or f"Files: {known}"
                self.ctx.add(found.nodes["file"], f"unknown file {file_id!r}", hint)
            return FileItemSpec(
                id=common["id"],
                file=file_id,
                indent=common["indent"],
                source=common["source"],
                published=common["published"],
                completion=common.get("completion"),
            )
        if table is keys.SUBHEADER:
            return SubHeaderSpec(**common)
        if table is keys.DISCUSSION:
            return self.discussion_spec(found, common)
        if table is keys.QUIZ:
            return read_quiz(self, found, common)
        if table is keys.LINK:
            return LinkSpec(url=found.get("url", ""), new_tab=found.get("new_tab", True), **common)
        if table is keys.UNIT:
            body, markdown = found.get("body", ("", ""))
            return UnitSpec(
                body=body,
                body_markdown=markdown,
                study_minutes=found.get("study_minutes"),
                covers=found.get("covers", ()),
                **common,
            )
        return self.assignment(found, is_mit=table is keys.MIT, common=common)

    def bad_item_type(
        self, node: MappingNode, type_node: Node | None, item_type: str | None, where: str
    ) -> None:
        choices = ", ".join(keys.ITEM_TYPES)
        if type_node is None or is_null(type_node):
            self.ctx.add(node, f"missing required key 'type' in {where}", f"Use one of: {choices}")
        elif item_type is None:
            self.ctx.add(type_node, f"'type' must be text, found {describe(type_node)}")
        else:
            hint = suggest(item_type, keys.ITEM_TYPES) or f"Use one of: {choices}"
            self.ctx.add(type_node, f"unknown item type {item_type!r} in {where}", hint)

    def assignment(self, found: Fields, *, is_mit: bool, common: dict[str, Any]) -> AssignmentSpec:
        ctx = self.ctx
        label = found.label
        grading = found.get("grading", DEFAULT_GRADING)
        points = found.get("points")
        if grading == "points" and "points" not in found.nodes:
            ctx.add(found.node, f"{label} has grading: points but no 'points'", "Add points: 10")
        if grading == "not_graded":
            for name in ("points", "submission_types"):
                if name in found.nodes:
                    ctx.add(
                        found.nodes[name],
                        f"'{name}' has no effect in {label}, which is not_graded",
                        f"Remove '{name}' or change 'grading'",
                    )
        submission_types = found.get("submission_types", DEFAULT_SUBMISSION_TYPES)
        exclusive = [t for t in submission_types if t in keys.EXCLUSIVE_SUBMISSION_TYPES]
        if exclusive and len(submission_types) > 1:
            ctx.add(
                found.nodes["submission_types"],
                f"submission type {exclusive[0]!r} cannot be combined with others in {label}",
            )
        self.check_date_order(found)
        description, markdown = found.get("description", ("", ""))
        return AssignmentSpec(
            is_mit=is_mit,
            description=description,
            description_markdown=markdown,
            group=self.assignment_group(found),
            grading=grading,
            points=points,
            submission_types=tuple(submission_types),
            unlock_at=found.get("unlock_at"),
            due_at=found.get("due_at"),
            lock_at=found.get("lock_at"),
            study_minutes=found.get("study_minutes"),
            covers=found.get("covers", ()),
            rubric=read_rubric(self, found),
            **common,
        )

    def assignment_group(self, found: Fields) -> str:
        group = found.get("group")
        if group is None:
            if "group" not in found.nodes and not self.group_ids:
                self.ctx.add(
                    found.node,
                    f"{found.label} needs an assignment group, but the spec has none",
                    "Add assignment_groups: to course.yaml",
                )
            return self.group_ids[0] if self.group_ids else ""
        if group not in self.group_ids:
            known = ", ".join(self.group_ids) or "none"
            hint = suggest(group, self.group_ids)
            hint = f"{hint} Known groups: {known}" if hint else f"Known groups: {known}"
            self.ctx.add(found.nodes["group"], f"unknown assignment group {group!r}", hint)
        return group

    def check_date_order(self, found: Fields) -> None:
        names = ("unlock_at", "due_at", "lock_at")
        present = [(name, found.values[name]) for name in names if name in found.values]
        for index, (later_name, later) in enumerate(present):
            for earlier_name, earlier in present[:index]:
                if later < earlier:
                    self.ctx.add(
                        found.nodes[later_name],
                        f"{later_name} ({_show(later)}) is before {earlier_name} "
                        f"({_show(earlier)}) in {found.label}",
                        "Dates must run unlock_at <= due_at <= lock_at",
                    )


def _show(value: datetime) -> str:
    return value.isoformat(timespec="minutes")


def without(obj: Any, excluded: frozenset[str]) -> Any:
    """``obj`` with every spec object whose id is in ``excluded`` left out, at any depth.

    Generic over the spec's lists (blocks, pages, items, and any list of objects with
    an ``id`` added later), so the delivery model and a cohort's choices apply to
    every kind of object alike.
    """
    if not excluded or not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        return obj
    changes: dict[str, Any] = {}
    for spec_field in dataclasses.fields(obj):
        value = getattr(obj, spec_field.name)
        if isinstance(value, tuple) and any(
            dataclasses.is_dataclass(v) and hasattr(v, "id") for v in value
        ):
            changes[spec_field.name] = tuple(
                without(v, excluded) for v in value if getattr(v, "id", None) not in excluded
            )
    return dataclasses.replace(obj, **changes) if changes else obj


def walk(
    root: Path, file: str, node: MappingNode, cohort: Cohort | None = None
) -> tuple[CourseSpec, Context, Node | None]:
    """The spec read from ``course.yaml``'s top-level node, the validation context, and
    the node of ``framework:`` (for the citation check).

    The spec is only meaningful when ``context.problems`` is empty.
    """
    walker = _Walker(root, file, cohort)
    spec = walker.spec(node)
    report_unresolved_relative_dates(walker.ctx)
    check_rubric_points(walker.ctx, spec)
    walker.check_cohort_ids()
    spec = without(spec, frozenset(walker.excluded))
    spec = replace(spec, section_dates=read_section_dates(walker, spec, cohort))
    check_holidays(walker.ctx, spec, cohort)
    check_due_before_event(walker.ctx, spec, cohort)
    return spec, walker.ctx, walker.framework_node
