"""Which of a course's listings a read needs, from the kinds of objects it manages.

canvas-npq never touches what it does not own, so a kind of object that neither the
spec nor the course's manifest has cannot drift, and listing it would cost a request
for nothing. A read that says which kinds it manages (``read_course(kinds=)``) lists
only the collections that can hold them; the kinds the manifest records (including an
interrupted apply's pending creates) are added once the manifest has been read, so a
kind the spec dropped is still read, and pruned. Import and adopt say nothing, and read
everything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from canvas_npq.model import Address, Kind

# Always read: the course itself, and its pages (the manifest and the lock live there).
ALWAYS = frozenset({"course", "pages"})
# The assignments: graded discussions and quizzes have one; an assignment's JSON carries
# its overrides and the id of the rubric that grades it.
_ASSIGNMENTS = frozenset(
    {
        Kind.ASSIGNMENT,
        Kind.ASSIGNMENT_GROUP,
        Kind.DISCUSSION,
        Kind.QUIZ,
        Kind.RUBRIC,
        Kind.ASSIGNMENT_OVERRIDE,
    }
)
# The kinds whose objects, or references, each listing holds. "assignments" is read
# inside "groups" (one request), so the two are needed by the same kinds; a rubric's
# criteria name outcomes.
NEEDED_BY: Mapping[str, frozenset[Kind]] = {
    "groups": _ASSIGNMENTS,
    "assignments": _ASSIGNMENTS,
    "modules": frozenset({Kind.MODULE, Kind.MODULE_ITEM}),
    "discussions": frozenset({Kind.DISCUSSION}),
    "announcements": frozenset({Kind.ANNOUNCEMENT}),
    "outcome_groups": frozenset({Kind.OUTCOME_GROUP, Kind.OUTCOME, Kind.RUBRIC}),
    "outcome_links": frozenset({Kind.OUTCOME_GROUP, Kind.OUTCOME, Kind.RUBRIC}),
    "rubrics": frozenset({Kind.RUBRIC}),
    "files": frozenset({Kind.FILE}),
    "folders": frozenset({Kind.FILE}),
    "events": frozenset({Kind.CALENDAR_EVENT}),
    "quizzes": frozenset({Kind.QUIZ}),
    # Canvas's GraphQL: when each quiz last changed (canvas.graphql), read with "quizzes".
    "quiz_stamps": frozenset({Kind.QUIZ}),
}


def listings_for(kinds: frozenset[Kind] | None) -> frozenset[str] | None:
    """The content listings that can hold objects of ``kinds`` (None: all of them)."""
    if kinds is None:
        return None
    return ALWAYS | {name for name, needs in NEEDED_BY.items() if needs & kinds}


def kinds_of(addresses: Iterable[object]) -> frozenset[Kind]:
    """The kinds of the given addresses (a manifest's keys, a snapshot's resources');
    text that is no address is skipped."""
    found: set[Kind] = set()
    for item in addresses:
        if isinstance(item, Address):
            found.add(item.kind)
            continue
        try:
            found.add(Address.parse(str(item)).kind)
        except ValueError:
            continue
    return frozenset(found)
