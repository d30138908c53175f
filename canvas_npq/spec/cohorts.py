"""``cohorts.yaml``: the cohorts that run the programme, checked with file:line.

```yaml
cohorts:
  - name: autumn-2026
    course: 1234              # a Canvas course id, or sis_course_id:XYZ
    start: 2026-10-05
    timezone: Europe/London   # default: course.yaml's time_zone
    delivery: blended         # or online
```
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from canvas_npq.cohorts.model import BlueprintSpec, Cohort, Holiday
from canvas_npq.model import SourceRef
from canvas_npq.spec.errors import Problem, SpecError
from canvas_npq.spec.keys import DELIVERY_MODELS, Key, Table, ValueType
from canvas_npq.spec.values import INVALID, Context, convert, suggest
from canvas_npq.spec.yamlnodes import (
    YAML_SIZE_LIMIT,
    compose_mapping,
    describe,
    is_null,
    line_of,
    mapping_entries,
    read_utf8,
)

COHORTS_FILE = "cohorts.yaml"
_COURSE = re.compile(r"^([0-9]+|sis_course_id:\S+)$")

_COURSE_KEY_HELP = "A Canvas course id, or sis_course_id:XYZ."
EXAMPLE = (
    "cohorts:\n"
    "  - name: autumn-2026\n"
    "    course: 1234          # the cohort's Canvas course id, or sis_course_id:XYZ\n"
    "    start: 2026-10-05     # week 1 starts on this day"
)
EXAMPLE_HINT = f"For example:\n{EXAMPLE}"

BLUEPRINT = Table(
    "blueprint",
    "A Canvas Blueprint course and the courses it syncs to.",
    (
        Key("course", ValueType.TEXT, "The Blueprint course. " + _COURSE_KEY_HELP, required=True),
        Key("associated", ValueType.VARIANT, "Its associated (child) courses.", required=True),
    ),
)

HOLIDAY = Table(
    "holiday",
    "A break in the cohort's calendar: a warning names anything dated inside it.",
    (
        Key("name", ValueType.TITLE, "What the break is, e.g. Christmas holidays.", required=True),
        Key("start", ValueType.TEXT, "Its first day, e.g. 2026-12-19.", required=True),
        Key("end", ValueType.TEXT, "Its last day (inclusive). Default: the start day."),
    ),
)

COHORT = Table(
    "cohort",
    "One cohort: a run of the programme in its own Canvas course.",
    (
        Key("name", ValueType.ID, "The cohort's name, e.g. autumn-2026.", required=True),
        Key("course", ValueType.TEXT, "The cohort's course. " + _COURSE_KEY_HELP),
        Key("start", ValueType.TEXT, "The first day, e.g. 2026-10-05.", required=True),
        Key("timezone", ValueType.TIME_ZONE, "IANA time zone. Default: course.yaml's."),
        Key(
            "delivery",
            ValueType.CHOICE,
            "blended (face-to-face days) or online (live online sessions). Default blended.",
            default="blended",
            choices=DELIVERY_MODELS,
        ),
        Key("course_name", ValueType.TITLE, "The course name for this cohort."),
        Key("course_code", ValueType.TITLE, "The course code for this cohort."),
        Key("include", ValueType.REF_LIST, "Ids of optional spec objects this cohort has."),
        Key("exclude", ValueType.REF_LIST, "Ids of spec objects this cohort leaves out."),
        Key(
            "overrides",
            ValueType.VARIANT,
            "Per object id, keys that differ for this cohort (venue, dates, titles).",
        ),
        Key("blueprint", ValueType.OBJECT, "Apply to a Blueprint course.", table=BLUEPRINT),
        Key(
            "holidays",
            ValueType.OBJECT_LIST,
            "The cohort's breaks (school holidays, half terms): a warning names anything "
            "dated inside one.",
            table=HOLIDAY,
        ),
    ),
)

TOP = Table(
    COHORTS_FILE,
    "The cohorts of a spec.",
    (Key("cohorts", ValueType.OBJECT_LIST, "The cohorts.", required=True, table=COHORT),),
)


def _course(value: str) -> int | str:
    return int(value) if value.isdigit() else value


class _Reader:
    def __init__(self, root: Path) -> None:
        self.ctx = Context(root=root, file=COHORTS_FILE)

    def fields(self, node: Node, table: Table, where: str) -> dict[str, Any] | None:
        ctx = self.ctx
        if not isinstance(node, MappingNode):
            ctx.add(node, f"{where} must be a mapping of keys, found {describe(node)}")
            return None
        values: dict[str, Any] = {"__node__": node}
        present: set[str] = set()
        for name, key_node, value in mapping_entries(node, ctx.file, ctx.problems):
            present.add(name)
            key = table.by_name.get(name)
            if key is None:
                hint = suggest(name, table.names) or f"Known keys: {', '.join(table.names)}"
                ctx.add(key_node, f"unknown key {name!r} in {where}", hint)
                continue
            if is_null(value):
                if key.required:
                    ctx.add(key_node, f"'{name}' in {where} has no value")
                continue
            converted = convert(ctx, key, value, where)
            if converted is not INVALID:
                values[name] = converted
                values[f"__{name}__"] = value
        for name in table.required:
            if name not in present:
                ctx.add(node, f"missing required key '{name}' in {where}")
        return values

    def course_ref(self, value: Any, node: Node | None) -> int | str | None:
        text = str(value).strip()
        if not _COURSE.match(text):
            self.ctx.add(
                node, f"{text!r} is not a course", "Write a Canvas course id or sis_course_id:XYZ"
            )
            return None
        return _course(text)

    def cohort(self, node: Node, names: set[str]) -> Cohort | None:
        found = self.fields(node, COHORT, "a cohort")
        if found is None or "name" not in found:
            return None
        name = found["name"]
        where = f"cohort {name!r}"
        if name in names:
            self.ctx.add(found["__name__"], f"duplicate cohort name {name!r}")
        names.add(name)
        start = self.day(found, "start", where) if "start" in found else None
        blueprint = self.blueprint(found.get("blueprint"), where)
        course = None
        if "course" in found:
            course = self.course_ref(found["course"], found["__course__"])
            if blueprint is not None:
                self.ctx.add(
                    found["__course__"],
                    f"{where} has both 'course' and 'blueprint'",
                    "With a Blueprint, canvas-npq applies to the Blueprint course: drop 'course'",
                )
        elif blueprint is not None:
            course = blueprint.course
        else:
            self.ctx.add(found["__node__"], f"{where} needs 'course' (or 'blueprint')")
        overrides = self.overrides(found.get("overrides"), where)
        holidays = self.holidays(found.get("holidays"), where)
        if start is None or course is None:
            return None
        return Cohort(
            name=name,
            course=course,
            start=start,
            timezone=found.get("timezone"),
            delivery=found.get("delivery", "blended"),
            course_name=found.get("course_name"),
            course_code=found.get("course_code"),
            include=tuple(ref for ref, _ in found.get("include", ())),
            exclude=tuple(ref for ref, _ in found.get("exclude", ())),
            overrides=MappingProxyType(overrides),
            blueprint=blueprint,
            file=COHORTS_FILE,
            source=SourceRef(COHORTS_FILE, line_of(found["__node__"])),
            holidays=holidays,
        )

    def day(self, found: dict[str, Any], name: str, where: str) -> date | None:
        try:
            return date.fromisoformat(found[name])
        except ValueError:
            self.ctx.add(
                found[f"__{name}__"],
                f"'{name}' in {where} must be a day like 2026-10-05, found {found[name]!r}",
            )
            return None

    def holidays(self, node: Node | None, where: str) -> tuple[Holiday, ...]:
        if node is None:
            return ()
        if not isinstance(node, SequenceNode):
            self.ctx.add(node, f"'holidays' in {where} must be a list, found {describe(node)}")
            return ()
        holidays = []
        for entry in node.value:
            found = self.fields(entry, HOLIDAY, f"a holiday of {where}")
            if found is None or "name" not in found or "start" not in found:
                continue
            start = self.day(found, "start", f"holiday {found['name']!r}")
            end = self.day(found, "end", f"holiday {found['name']!r}") if "end" in found else start
            if start is None or end is None:
                continue
            if end < start:
                self.ctx.add(
                    found["__end__"],
                    f"holiday {found['name']!r} ends ({end}) before it starts ({start})",
                    "Give its first day as start and its last day as end",
                )
                continue
            source = SourceRef(COHORTS_FILE, line_of(found["__node__"]))
            holidays.append(Holiday(found["name"], start, end, source))
        return tuple(holidays)

    def blueprint(self, node: Node | None, where: str) -> BlueprintSpec | None:
        if node is None:
            return None
        found = self.fields(node, BLUEPRINT, f"the blueprint of {where}")
        if found is None or "course" not in found:
            return None
        course = self.course_ref(found["course"], found["__course__"])
        associated: list[int | str] = []
        listed = found.get("associated")
        if isinstance(listed, SequenceNode):
            for child in listed.value:
                if isinstance(child, ScalarNode):
                    ref = self.course_ref(child.value, child)
                    if ref is not None:
                        associated.append(ref)
                else:
                    self.ctx.add(
                        child, f"each associated course must be a course id, not {describe(child)}"
                    )
        elif listed is not None:
            self.ctx.add(listed, "'associated' must be a list of course ids")
        if course is None:
            return None
        return BlueprintSpec(course, tuple(associated), SourceRef(COHORTS_FILE, line_of(node)))

    def overrides(self, node: Node | None, where: str) -> dict[str, MappingNode]:
        if node is None:
            return {}
        if not isinstance(node, MappingNode):
            self.ctx.add(node, f"'overrides' in {where} must map object ids to keys")
            return {}
        result: dict[str, MappingNode] = {}
        for object_id, _, value in mapping_entries(node, self.ctx.file, self.ctx.problems):
            if not isinstance(value, MappingNode):
                self.ctx.add(value, f"the overrides of {object_id!r} must be a mapping of keys")
                continue
            result[object_id] = value
        return result


def cohorts_file(spec_root: Path) -> Path:
    return spec_root / COHORTS_FILE


def load_cohorts(spec_root: str | Path) -> list[Cohort]:
    """The cohorts of the spec in ``spec_root`` ([] when it has no ``cohorts.yaml``).

    Raises :class:`SpecError` with file:line for every problem found.
    """
    root = Path(spec_root)
    if root.is_file():
        root = root.parent
    path = cohorts_file(root)
    if path.is_dir():
        raise SpecError(
            [
                Problem(
                    COHORTS_FILE,
                    None,
                    None,
                    f"{COHORTS_FILE} in {root} is a folder, not a file",
                    f"Remove or rename the folder and write {COHORTS_FILE} as a file. "
                    + EXAMPLE_HINT,
                )
            ]
        )
    if not path.is_file():
        return []
    text = read_utf8(path, COHORTS_FILE, YAML_SIZE_LIMIT)
    top_node = compose_mapping(text, COHORTS_FILE, "List the cohorts. " + EXAMPLE_HINT)
    reader = _Reader(root)
    top = reader.fields(top_node, TOP, COHORTS_FILE)
    cohorts: list[Cohort] = []
    entries = top.get("cohorts") if top else None
    if isinstance(entries, SequenceNode):
        names: set[str] = set()
        for entry in entries.value:
            cohort = reader.cohort(entry, names)
            if cohort is not None:
                cohorts.append(cohort)
        if not entries.value:
            reader.ctx.add(entries, "'cohorts' lists no cohort")
    elif entries is not None:
        reader.ctx.add(entries, f"'cohorts' must be a list, found {describe(entries)}")
    reader.ctx.problems.raise_if_any()
    return cohorts


def find_cohort(cohorts: list[Cohort], name: str) -> Cohort:
    for cohort in cohorts:
        if cohort.name == name:
            return cohort
    known = ", ".join(c.name for c in cohorts) or "none (no cohorts.yaml)"
    hint = suggest(name, [c.name for c in cohorts])
    message = f"no cohort named {name!r} in {COHORTS_FILE}. Cohorts: {known}"
    raise SpecError([Problem(COHORTS_FILE, None, None, message, hint)])
