"""``build_desired``: the desired snapshot of a course, from a validated spec.

A pure function: the spec already holds every Markdown text, so nothing is read here.
Each resource carries every managed field of its kind (``model.FIELDS``), normalized
with ``normalize_value`` so it compares with ``==`` against the live snapshot.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar
from types import MappingProxyType
from typing import Any

from canvas_npq.model import FIELDS, Address, Kind, Resource, Snapshot, SourceRef, normalize_value
from canvas_npq.model.fields import OPTIONAL_FIELDS
from canvas_npq.model.limits import PAGE_BODY_LIMIT
from canvas_npq.model.markers import wrap_owned
from canvas_npq.model.sectiontimes import section_time
from canvas_npq.spec import outcomes
from canvas_npq.spec.errors import Problem, SpecError
from canvas_npq.spec.files import link_files
from canvas_npq.spec.intended import intended_outcomes_html
from canvas_npq.spec.markdown import markdown_to_text, render_body, render_markdown
from canvas_npq.spec.model import (
    AssignmentSpec,
    BlockSpec,
    CourseSpec,
    DiscussionSpec,
    EventSpec,
    FileItemSpec,
    ItemSpec,
    LinkSpec,
    QuizSpec,
    SubHeaderSpec,
    UnitSpec,
)
from canvas_npq.spec.navigation import navigation_resources
from canvas_npq.spec.objectlinks import bodies_by_path, link_objects
from canvas_npq.spec.quizzes import quiz_values
from canvas_npq.spec.sections import SectionDates, SectionTimes
from canvas_npq.spec.syllabus import render_syllabus

COURSE_ADDRESS = Address(Kind.COURSE, "course")
ASSIGNMENT_GROUPS_ORDER = "course:assignment_groups"
MODULES_ORDER = "course:modules"

GRADING_TYPES: Mapping[str, str] = {
    "points": "points",
    "complete_incomplete": "pass_fail",
    "not_graded": "not_graded",
}
MODULE_ITEM_TYPES: Mapping[str, str] = {
    "subheader": "SubHeader",
    "unit": "Page",
    "mit": "Assignment",
    "assignment": "Assignment",
    "link": "ExternalUrl",
    "file": "File",
    "discussion": "Discussion",
    "quiz": "Quiz",
}


def _resource(
    kind: Kind,
    key: str,
    values: Mapping[str, Any],
    source: SourceRef,
    block: str | None = None,
) -> Resource:
    managed = FIELDS[kind]
    unexpected = set(values) - set(managed)
    if unexpected:  # a programming error, never a spec error
        raise ValueError(f"{kind.value} has no managed fields {sorted(unexpected)}")
    optional = OPTIONAL_FIELDS.get(kind, frozenset())
    fields = {
        name: normalize_value(ftype, values.get(name))
        for name, ftype in managed.items()
        if name not in optional or name in values
    }
    return Resource(Address(kind, key), fields, block=block, source=source)


def _course_values(spec: CourseSpec) -> dict[str, Any]:
    course = spec.course
    values: dict[str, Any] = {
        "name": course.name,
        "course_code": course.course_code,
        "time_zone": course.time_zone,
    }
    if course.syllabus is not None:  # owned only when the spec declares it
        values["syllabus_body"] = render_syllabus(spec)
    if course.default_view is not None:
        values["default_view"] = course.default_view
    return values


# The spec's files by path, while a spec is being built: links to them become references.
_FILES_BY_PATH: ContextVar[Mapping[str, str]] = ContextVar(
    "files_by_path", default=MappingProxyType({})
)

# The spec's body files by path, while a spec is being built: links to them become
# references to their objects (see ``spec.objectlinks``).
_BODIES_BY_PATH: ContextVar[Mapping[str, str]] = ContextVar(
    "bodies_by_path", default=MappingProxyType({})
)


def _linked(html: str, path: str) -> str:
    """Rendered HTML with links to spec files and to other objects' bodies as references."""
    html = link_files(html, path, _FILES_BY_PATH.get())
    return link_objects(html, path, _BODIES_BY_PATH.get())


def _files(spec: CourseSpec) -> list[Resource]:
    return [
        _resource(
            Kind.FILE,
            f.id,
            {
                "name": f.name,
                "folder": f.folder,
                "size": f.size,
                "content_hash": f.sha256,
                "path": f.path,
            },
            f.source,
        )
        for f in spec.files
    ]


def _owned_body(object_id: str, markdown: str, path: str = "", outcomes: str = "") -> str:
    """The marked body; ``outcomes`` (the intended outcomes table) follows the text.
    Links to the spec's files refer to them by id (see ``model.files``), links to other
    objects' bodies by address (``model.objectlinks``)."""
    html = _linked(render_body(path, markdown), path)
    return wrap_owned(object_id, html + outcomes)


def _intended(spec: CourseSpec) -> Callable[[tuple[str, ...]], str]:
    """The intended outcomes table for a ``covers:`` list, or nothing when not wanted."""
    if not spec.intended_outcomes or spec.framework is None:
        return lambda covers: ""
    from canvas_npq.framework.files import framework_for

    framework = framework_for(spec.framework, spec.root)
    return lambda covers: intended_outcomes_html(framework, covers, spec.labels)


def _assignment(item: AssignmentSpec, block: str | None, outcomes: str = "") -> Resource:
    not_graded = item.grading == "not_graded"
    values = {
        "name": item.title,
        "description": _owned_body(item.id, item.description_markdown, item.description, outcomes),
        "assignment_group": str(Address(Kind.ASSIGNMENT_GROUP, item.group)),
        "grading_type": GRADING_TYPES[item.grading],
        "points_possible": item.points or 0.0,
        "submission_types": ["not_graded"] if not_graded else list(item.submission_types),
        "unlock_at": item.unlock_at,
        "due_at": item.due_at,
        "lock_at": item.lock_at,
        "published": item.published,
    }
    return _resource(Kind.ASSIGNMENT, item.id, values, item.source, block)


def _discussion(item: DiscussionSpec, block: str | None) -> Resource:
    values = {
        "title": item.title,
        "message": _owned_body(item.id, item.body_markdown, item.body),
        "published": item.published,
        "discussion_type": "threaded" if item.threaded else "not_threaded",
        "require_initial_post": item.require_initial_post,
    }
    return _resource(Kind.DISCUSSION, item.id, values, item.source, block)


def _quiz(item: QuizSpec, block: str | None, outcomes: str = "") -> Resource:
    def owned(object_id: str, markdown: str, path: str) -> str:
        return _owned_body(object_id, markdown, path, outcomes)

    def question_html(markdown: str) -> str:
        return link_files(
            render_body(item.questions_path, markdown), item.questions_path, _FILES_BY_PATH.get()
        )

    return _resource(
        Kind.QUIZ, item.id, quiz_values(item, question_html, owned), item.source, block
    )


def _event(event: EventSpec, times: Sequence[SectionTimes] = ()) -> Resource:
    body = _linked(render_body(event.description, event.description_markdown), event.description)
    if event.online_url:  # Canvas events have no link field: it leads the description
        body = render_markdown(f"**Join online:** <{event.online_url}>") + body
    values = {
        "title": event.title,
        "description": wrap_owned(event.id, body),
        "start_at": event.start_at,
        "end_at": event.end_at,
        "location_name": event.location_name,
        "location_address": event.location_address,
        # the sections' own times; the planner adds the course's other sections
        "section_times": [section_time(t.section, t.start_at, t.end_at) for t in times],
    }
    return _resource(Kind.CALENDAR_EVENT, event.id, values, event.source, event.block)


def _content(item: ItemSpec) -> str | None:
    if isinstance(item, FileItemSpec):
        return str(Address(Kind.FILE, item.file))
    if isinstance(item, UnitSpec):
        return str(Address(Kind.PAGE, item.id))
    if isinstance(item, AssignmentSpec):
        return str(Address(Kind.ASSIGNMENT, item.id))
    if isinstance(item, DiscussionSpec):
        return str(Address(Kind.DISCUSSION, item.id))
    if isinstance(item, QuizSpec):
        return str(Address(Kind.QUIZ, item.id))
    return None


def _module_item(block: BlockSpec, item: ItemSpec) -> Resource:
    values = {
        "module": str(Address(Kind.MODULE, block.id)),
        "type": MODULE_ITEM_TYPES[item.type],
        "content": _content(item),
        # A page or assignment item shows its content's title; Canvas keeps them in step.
        "title": item.title if isinstance(item, SubHeaderSpec | LinkSpec) else None,
        "indent": item.indent,
        "external_url": item.url if isinstance(item, LinkSpec) else None,
        "new_tab": item.new_tab if isinstance(item, LinkSpec) else False,
        "published": item.published,
        "completion": getattr(item, "completion", None),
    }
    if getattr(item, "min_score", None) is not None:
        values["min_score"] = item.min_score  # type: ignore[union-attr]
    return _resource(Kind.MODULE_ITEM, item.id, values, item.source, block.id)


def build_desired(spec: CourseSpec) -> Snapshot:
    """The snapshot of the course as the spec describes it."""
    token = _FILES_BY_PATH.set({f.path: f.id for f in spec.files})
    bodies_token = _BODIES_BY_PATH.set(bodies_by_path(spec))
    try:
        return _build_desired(spec)
    finally:
        _BODIES_BY_PATH.reset(bodies_token)
        _FILES_BY_PATH.reset(token)


def _build_desired(spec: CourseSpec) -> Snapshot:
    course = spec.course
    intended = _intended(spec)
    resources = [
        _resource(
            Kind.COURSE,
            COURSE_ADDRESS.key,
            _course_values(spec),
            course.source,
        )
    ]
    resources.extend(navigation_resources(spec))
    order: dict[str, list[str]] = {ASSIGNMENT_GROUPS_ORDER: [], MODULES_ORDER: []}
    for group in spec.assignment_groups:
        resources.append(
            _resource(Kind.ASSIGNMENT_GROUP, group.id, {"name": group.name}, group.source)
        )
        order[ASSIGNMENT_GROUPS_ORDER].append(str(Address(Kind.ASSIGNMENT_GROUP, group.id)))
    for page in spec.pages:
        values = {
            "title": page.title,
            "body": _owned_body(page.id, page.body_markdown, page.body),
            "published": page.published,
        }
        if page.id == spec.course.front_page:
            values["front_page"] = True
        resources.append(_resource(Kind.PAGE, page.id, values, page.source))
    for block in spec.blocks:
        module = Address(Kind.MODULE, block.id)
        values = {
            "name": block.title,
            "unlock_at": block.unlock_at,
            "require_sequential_progress": block.require_sequential_progress,
            "published": block.published,
            "prerequisites": [str(Address(Kind.MODULE, ref)) for ref in block.prerequisites],
        }
        resources.append(_resource(Kind.MODULE, block.id, values, block.source, block.id))
        order[MODULES_ORDER].append(str(module))
        items = order.setdefault(str(module), [])
        for item in block.items:
            if isinstance(item, UnitSpec):
                values = {
                    "title": item.title,
                    "body": _owned_body(
                        item.id, item.body_markdown, item.body, intended(item.covers)
                    ),
                    "published": item.published,
                }
                resources.append(_resource(Kind.PAGE, item.id, values, item.source, block.id))
            elif isinstance(item, AssignmentSpec):
                resources.append(_assignment(item, block.id, intended(item.covers)))
            elif isinstance(item, DiscussionSpec):
                resources.append(_discussion(item, block.id))
            elif isinstance(item, QuizSpec):
                resources.append(_quiz(item, block.id, intended(item.covers)))
            resources.append(_module_item(block, item))
            items.append(str(Address(Kind.MODULE_ITEM, item.id)))
    for assignment in spec.assignments:
        resources.append(_assignment(assignment, None, intended(assignment.covers)))
    for discussion in spec.discussions:
        resources.append(_discussion(discussion, None))
    for quiz in spec.quizzes:
        resources.append(_quiz(quiz, None, intended(quiz.covers)))
    resources.extend(_outcomes(spec))
    times: dict[str, list[SectionTimes]] = {}
    for dated in spec.section_dates:
        if isinstance(dated, SectionTimes):
            times.setdefault(dated.event, []).append(dated)
    for event in spec.events:
        resources.append(_event(event, times.get(event.id, ())))
    for dates in spec.section_dates:
        if not isinstance(dates, SectionDates):
            continue
        values = {
            "assignment": str(
                Address(Kind.QUIZ if dates.kind == "quiz" else Kind.ASSIGNMENT, dates.assignment)
            ),
            "section": dates.section,
            "due_at": dates.due_at,
            "unlock_at": dates.unlock_at,
            "lock_at": dates.lock_at,
        }
        resources.append(_resource(Kind.ASSIGNMENT_OVERRIDE, dates.key, values, dates.source))
    for announcement in spec.announcements:
        values = {
            "title": announcement.title,
            "message": _owned_body(announcement.id, announcement.body_markdown, announcement.body),
            "delayed_post_at": announcement.delayed_post_at,
        }
        resources.append(
            _resource(
                Kind.ANNOUNCEMENT, announcement.id, values, announcement.source, announcement.block
            )
        )
    resources.extend(_rubrics(spec))
    resources.extend(_files(spec))
    _check_page_bodies(spec, resources)
    return Snapshot.of(resources, order, {"spec_root": str(spec.root)})


def _check_page_bodies(spec: CourseSpec, resources: list[Resource]) -> None:
    """Refuse, before anything is sent, a page whose body as canvas-npq would send it
    (rendered HTML with its marker and outcomes table) is over Canvas's limit."""
    files = {p.id: p.body for p in spec.pages}
    files.update(
        {i.id: i.body for block in spec.blocks for i in block.items if isinstance(i, UnitSpec)}
    )
    problems = []
    for resource in resources:
        body = resource.fields.get("body") if resource.kind is Kind.PAGE else None
        if isinstance(body, str) and len(body) > PAGE_BODY_LIMIT:
            source = resource.source.file if resource.source else ""
            problems.append(
                Problem(
                    files.get(resource.address.key) or source,
                    None,
                    None,
                    f"page {resource.address.key!r} would be {len(body)} characters of HTML, "
                    f"over Canvas's limit of {PAGE_BODY_LIMIT} for a page body "
                    "(Canvas refuses it with 400)",
                    "Split the text into two or more pages",
                )
            )
    if problems:
        raise SpecError(problems)


def cited_statements(spec: CourseSpec) -> list[str]:
    """Every statement the spec cites: ``covers:`` of its items."""
    cited: list[str] = []
    items = [item for _, item in spec.all_items()] + [*spec.assignments, *spec.quizzes]
    for item in items:
        cited.extend(getattr(item, "covers", ()))
        rubric = getattr(item, "rubric", None)
        if rubric is not None:
            cited.extend(c.outcome for c in rubric.criteria if c.outcome)
    return cited


def _rubrics(spec: CourseSpec) -> list[Resource]:
    """A rubric per assignment that names one, keyed by the assignment's id.

    A criterion aligned to an outcome shows the outcome's description as its long
    description (Canvas replaces whatever is sent), so that is what is desired.
    """
    found = []
    framework = None
    if spec.framework and spec.outcomes:
        framework = outcomes.load(spec.framework, spec.root)
    for block, item in spec.all_assignments():
        rubric = item.rubric
        if rubric is None:
            continue
        criteria = []
        for criterion in rubric.criteria:
            long_description = markdown_to_text(criterion.long_description)
            outcome = None
            if criterion.outcome and framework is not None:
                statement = framework.get(criterion.outcome)
                area = framework.area(statement.area)
                long_description = outcomes.statement_description(statement, area.title)
                outcome = str(outcomes.outcome_address(statement.id))
            criteria.append(
                {
                    "description": criterion.description,
                    "long_description": long_description,
                    "use_range": criterion.use_range,
                    "outcome": outcome,
                    "ratings": [
                        {
                            "description": r.description,
                            "long_description": r.long_description,
                            "points": r.points,
                        }
                        for r in criterion.ratings
                    ],
                }
            )
        values = {
            "title": rubric.title,
            "assignment": str(Address(Kind.ASSIGNMENT, item.id)),
            "use_for_grading": rubric.use_for_grading,
            "free_form_criterion_comments": rubric.free_form_comments,
            "criteria": criteria,
        }
        where = block.id if block is not None else None
        found.append(_resource(Kind.RUBRIC, item.id, values, rubric.source, where))
    return found


def _outcomes(spec: CourseSpec) -> list[Resource]:
    """The framework's outcome groups and outcomes (see ``spec.outcomes``)."""
    if spec.outcomes is None or spec.framework is None:
        return []
    framework = outcomes.load(spec.framework, spec.root)
    source = spec.outcomes.source
    root = Address(Kind.OUTCOME_GROUP, outcomes.FRAMEWORK_GROUP_KEY)
    description = f"<p>{framework.title}</p>"
    if framework.licence:
        description += f"<p>{framework.licence}</p>"
    found = [
        _resource(
            Kind.OUTCOME_GROUP,
            root.key,
            {
                "title": spec.outcomes.title or framework.title,
                "description": description,
                "vendor_guid": outcomes.vendor_guid(framework.id, root.key),
            },
            source,
        )
    ]
    statements = outcomes.chosen_statements(
        framework, spec.outcomes.statements, cited_statements(spec)
    )
    for area in framework.areas:
        in_area = [s for s in statements if s.area == area.number]
        if not in_area:
            continue
        group = Address(Kind.OUTCOME_GROUP, outcomes.area_key(area.number))
        values = {
            "title": f"{area.number}. {area.title}",
            "description": f"<p>{area.description}</p>" if area.description else "",
            "vendor_guid": outcomes.vendor_guid(framework.id, group.key),
            "parent": str(root),
        }
        found.append(_resource(Kind.OUTCOME_GROUP, group.key, values, source))
        for statement in in_area:
            values = {
                "title": outcomes.statement_title(statement),
                "display_name": f"{framework.qualification or framework.id} {statement.id}",
                "description": outcomes.statement_description(statement, area.title),
                "group": str(group),
            }
            address = outcomes.outcome_address(statement.id)
            values["vendor_guid"] = outcomes.vendor_guid(framework.id, address.key)
            found.append(_resource(Kind.OUTCOME, address.key, values, source))
    return found
