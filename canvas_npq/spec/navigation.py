"""``navigation:`` and ``settings:`` in course.yaml: the course menu and course settings.

Both describe things every Canvas course already has, so they become resources that
are only ever updated: one ``tab.<id>`` per tab the spec names (its ``hidden`` and
``position``) and one ``course_settings.course`` holding the settings named. What the
spec leaves out is not managed.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from yaml.nodes import Node, SequenceNode

from canvas_npq.model import Address, Kind, Resource, SourceRef
from canvas_npq.spec import keys
from canvas_npq.spec.model import CourseSpec, NavigationSpec

if TYPE_CHECKING:
    from canvas_npq.spec.validate import Fields, _Walker

COURSE_SETTINGS_ADDRESS = Address(Kind.COURSE_SETTINGS, "course")
FIRST_TAB_POSITION = 2  # Home is always first


def walk_navigation(walker: _Walker, top: Fields) -> NavigationSpec | None:
    """Check ``navigation:``; Home and Settings are refused as Canvas refuses them."""
    node = top.nodes.get("navigation")
    if node is None or top.get("navigation") is None:
        return None
    found = walker.fields(node, keys.NAVIGATION, "'navigation'")
    if found is None:
        return None
    _for_cohort(walker, found, "navigation", keys.NAVIGATION)
    lists: dict[str, tuple[str, ...]] = {}
    for name in ("order", "hidden"):
        chosen = found.get(name, ())
        for fixed in keys.FIXED_TABS:
            if fixed in chosen:
                walker.ctx.add(
                    _entry(found.nodes[name], fixed),
                    f"the {fixed} tab cannot be {'moved' if name == 'order' else 'hidden'}: "
                    f"Canvas keeps {fixed} {'first' if fixed == 'home' else 'last'} and shown "
                    f"(it answers 400 '{fixed} is not manageable')",
                    f"Remove {fixed} from navigation.{name}",
                )
        lists[name] = tuple(tab for tab in chosen if tab not in keys.FIXED_TABS)
    if not lists["order"] and not lists["hidden"]:
        walker.ctx.add(node, "'navigation' names no tab", "Add order: [...] or hidden: [...]")
        return None
    return NavigationSpec(lists["order"], lists["hidden"], walker.source(found.node))


def walk_settings(walker: _Walker, top: Fields) -> dict[str, bool] | None:
    """Check ``settings:``: known switches only (unknown names get a suggestion)."""
    node = top.nodes.get("settings")
    if node is None or top.get("settings") is None:
        return None
    found = walker.fields(node, keys.SETTINGS, "'settings'")
    if found is None:
        return None
    _for_cohort(walker, found, "settings", keys.SETTINGS)
    if not getattr(found.node, "value", None):  # an empty mapping: unknown keys say why
        walker.ctx.add(node, "'settings' names no setting", "Add e.g. hide_final_grades: true")
        return None
    return {name: bool(value) for name, value in found.values.items()}


def _for_cohort(walker: _Walker, found: Fields, name: str, table: keys.Table) -> None:
    """A cohort's ``overrides: {settings: {...}}`` (or ``navigation:``) replaces the keys
    it names, as overrides of an object do; the name then counts as a spec id."""
    walker.ids.setdefault(name, (name, walker.source(found.node).line or 0))
    cohort = walker.cohort
    overrides = cohort.overrides.get(name) if cohort is not None else None
    if cohort is not None and overrides is not None:
        walker.variant(found, table, overrides, cohort.file)


def _entry(sequence: Node, text: str) -> Node:
    """The list entry reading ``text``, for a message at its own line."""
    if isinstance(sequence, SequenceNode):
        for child in sequence.value:
            if getattr(child, "value", None) == text:
                return child
    return sequence


def navigation_resources(spec: CourseSpec) -> list[Resource]:
    """``tab.<id>`` and ``course_settings.course`` resources for what the spec names."""
    resources: list[Resource] = []
    navigation = spec.navigation
    if navigation is not None:
        positions = {tab: FIRST_TAB_POSITION + i for i, tab in enumerate(navigation.order)}
        for tab in (*navigation.order, *(t for t in navigation.hidden if t not in positions)):
            fields: dict[str, Any] = {"hidden": tab in navigation.hidden}
            if tab in positions:
                fields["position"] = positions[tab]
            resources.append(Resource(Address(Kind.TAB, tab), fields, source=navigation.source))
    if spec.settings:
        source = SourceRef(spec.course.source.file, None)
        resources.append(
            Resource(COURSE_SETTINGS_ADDRESS, MappingProxyType(dict(spec.settings)), source=source)
        )
    return resources
