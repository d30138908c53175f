"""The library API: load a spec, read a course, build a plan, apply it, verify.

The CLI is a thin layer over these functions; a provider's own tooling can call them
the same way::

    from canvas_npq import sync
    spec, desired = sync.load("course_spec/npqltd")
    conn = sync.connect(sync.CanvasConfig.from_env())
    course = sync.read(conn, 1234, managing=desired)
    plan = sync.plan(desired, course)
    result = sync.apply(plan, conn, course)

Existing courses are brought under canvas-npq with ``import_course`` (course → spec
folder) or ``adopt`` + ``bind`` (a spec → the course that already holds its content);
see ``canvas_npq.adopt``.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from canvas_npq.adopt.importer import Download, SpecFiles, propose, slugify, spec_files
from canvas_npq.adopt.matching import Matching, match
from canvas_npq.adopt.ownership import (
    adopted_manifest,
    as_bound,
    import_conflict,
    owner_conflict,
    recorded_owner,
)
from canvas_npq.adopt.support import Unmanaged, problem, without_quiz_assignments
from canvas_npq.apply import ApplyResult, apply_plan
from canvas_npq.apply import saved as _saved
from canvas_npq.apply.executor import Listener, StopSignal
from canvas_npq.apply.saved import check_files
from canvas_npq.canvas import blueprint as _blueprint
from canvas_npq.canvas.answers import PageAnswers
from canvas_npq.canvas.blueprint import SyncReport, blueprint_parents
from canvas_npq.canvas.client import CanvasConfig, Connection
from canvas_npq.canvas.courses import course_by_reference
from canvas_npq.canvas.errors import CanvasError, CourseNotFound, NotFound, WrongTarget
from canvas_npq.canvas.files import download_file
from canvas_npq.canvas.lock import CourseLock, LockHeld, LockRecord
from canvas_npq.canvas.lock import clear_stale as _clear_stale
from canvas_npq.canvas.navigation import NAVIGATION, SECTIONS, SETTINGS, extras_for
from canvas_npq.canvas.quizzes import WHOLE_STAMP
from canvas_npq.canvas.reader import (
    CourseState,
    listing,
    listings_changed_by,
    read_course,
    read_unsupported,
)
from canvas_npq.canvas.scope import kinds_of
from canvas_npq.canvas.writer import CanvasCourseWriter
from canvas_npq.cohorts.model import BlueprintSpec, Cohort
from canvas_npq.cohorts.run import DEFAULT_PARALLEL, Outcome, run_each
from canvas_npq.model import Kind, Snapshot
from canvas_npq.plan import Action, Change, Plan, PlanOptions, build_plan
from canvas_npq.plan.builder import live_fingerprint
from canvas_npq.plan.model import spec_name
from canvas_npq.plan.saved import CourseChanged, StalePlan
from canvas_npq.spec import CourseSpec, SpecError, build_desired, load_spec
from canvas_npq.spec.cohorts import load_cohorts as _load_cohorts
from canvas_npq.spec.desired import COURSE_ADDRESS

R = TypeVar("R")

__all__ = [
    "Adoption",
    "CanvasConfig",
    "ImportResult",
    "LiveCourse",
    "LockHeld",
    "StalePlan",
    "adopt",
    "apply",
    "bind",
    "check_files",
    "check_fresh",
    "check_target",
    "clear_stale_locks",
    "connect",
    "ensure_blueprint",
    "for_each_cohort",
    "import_course",
    "load",
    "load_cohorts",
    "lock",
    "plan",
    "read",
    "sync_blueprint",
    "verify",
]


@dataclass(frozen=True)
class LiveCourse:
    """A course as read from Canvas: the snapshot plus what the writer needs to know."""

    snapshot: Snapshot
    state: CourseState


def load(path: str | Path, cohort: Cohort | str | None = None) -> tuple[CourseSpec, Snapshot]:
    """Load and validate a spec folder (raises ``SpecError``) and build its desired snapshot.

    ``cohort`` (a :class:`Cohort` from :func:`load_cohorts`, or its name) resolves the
    spec for one cohort: relative dates, time zone, delivery model, overrides.
    """
    spec = load_spec(Path(path), cohort)
    return spec, build_desired(spec)


@dataclass(frozen=True)
class Validated:
    """What :func:`validated` loaded: the spec on its own, and resolved for each cohort
    of its cohorts.yaml (by cohort name), each with its desired snapshot."""

    spec: CourseSpec
    desired: Snapshot
    cohorts: list[Cohort]
    by_cohort: Mapping[str, tuple[CourseSpec, Snapshot]]


def validated(path: str | Path) -> Validated:
    """Every check ``canvas-npq validate`` runs, or ``SpecError`` with every problem:
    the spec resolved for each cohort of its cohorts.yaml (their dates, delivery models
    and overrides), and on its own. ``plan`` and ``apply`` run it before any request,
    whichever cohort or course they are for, so what validate refuses never reaches
    Canvas; they then use what it loaded rather than load the spec again."""
    cohorts = load_cohorts(path)
    problems = []
    by_cohort: dict[str, tuple[CourseSpec, Snapshot]] = {}
    for cohort in cohorts:
        try:
            by_cohort[cohort.name] = load(path, cohort)
        except SpecError as error:
            problems.extend(error.problems)
    if problems:
        unique = {(p.file, p.line, p.column, p.message): p for p in problems}
        raise SpecError(unique.values())
    spec, desired = load(path)
    return Validated(spec, desired, cohorts, by_cohort)


def validate(path: str | Path) -> tuple[CourseSpec, Snapshot, list[Cohort]]:
    """:func:`validated`, as the spec on its own, its desired snapshot and its cohorts."""
    result = validated(path)
    return result.spec, result.desired, result.cohorts


def for_each_cohort(
    cohorts: Sequence[Cohort], work: Callable[[Cohort], R], parallel: int = DEFAULT_PARALLEL
) -> list[Outcome[Cohort, R]]:
    """Run ``work(cohort)`` for each cohort, at most ``parallel`` at once.

    A cohort whose work raises does not stop the others: its ``Outcome.error`` holds
    the exception. Outcomes come back in the cohorts' order.
    """
    return run_each(cohorts, work, parallel)


def load_cohorts(path: str | Path) -> list[Cohort]:
    """The cohorts in the spec folder's ``cohorts.yaml`` ([] without one)."""
    return _load_cohorts(Path(path))


def check_target(course: LiveCourse, spec: CourseSpec, conn: Connection | None = None) -> None:
    """Raise :class:`WrongTarget` unless ``course`` looks like the one ``spec`` is for.

    The course must carry the cohort's course name or course code (a course created
    for the cohort, or one canvas-npq already manages), and must not be a Blueprint
    child course (Blueprint syncs would overwrite what apply writes there); the latter
    is checked when ``conn`` is given.
    """
    live = course.snapshot.get(COURSE_ADDRESS)
    name = live.fields.get("name") if live else None
    code = live.fields.get("course_code") if live else None
    course_id = course.state.course_id
    if name != spec.course.name and code != spec.course.course_code:
        raise WrongTarget(
            f"Course {course_id} ({name!r}, code {code!r}) does not look like this cohort's "
            f"course ({spec.course.name!r}, code {spec.course.course_code!r}): neither the "
            "name nor the course code matches. Check the course id in cohorts.yaml, or pass "
            "--force if this really is the course."
        )
    if conn is not None:
        parents = blueprint_parents(conn, course_id)
        if parents:
            raise WrongTarget(
                f"Course {course_id} is a Blueprint child of course {parents[0]}: Blueprint "
                "syncs overwrite its content. Apply to the Blueprint course instead, or pass "
                "--force."
            )


def check_owner(course: LiveCourse, desired: Snapshot) -> None:
    """Raise :class:`WrongTarget` when another spec owns the course (see
    :func:`~canvas_npq.adopt.ownership.owner_conflict`)."""
    mine = spec_name(desired.meta.get("spec_root"))
    why = owner_conflict(course.snapshot, course.state.course_id, mine)
    if why is not None:
        raise WrongTarget(why)


def connect(config: CanvasConfig) -> Connection:
    return Connection(config)


def read(
    conn: Connection,
    course_id: int | str,
    bind: dict[str, int] | None = None,
    managing: Snapshot | Plan | None = None,
    *,
    since: LiveCourse | None = None,
    changed_by: Plan | None = None,
    extras: frozenset[str] | None = None,
    locked: CourseLock | None = None,
    known: Mapping[str, Any] | None = None,
) -> LiveCourse:
    """Read a course (read-only). ``bind`` reads the objects it names as owned.

    ``course_id`` may be ``sis_course_id:XYZ``; it is resolved to the Canvas id first.
    ``managing`` (the desired snapshot, or a plan made from one) says whether the
    navigation tabs and course settings are read too: only when the spec manages them
    (``changed_by`` counts as ``managing`` when it is not given). It also says which
    collections are listed: those that can hold its kinds of object, and those the
    course's manifest records (``canvas.scope``); without it, every one.

    With ``since`` (an earlier read of this course in this process) and ``changed_by``
    (a plan made from it), only the listings that plan writes, or that Canvas changes
    along with them, are read again; the rest are taken from ``since``. Apply reads this
    way under the lock and to verify, so that a small change costs a few reads, not
    three readings of the whole course. A course changed meanwhile in what the plan
    writes is still seen (the plan is refused as stale); a change elsewhere is not the
    plan's business and is seen by the next plan.

    ``extras`` names the extra reads outright (``import`` reads them all).

    ``locked`` (this course's lock, just taken by :func:`lock` with ``list_pages``) gives
    the pages as the lock listed them once it was held: they are not listed again. Read
    under the lock before any write, as apply does.

    ``known`` holds listings (by ``reader.LISTINGS`` name) known as they are now without
    reading them: :func:`verify` passes the pages as Canvas answered an apply's writes.
    """
    given = course_id
    course_id = resolve_course_id(conn, course_id)
    reuse: dict[str, Any] | None = None
    if since is not None and changed_by is not None:
        fresh = listings_changed_by(
            (
                c.address.kind,
                frozenset(f.name for f in c.fields) if c.action is Action.UPDATE else None,
            )
            for c in changed_by.changes
        )
        reuse = {n: v for n, v in since.state.listings.items() if n not in fresh}
    if locked is not None:
        if str(locked.course_id) not in {str(given), str(course_id)}:
            raise ValueError(f"the lock given is course {locked.course_id}'s, not {given}'s")
        pages = locked.take_pages()
        if pages is not None:  # listed under the lock: the pages as they are now
            reuse = {**(reuse or {}), "pages": pages}
    if known:
        reuse = {**(reuse or {}), **known}
    try:
        snapshot, state = read_course(
            conn,
            course_id,
            bind=bind,
            concurrency=conn.config.concurrency,
            reuse=reuse,
            extras=(
                extras
                if extras is not None
                else extras_of(managing if managing is not None else changed_by)
            ),
            kinds=kinds_of_managed(managing if managing is not None else changed_by),
            questions=questions_wanted(managing, since, changed_by),
            quizzes=quizzes_wanted(managing, since, changed_by),
        )
    except NotFound:
        raise _course_not_found(conn, course_id) from None
    return LiveCourse(snapshot, state)


def questions_wanted(
    managing: Snapshot | Plan | None, since: LiveCourse | None, changed_by: Plan | None
) -> dict[str, Any] | None:
    """The questions wanted of each quiz, by address, for the reader to leave unlisted
    those of quizzes Canvas shows unchanged since they were applied (``read_course``'s
    ``questions``): the desired snapshot's, or, re-reading after ``since``, the ones
    read then. A quiz ``changed_by`` writes is always listed (the writer needs its
    questions' ids, and a verification sees what was written). None: list them all."""
    wanted = quizzes_wanted(managing, since, changed_by)
    if wanted is None:
        return None
    return {address: fields.get("questions") for address, fields in wanted.items()}


def quizzes_wanted(
    managing: Snapshot | Plan | None, since: LiveCourse | None, changed_by: Plan | None
) -> dict[str, Mapping[str, Any]] | None:
    """The fields wanted of each quiz, by address (``read_course``'s ``quizzes``), from
    the same source as :func:`questions_wanted`, without the quizzes ``changed_by``
    writes: with one of them, the quizzes are listed."""
    source = managing if isinstance(managing, Snapshot) else None
    if source is None and since is not None and changed_by is not None:
        source = since.snapshot
    if source is None:
        return None
    wanted = {str(r.address): r.fields for r in source if r.kind is Kind.QUIZ}
    for change in changed_by.changes if changed_by is not None else ():
        wanted.pop(str(change.address), None)
    return wanted


def extras_of(managing: Snapshot | Plan | None) -> frozenset[str]:
    """The extra reads (``canvas.navigation.extras_for``) a spec or its plan needs."""
    if managing is None:
        return frozenset()
    if isinstance(managing, Plan):
        return extras_for(managing.manifest)
    return extras_for(managing)


def kinds_of_managed(managing: Snapshot | Plan | None) -> frozenset[Kind] | None:
    """The kinds of object a spec or its plan manages, whose listings a read needs
    (``canvas.scope``); None (read them all) when the caller manages nothing given."""
    if managing is None:
        return None
    if isinstance(managing, Plan):
        return kinds_of([*managing.manifest, *(c.address for c in managing.changes)])
    return kinds_of(r.address for r in managing)


def _course_not_found(conn: Connection, course: int | str) -> CourseNotFound:
    return CourseNotFound(
        f"Course {course} was not found at {conn.config.url}: it does not exist, or the "
        "token's user is not enrolled in it. Check --course (or the cohort's course in "
        "cohorts.yaml) and CANVAS_API_URL. Nothing was changed."
    )


def resolve_course_id(conn: Connection, course: int | str) -> int:
    """The Canvas id of a course given by id or ``sis_course_id:XYZ``."""
    if isinstance(course, int) or str(course).isdigit():
        return int(course)
    try:
        return course_by_reference(conn, course)
    except NotFound:
        raise _course_not_found(conn, course) from None


def plan(desired: Snapshot, course: LiveCourse, prune: bool = False) -> Plan:
    return build_plan(desired, course.snapshot, PlanOptions(prune=prune))


def apply(
    plan: Plan,
    conn: Connection,
    course: LiveCourse,
    listener: Listener | None = None,
    stop: StopSignal | None = None,
    starting: Callable[[Change], None] | None = None,
) -> ApplyResult:
    """Apply ``plan``; setting ``stop`` (a ``threading.Event``, or a lock's
    :class:`~canvas_npq.canvas.lock.LockKeeper`) ends it between two requests
    (``ApplyFailed``). ``listener`` is told of each change done and ``starting`` of
    each change about to be sent (for progress displays)."""
    writer = CanvasCourseWriter(conn, course.state, files_root=plan.spec_root or None)
    result = apply_plan(
        plan, writer, listener, stop, concurrency=conn.config.concurrency, starting=starting
    )
    result.answers = writer.answers
    return result


def lock(
    conn: Connection, course_id: int | str, *, list_pages: bool = False, **options: Any
) -> CourseLock:
    """Take the course's lock (held in Canvas) or raise :class:`LockHeld`.

    Call ``release()`` on the returned lock when done. ``options``: ``holder``,
    ``ttl``, ``clock`` (see :class:`~canvas_npq.canvas.lock.CourseLock`).

    With ``list_pages`` the lock is checked with a listing of all the course's pages,
    as :func:`read` lists them, rather than a search for lock pages: pass the lock to
    :func:`read` (``locked=``) and that read does not list the pages again. Worth it
    only for a caller that reads the course next: on a course of over 100 pages the
    listing takes more than one request, where the search takes one.
    """
    course_lock = CourseLock(conn, course_id, **options)
    course_lock.acquire(pages=_pages_listing(conn, course_id) if list_pages else None)
    return course_lock


def _pages_listing(conn: Connection, course_id: int | str) -> Callable[[], list[Any]]:
    """The course's pages listing exactly as ``read_course`` makes it: every page,
    bodies included, as the reader's listed objects."""
    return listing(conn, f"courses/{course_id}/pages", include=["body"])


def clear_stale_locks(conn: Connection, course: LiveCourse) -> list[LockRecord]:
    """Delete the course locks left by runs that died (expired, or their process gone on
    this machine), as found when ``course`` was read; a live lock is never touched.
    ``apply`` calls it when it has nothing to write (and so takes no lock)."""
    return _clear_stale(conn, course.state.course_id, course.state.lock_pages)


def check_fresh(plan: Plan, course: LiveCourse, cohort: str | None = None) -> None:
    """Raise :class:`StalePlan` unless ``course`` is the state ``plan`` was made from.

    A saved plan (``plan --out``) is applied only to the course exactly as it was read
    when the plan was made: any edit in Canvas since (a page retitled, a module moved,
    another apply) changes the fingerprint.
    """
    if not plan.live_fingerprint or live_fingerprint(course.snapshot) != plan.live_fingerprint:
        raise StalePlan(plan.course_id, cohort)
    check_files(plan)


def check_saved(plan: Plan, course: LiveCourse, cohort: str | None = None) -> Plan:
    """:func:`check_fresh` for a plan read from a file, with every change checked again
    against ``course`` (see :func:`canvas_npq.apply.saved.check_saved`)."""
    return _saved.check_saved(plan, course.snapshot, cohort)


def verify(
    desired: Snapshot,
    conn: Connection,
    course_id: int | str,
    prune: bool = False,
    *,
    since: LiveCourse | None = None,
    applied: Plan | None = None,
    answers: PageAnswers | None = None,
) -> Plan:
    """Re-read the course and re-plan: after a successful apply the plan is empty.

    With ``since`` (the course as read just before ``applied`` was applied), only what
    that plan wrote is read again (see :func:`read`). The quizzes ``applied`` wrote have
    their questions listed, and a stamp the apply recorded for one whose questions still
    differ is removed from the manifest (one write), so the next read lists them too.

    ``answers`` (the ``answers`` of :func:`apply`'s result for ``applied``) are Canvas's
    answers to its page writes, each the page as Canvas stored it: the pages listing is
    then ``since``'s with them put in, not listed again, unless an answer is incomplete
    or the plan changed the pages otherwise too (see :mod:`canvas_npq.canvas.answers`).
    What Canvas stored other than what was sent still shows as a change."""
    known = None
    if since is not None and applied is not None and answers is not None:
        pages = answers.listing(
            since.state.listings.get("pages"), (c.address.kind for c in applied.changes)
        )
        known = {"pages": pages} if pages is not None else None
    course = read(conn, course_id, managing=desired, since=since, changed_by=applied, known=known)
    result = plan(desired, course, prune=prune)
    if applied is not None:
        _settle_stamps(conn, course, result, applied)
    return result


def _settle_stamps(
    conn: Connection, course: LiveCourse, check: Plan, applied: Plan | None = None
) -> None:
    """Settle the quizzes' stamps once the verification has read them: remove from the
    manifest the stamps of quizzes that ``check`` (the verification's plan) still finds
    different (a stamp says the questions are the ones applied, which is then not so);
    a quiz with any field still different keeps no whole stamp either.

    A quiz ``applied`` wrote was stamped after its writes but read only now: where this
    read (after the stamp) shows every field of it as the one applied, its stamp becomes
    its whole stamp (``canvas.quizzes.WHOLE_STAMP``). Either way, one manifest write."""
    manifest = dict(course.snapshot.meta.get("manifest") or {})
    changed = False
    for change in check.changes:
        entry = manifest.get(str(change.address))
        stamps = {"stamp", WHOLE_STAMP}
        if change.address.kind is Kind.QUIZ and isinstance(entry, dict) and stamps & entry.keys():
            manifest[str(change.address)] = {k: v for k, v in entry.items() if k not in stamps}
            changed = True
    differing = {str(c.address) for c in check.changes}
    for change in applied.changes if applied is not None else ():
        address = str(change.address)
        entry = manifest.get(address)
        if change.address.kind is not Kind.QUIZ or address in differing:
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("stamp"), str):
            continue
        read = course.state.quiz_fields.get(entry.get("id"))  # type: ignore[arg-type]
        if entry.get(WHOLE_STAMP) != entry["stamp"] and read == entry.get("applied"):
            manifest[address] = {**entry, WHOLE_STAMP: entry["stamp"]}
            changed = True
    if changed:
        owner = course.snapshot.meta.get("manifest_owner")
        CanvasCourseWriter(conn, course.state).write_manifest(manifest, owner)


# -- bringing existing courses under canvas-npq -------------------------------------------


@dataclass
class _Binding:
    """What binding records: the course as read with the bindings, and the manifest."""

    course: LiveCourse
    desired: Snapshot
    manifest: dict[str, Any]
    plan: Plan
    unmanaged: list[Unmanaged] = field(default_factory=list)
    owner: str | None = None  # the spec the manifest will name as the course's owner

    @property
    def needs_write(self) -> bool:
        snapshot = self.course.snapshot
        return self.manifest != dict(snapshot.meta.get("manifest") or {}) or (
            self.owner is not None and self.owner != recorded_owner(snapshot)
        )


@dataclass
class ImportResult(_Binding):
    """``import_course``: the spec written, and whether the course was bound to it."""

    out_dir: Path = Path()
    files: SpecFiles = field(default_factory=SpecFiles)
    bound: bool = False


@dataclass
class Adoption(_Binding):
    """``adopt``'s proposal: which Canvas object each spec object would be bound to."""

    matching: Matching = field(default_factory=Matching)


def bind(conn: Connection, binding: _Binding) -> bool:
    """Record the bindings in the course's manifest: the only write import and adopt make.

    No content is changed. Returns False when the manifest already says the same.
    """
    if not binding.needs_write:
        return False
    course_id = binding.course.state.course_id
    held = lock(conn, course_id, list_pages=True)
    try:
        fresh = read(conn, course_id, locked=held)
        seen = dict(binding.course.snapshot.meta.get("manifest") or {})
        if dict(fresh.snapshot.meta.get("manifest") or {}) != seen:
            raise CourseChanged(
                f"Course {course_id} changed while binding (another run recorded objects); "
                "nothing was written. Run the command again."
            )
        CanvasCourseWriter(conn, fresh.state).write_manifest(binding.manifest, binding.owner)
    finally:
        held.release()
    return True


def _unsupported(conn: Connection, course: LiveCourse) -> list[dict[str, Any]]:
    return read_unsupported(conn, course.state.course_id)


def _write_folder(
    out: Path, files: SpecFiles, fetch: Callable[[Download], bytes], concurrency: int = 1
) -> None:
    """Write the spec folder whole or not at all: into a hidden folder beside ``out``,
    renamed to ``out`` once every body is written and every course file downloaded
    (``concurrency`` downloads at once)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.importing-", dir=out.parent))

    def download(relative: str, wanted: Download) -> None:
        data = fetch(wanted)
        if len(data) != wanted.size:
            raise CanvasError(
                f"The download of {relative!r} (file {wanted.canvas_id}) gave "
                f"{len(data):,} bytes where Canvas reports {wanted.size:,}; nothing "
                "was written. Run the import again."
            )
        path = work / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    try:
        for relative, text in files.files.items():
            path = work / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
            futures = [pool.submit(download, *entry) for entry in files.downloads.items()]
            try:
                for future in futures:
                    future.result()
            except BaseException:
                for future in futures:
                    future.cancel()  # the downloads not started yet
                raise
        if out.exists():
            out.rmdir()  # empty, checked above
        work.rename(out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def import_course(
    conn: Connection,
    course_id: int | str,
    out_dir: str | Path,
    *,
    bind_course: bool = True,
    take_over: bool = False,
    start: date | None = None,
) -> ImportResult:
    """Write a spec folder that reproduces the course, then bind the course to it.

    ``out_dir`` must not exist or be empty; it is written whole or not at all. Page and
    assignment bodies become Markdown where Markdown reproduces them exactly, HTML files
    otherwise; course files are downloaded under ``files/`` and links to them become
    relative links. The result's ``plan``
    (the new spec against the course) is empty when the round trip is exact. With
    ``bind_course`` the manifest then records every imported object (one write, no
    content changed), so ``plan`` and ``apply`` manage the course from now on, with
    ``out_dir`` (by its name) recorded as its spec.

    A course another spec already manages is refused (:class:`WrongTarget`, nothing
    written anywhere) when binding, unless ``take_over``.

    ``start`` (the cohort's first day) writes ``cohorts.yaml`` with the course as its
    one cohort, and dates relative to that day wherever that is exact.
    """
    out = Path(out_dir)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise FileExistsError(f"{out} already exists and is not an empty folder")
    # The menu, the settings and the sections' names are read too: the spec holds them.
    every = frozenset({NAVIGATION, SETTINGS, SECTIONS})
    first = read(conn, course_id, extras=every)
    owner = spec_name(str(out.absolute()))
    conflict = import_conflict(first.snapshot, first.state.course_id, owner or str(out))
    if bind_course and not take_over and conflict is not None:
        raise WrongTarget(conflict)
    proposal = propose(first.snapshot, _unsupported(conn, first))
    urls = {
        entry["id"]: entry.get("url")
        for entry in first.snapshot.meta.get("unowned", ())
        if entry["kind"] == "file"
    }
    course = read(conn, course_id, bind=proposal.bind, extras=every)
    header = (
        f"# Imported by canvas-npq from Canvas course {course.state.course_id}.\n"
        "# Ids are stable: keep them when you rename things. See docs/spec-format.md.\n"
    )
    cohort = slugify(out.name) or "imported"
    files = spec_files(course.snapshot, header=header, cohort=cohort, start=start)
    _write_folder(
        out,
        files,
        lambda d: download_file(conn, d.canvas_id, urls.get(d.canvas_id)),
        concurrency=conn.config.concurrency,
    )
    _, desired = load(out, files.cohort)
    manifest = adopted_manifest(desired, course.snapshot)
    result = ImportResult(
        course=course,
        desired=desired,
        manifest=manifest,
        plan=build_plan(desired, as_bound(course.snapshot, manifest)),
        unmanaged=proposal.unmanaged,
        owner=owner,
        out_dir=out,
        files=files,
    )
    if bind_course:
        try:
            bind(conn, result)
        except CourseChanged:  # another run got there first: the spec may be out of date
            shutil.rmtree(out, ignore_errors=True)
            raise
        result.bound = True
    return result


def adopt(conn: Connection, desired: Snapshot, course_id: int | str) -> Adoption:
    """Propose binding a spec to a course that already holds its content (read-only).

    Show ``matching`` (matched, ambiguous, missing), ``unmanaged`` and ``plan`` (what
    plan will show once bound) to the admin; ``bind(conn, adoption)`` records it.
    """
    # Read as the spec manages the course: sections by name, to match their dates.
    first = read(conn, course_id, managing=desired)
    quizzes = _unsupported(conn, first)
    matching = match(desired, first.snapshot, quizzes)
    course = read(conn, course_id, bind=matching.bind, managing=desired)
    unmanaged = [
        Unmanaged(e["kind"], e["id"], e["title"], reason)
        for e in without_quiz_assignments([*first.snapshot.meta.get("unowned", ()), *quizzes])
        if (reason := problem(e)) is not None
    ]
    manifest = adopted_manifest(desired, course.snapshot)
    return Adoption(
        course=course,
        desired=desired,
        manifest=manifest,
        plan=build_plan(desired, as_bound(course.snapshot, manifest)),
        unmanaged=unmanaged,
        owner=spec_name(desired.meta.get("spec_root")),
        matching=matching,
    )


def ensure_blueprint(conn: Connection, blueprint: BlueprintSpec) -> list[int | str]:
    """Make the cohort's Blueprint course a Blueprint with its associated courses.

    Returns the courses newly associated (none are ever removed). Sends no write
    when everything is in place already.
    """
    return _blueprint.ensure_blueprint(conn, blueprint.course, blueprint.associated)


def check_saved_blueprint(
    conn: Connection, course_id: int, blueprint: BlueprintSpec, keyed: bool, where: str
) -> None:
    """A saved plan's Blueprint: its own course, new associations only when keyed (see
    :func:`canvas_npq.apply.saved.check_saved_blueprint`)."""
    _saved.check_saved_blueprint(conn, course_id, blueprint, keyed, where)


def blueprint_unsynced(conn: Connection, blueprint: BlueprintSpec) -> bool:
    """True when the Blueprint has changes its associated courses have not received."""
    return _blueprint.has_unsynced_changes(conn, blueprint.course)


def sync_blueprint(conn: Connection, blueprint: BlueprintSpec, **options: Any) -> SyncReport:
    """Sync the Blueprint to its associated courses, wait, and report per course.

    Canvas can call a migration ``completed`` while it skipped items in some courses
    (a copy edited there); those are in ``SyncReport.courses[...].skipped``.
    """
    return _blueprint.sync_blueprint(conn, blueprint.course, **options)
