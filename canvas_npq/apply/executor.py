"""``apply_plan``: carry out a plan's changes through a writer, in dependency order.

Order: the course, assignment groups, files, outcome groups, outcomes, pages,
assignments, discussions, quizzes, rubrics, events, modules, module items
(creates and moves placed after their anchors), then deletes (items before the modules
and content they belong to), then the manifest. Positions are computed from the live
order recorded in the plan, kept current as objects are placed.

If a write fails, the manifest is still written with everything done so far, so the
next run knows which objects it created, and the error is raised as ``ApplyFailed``.

The manifest also records each quiz's *stamp* (its ``updatedAt`` in Canvas's GraphQL,
``canvas.graphql``), which lets the next read skip listing its questions. A quiz this run
wrote is stamped after every write, by one GraphQL read sent at least a second after the
quiz's last write was answered (``updatedAt`` is to the second, so any later edit moves
it); the verification that follows lists its questions, and removes the stamp if they
are not the ones written. A quiz this run did not write keeps the stamp its questions
were read with, when they were the ones the manifest records as applied, and its
*whole stamp* (``canvas.quizzes.WHOLE_STAMP``) when every field read was the applied
one; a quiz this run wrote gets its whole stamp from the verification (``sync.verify``).

If the process is killed, nothing more can be written, so ownership must already be
findable: pages, assignments and groups carry their marker from the request that
creates them, and before the first module or module item is created the manifest is
written with a ``pending`` record of each module and item about to be created (name,
type, content, and the ids already in its container). The next read claims what
matches, so an interrupted apply never leaves a duplicate or an unowned copy behind.

``stop`` (set by a first Ctrl-C, or by a lost course lock) ends the run between two
requests, as a failure. An owned object deleted in Canvas between plan and apply is
created again (a module item where it was, announced in the manifest first).

Writes run up to ``concurrency`` at once, each as soon as what it depends on is done
(``_graph``): the course's own fields first; assignment groups, files, outcome groups
and modules each one after another (their positions and folders depend on the ones
before); outcomes once the groups exist; pages, assignments, discussions, events and
announcements once the files exist (bodies link to files by id; assignments and quizzes
also wait for their groups; a body that links to an object created or retitled in the
same run also waits for it, ``apply.linkorder``); rubrics once assignments and outcomes
exist; a module's items in order, each once its module and its content exist, every
module's items side by side; the new modules published together, in one request, once
all their items exist. Sequentially (``concurrency`` 1) this is plan order (a linking
body moved after its target). Deletes come last, one at a time. After a
failure no new write starts; those already sent finish and are recorded before
``ApplyFailed`` is raised.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Protocol

from canvas_npq.apply.linkorder import link_fields, order_by_links
from canvas_npq.apply.ports import CanvasWriter
from canvas_npq.canvas.errors import Interrupted, NotFound
from canvas_npq.canvas.quizzes import WHOLE_STAMP
from canvas_npq.model import Address, Kind
from canvas_npq.model.resources import BUILT_IN_KINDS
from canvas_npq.plan import Action, Change, Plan

PHASES = (
    Kind.COURSE,
    Kind.COURSE_SETTINGS,
    Kind.TAB,
    Kind.ASSIGNMENT_GROUP,
    Kind.FILE,
    Kind.OUTCOME_GROUP,
    Kind.OUTCOME,
    Kind.PAGE,
    Kind.ASSIGNMENT,
    Kind.DISCUSSION,
    Kind.QUIZ,
    Kind.RUBRIC,
    Kind.CALENDAR_EVENT,
    Kind.ANNOUNCEMENT,
    Kind.ASSIGNMENT_OVERRIDE,
    Kind.MODULE,
    Kind.MODULE_ITEM,
)
# Kinds Canvas may give a new id on update (a rubric copied on write): sent whole.
# An assignment override is sent whole too: Canvas drops any date an update leaves out.
REWRITTEN = frozenset({Kind.RUBRIC, Kind.FILE, Kind.ASSIGNMENT_OVERRIDE})
ORDERED = {Kind.MODULE: "course:modules", Kind.ASSIGNMENT_GROUP: "course:assignment_groups"}
# Kinds Canvas gives no field to mark: their creates are announced in the manifest first.
UNMARKED = (Kind.MODULE, Kind.MODULE_ITEM)
# Kinds whose changes do not depend on one another within their phase.
INDEPENDENT = frozenset(
    {
        Kind.PAGE,
        Kind.ASSIGNMENT,
        Kind.DISCUSSION,
        Kind.QUIZ,
        Kind.OUTCOME,
        Kind.RUBRIC,
        Kind.CALENDAR_EVENT,
        Kind.ANNOUNCEMENT,
        Kind.ASSIGNMENT_OVERRIDE,
    }
)


@dataclass
class Applied:
    change: Change
    canvas_id: int | None
    sent: bool = True


@dataclass
class ApplyResult:
    applied: list[Applied] = field(default_factory=list)
    writes: int = 0
    # Quiz questions created, updated or deleted: Canvas objects of their own, each
    # written by one request, that the plan counts as part of their quiz.
    questions_written: int = 0
    manifest_written: bool = False
    notes: list[str] = field(default_factory=list)
    # What Canvas answered to the page writes (the writer's ``canvas.answers.PageAnswers``),
    # for verifying without listing the pages again (``sync.verify(answers=)``).
    answers: Any = None

    @property
    def objects_written(self) -> int:
        """Objects this run wrote: each created, updated, moved, replaced or deleted
        object a request was sent for, and each quiz question written. The course lock
        and the manifest are bookkeeping, not objects: their writes count in ``writes``
        only."""
        return sum(1 for a in self.applied if a.sent) + self.questions_written


class StopSignal(Protocol):
    """What ends a run between two requests: a ``threading.Event`` (Ctrl-C), or anything
    with ``is_set()``; its ``reason``, if it has one, says why in the error."""

    def is_set(self) -> bool: ...


class AnySignal:
    """Set when any of its signals is; its reason is the first set one's."""

    def __init__(self, *signals: StopSignal | None) -> None:
        self.signals = [s for s in signals if s is not None]

    def is_set(self) -> bool:
        return any(s.is_set() for s in self.signals)

    @property
    def reason(self) -> str:
        return next((getattr(s, "reason", "") for s in self.signals if s.is_set()), "")


class ApplyFailed(Exception):
    """A write failed part-way; ``result`` holds what was done before it."""

    def __init__(self, change: Change, error: BaseException, result: ApplyResult) -> None:
        super().__init__(f"{change.action.value} {change.address} failed: {error}")
        self.change = change
        self.error = error
        self.result = result
        self.source: object | None = None  # where the object is defined, when known


class AfterWritesFailed(Exception):
    """The plan's changes were written; a step after them (recording them in the
    manifest, reading the course back to verify) failed. Not "nothing was changed"."""

    def __init__(self, step: str, error: BaseException, result: ApplyResult) -> None:
        super().__init__(f"{step} failed: {error}")
        self.step = step
        self.error = error
        self.result = result


Listener = Callable[[Applied], None]


@dataclass(frozen=True)
class _Step:
    """One change to carry out, and the indexes of the steps it waits for."""

    change: Change
    run: Callable[[Change], None]
    deps: frozenset[int]


class _Executor:
    def __init__(
        self,
        plan: Plan,
        writer: CanvasWriter,
        listener: Listener | None,
        stop: StopSignal | None = None,
        concurrency: int = 1,
        starting: Callable[[Change], None] | None = None,
    ) -> None:
        self.plan = plan
        self.writer = writer
        self.listener = listener
        self.starting = starting  # told before each change is sent (progress displays)
        self.stop = stop
        self.pending_written = False
        self.recreating: set[str] = set()  # items deleted in Canvas since the plan
        self.concurrency = max(1, concurrency)
        self.publish_after_items = self._modules_to_publish_after_items()
        self.lock = threading.RLock()  # guards positions and the record of what was done
        self.result = ApplyResult()
        self.ids: dict[str, int] = {
            address: entry["id"]
            for address, entry in plan.manifest.items()
            if isinstance(entry, Mapping) and isinstance(entry.get("id"), int)
        }
        for change in plan.changes:  # objects about to be deleted are not in the manifest
            if change.canvas_id is not None:
                self.ids.setdefault(str(change.address), change.canvas_id)
        self.seq: dict[str, list[str]] = {k: list(v) for k, v in plan.order.items()}
        self.placed_groups: dict[str, int] = {}  # assignment groups placed: their position
        self.deleted: set[str] = set()
        self.previous_ids: dict[str, list[int]] = {}  # files Canvas gave a new id
        self.fresh_stamps: dict[int, str] = {}  # quizzes written: stamped after the writes

    # -- helpers --------------------------------------------------------------------

    def resolve(self, address: str) -> int:
        try:
            return self.ids[address]
        except KeyError:
            raise LookupError(f"{address} has no Canvas id yet") from None

    def container_of(self, change: Change) -> str | None:
        if change.address.kind is Kind.MODULE_ITEM:
            return str(change.desired.get("module"))
        return ORDERED.get(change.address.kind)

    def place(self, container: str, entry: str, after: str) -> int:
        """Put ``entry`` after ``after`` in the simulated container; its 1-based position."""
        with self.lock:
            return self._place(container, entry, after)

    def _place(self, container: str, entry: str, after: str) -> int:
        for seq in self.seq.values():
            if entry in seq:
                seq.remove(entry)
        seq = self.seq.setdefault(container, [])
        index = seq.index(after) + 1 if after and after in seq else 0
        seq.insert(index, entry)
        if container == ORDERED[Kind.ASSIGNMENT_GROUP]:
            self.placed_groups[entry] = index + 1
        return index + 1

    def _renumber_groups(self) -> None:
        """Give every owned assignment group its place in the order as ``position``.

        Canvas stores an assignment group's ``position`` as sent and moves no other group
        (its acts_as_list shifts nothing on save), and lists them by position, then name.
        Once a group is placed, the others it passed would tie with it or sit before it:
        each owned group not already sent its final place gets it, so the course's order
        is the spec's and the next plan has no move left to make. Groups canvas-npq does
        not own keep theirs.
        """
        container = ORDERED[Kind.ASSIGNMENT_GROUP]
        for position, entry in enumerate(self.seq.get(container, []), start=1):
            if self.placed_groups.get(entry) == position or entry not in self.ids:
                continue
            self._check_stop()
            self.writer.move(Kind.ASSIGNMENT_GROUP, self.ids[entry], position)
        self.placed_groups.clear()

    def done(self, change: Change, canvas_id: int | None, sent: bool = True) -> None:
        applied = Applied(change, canvas_id, sent)
        with self.lock:
            self.result.applied.append(applied)
            if self.listener:
                self.listener(applied)

    # -- phases ---------------------------------------------------------------------

    def run(self) -> ApplyResult:
        self._run_graph(self._graph())
        for change in self.plan.changes:
            if change.action is Action.DELETE:
                self._guarded(change, self._delete)
        try:
            self._stamp_written_quizzes()
            self._write_manifest()
        except Exception as error:
            self._count_writes()
            raise AfterWritesFailed(
                "recording them in the course's manifest", error, self.result
            ) from error
        self._count_writes()
        return self.result

    def _written_quizzes(self) -> dict[str, int]:
        """The quizzes this run created or updated, by address: their Canvas ids."""
        return {
            str(a.change.address): self.ids[str(a.change.address)]
            for a in self.result.applied
            if a.change.address.kind is Kind.QUIZ
            and a.change.action is not Action.DELETE
            and str(a.change.address) in self.ids
        }

    def _stamp_written_quizzes(self) -> None:
        """The stamps of the quizzes this run wrote, read once all writes are done (a
        writer without GraphQL, such as a test's fake, gives none)."""
        stamp = getattr(self.writer, "stamp_quizzes", None)
        written = self._written_quizzes()
        if stamp is None or not written or not self.plan.manifest_changed:
            return
        self.fresh_stamps = dict(stamp(sorted(written.values())) or {})

    def _whole_stamp(self, address: str, canvas_id: int, record: Mapping[str, Any]) -> str | None:
        """The whole stamp to record for a quiz this run did not write (None: none): the
        stamp it was read with, when every field read was the one applied. A quiz this
        run wrote gets its whole stamp from the verification, which reads it after its
        stamp (``sync.verify``)."""
        if any(str(c.address) == address for c in self.plan.changes):
            return None
        state = getattr(self.writer, "state", None)
        read = getattr(state, "quiz_stamps", {}).get(canvas_id)
        fields = getattr(state, "quiz_fields", {}).get(canvas_id)
        if read is None or fields is None or fields != record.get("applied"):
            return None
        return str(read[0])

    def _stamp(self, address: str, canvas_id: int, record: Mapping[str, Any]) -> str | None:
        """The stamp to record for a quiz (None: none)."""
        if any(str(c.address) == address for c in self.plan.changes):
            written = address in self._written_quizzes()
            return self.fresh_stamps.get(canvas_id) if written else None
        state = getattr(self.writer, "state", None)
        read = getattr(state, "quiz_stamps", {}).get(canvas_id)
        applied = record.get("applied")
        if read is None or not isinstance(applied, Mapping):
            return None
        stamp, questions = read
        return stamp if questions == applied.get("questions") else None

    def _count_writes(self) -> None:
        self.result.writes = self.writer.writes
        # A writer that writes no quizzes (a test's fake) need not count questions.
        self.result.questions_written = getattr(self.writer, "questions_written", 0)

    def _starting(self, change: Change) -> None:
        if self.starting is not None:
            self.starting(change)

    def _check_stop(self) -> None:
        if self.stop is not None and self.stop.is_set():
            why = getattr(self.stop, "reason", "") or "interrupted (Ctrl-C)"
            raise Interrupted(f"{why} before this change; nothing of it was sent")

    def _guarded(self, change: Change, step: Callable[[Change], None]) -> None:
        try:
            self._check_stop()
            self._starting(change)
            step(change)
        except Exception as error:
            with contextlib.suppress(Exception):  # the original failure is the one to report
                self._write_manifest(pending=self._pending() if self.pending_written else None)
            self._count_writes()
            raise ApplyFailed(change, error, self.result) from error

    # -- the dependency graph ---------------------------------------------------------

    def _graph(self) -> list[_Step]:
        """Every create, update and move as a step that waits only for the steps it
        depends on (see the module docstring), in plan order."""
        steps: list[_Step] = []
        by_kind: dict[Kind, list[int]] = {}
        by_address: dict[str, int] = {}

        def add(change: Change, run: Callable[[Change], None], deps: set[int]) -> int:
            steps.append(_Step(change, run, frozenset(deps)))
            index = len(steps) - 1
            if run == self._upsert:  # the step that writes the object itself
                by_kind.setdefault(change.address.kind, []).append(index)
                by_address[str(change.address)] = index
            return index

        def of(*kinds: Kind) -> set[int]:
            return {i for kind in kinds for i in by_kind.get(kind, ())}

        # Canvas refuses default_view=wiki until the course has a front page, which the
        # page steps set: a course change that sets the home page waits for them.
        after_pages = [
            c
            for c in self.plan.changes
            if c.address.kind is Kind.COURSE and any(f.name == "default_view" for f in c.fields)
        ]
        first: set[int] = set()  # the course's own changes go before everything
        pending: int | None = None
        for kind in PHASES:
            changes = [
                c
                for c in self.plan.changes
                if c.address.kind is kind and c.action is not Action.DELETE
            ]
            if kind is Kind.COURSE:
                changes = [c for c in changes if c not in after_pages]
            if kind in UNMARKED and changes and pending is None:
                # Modules and items carry no marker: announce them before any is created.
                # A file carries none either, so an item's file must be recorded by then
                # for the next run to recognise the item: the files go first.
                deps = first | of(Kind.FILE)
                pending = add(changes[0], lambda _change: self._write_pending(), deps)
            ordered = self._in_placement_order(changes)
            if kind is Kind.TAB:
                # Canvas moves a tab by removing and re-inserting it: placing tabs in
                # ascending position, one after another, keeps each earlier placement.
                ordered.sort(key=lambda c: c.desired.get("position") or len(PHASES) * 100)
            if kind is Kind.MODULE:
                # A module's prerequisites may name a module created or moved in this
                # phase, and Canvas keeps only those placed before it: update last.
                ordered.sort(key=lambda c: c.action is Action.UPDATE)
            lanes = self._lanes(kind, ordered)
            for lane in lanes:
                previous: int | None = None
                for change in lane:
                    deps = set(first) | self._needs(change, of, by_address, len(lanes) == 1)
                    if kind in UNMARKED and pending is not None:
                        deps.add(pending)
                    if previous is not None:
                        deps.add(previous)
                    previous = add(change, self._upsert, deps)
            if kind is Kind.ASSIGNMENT_GROUP and any(c.after is not None for c in ordered):
                # Once every group is placed: the others' places as positions.
                renumber = of(Kind.ASSIGNMENT_GROUP)
                add(ordered[-1], lambda _change: self._renumber_groups(), renumber)
            if kind is Kind.COURSE:
                first = of(Kind.COURSE)
            if kind is Kind.PAGE:
                previous = None
                for change in after_pages:
                    deps = of(Kind.PAGE) | ({previous} if previous is not None else set())
                    previous = add(change, self._upsert, deps)
        publish = [c for c in self.plan.changes if str(c.address) in self.publish_after_items]
        if publish:
            # One request publishes them all, once every one of their items exists.
            deps = {by_address[str(c.address)] for c in publish if str(c.address) in by_address}
            deps |= {
                i
                for i in by_kind.get(Kind.MODULE_ITEM, ())
                if str(steps[i].change.desired.get("module")) in self.publish_after_items
            }
            steps.append(_Step(publish[0], self._publish_modules, frozenset(deps)))
        # A body linking to an object this run creates or retitles waits for it.
        return order_by_links(steps, lambda step: step.run == self._upsert, self._relink)

    def _needs(
        self,
        change: Change,
        of: Callable[..., set[int]],
        by_address: Mapping[str, int],
        one_lane: bool,
    ) -> set[int]:
        """The earlier steps ``change`` depends on, beyond its lane."""
        kind = change.address.kind
        if kind is Kind.OUTCOME:
            return of(Kind.OUTCOME_GROUP)
        if kind in (Kind.PAGE, Kind.CALENDAR_EVENT, Kind.ANNOUNCEMENT):
            return of(Kind.FILE)  # bodies link to files by id
        if kind in (Kind.ASSIGNMENT, Kind.DISCUSSION, Kind.QUIZ):
            return of(Kind.FILE, Kind.ASSIGNMENT_GROUP)  # a graded quiz names its group
        if kind is Kind.RUBRIC:
            return of(Kind.ASSIGNMENT, Kind.DISCUSSION, Kind.OUTCOME)
        if kind is Kind.ASSIGNMENT_OVERRIDE:
            return of(Kind.ASSIGNMENT, Kind.QUIZ)  # a graded quiz's dates are its assignment's
        if kind is Kind.MODULE_ITEM:
            needs = set()
            for name in ("module", "content"):
                address = change.desired.get(name)
                if address is not None and str(address) in by_address:
                    needs.add(by_address[str(address)])
            if one_lane:  # items moving between modules: every module is placed first
                needs |= of(Kind.MODULE)
            return needs
        return set()

    def _lanes(self, kind: Kind, ordered: list[Change]) -> list[list[Change]]:
        """The kind's changes as lanes: each lane runs in order, lanes side by side."""
        if len(ordered) <= 1:
            return [ordered]
        if kind in INDEPENDENT:
            return [[change] for change in ordered]
        if kind is Kind.MODULE_ITEM and not any(
            f.name == "module" for c in ordered if c.action is not Action.CREATE for f in c.fields
        ):  # an item moving between modules ties two modules' positions together
            lanes: dict[str, list[Change]] = {}
            for change in ordered:
                lanes.setdefault(str(change.desired.get("module")), []).append(change)
            return list(lanes.values())
        return [ordered]

    def _run_graph(self, steps: list[_Step]) -> None:
        """Run every step once all it depends on is done, up to ``concurrency`` at once.
        Sequentially (concurrency 1) the steps run in plan order."""
        if self.concurrency == 1:
            for step in steps:
                self._guarded(step.change, step.run)
            return
        waiting = set(range(len(steps)))
        finished: set[int] = set()
        failures: list[tuple[Change, BaseException]] = []
        # The longest chain of steps waiting on each step: the ready step that most
        # holds up the rest (a module that its items and the next module wait for)
        # goes first, so the longest chain starts at once and the rest fill around it.
        rank = _chain_lengths(steps)

        def run(index: int) -> int:
            step = steps[index]
            try:
                self._check_stop()
                self._starting(step.change)
                step.run(step.change)
            except Exception as error:
                with self.lock:
                    failures.append((step.change, error))
            return index

        with ThreadPoolExecutor(self.concurrency, thread_name_prefix="canvas-write") as pool:
            running: set[Future[int]] = set()
            while waiting or running:
                if not failures:  # after a failure, nothing new is sent
                    ready = sorted(
                        (i for i in waiting if steps[i].deps <= finished),
                        key=lambda i: (-rank[i], i),
                    )
                    for index in ready[: self.concurrency - len(running)]:
                        waiting.discard(index)
                        running.add(pool.submit(run, index))
                if not running:
                    break
                done, running = wait(running, return_when=FIRST_COMPLETED)
                finished.update(future.result() for future in done)
        if failures:
            change, error = failures[0]

            def reraise(_change: Change) -> None:
                raise error

            self._guarded(change, reraise)  # the manifest, then ApplyFailed
        if waiting:  # a dependency that can never be met is a bug in _graph
            raise AssertionError(f"{len(waiting)} apply steps never became ready")

    def _in_placement_order(self, changes: list[Change]) -> list[Change]:
        """Updates first, then placements so that every anchor is placed before use."""
        placements = [c for c in changes if c.after is not None]
        ordered = [c for c in changes if c.after is None]
        pending = {str(c.address): c for c in placements}

        # Plan order, pulling each anchor forward just before the change that needs it,
        # so a module's items are created together and in order.
        for change in placements:
            chain: list[Change] = []
            current: Change | None = change
            while current is not None and str(current.address) in pending:
                chain.append(pending.pop(str(current.address)))
                current = pending.get(current.after or "")
            ordered.extend(reversed(chain))
        return ordered

    def _relink(self, change: Change) -> None:
        """Send a body again, now that the objects it links to exist (``linkorder``)."""
        fields = {name: change.desired[name] for name in link_fields(change)}
        self.writer.update(
            change.address.kind, self.resolve(str(change.address)), fields, self.resolve
        )

    def _upsert(self, change: Change) -> None:
        kind = change.address.kind
        key = str(change.address)
        if change.action is Action.REPLACE and change.canvas_id is not None:
            self._delete_object(kind, change.canvas_id, change)
            self.ids.pop(key, None)
            # made again below: the manifest records the new object (a rubric, module or
            # item carries no marker, so unrecorded it would read as missing next time)
            self.deleted.discard(key)
        if change.action in (Action.CREATE, Action.REPLACE):
            position = None
            container = self.container_of(change)
            if container is not None and change.after is not None:
                position = self.place(container, key, change.after)
            canvas_id = self.writer.create(
                kind, change.address.key, self._create_fields(change), self.resolve, position
            )
            self.ids[key] = canvas_id
            self.done(change, canvas_id)
            return
        existing_id = change.canvas_id
        assert existing_id is not None, f"{change.action.value} without a Canvas id"
        canvas_id = existing_id
        if kind in REWRITTEN:
            changed = frozenset(f.name for f in change.fields)
            old_id = canvas_id
            canvas_id = self.writer.rewrite(kind, old_id, change.desired, self.resolve, changed)
            if canvas_id != old_id:  # links to the old id still lead to the new file
                self.previous_ids.setdefault(key, []).append(old_id)
            self.ids[key] = canvas_id
            self.done(change, canvas_id)
            return
        fields = {f.name: f.new for f in change.fields}
        if kind is Kind.MODULE_ITEM:
            position = None
            new_module = None
            if change.action is Action.MOVE:
                new_module = fields.pop("module", None)
                container = str(change.desired["module"])
                position = self.place(container, key, change.after or "")
            old_module = self._current_module(change, new_module)
            try:
                sent = self.writer.update_item(
                    canvas_id,
                    str(change.desired["type"]),
                    old_module,
                    fields,
                    self.resolve,
                    position=position,
                    new_module=new_module,
                )
            except NotFound:
                self._recreate_item(change)
                return
            self.done(change, canvas_id, sent)
            return
        if change.action is Action.MOVE:
            container = ORDERED[kind]
            self.writer.move(kind, canvas_id, self.place(container, key, change.after or ""))
            self.done(change, canvas_id)
            return
        if kind is Kind.TAB:  # addressed by Canvas's tab id, which is the spec's key
            self.done(change, canvas_id, self.writer.update_tab(change.address.key, fields))
            return
        try:
            sent = self.writer.update(kind, canvas_id, fields, self.resolve)
        except NotFound:
            if kind in BUILT_IN_KINDS:
                raise
            self._recreate(change)
            return
        self.done(change, canvas_id, sent)

    def _modules_to_publish_after_items(self) -> set[str]:
        """New modules whose items are all new and to be published: created unpublished,
        with their items, then all published with their items in one request (Canvas
        ignores ``published`` on create, so otherwise every module and every header and
        link takes a second write).

        A run stopped before that request leaves them unpublished and owned (the pending
        record names them): the next plan publishes them, as for any module."""
        modules = {
            str(c.address)
            for c in self.plan.changes
            if c.address.kind is Kind.MODULE
            and c.action is Action.CREATE
            and c.desired.get("published")
        }
        for change in self.plan.changes:
            if change.address.kind is Kind.MODULE_ITEM and (
                change.action is not Action.CREATE or not change.desired.get("published")
            ):
                modules.discard(str(change.desired.get("module")))
                for moved in change.fields:  # an item leaving a new module: keep it simple
                    if moved.name == "module":
                        modules.discard(str(moved.old))
        return modules

    def _create_fields(self, change: Change) -> Mapping[str, Any]:
        kind = change.address.kind
        module = str(change.address) if kind is Kind.MODULE else change.desired.get("module")
        if kind in UNMARKED and str(module) in self.publish_after_items:
            return {**change.desired, "published": False}  # published with its module
        return change.desired

    def _publish_modules(self, _change: Change) -> None:
        ids = [self.resolve(address) for address in sorted(self.publish_after_items)]
        self.writer.publish_modules(ids)

    def _recreate(self, change: Change, position: int | None = None) -> None:
        """An owned object deleted in Canvas since the plan was made: create it again."""
        key = str(change.address)
        canvas_id = self.writer.create(
            change.address.kind, change.address.key, change.desired, self.resolve, position
        )
        self.ids[key] = canvas_id
        self.result.notes.append(
            f"{change.address.kind.label} {change.title!r} was deleted in Canvas after the "
            f"plan was made; it was created again (id {canvas_id})."
        )
        self.done(change, canvas_id)

    def _recreate_item(self, change: Change) -> None:
        """A module item deleted in Canvas since the plan was made: create it again where
        it was. A module item carries no marker, so, as for any new item, a pending record
        is written first: if this run stops before the answer, the next read claims it."""
        key = str(change.address)
        container = str(change.desired["module"])
        with self.lock:
            seq = self.seq.get(container, [])
            index = seq.index(key) if key in seq else 0
            after = seq[index - 1] if index > 0 else ""
            self.ids.pop(key, None)  # the old id is gone: the manifest must not keep it
            self.recreating.add(key)  # announced in the manifest like a new item
            self.pending_written = True
            self._write_manifest(pending=self._pending(), final=False)
        self._recreate(change, self.place(container, key, after))

    def _current_module(self, change: Change, new_module: str | None) -> str:
        if new_module is None:
            return str(change.desired["module"])
        moved = next((f for f in change.fields if f.name == "module"), None)
        return str(moved.old) if moved else str(change.desired["module"])

    def _delete(self, change: Change) -> None:
        assert change.canvas_id is not None
        self._delete_object(change.address.kind, change.canvas_id, change)
        self.done(change, change.canvas_id)

    def _delete_object(self, kind: Kind, canvas_id: int, change: Change) -> None:
        module_id = None
        if kind is Kind.MODULE_ITEM:
            module_id = self._module_of_item(str(change.address))
        self.writer.delete(kind, canvas_id, module=module_id)
        key = str(change.address)
        self.deleted.add(key)
        for seq in self.seq.values():
            if key in seq:
                seq.remove(key)

    def _module_of_item(self, item: str) -> int | None:
        for container, seq in self.seq.items():
            if item in seq and container.startswith("module."):
                return self.ids.get(container)
        return None

    def _pending(self) -> dict[str, dict[str, Any]]:
        """What to look for if this run stops after creating a module or item, for
        each one not created yet."""
        pending: dict[str, dict[str, Any]] = {}
        done = {str(a.change.address) for a in self.result.applied}
        for change in self.plan.changes:
            kind = change.address.kind
            key = str(change.address)
            created = kind in UNMARKED and change.action in (Action.CREATE, Action.REPLACE)
            if key in done or not (created or key in self.recreating):
                continue
            want = change.desired
            if kind is Kind.MODULE:
                container = ORDERED[Kind.MODULE]
                record: dict[str, Any] = {"name": want.get("name")}
            else:
                container = str(want.get("module"))
                record = {
                    name: want.get(name)
                    for name in ("module", "type", "content", "title", "external_url")
                }
            record["exclude"] = sorted(self._ids_in(container))
            pending[key] = record
        return pending

    def _ids_in(self, container: str) -> set[int]:
        ids: set[int] = set()
        for entry in self.plan.order.get(container, ()):
            if entry.startswith("foreign:"):
                with contextlib.suppress(ValueError):
                    ids.add(int(entry.removeprefix("foreign:")))
            elif entry in self.ids:
                ids.add(self.ids[entry])
        return ids

    def _write_pending(self) -> None:
        if self.pending_written:
            return
        self.pending_written = True
        pending = self._pending()
        if pending:
            self._write_manifest(pending=pending, final=False)

    def _recorded_before(self, address: str, recorded: Mapping[str, Any]) -> dict[str, Any]:
        """What the manifest recorded before a change that was not carried out: a file
        not uploaded again keeps the content hash of the bytes Canvas has."""
        kept = dict(recorded)
        for change in self.plan.changes:
            if str(change.address) == address:
                kept.update({f.name: f.old for f in change.fields if f.name in kept})
        return kept

    def _write_manifest(
        self, pending: Mapping[str, Mapping[str, Any]] | None = None, final: bool = True
    ) -> None:
        if self.result.manifest_written or not (self.plan.manifest_changed or pending):
            return
        objects: dict[str, Any] = {}
        applied = {str(a.change.address) for a in self.result.applied}
        for address, entry in self.plan.manifest.items():
            if address in self.deleted:
                continue
            canvas_id = self.ids.get(address)
            if canvas_id is None:
                continue  # not created (yet): nothing to record
            record = dict(entry)
            record["id"] = canvas_id
            if address not in applied and entry.get("id") is None:
                continue
            if address in self.previous_ids:
                known = [*record.get("previous_ids", ()), *self.previous_ids[address]]
                record["previous_ids"] = sorted(set(known))
            if address not in applied and "recorded" in record:
                record["recorded"] = self._recorded_before(address, record["recorded"])
            if address.startswith(f"{Kind.QUIZ.value}."):
                record.pop("stamp", None)
                record.pop(WHOLE_STAMP, None)
                stamp = self._stamp(address, canvas_id, record)
                if stamp is not None:
                    record["stamp"] = stamp
                    whole = self._whole_stamp(address, canvas_id, record)
                    if whole == stamp:
                        record[WHOLE_STAMP] = whole
            objects[address] = record
        for address, planned in (pending or {}).items():
            if address not in objects:
                objects[address] = {"pending": dict(planned), "applied": {}}
        self.writer.write_manifest(objects, self.plan.owner)
        self.result.manifest_written = final


def _chain_lengths(steps: list[_Step]) -> list[int]:
    """For each step, the number of steps in the longest chain that waits on it (itself
    included). Dependencies always point to earlier steps."""
    lengths = [1] * len(steps)
    for index in range(len(steps) - 1, -1, -1):
        for dep in steps[index].deps:
            lengths[dep] = max(lengths[dep], lengths[index] + 1)
    return lengths


def apply_plan(
    plan: Plan,
    writer: CanvasWriter,
    listener: Listener | None = None,
    stop: StopSignal | None = None,
    concurrency: int = 1,
    starting: Callable[[Change], None] | None = None,
) -> ApplyResult:
    """Carry out ``plan`` through ``writer``, up to ``concurrency`` independent writes at
    once; see the module docstring for the order. ``listener`` is told of each change
    done, ``starting`` of each change about to be sent."""
    return _Executor(plan, writer, listener, stop, concurrency, starting).run()


def deleted_addresses(result: ApplyResult) -> set[Address]:
    return {a.change.address for a in result.applied if a.change.action is Action.DELETE}
