"""Reading a live course into a :class:`~canvas_npq.model.Snapshot`.

One list call per collection (``per_page=100``; page bodies and module items inlined),
never one call per object. Ownership is decided here, at the boundary: an object is
managed when it carries canvas-npq's marker (page bodies, assignment descriptions,
assignment groups' ``integration_data``) or the manifest names its Canvas id. Nothing
from canvasapi leaves this module: everything is translated into the model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor, wait
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from types import MappingProxyType, SimpleNamespace
from typing import Any

from canvasapi.paginated_list import PaginatedList
from canvasapi.quiz import Quiz
from canvasapi.util import combine_kwargs

from canvas_npq.canvas import announcements as announcement_api
from canvas_npq.canvas import sections as section_api
from canvas_npq.canvas.client import Connection
from canvas_npq.canvas.errors import CanvasError, IncompleteRead
from canvas_npq.canvas.graphql import quiz_stamps
from canvas_npq.canvas.lock import LOCK_ATTRIBUTE
from canvas_npq.canvas.manifest import (
    decode_manifest,
    decode_owner,
    is_manifest,
    is_manifest_part,
    manifest_parts,
)
from canvas_npq.canvas.navigation import (
    NAVIGATION,
    SECTIONS,
    SETTINGS,
    course_includes,
    late_reads,
    sections_read,
    settings_read,
    settings_resource,
    tab_resources,
)
from canvas_npq.canvas.quizzes import (
    AsApplied,
    LiveQuiz,
    Unlisted,
    can_skip_listing,
    canvas_questions,
    owned_quiz_ids,
    quiz_resource,
    unlisted_quizzes,
    unlisted_resource,
)
from canvas_npq.canvas.scope import NEEDED_BY, kinds_of, listings_for
from canvas_npq.model import FIELDS, Address, Kind, Resource, Snapshot, normalize_value
from canvas_npq.model.fields import FieldType, fingerprint
from canvas_npq.model.files import urls_to_refs
from canvas_npq.model.markers import key_of_vendor_guid, owner_of, wrap_owned
from canvas_npq.model.objectlinks import urls_to_refs as object_urls_to_refs

GROUP_MARKER_KEY = "canvas_npq_id"
ITEM_TYPES = {"Page", "Assignment", "SubHeader", "ExternalUrl"}


@dataclass
class CourseState:
    """What the reader learned beyond the snapshot, for the writer's use."""

    course_id: int
    manifest_page_id: int | None = None
    # A split manifest's part pages, as its page names them, and part pages it does not
    # name (left by a write that stopped), which the next manifest write deletes.
    manifest_part_ids: list[int] = field(default_factory=list)
    stale_manifest_parts: list[int] = field(default_factory=list)
    page_slugs: dict[int, str] = field(default_factory=dict)
    root_outcome_group_id: int | None = None
    outcome_groups: dict[int, int] = field(default_factory=dict)  # outcome id -> its group id
    # Every module, module item and rubric id the course held when read, owned or not.
    known: set[tuple[Kind, int]] = field(default_factory=set)
    # rubric id -> its grading association's id, as a save this run answered it (the
    # reads do not show association ids; see _read_rubrics)
    rubric_associations: dict[int, int] = field(default_factory=dict)
    quizzes: dict[int, LiveQuiz] = field(default_factory=dict)  # owned quizzes, by id
    # Owned quiz id -> (its stamp, the fingerprint of its questions as read): the stamp
    # Canvas gave before the questions were listed (or the recorded one, matching, when
    # they were not). An apply records the stamp where the fingerprint is the one applied.
    quiz_stamps: dict[int, tuple[str, str]] = field(default_factory=dict)
    # Owned quiz id -> the fingerprint of each of its fields as read: an apply records
    # the quiz's whole stamp where they are all the ones applied.
    quiz_fields: dict[int, dict[str, str]] = field(default_factory=dict)
    # canvas-npq's lock pages as read (``page_id``, ``body``): see ``lock.clear_stale``.
    lock_pages: list[dict[str, Any]] = field(default_factory=list)
    sections: dict[str, int] = field(default_factory=dict)  # section name -> its id
    quiz_assignments: dict[int, int] = field(default_factory=dict)  # graded quiz -> its assignment
    override_assignments: dict[int, int] = field(default_factory=dict)  # override -> its
    # The listings the snapshot was built from, by name (see ``LISTINGS``), so that a
    # later read can take again those that cannot have changed (``read_course(reuse=)``).
    listings: dict[str, Any] = field(default_factory=dict, repr=False)


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


class _Listed(SimpleNamespace):
    """A listed Canvas object as plain attributes. canvasapi's own classes try to parse
    every attribute as a date, which on a large course costs more time than the requests;
    the reader needs the JSON only."""

    def __init__(self, requester: Any, attributes: Mapping[str, Any]) -> None:
        super().__init__(**attributes)


# A listing of more pages than this (100 objects each) is a next-page chain that does
# not end (a proxy or a Canvas bug), not a course: it is refused rather than followed.
MAX_PAGES = 200


class _CappedList(PaginatedList):
    """Canvas's pages of one listing, refusing to follow more than ``MAX_PAGES``."""

    pages = 0
    path = ""

    def _get_next_page(self) -> list[Any]:
        self.pages += 1
        if self.pages > MAX_PAGES:
            raise IncompleteRead(
                f"The listing GET {self.path} did not end after {MAX_PAGES} pages (Canvas "
                "kept sending a next-page link): it is not read further, and the plan is "
                "aborted rather than reading what is missing as absent. Nothing was changed."
            )
        return super()._get_next_page()


def listing(conn: Connection, path: str, **params: Any) -> Callable[[], list[Any]]:
    """A read of one whole collection, 100 per page, following Canvas's next links
    (at most ``MAX_PAGES`` of them)."""

    def fetch() -> list[Any]:
        params.setdefault("per_page", 100)
        pages = _CappedList(_Listed, conn.requester, "GET", path, _kwargs=combine_kwargs(**params))
        pages.path = path
        return list(pages)

    return fetch


def calendar_listing(conn: Connection, course_id: int | str) -> Callable[[], list[Any]]:
    # Without context_codes[] Canvas lists only the personal calendar, and without dates
    # only today's events: ask for the course's, all of them.
    return listing(conn, "calendar_events", context_codes=[f"course_{course_id}"], all_events=True)


def fetch_all(
    conn: Connection, reads: Mapping[str, Callable[[], Any]], concurrency: int = 1
) -> dict[str, Any]:
    """Run independent reads, up to ``concurrency`` at once; each is retried on its own
    (``Connection.read``). The first failure, in the order given, is raised."""
    if concurrency <= 1 or len(reads) <= 1:
        return {name: conn.read(fn) for name, fn in reads.items()}
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="canvas-read") as pool:
        futures = {name: pool.submit(conn.read, fn) for name, fn in reads.items()}
        wait(futures.values())
    return {name: future.result() for name, future in futures.items()}


# Canvas ids (current and former) of the course's managed files, while a course is
# read: links to them in HTML are read as references to the files' spec ids.
_FILE_KEYS: ContextVar[Mapping[int, str]] = ContextVar("file_keys", default=MappingProxyType({}))
# Owned quizzes by Canvas id, while a course is read: a Quiz module item names its quiz.
_QUIZ_KEYS: ContextVar[Mapping[int, Address]] = ContextVar(
    "quiz_keys", default=MappingProxyType({})
)


def _fields(kind: Kind, values: Mapping[str, Any]) -> dict[str, Any]:
    keys = _FILE_KEYS.get()
    return {
        name: normalize_value(
            ftype,
            urls_to_refs(values.get(name), keys) if ftype is FieldType.HTML else values.get(name),
        )
        for name, ftype in FIELDS[kind].items()
    }


def _with_object_refs(resource: Resource, targets: Mapping[str, str], course_id: int) -> Resource:
    """The resource with its HTML's links to managed objects as references to them."""
    changed = {
        name: swapped
        for name, ftype in FIELDS[resource.kind].items()
        if ftype is FieldType.HTML
        and isinstance(value := resource.fields.get(name), str)
        and (swapped := object_urls_to_refs(value, targets, course_id)) != value
    }
    return replace(resource, fields={**resource.fields, **changed}) if changed else resource


class _Owners:
    """Which spec id each Canvas object belongs to, from markers and the manifest.

    ``bind`` proposes owners for objects that have neither (``import`` and ``adopt``
    bind existing content this way before they record it in the manifest).
    """

    def __init__(self, manifest: Mapping[str, Any], bind: Mapping[str, int] | None = None) -> None:
        self.by_id: dict[tuple[Kind, int], str] = {}
        self.bound: dict[tuple[Kind, int], str] = {}
        for address_text, canvas_id in (bind or {}).items():
            address = Address.parse(address_text)
            self.bound[(address.kind, canvas_id)] = address.key
        for address_text, entry in manifest.items():
            try:
                address = Address.parse(address_text)
            except ValueError:
                continue
            entry_id = entry.get("id") if isinstance(entry, Mapping) else None
            if isinstance(entry_id, int):
                self.by_id[(address.kind, entry_id)] = address.key
        self.claimed: dict[Address, int] = {}
        self.warnings: list[str] = []
        # Modules and items an apply was about to create when it stopped (see
        # apply/executor.py): claimed below if Canvas has them, so none is made twice.
        self.pending: dict[Address, Mapping[str, Any]] = {}
        for address_text, entry in manifest.items():
            if isinstance(entry, Mapping) and isinstance(entry.get("pending"), Mapping):
                try:
                    self.pending[Address.parse(address_text)] = entry["pending"]
                except ValueError:
                    continue

    def _keys(self, kind: Kind) -> set[str]:
        return {key for (owned_kind, _), key in self.by_id.items() if owned_kind is kind}

    def adopt_pending(
        self,
        modules: list[Any],
        pages: Mapping[str, Address],
        assignments: Mapping[int, Address],
        discussions: Mapping[int, Address],
    ) -> None:
        """Claim modules and items an interrupted apply created but did not record."""
        for address, want in self.pending.items():
            if address.kind is Kind.MODULE and address.key not in self._keys(Kind.MODULE):
                exclude = set(want.get("exclude") or ())
                for module in sorted(modules, key=lambda m: m.id):
                    if (
                        module.name == want.get("name")
                        and module.id not in exclude
                        and (Kind.MODULE, module.id) not in self.by_id
                    ):
                        self.by_id[(Kind.MODULE, module.id)] = address.key
                        break
        module_ids = {key: cid for (kind, cid), key in self.by_id.items() if kind is Kind.MODULE}
        for address, want in self.pending.items():
            if address.kind is not Kind.MODULE_ITEM or address.key in self._keys(Kind.MODULE_ITEM):
                continue
            try:
                module_id = module_ids.get(Address.parse(str(want.get("module"))).key)
            except ValueError:
                continue
            module = next((m for m in modules if m.id == module_id), None)
            exclude = set(want.get("exclude") or ())
            items = (_get(module, "items") or []) if module is not None else []
            for item in sorted(items, key=lambda i: _get(i, "id")):
                item_id = _get(item, "id")
                if item_id in exclude or (Kind.MODULE_ITEM, item_id) in self.by_id:
                    continue
                if _matches_pending(item, want, pages, assignments, discussions):
                    self.by_id[(Kind.MODULE_ITEM, item_id)] = address.key
                    break

    def claim(self, kind: Kind, canvas_id: int, marker: str | None, title: str) -> Address | None:
        recorded = self.by_id.get((kind, canvas_id))
        key = recorded or marker or self.bound.get((kind, canvas_id))
        if key is None:
            return None
        address = Address(kind, key)
        previous = self.claimed.get(address)
        if previous is not None and previous != canvas_id:
            # Two objects claim one spec id: a copy of a managed page, say. The one the
            # manifest names wins; otherwise the older one. The other is left alone.
            keep = canvas_id if recorded else min(previous, canvas_id)
            other = previous if keep == canvas_id else canvas_id
            self.warnings.append(
                f"{kind.label} {title!r} (id {other}) carries the marker of {address} "
                f"but {address} is id {keep}; canvas-npq leaves id {other} alone."
            )
            self.claimed[address] = keep
            return address if keep == canvas_id else None
        self.claimed[address] = canvas_id
        return address


def real_course_name(course: Any) -> str:
    """The course's own name. For a user who gave the course a nickname, Canvas answers
    with the nickname as ``name`` and the real one as ``original_name``
    (``apply_nickname``, lib/api/v1/course.rb)."""
    return str(_get(course, "original_name") or _get(course, "name") or "")


def _owned_html(key: str, body: str | None) -> str:
    """An owned body as apply would write it: an unmarked one (adopted, or its marker
    deleted in Canvas) is read as if it carried its marker, which is not content."""
    return body if body is not None and owner_of(body) is not None else wrap_owned(key, body or "")


# The listings a course is read from, and which of them a write to each kind can change:
# its own, and those Canvas changes along with it (a page retitled renames its module
# items; publishing a module publishes its content; a file's new id is linked from
# bodies). The manifest and the lock live in pages, so every write changes "pages".
# An assignment carries the rubric that grades it, which is read from there when the
# rubric list is not (rubrics_listed): a write to a rubric, or to an outcome Canvas
# copies into the rubrics aligned to it, changes "assignments" too.
LISTINGS = (
    "course",
    "pages",
    "groups",
    "assignments",
    "modules",
    "discussions",
    "outcome_groups",
    "outcome_links",
    "rubrics",
    "files",
    "folders",
    "events",
    "settings",  # only when the spec manages course settings (canvas.navigation)
    "tabs",  # only when the manifest manages tabs and the caller did not say so
    "announcements",
    "sections",
    "quizzes",
    # Every quiz's updatedAt (canvas.graphql), read with "quizzes" when the caller says
    # which questions it wants; kept and re-read with it, never alone.
    "quiz_stamps",
    "quiz_questions",  # of the owned quizzes, by quiz id (read once "quizzes" is)
)
# The groups and the assignments are one request: Canvas lists each group with its
# assignments inline (``include[]=assignments``); "assignments" is taken from it. One is
# never read without the other, nor kept from an earlier read without the other.
GROUPED = frozenset({"groups", "assignments"})
_CONTENT = frozenset({"pages", "assignments", "discussions", "files", "modules"})
CHANGED_BY: Mapping[Kind, frozenset[str]] = {
    Kind.COURSE: frozenset({"course"}),
    Kind.PAGE: frozenset({"modules"}),
    Kind.ASSIGNMENT: frozenset({"assignments", "modules", "rubrics", "groups"}),
    Kind.DISCUSSION: frozenset({"discussions", "assignments", "modules", "groups"}),
    Kind.ASSIGNMENT_GROUP: frozenset({"groups", "assignments", "discussions"}),
    Kind.MODULE: _CONTENT,
    Kind.MODULE_ITEM: _CONTENT,
    Kind.OUTCOME_GROUP: frozenset({"outcome_groups", "outcome_links", "rubrics", "assignments"}),
    Kind.OUTCOME: frozenset({"outcome_groups", "outcome_links", "rubrics", "assignments"}),
    Kind.RUBRIC: frozenset({"rubrics", "assignments", "discussions"}),
    Kind.FILE: frozenset(LISTINGS),  # bodies everywhere link files by id
    Kind.CALENDAR_EVENT: frozenset({"events"}),
    Kind.TAB: frozenset({"course", "tabs"}),  # read with the course (include[]=tabs)
    Kind.COURSE_SETTINGS: frozenset({"settings", "course"}),  # hide_final_grades is on both
    Kind.ANNOUNCEMENT: frozenset({"announcements"}),
    Kind.ASSIGNMENT_OVERRIDE: frozenset({"assignments"}),
    # A graded quiz keeps its assignment in step; its module items mirror it.
    Kind.QUIZ: frozenset(
        {"quizzes", "quiz_stamps", "quiz_questions", "assignments", "modules", "groups"}
    ),
}
# An update of a page or an assignment that leaves these fields alone changes its own
# listing only: Canvas mirrors a content's title and published state on its module
# items, and nothing else of it anywhere.
_OWN_LISTING = {Kind.PAGE: "pages", Kind.ASSIGNMENT: "assignments"}
_MIRRORED = frozenset({"title", "name", "published"})


def listings_changed_by(writes: Iterable[tuple[Kind, frozenset[str] | None]]) -> frozenset[str]:
    """The listings that ``writes`` (and the manifest) can change. Each write is its
    kind and the fields an update sends (None for a create, move or delete); an unknown
    kind counts as changing everything."""
    names = {"pages"}
    for kind, fields in writes:
        if fields is not None and kind in _OWN_LISTING and not fields & _MIRRORED:
            names.add(_OWN_LISTING[kind])
            continue
        names |= CHANGED_BY.get(kind, frozenset(LISTINGS))
    if names & GROUPED:  # one request reads both
        names |= GROUPED
    return frozenset(names)


# What the groups listing asks Canvas to add: each group's assignments, with their
# section overrides, a graded discussion's topic (which the assignments listing adds
# unasked) and the assignment's own dates (a teacher is otherwise answered with the
# dates of the sections' overrides folded in).
GROUP_LISTING_PARAMS: Mapping[str, Any] = MappingProxyType(
    {
        "include": ["assignments", "discussion_topic", "overrides"],
        "override_assignment_dates": "false",
    }
)


def assignments_of(groups: Iterable[Any]) -> list[Any]:
    """The assignments listed inside the groups, as Canvas's own assignments listing
    orders them (``assignments_api_controller.rb``: group position, then assignment
    position, then id); Canvas nests them in another order (``Course#active_assignments``:
    title, then position).

    ``AssignmentGroupsController#index`` nests every active assignment of the groups on
    the page, published or not, quiz, graded discussion and external tool alike, and does
    not page them; the groups are paged.
    """
    rows = [
        (_get(group, "position") or 0, _Listed(None, assignment))
        for group in groups
        for assignment in _get(group, "assignments") or ()
    ]
    rows.sort(key=lambda row: (row[0], _get(row[1], "position") or 0, _get(row[1], "id") or 0))
    return [assignment for _, assignment in rows]


def read_course(
    conn: Connection,
    course_id: int | str,
    bind: Mapping[str, int] | None = None,
    concurrency: int = 1,
    reuse: Mapping[str, Any] | None = None,
    extras: frozenset[str] = frozenset(),
    kinds: frozenset[Kind] | None = None,
    questions: Mapping[str, Any] | None = None,
    quizzes: Mapping[str, Mapping[str, Any]] | None = None,
) -> tuple[Snapshot, CourseState]:
    """Read everything canvas-npq manages in a course.

    ``bind`` maps addresses to Canvas ids for objects to read as owned although
    neither a marker nor the manifest names them (see ``canvas_npq.adopt``). What is
    not owned is listed in ``meta["unowned"]`` (kind, id, title and what import and
    adopt need to decide whether and how it could be managed).

    The calls are independent of one another: up to ``concurrency`` run at once, so at
    Canvas's latency reading a course takes about as long as its slowest list.
    ``extras`` (``canvas.navigation.extras_for``) adds the navigation tabs and course
    settings, read only when the spec manages them.

    ``kinds`` (None: all) are the kinds of object the caller manages: only the listings
    that can hold them are read, with those the course's manifest records
    (``canvas.scope``). What is not read holds nothing canvas-npq owns, so its
    ``unowned`` entries are missing: import and adopt pass None.

    ``reuse`` holds listings from an earlier read of the same course (its
    ``CourseState.listings``) known not to have changed since: they are not fetched
    again. Only a caller that knows what changed may pass it (apply, for the listings
    its own plan does not write).

    ``questions`` (by quiz address, the questions the caller wants each quiz to have)
    lets a quiz's questions go unlisted: Canvas's GraphQL gives every quiz's stamp in
    one request (``canvas.graphql``), and a quiz whose stamp is the one the manifest
    recorded, and whose wanted questions are the ones it records as applied, has those
    questions (:class:`~canvas_npq.canvas.quizzes.AsApplied`). Without it (import,
    adopt), or with a doubtful answer, every owned quiz's questions are listed; with
    it empty (every quiz is one the caller's plan writes), GraphQL is not asked.

    ``quizzes`` (by quiz address, the fields the caller wants each quiz to have; given
    with ``questions``) lets the quizzes listing go unread: when GraphQL's answer shows
    every quiz as last applied and verified (:func:`~canvas_npq.canvas.quizzes.unlisted_quizzes`),
    each is read as wanted (:class:`~canvas_npq.canvas.quizzes.Unlisted`). The listing
    is then read after GraphQL and the manifest, with the late reads, when it is needed.

    :calls: ``GET /api/v1/courses/:id``, ``GET /api/v1/courses/:id/pages?include[]=body``,
        ``GET /api/v1/courses/:id/assignment_groups?include[]=assignments`` (with
        ``include[]=overrides``, ``include[]=discussion_topic`` and
        ``override_assignment_dates=false``: the groups and their assignments in one listing),
        ``GET /api/v1/courses/:id/modules?include[]=items`` (and ``.../modules/:id/items``
        for a module with over 100 items), ``GET /api/v1/courses/:id/discussion_topics``,
        ``GET .../outcome_groups``, ``GET .../outcome_group_links?outcome_style=full``,
        ``GET .../rubrics`` (with ``kinds``, only when the assignments cannot show every
        owned rubric: :func:`rubrics_listed`; otherwise the rubrics are read from the
        assignments, which carry them), ``GET .../files``, ``GET .../folders``,
        ``GET /api/v1/calendar_events?context_codes[]=course_:id&all_events=true``,
        ``GET .../discussion_topics?only_announcements=true``, ``GET .../sections`` (with
        the extra ``sections``: a spec that dates sections)
        ``GET .../quizzes`` and
        ``GET .../quizzes/:id/questions`` for each owned quiz (with ``questions``,
        ``POST /api/graphql`` first, and only for those whose stamp moved; with
        ``quizzes`` too, the quizzes only when some quiz may differ); with extras
        ``include[]=tabs`` on the course and ``GET .../settings``.
    """
    base = f"courses/{course_id}"
    reads: dict[str, Callable[[], Any]] = {
        "course": lambda: conn.canvas.get_course(course_id, include=course_includes(extras)),
        "pages": listing(conn, f"{base}/pages", include=["body"]),
        "groups": listing(conn, f"{base}/assignment_groups", **GROUP_LISTING_PARAMS),
        "modules": listing(conn, f"{base}/modules", include=["items"]),
        "discussions": listing(conn, f"{base}/discussion_topics"),
        "announcements": listing(
            conn, f"{base}/discussion_topics", **announcement_api.LISTING_PARAMS
        ),
        "outcome_groups": listing(conn, f"{base}/outcome_groups"),
        "outcome_links": listing(conn, f"{base}/outcome_group_links", outcome_style="full"),
        # Canvas's rubric list never carries associations: which assignment a rubric
        # grades is read from the assignments' ``rubric_settings`` (see _read_rubrics).
        # A read that says its kinds lists it only when the assignments cannot show every
        # owned rubric (rubrics_listed), once the manifest and the groups are read.
        "rubrics": listing(conn, f"{base}/rubrics"),
        "files": listing(conn, f"{base}/files"),
        "folders": listing(conn, f"{base}/folders"),
        **({"sections": sections_read(conn, course_id)} if SECTIONS in extras else {}),
        **({"events": calendar_listing(conn, course_id)} if str(course_id).isdigit() else {}),
        **({"settings": settings_read(conn, course_id)} if SETTINGS in extras else {}),
        "quizzes": listing(conn, f"{base}/quizzes"),
        **({"quiz_stamps": lambda: quiz_stamps(conn, course_id)} if questions else {}),
    }
    wanted = listings_for(kinds)
    skipped = set() if wanted is None else {n for n in NEEDED_BY if n not in wanted}
    kept = {name: value for name, value in (reuse or {}).items() if name in LISTINGS}
    if not kept.keys() >= GROUPED:
        for name in GROUPED:
            kept.pop(name, None)
    if "quizzes" not in kept:  # the questions of the quizzes as they are now
        kept.pop("quiz_questions", None)
        kept.pop("quiz_stamps", None)
    elif "quiz_stamps" not in kept:  # a stamp is only good read before the listing
        reads.pop("quiz_stamps", None)
    # A read that does not say its kinds (import) reports every rubric, owned or not,
    # one that grades nothing too: only the listing has them all. Otherwise the listing
    # waits for the manifest and the groups (rubrics_listed).
    deferred = {"rubrics"} if kinds is not None else set()
    # The quizzes listing waits for GraphQL and the manifest when it may go unread.
    if (
        quizzes is not None
        and bind is None
        and "quiz_stamps" in reads
        and not {"quizzes", "quiz_stamps"} & (kept.keys() | skipped)
    ):
        deferred.add("quizzes")
    fetched = {
        **kept,
        **fetch_all(
            conn,
            {
                n: r
                for n, r in reads.items()
                if n not in kept and n not in skipped and n not in deferred
            },
            concurrency,
        ),
    }
    course = fetched["course"]
    state = CourseState(course_id=course.id)
    pages = fetched["pages"]

    manifest: dict[str, Any] = {}
    owner: str | None = None
    content_pages = []
    parts: dict[int, Any] = {}
    for page in pages:
        if is_manifest(_get(page, "body")) and state.manifest_page_id is None:
            state.manifest_page_id = page.page_id
            manifest = decode_manifest(page.body)
            owner = decode_owner(page.body)
            state.manifest_part_ids = manifest_parts(page.body)
        elif is_manifest_part(_get(page, "body")):
            parts[page.page_id] = page
        else:
            content_pages.append(page)
    for part_id in state.manifest_part_ids:
        if part_id in parts:
            manifest.update(decode_manifest(parts[part_id].body))
    state.stale_manifest_parts = sorted(set(parts) - set(state.manifest_part_ids))
    needed, late = late_reads(conn, course.id, extras, manifest, fetched)
    if kinds is not None:  # what the manifest records is read, though the spec dropped it
        recorded = listings_for(kinds_of(manifest)) or frozenset()
        for name in sorted(skipped & recorded - fetched.keys() - {"assignments"}):
            if name == "quiz_stamps" and name not in reads:
                continue  # asked for only with the questions wanted
            if name in deferred:
                continue  # decided below
            late[name] = reads.get(name) or calendar_listing(conn, course.id)  # events by id
        skipped -= recorded
    if "groups" in fetched and "assignments" not in fetched:  # read inside the groups
        fetched["assignments"] = assignments_of(fetched["groups"])
    if "rubrics" in deferred - skipped - fetched.keys() and rubrics_listed(
        manifest, fetched.get("assignments"), bind
    ):
        late["rubrics"] = reads["rubrics"]
    if "quizzes" in deferred:
        folded = _unlisted(fetched, manifest, quizzes)
        if folded is None:
            late["quizzes"] = reads["quizzes"]
        else:
            fetched["quizzes"] = folded
            fetched["quiz_questions"] = {q.id: AsApplied(q.fields["questions"]) for q in folded}
    if late:
        fetched.update(fetch_all(conn, late, concurrency))
    if "groups" in fetched and "assignments" not in fetched:  # the groups read late
        fetched["assignments"] = assignments_of(fetched["groups"])
    extras = extras | needed
    for name in skipped:  # holds nothing canvas-npq owns: read as empty
        fetched.setdefault(name, [])
    if "quiz_questions" not in fetched:
        owned = _quizzes_to_read(fetched, bind)
        unlisted = _as_applied(owned, fetched, manifest, questions if bind is None else None)
        lists = {
            str(quiz_id): listing(conn, f"{base}/quizzes/{quiz_id}/questions")
            for quiz_id in owned
            if quiz_id not in unlisted
        }
        fetched["quiz_questions"] = {
            **unlisted,
            **{int(k): v for k, v in fetch_all(conn, lists, concurrency).items()},
        }
    groups = fetched["groups"]
    assignments = fetched["assignments"]
    modules = fetched["modules"]
    discussions = fetched["discussions"]
    events = fetched.get("events")
    if events is None:  # a course named by SIS id: its calendar needs the numeric id
        events = fetched["events"] = conn.read(calendar_listing(conn, course.id))
    # A listing not read is not kept for reuse: a later read with other kinds reads it.
    state.listings = {n: v for n, v in fetched.items() if n not in skipped}
    owners = _Owners(manifest, bind)
    for part_id in state.manifest_part_ids:
        if part_id not in parts:
            owners.warnings.append(
                f"A part of canvas-npq's manifest (page id {part_id}) was deleted in Canvas: "
                "what it recorded is found by markers where objects carry one."
            )
    resources: list[Resource] = []
    order: dict[str, list[str]] = {}
    unowned: list[dict[str, Any]] = []
    files, file_keys = _read_files(fetched["files"], fetched["folders"], owners, manifest, unowned)
    resources.extend(files)
    keys_token = _FILE_KEYS.set(file_keys)

    course_values = {n: _get(course, n) for n in FIELDS[Kind.COURSE]}
    course_values["name"] = real_course_name(course)
    resources.append(
        Resource(
            Address(Kind.COURSE, "course"),
            _fields(Kind.COURSE, course_values),
            canvas_id=course.id,
        )
    )
    if NAVIGATION in extras:
        tabs = _get(course, "tabs") or fetched.get("tabs") or ()
        resources.extend(tab_resources(tabs, course.id))
    if SETTINGS in extras:
        resources.append(settings_resource(fetched["settings"], course.id))

    group_address: dict[int, Address] = {}
    group_members: dict[int, list[str]] = {}
    # Canvas lists groups by position, then name; equal positions keep its order.
    for group in sorted(groups, key=lambda g: _get(g, "position") or 0):
        marker = (_get(group, "integration_data") or {}).get(GROUP_MARKER_KEY)
        address = owners.claim(Kind.ASSIGNMENT_GROUP, group.id, marker, group.name)
        if address:
            group_address[group.id] = address
        else:
            unowned.append({"kind": "assignment_group", "id": group.id, "title": group.name})
        order.setdefault("course:assignment_groups", []).append(
            str(address) if address else f"foreign:{group.id}"
        )

    page_by_slug: dict[str, Address] = {}
    for page in content_pages:
        state.page_slugs[page.page_id] = page.url
        address = owners.claim(Kind.PAGE, page.page_id, owner_of(_get(page, "body")), page.title)
        if address is None:
            if LOCK_ATTRIBUTE in (_get(page, "body") or ""):
                # canvas-npq's own lock page: neither content nor importable
                state.lock_pages.append({"page_id": page.page_id, "body": _get(page, "body")})
                continue
            entry = {"kind": "page", "id": page.page_id, "title": page.title, "url": page.url}
            unowned.append(entry)
            continue
        page_by_slug[page.url] = address
        values = {n: _get(page, n) for n in FIELDS[Kind.PAGE]}
        values["body"] = _owned_html(address.key, values["body"])
        resources.append(
            Resource(
                address,
                _fields(Kind.PAGE, values),
                canvas_id=page.page_id,
                facts={"url": page.url},
            )
        )

    quiz_address: dict[int, Address] = {}
    for quiz in fetched["quizzes"]:
        marker = None if isinstance(quiz, Unlisted) else owner_of(_get(quiz, "description"))
        address = owners.claim(Kind.QUIZ, quiz.id, marker, str(quiz.title or ""))
        if address is None:
            continue  # listed for import and adopt by read_unsupported
        quiz_address[quiz.id] = address
        if _get(quiz, "assignment_id") is not None:  # a graded quiz's dates per section
            state.quiz_assignments[quiz.id] = int(_get(quiz, "assignment_id"))
        if isinstance(quiz, Unlisted):
            resource, live_quiz = unlisted_resource(quiz, address)
        else:
            group = group_address.get(_get(quiz, "assignment_group_id"))
            rows = fetched["quiz_questions"].get(quiz.id)
            applied = rows if isinstance(rows, AsApplied) else None
            resource, live_quiz = quiz_resource(
                quiz,
                address,
                canvas_questions([] if applied else rows or []),
                group,
                _fields,
                _owned_html,
                applied,
            )
        resources.append(resource)
        state.quizzes[quiz.id] = live_quiz
        stamp = (fetched.get("quiz_stamps") or {}).get(quiz.id)
        if stamp is not None:
            state.quiz_stamps[quiz.id] = (stamp, fingerprint(resource.fields["questions"]))
    quiz_token = _QUIZ_KEYS.set(quiz_address)

    assignment_address: dict[int, Address] = {}
    for assignment in assignments:
        group_id = _get(assignment, "assignment_group_id")
        quiz_id = _get(assignment, "quiz_id")
        if quiz_id in quiz_address:  # an owned quiz's own assignment: the quiz's part
            group_members.setdefault(group_id, []).append(str(quiz_address[quiz_id]))
            continue
        if quiz_id is not None and owner_of(_get(assignment, "description")):
            continue  # the assignment of a copy of an owned quiz: carries its marker too
        address = owners.claim(
            Kind.ASSIGNMENT,
            assignment.id,
            owner_of(_get(assignment, "description")),
            assignment.name,
        )
        group_members.setdefault(group_id, []).append(
            str(address) if address else f"foreign:{assignment.id}"
        )
        if address is None:
            unowned.append(_assignment_entry(assignment))
            continue
        assignment_address[assignment.id] = address
        values = {n: _get(assignment, n) for n in FIELDS[Kind.ASSIGNMENT]}
        values["description"] = _owned_html(address.key, values["description"])
        group = group_address.get(group_id)
        values["assignment_group"] = str(group) if group else f"foreign:{group_id}"
        resources.append(
            Resource(
                address,
                _fields(Kind.ASSIGNMENT, values),
                canvas_id=assignment.id,
                facts={
                    "has_submitted_submissions": bool(_get(assignment, "has_submitted_submissions"))
                },
            )
        )

    for group_id, address in group_address.items():
        group = next(g for g in groups if g.id == group_id)
        resources.append(
            Resource(
                address,
                _fields(Kind.ASSIGNMENT_GROUP, {"name": group.name}),
                canvas_id=group_id,
                facts={"assignments": tuple(group_members.get(group_id, ()))},
            )
        )

    discussion_address: dict[int, Address] = {}
    for topic in discussions:
        address = owners.claim(
            Kind.DISCUSSION, topic.id, owner_of(_get(topic, "message")), topic.title
        )
        if address is None:
            unowned.append(
                {
                    "kind": "discussion",
                    "id": topic.id,
                    "title": topic.title,
                    "graded": _get(topic, "assignment_id") is not None,
                    "discussion_type": _get(topic, "discussion_type"),
                }
            )
            continue
        discussion_address[topic.id] = address
        replies = _get(topic, "discussion_subentry_count") or 0
        values = {n: _get(topic, n) for n in FIELDS[Kind.DISCUSSION]}
        values["message"] = _owned_html(address.key, values["message"])
        resources.append(
            Resource(
                address,
                _fields(Kind.DISCUSSION, values),
                canvas_id=topic.id,
                facts={
                    # Canvas stops a topic with a student's reply from being unpublished,
                    # which tells participants' replies from a facilitator's.
                    "has_participant_replies": replies > 0
                    and _get(topic, "can_unpublish") is not True
                },
            )
        )

    owners.adopt_pending(modules, page_by_slug, assignment_address, discussion_address)

    for event in events:
        if _get(event, "context_code") != f"course_{course.id}":
            continue
        address = owners.claim(
            Kind.CALENDAR_EVENT, event.id, owner_of(_get(event, "description")), event.title
        )
        if address is None:
            unowned.append(
                {
                    "kind": "calendar_event",
                    "id": event.id,
                    "title": event.title,
                    "start_at": _get(event, "start_at"),
                    "end_at": _get(event, "end_at"),
                    # import writes them to cohorts.yaml; adopt matches the event whatever
                    "section_times": section_api.child_event_times(event),
                }
            )
            continue
        values = {n: _get(event, n) for n in FIELDS[Kind.CALENDAR_EVENT]}
        values["description"] = _owned_html(address.key, values["description"])
        values["section_times"] = section_api.child_event_times(event)
        resources.append(
            Resource(
                address,
                _fields(Kind.CALENDAR_EVENT, values),
                canvas_id=event.id,
            )
        )

    sections = fetched.get("sections") or ()  # read only when the spec dates sections
    state.sections = {s.name: s.id for s in sections}
    resources.extend(
        section_api.read_overrides(
            assignments,
            {  # a graded quiz's overrides are its assignment's
                **{a: quiz_address[q] for q, a in state.quiz_assignments.items()},
                **assignment_address,
            },
            list(sections),
            owners.claim,
            unowned,
            state.override_assignments,
        )
    )

    for topic in fetched["announcements"]:
        address = owners.claim(
            Kind.ANNOUNCEMENT, topic.id, owner_of(_get(topic, "message")), topic.title
        )
        if address is None:  # a facilitator's own: never touched
            unowned.append(announcement_api.unowned_entry(topic))
            continue
        values = {n: _get(topic, n) for n in FIELDS[Kind.ANNOUNCEMENT]}
        values["message"] = _owned_html(address.key, values["message"])
        resources.append(
            Resource(
                address,
                _fields(Kind.ANNOUNCEMENT, values),
                canvas_id=topic.id,
                facts=announcement_api.facts(topic),
            )
        )

    modules = sorted(modules, key=lambda m: (_get(m, "position") or 0, m.id))
    module_address = {
        module.id: address
        for module in modules
        if (address := owners.claim(Kind.MODULE, module.id, None, module.name))
    }
    for module in modules:
        state.known.add((Kind.MODULE, module.id))
        address = module_address.get(module.id)
        order.setdefault("course:modules", []).append(
            str(address) if address else f"foreign:{module.id}"
        )
        if address is None:
            unowned.append({"kind": "module", "id": module.id, "title": module.name})
            for item in _items(conn, module, base):
                unowned.append(_item_entry(item, module.id, None))
            continue
        values = {n: _get(module, n) for n in FIELDS[Kind.MODULE]}
        values["prerequisites"] = [
            str(module_address[p]) if p in module_address else f"foreign:{p}"
            for p in _get(module, "prerequisite_module_ids") or ()
        ]
        resources.append(
            Resource(
                address,
                _fields(Kind.MODULE, values),
                block=address.key,
                canvas_id=module.id,
            )
        )
        entries = order.setdefault(str(address), [])
        for item in _items(conn, module, base):
            state.known.add((Kind.MODULE_ITEM, _get(item, "id")))
            item_address = owners.claim(
                Kind.MODULE_ITEM, _get(item, "id"), None, _get(item, "title") or ""
            )
            entries.append(str(item_address) if item_address else f"foreign:{_get(item, 'id')}")
            if item_address is None:
                unowned.append(_item_entry(item, module.id, address))
                continue
            resources.append(
                _module_item(
                    item,
                    item_address,
                    address,
                    page_by_slug,
                    assignment_address,
                    discussion_address,
                )
            )

    resources.extend(
        _read_outcomes(fetched["outcome_groups"], fetched["outcome_links"], owners, state, unowned)
    )
    outcome_address = {r.canvas_id: r.address for r in resources if r.kind is Kind.OUTCOME}
    resources.extend(
        _read_rubrics(
            fetched.get("rubrics"),
            assignments,
            owners,
            state,
            assignment_address,
            outcome_address,
            unowned,
        )
    )

    _FILE_KEYS.reset(keys_token)
    _QUIZ_KEYS.reset(quiz_token)
    targets = {f"pages/{slug}": str(address) for slug, address in page_by_slug.items()}
    targets.update({f"assignments/{i}": str(a) for i, a in assignment_address.items()})
    targets.update({f"discussion_topics/{i}": str(a) for i, a in discussion_address.items()})
    snapshot = Snapshot.of(
        [_with_object_refs(resource, targets, course.id) for resource in resources],
        order=order,
        meta={
            "course_id": course.id,
            "course_name": real_course_name(course),
            "manifest": manifest,
            "manifest_owner": owner,
            "manifest_page_id": state.manifest_page_id,
            "warnings": tuple(owners.warnings),
            "unowned": tuple(unowned),
            "sections": tuple(sorted(state.sections)),
        },
    )
    for quiz_resource_ in snapshot.of_kind(Kind.QUIZ):
        if quiz_resource_.canvas_id is not None:
            state.quiz_fields[quiz_resource_.canvas_id] = {
                name: fingerprint(value) for name, value in quiz_resource_.fields.items()
            }
    return snapshot, state


def _unlisted(
    fetched: Mapping[str, Any],
    manifest: Mapping[str, Any],
    wanted: Mapping[str, Mapping[str, Any]] | None,
) -> list[Unlisted] | None:
    """The course's quizzes, not listed, when Canvas shows each one as last applied and
    verified (:func:`~canvas_npq.canvas.quizzes.unlisted_quizzes`); None: list them."""
    groups, assignments = fetched.get("groups"), fetched.get("assignments")
    if groups is None or assignments is None or wanted is None:
        return None
    found = unlisted_quizzes(
        manifest,
        fetched.get("quiz_stamps"),
        wanted,
        assignments,
        {_get(g, "id") for g in groups},
        fingerprint,
    )
    if found is None:
        return None
    own = {_get(a, "quiz_id"): _get(a, "id") for a in assignments if _get(a, "quiz_id")}
    return [
        Unlisted(quiz_id, address, wanted[address], own.get(quiz_id))
        for quiz_id, address in sorted(found.items())
    ]


def _as_applied(
    owned: list[int],
    fetched: Mapping[str, Any],
    manifest: Mapping[str, Any],
    wanted: Mapping[str, Any] | None,
) -> dict[int, AsApplied]:
    """The owned quizzes whose questions need no listing (see ``read_course``'s
    ``questions``), with the questions Canvas therefore holds."""
    stamps = fetched.get("quiz_stamps")
    if wanted is None or not isinstance(stamps, Mapping):
        return {}
    addresses: dict[int, str] = {}
    for text, entry in manifest.items():
        is_quiz = text.startswith(f"{Kind.QUIZ.value}.")
        if is_quiz and isinstance(entry, Mapping) and isinstance(entry.get("id"), int):
            addresses.setdefault(entry["id"], text)
    found: dict[int, AsApplied] = {}
    for quiz in fetched["quizzes"]:
        address = addresses.get(quiz.id)
        if quiz.id not in owned or address is None or address not in wanted:
            continue
        marker = owner_of(_get(quiz, "description"))
        if marker is not None and str(Address(Kind.QUIZ, marker)) != address:
            continue  # a copy carrying another quiz's marker: read as it is
        value, stamp = wanted[address], stamps.get(quiz.id)
        if can_skip_listing(manifest.get(address), quiz.id, stamp, value, fingerprint):
            found[quiz.id] = AsApplied(value)
    return found


def _quizzes_to_read(fetched: Mapping[str, Any], bind: Mapping[str, int] | None) -> list[int]:
    """The quizzes whose questions are read: those canvas-npq owns, by their marker, the
    manifest (an adopted quiz keeps its own description) or a binding."""
    wanted = set(owned_quiz_ids(fetched["quizzes"], owner_of))
    pages = fetched["pages"]
    body = next((p.body for p in pages if is_manifest(_get(p, "body"))), None)
    recorded = {**(decode_manifest(body) if body else {})}
    for address_text, entry in recorded.items():
        if address_text.startswith("quiz.") and isinstance(entry, Mapping):
            wanted.add(entry.get("id"))  # type: ignore[arg-type]
    wanted.update(cid for a, cid in (bind or {}).items() if a.startswith("quiz."))
    return [q.id for q in fetched["quizzes"] if q.id in wanted]


def _items(conn: Connection, module: Any, base: str) -> list[Any]:
    items = _get(module, "items")
    if items is None:  # Canvas leaves items out of a module with over 100 of them
        items = conn.read(listing(conn, f"{base}/modules/{module.id}/items"))
    return sorted(items, key=lambda i: (_get(i, "position") or 0, _get(i, "id")))


def _assignment_entry(assignment: Any) -> dict[str, Any]:
    """What import and adopt need to know of an assignment canvas-npq does not own."""
    tool = _get(assignment, "external_tool_tag_attributes") or {}
    return {
        "kind": "assignment",
        "id": assignment.id,
        "title": assignment.name,
        "group_id": _get(assignment, "assignment_group_id"),
        "grading_type": _get(assignment, "grading_type"),
        "submission_types": tuple(_get(assignment, "submission_types") or ()),
        "is_quiz_lti_assignment": bool(_get(assignment, "is_quiz_lti_assignment")),
        "quiz_id": _get(assignment, "quiz_id"),
        "discussion_topic": bool(_get(assignment, "discussion_topic")),
        "external_tool_url": _get(tool, "url"),
    }


def _item_entry(item: Any, module_id: int, module: Address | None) -> dict[str, Any]:
    return {
        "kind": "module_item",
        "id": _get(item, "id"),
        "title": _get(item, "title") or "",
        "module_id": module_id,
        "module": str(module) if module else None,
        "type": _get(item, "type"),
        "page_url": _get(item, "page_url"),
        "content_id": _get(item, "content_id"),
        "external_url": _get(item, "external_url"),
        "completion": (_get(item, "completion_requirement") or {}).get("type"),
    }


def read_unsupported(conn: Connection, course_id: int | str) -> list[dict[str, Any]]:
    """Classic quizzes of a course that canvas-npq does not own, for import and adopt,
    with what they need to decide whether the spec can hold one: its type, its group
    and the types of its questions (one more request per quiz, import and adopt only).

    New Quizzes are assignments (``is_quiz_lti_assignment``) and arrive through
    ``read_course``'s ``meta["unowned"]``. A Canvas without the quizzes API gives none.

    :calls: ``GET /api/v1/courses/:id/quizzes``, ``GET .../quizzes/:id/questions``
    """
    listing_ = PaginatedList(
        Quiz, conn.requester, "GET", f"courses/{course_id}/quizzes", {"per_page": 100}
    )
    try:
        quizzes = conn.read(lambda: list(listing_))
    except CanvasError:
        return []
    found = []
    for quiz in quizzes:
        if owner_of(_get(quiz, "description")) is not None:
            continue  # canvas-npq's own are managed
        path = f"courses/{course_id}/quizzes/{quiz.id}/questions"
        questions = conn.read(listing(conn, path))
        found.append(
            {
                "kind": "quiz",
                "id": quiz.id,
                "title": _get(quiz, "title") or "",
                "quiz_type": _get(quiz, "quiz_type"),
                "group_id": _get(quiz, "assignment_group_id"),
                "question_types": [_get(q, "question_type") for q in questions],
                "in_groups": any(_get(q, "quiz_group_id") for q in questions),
            }
        )
    return found


def _module_item(
    item: Any,
    address: Address,
    module: Address,
    pages: Mapping[str, Address],
    assignments: Mapping[int, Address],
    discussions: Mapping[int, Address] | None = None,
) -> Resource:
    item_type = _get(item, "type")
    content: str | None = None
    if item_type == "Page":
        target = pages.get(_get(item, "page_url") or "")
        content = str(target) if target else f"foreign:page:{_get(item, 'page_url')}"
    elif item_type == "Discussion":
        target = (discussions or {}).get(_get(item, "content_id"))
        content = str(target) if target else f"foreign:{_get(item, 'content_id')}"
    elif item_type == "File" and _get(item, "content_id") in _FILE_KEYS.get():
        content = str(Address(Kind.FILE, _FILE_KEYS.get()[_get(item, "content_id")]))
    elif item_type == "Quiz":  # content_id is the quiz's id, not its assignment's
        target = _QUIZ_KEYS.get().get(_get(item, "content_id"))
        content = str(target) if target else f"foreign:{_get(item, 'content_id')}"
    elif item_type in ("Assignment", "File"):
        target = assignments.get(_get(item, "content_id"))
        content = str(target) if target else f"foreign:{_get(item, 'content_id')}"
    mirrors_content = item_type in ("Page", "Assignment", "Discussion", "File", "Quiz")
    values = {
        "module": str(module),
        "type": item_type,
        "content": content,
        "title": None if mirrors_content else _get(item, "title"),
        "indent": _get(item, "indent") or 0,
        "external_url": _get(item, "external_url") if item_type == "ExternalUrl" else None,
        "new_tab": bool(_get(item, "new_tab")) if item_type == "ExternalUrl" else False,
        "published": _get(item, "published"),
        "completion": (_get(item, "completion_requirement") or {}).get("type"),
        "min_score": (_get(item, "completion_requirement") or {}).get("min_score"),
    }
    return Resource(
        address, _fields(Kind.MODULE_ITEM, values), block=module.key, canvas_id=_get(item, "id")
    )


def _read_outcomes(
    groups: list[Any],
    links: list[Any],
    owners: _Owners,
    state: CourseState,
    unowned: list[dict[str, Any]] | None = None,
) -> list[Resource]:
    """Owned outcome groups and outcomes, known by ``vendor_guid`` or the manifest, from
    the listings ``GET .../outcome_groups`` and ``GET .../outcome_group_links``."""
    found: list[Resource] = []
    group_address: dict[int, Address] = {}
    for group in groups:
        if not _get(group, "parent_outcome_group"):
            state.root_outcome_group_id = group.id
            continue
        marker = key_of_vendor_guid(_get(group, "vendor_guid"))
        address = owners.claim(Kind.OUTCOME_GROUP, group.id, marker, _get(group, "title") or "")
        if address:
            group_address[group.id] = address
        elif unowned is not None:
            title = _get(group, "title") or ""
            unowned.append({"kind": "outcome_group", "id": group.id, "title": title})
    for group in groups:
        address = group_address.get(group.id)
        if address is None:
            continue
        parent_id = (_get(group, "parent_outcome_group") or {}).get("id")
        parent = group_address.get(parent_id) if isinstance(parent_id, int) else None
        values = {
            "title": _get(group, "title"),
            "description": _get(group, "description"),
            "vendor_guid": _get(group, "vendor_guid"),
            "parent": None
            if parent_id == state.root_outcome_group_id
            else (str(parent) if parent else f"foreign:{parent_id}"),
        }
        found.append(Resource(address, _fields(Kind.OUTCOME_GROUP, values), canvas_id=group.id))

    # An outcome may be linked in several groups: the link in an owned group counts.
    chosen: dict[int, tuple[Any, Any]] = {}  # outcome JSON, its group id as Canvas sent it
    for link in links:
        outcome = _get(link, "outcome") or {}
        group_id = (_get(link, "outcome_group") or {}).get("id")
        if not isinstance(outcome.get("id"), int):
            continue
        if outcome["id"] not in chosen or group_id in group_address:
            chosen[outcome["id"]] = (outcome, group_id)
    for outcome_id, (outcome, group_id) in chosen.items():
        marker = key_of_vendor_guid(outcome.get("vendor_guid"))
        address = owners.claim(Kind.OUTCOME, outcome_id, marker, outcome.get("title") or "")
        if address is None:
            if unowned is not None:
                title = outcome.get("title") or ""
                unowned.append({"kind": "outcome", "id": outcome_id, "title": title})
            continue
        state.outcome_groups[outcome_id] = group_id
        group = group_address.get(group_id)
        values = {
            "title": outcome.get("title"),
            "display_name": outcome.get("display_name"),
            "description": outcome.get("description"),
            "vendor_guid": outcome.get("vendor_guid"),
            "group": str(group) if group else f"foreign:{group_id}",
        }
        found.append(Resource(address, _fields(Kind.OUTCOME, values), canvas_id=outcome_id))
    return found


def _matches_pending(
    item: Any,
    want: Mapping[str, Any],
    pages: Mapping[str, Address],
    assignments: Mapping[int, Address],
    discussions: Mapping[int, Address],
) -> bool:
    item_type = _get(item, "type")
    if item_type != want.get("type"):
        return False
    if item_type == "Page":
        return str(pages.get(_get(item, "page_url") or "")) == want.get("content")
    if item_type == "Assignment":
        return str(assignments.get(_get(item, "content_id"))) == want.get("content")
    if item_type == "Discussion":
        return str(discussions.get(_get(item, "content_id"))) == want.get("content")
    if item_type == "Quiz":
        return str(_QUIZ_KEYS.get().get(_get(item, "content_id"))) == want.get("content")
    if item_type == "File":  # its title is the file's name, which the spec does not give
        key = _FILE_KEYS.get().get(_get(item, "content_id"))
        return key is not None and str(Address(Kind.FILE, key)) == want.get("content")
    if item_type == "ExternalUrl" and _get(item, "external_url") != want.get("external_url"):
        return False
    return _get(item, "title") == want.get("title")


def _folder_name(full_name: str | None) -> str:
    """A folder below "course files", as the spec names it ("" is the top)."""
    name = (full_name or "").strip("/")
    return name[len("course files") :].strip("/") if name.startswith("course files") else name


def _read_files(
    files: list[Any],
    folders: list[Any],
    owners: _Owners,
    manifest: Mapping[str, Any],
    unowned: list[dict[str, Any]],
) -> tuple[list[Resource], dict[int, str]]:
    """Owned files (the manifest names them), and every id each has had.

    A file replaced in Canvas (an upload of the same name) has a new id; the one with
    its recorded name is taken to be it, so the change shows as drift. Its content hash
    and spec path are the ones the manifest recorded: Canvas reports neither.
    """
    folder_names = {_get(f, "id"): _folder_name(_get(f, "full_name")) for f in folders}
    claimed: dict[int, Address] = {}
    for file in files:
        address = owners.claim(Kind.FILE, _get(file, "id"), None, _get(file, "display_name") or "")
        if address is not None:
            claimed[_get(file, "id")] = address
    owned = set(claimed.values())
    for address_text, entry in manifest.items():
        if not address_text.startswith("file.") or not isinstance(entry, Mapping):
            continue
        address = Address.parse(address_text)
        name = (entry.get("recorded") or {}).get("name")
        if address in owned or not name:
            continue
        replacement = next(
            (f for f in files if _get(f, "id") not in claimed and _get(f, "display_name") == name),
            None,
        )
        if replacement is not None:
            claimed[_get(replacement, "id")] = address
            owned.add(address)
    found: list[Resource] = []
    keys: dict[int, str] = {}
    for file in files:
        file_id = _get(file, "id")
        address = claimed.get(file_id)
        if address is None:
            unowned.append(
                {
                    "kind": "file",
                    "id": file_id,
                    "title": _get(file, "display_name"),
                    "folder": folder_names.get(_get(file, "folder_id"), ""),
                    "size": _get(file, "size"),
                    "url": _get(file, "url"),
                }
            )
            continue
        entry = manifest.get(str(address)) or {}
        for old in [entry.get("id"), *(entry.get("previous_ids") or ())]:
            if isinstance(old, int):
                keys[old] = address.key
        keys[file_id] = address.key
        recorded = entry.get("recorded") or {}
        values = {
            "name": _get(file, "display_name"),
            "folder": folder_names.get(_get(file, "folder_id"), ""),
            "size": _get(file, "size"),
            "content_hash": recorded.get("content_hash"),
            "path": recorded.get("path"),
        }
        found.append(Resource(address, _fields(Kind.FILE, values), canvas_id=file_id))
    return found, keys


@dataclass(frozen=True)
class RubricUse:
    """An assignment a rubric grades, as the assignment's own JSON tells it."""

    assignment_id: int
    use_for_grading: bool


def rubric_uses(assignments: Iterable[Any]) -> dict[int, list[RubricUse]]:
    """Which assignments each rubric grades, by rubric id, lowest assignment id first.

    Canvas's rubric list (``RubricsApiController#index``) has no associations, whatever
    ``include[]`` says; only ``GET .../rubrics/:id`` adds them. An assignment with an
    active grading association carries ``rubric_settings`` (the rubric's ``id``) and
    ``use_rubric_for_grading`` (``lib/api/v1/assignment.rb``), and the assignment list is
    read anyway, so this costs no request.
    """
    uses: dict[int, list[RubricUse]] = {}
    for assignment in sorted(assignments, key=lambda a: _get(a, "id") or 0):
        rubric_id = (_get(assignment, "rubric_settings") or {}).get("id")
        if isinstance(rubric_id, int):
            uses.setdefault(rubric_id, []).append(
                RubricUse(_get(assignment, "id"), bool(_get(assignment, "use_rubric_for_grading")))
            )
    return uses


def rubrics_listed(
    manifest: Mapping[str, Any], assignments: list[Any] | None, bind: Mapping[str, int] | None
) -> bool:
    """Whether a read that says its kinds lists ``GET .../rubrics``.

    Canvas puts the whole rubric that grades an assignment into the assignment's JSON
    (``lib/api/v1/assignment.rb``, with an active grading association), and the groups
    listing carries every assignment: an owned rubric that grades one reads from there as
    it would from the rubric list. The list is still read when the assignments cannot be
    trusted to show every rubric canvas-npq owns:

    - the groups were not read with the manifest (a spec that dropped every assignment);
    - the manifest names a rubric no assignment's ``rubric_settings`` shows: detached or
      deleted by hand (Canvas deletes the association with the rubric), replaced by a
      copy on write, or grading nothing; read from the list it is seen as it is (or as
      gone), as before;
    - the manifest records a rubric without its id (an interrupted apply's pending
      create);
    - ``bind`` names a rubric no assignment shows.

    A spec's rubric always grades its assignment (``spec/rubrics.py``: a rubric is an
    assignment's ``rubric:`` file), so the spec adds no case of its own.
    """
    if assignments is None:
        return True
    shown = set(rubric_uses(assignments))
    for address_text, entry in manifest.items():
        if not address_text.startswith(f"{Kind.RUBRIC.value}."):
            continue
        rubric_id = entry.get("id") if isinstance(entry, Mapping) else None
        if not isinstance(rubric_id, int) or rubric_id not in shown:
            return True
    return any(
        address_text.startswith(f"{Kind.RUBRIC.value}.") and canvas_id not in shown
        for address_text, canvas_id in (bind or {}).items()
    )


def rubrics_of_assignments(assignments: Iterable[Any]) -> list[Any]:
    """The rubrics the assignments carry (``rubric`` and ``rubric_settings``), each once,
    lowest id first, in the shape of the rubric list's entries (``lib/api/v1/rubric.rb``:
    ``title``, ``free_form_criterion_comments`` and ``data``, the rubric's own rows).

    The assignment's rows are the list's sliced: an aligned criterion names its outcome
    as ``outcome_id`` (the row's ``learning_outcome_id``, present when the outcome row
    exists), ``criterion_use_range`` is false rather than absent and a rating's
    ``long_description`` "" rather than null; the fields read compare equal either way.
    """
    found: dict[int, Any] = {}
    for assignment in sorted(assignments, key=lambda a: _get(a, "id") or 0):
        settings = _get(assignment, "rubric_settings") or {}
        rubric_id = settings.get("id")
        if not isinstance(rubric_id, int) or rubric_id in found:
            continue
        rows = []
        for row in _get(assignment, "rubric") or ():
            criterion = {k: v for k, v in row.items() if k not in ("outcome_id", "vendor_guid")}
            if row.get("outcome_id") is not None:
                criterion["learning_outcome_id"] = row["outcome_id"]
            rows.append(criterion)
        found[rubric_id] = _Listed(
            None,
            {
                "id": rubric_id,
                "title": settings.get("title"),
                "free_form_criterion_comments": settings.get("free_form_criterion_comments"),
                "data": rows,
            },
        )
    return [found[rubric_id] for rubric_id in sorted(found)]


def _read_rubrics(
    listed: list[Any] | None,
    assignment_rows: list[Any],
    owners: _Owners,
    state: CourseState,
    assignments: Mapping[int, Address],
    outcomes: Mapping[int | None, Address],
    unowned: list[dict[str, Any]],
) -> list[Resource]:
    """Owned rubrics (the manifest names them: a rubric has no field to mark), from the
    listing ``GET .../rubrics`` when it was read (else from the assignments that carry
    them: :func:`rubrics_of_assignments`, :func:`rubrics_listed`) and the assignments
    that use them (:func:`rubric_uses`).

    The association ids are not known from these: the writer names the assignment instead,
    which Canvas uses to find the grading association (``Rubric#associate_with``)."""
    uses = rubric_uses(assignment_rows)
    # A lost create is none of these: every rubric an assignment names, owned or not.
    state.known.update((Kind.RUBRIC, rubric_id) for rubric_id in uses)
    rubrics = rubrics_of_assignments(assignment_rows) if listed is None else listed
    found: list[Resource] = []
    for rubric in rubrics:
        state.known.add((Kind.RUBRIC, rubric.id))  # a lost create is none of these
        grading = list(uses.get(rubric.id, ()))
        address = owners.claim(Kind.RUBRIC, rubric.id, None, _get(rubric, "title") or "")
        if address is not None:
            # Used by several assignments: the one of its own spec id first.
            mine = Address(Kind.ASSIGNMENT, address.key)
            grading.sort(key=lambda u: assignments.get(u.assignment_id) != mine)
        use = grading[0] if grading else None
        if address is None:
            # Without the list, only those that grade an assignment: adopt matches a
            # rubric by the assignment it grades, and import reads the list.
            unowned.append(
                {
                    "kind": "rubric",
                    "id": rubric.id,
                    "title": _get(rubric, "title"),
                    "assignment_id": use.assignment_id if use else None,
                    "assignments": len(grading),
                    "outcome_ids": [
                        c.get("learning_outcome_id")
                        for c in _get(rubric, "data") or ()
                        if c.get("learning_outcome_id") is not None
                    ],
                }
            )
            continue
        assignment: str | None = None
        if use is not None:
            target = assignments.get(use.assignment_id)
            assignment = str(target) if target else f"foreign:{use.assignment_id}"
        criteria = []
        for criterion in _get(rubric, "data") or ():
            outcome_id = criterion.get("learning_outcome_id")
            outcome = outcomes.get(outcome_id)
            criteria.append(
                {
                    "description": criterion.get("description"),
                    "long_description": criterion.get("long_description"),
                    "use_range": criterion.get("criterion_use_range"),
                    "outcome": None
                    if outcome_id is None
                    else (str(outcome) if outcome else f"foreign:{outcome_id}"),
                    "ratings": criterion.get("ratings") or (),
                }
            )
        values = {
            "title": _get(rubric, "title"),
            "assignment": assignment,
            "use_for_grading": bool(use and use.use_for_grading),
            "free_form_criterion_comments": _get(rubric, "free_form_criterion_comments"),
            "criteria": criteria,
        }
        found.append(
            Resource(
                address,
                _fields(Kind.RUBRIC, values),
                block=None,
                canvas_id=rubric.id,
            )
        )
    return found


def iter_owned(snapshot: Snapshot, kinds: Iterable[Kind]) -> list[Resource]:
    wanted = set(kinds)
    return [r for r in snapshot if r.kind in wanted]
