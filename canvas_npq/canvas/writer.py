"""Writing to a course: one method per action, translating model fields to Canvas params.

Canvas quirks handled here, each once:
* pages are addressed as ``page_id:N``, never by slug (slugs follow titles, and a PUT
  to a stale slug silently creates a new page); Canvas still finds a page deleted there
  by ``page_id:N`` and answers 403 to anything done to it, so a 403 on a page is checked
  against the page list (absent = deleted in Canvas);
* modules cannot be published on create, so a published module takes a second PUT,
  and publishing sends ``skip_content_tags`` so it does not cascade to items, except
  ``publish_modules``, which publishes new modules and their items, all in one batch
  request;
* a module item for a page or assignment mirrors its content's title and published
  state, so those are never sent for it (sending a title would rename the content);
* SubHeader and ExternalUrl items start unpublished.

A create whose answer is lost (timeout, reset, 5xx after Canvas saved it) is never
simply sent again: the writer re-reads the container and adopts the object it finds
(pages, assignments and groups by their ownership marker; modules and items by name,
type and content among the ids that did not exist when the course was read). Only
when nothing is found is the create sent once more; if it cannot be told, the writer
stops and says so. A DELETE that finds the object already gone counts as done.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from canvasapi.course import Course
from canvasapi.module import Module

from canvas_npq.canvas import announcements as announcement_api
from canvas_npq.canvas import sections as section_api
from canvas_npq.canvas.answers import PageAnswers
from canvas_npq.canvas.client import Connection
from canvas_npq.canvas.errors import (
    CanvasError,
    NotFound,
    PermissionDenied,
    ResponseLost,
    WriteRejected,
)
from canvas_npq.canvas.files import UPLOADED_FIELDS, upload_file
from canvas_npq.canvas.graphql import quiz_stamps
from canvas_npq.canvas.manifest import (
    MANIFEST_PART_TITLE,
    MANIFEST_TITLE,
    encode_manifest,
    encode_part,
    is_manifest,
    split_manifest,
)
from canvas_npq.canvas.navigation import update_settings, update_tab
from canvas_npq.canvas.quizzes import (
    LiveQuiz,
    canvas_questions,
    normalize_questions,
    quiz_params,
    write_questions,
)
from canvas_npq.canvas.reader import (
    GROUP_MARKER_KEY,
    CourseState,
    calendar_listing,
    listing,
)
from canvas_npq.model import Kind
from canvas_npq.model.files import FILE_REF, refs_to_urls
from canvas_npq.model.markers import owner_of
from canvas_npq.model.objectlinks import OBJECT_REF, SECTIONS
from canvas_npq.model.objectlinks import refs_to_urls as object_refs_to_urls
from canvas_npq.spec.paths import PathError, resolve_spec_file

Resolve = Callable[[str], int]
CONTENT_ITEM_TYPES = frozenset({"Page", "Assignment", "Discussion", "File", "Quiz"})
DISCUSSION_FIELDS = ("title", "message", "published", "discussion_type", "require_initial_post")
CREATE_ATTEMPTS = 3  # a create whose answer is lost: look, then send again, at most this often


# Kinds whose lost create the writer can look for (the others carry a marker the next
# read recognises, so the writer stops instead of sending the create again).
SEARCHABLE = frozenset(
    {
        Kind.ASSIGNMENT_GROUP,
        Kind.PAGE,
        Kind.ASSIGNMENT,
        Kind.DISCUSSION,
        Kind.MODULE,
        Kind.MODULE_ITEM,
        Kind.CALENDAR_EVENT,
        Kind.ANNOUNCEMENT,
        Kind.OUTCOME_GROUP,
        Kind.OUTCOME,
        Kind.RUBRIC,
        Kind.QUIZ,
    }
)


class AmbiguousCreate(CanvasError):
    """A create's answer was lost and the object cannot be told apart from others."""


def _date(value: str | None) -> str:
    return value or ""  # an empty string clears a date in Canvas


def _prerequisites(fields: Mapping[str, Any], resolve: Resolve) -> list[int]:
    """Canvas ids of the prerequisite modules (``prerequisite_module_ids[]``)."""
    return [resolve(address) for address in fields.get("prerequisites") or ()]


# How long after a quiz's last write its stamp is read: over Canvas's one-second precision.
STAMP_DELAY = 1.05


class CanvasCourseWriter:
    """The only object that changes a course. Implements ``apply.CanvasWriter``."""

    def __init__(
        self, conn: Connection, state: CourseState, files_root: str | Path | None = None
    ) -> None:
        self.conn = conn
        self.state = state
        self.course_path = f"courses/{state.course_id}"
        self.writes = 0
        self.questions_written = 0  # quiz questions created, updated or deleted
        # When Canvas answered this run's last write that can touch a quiz (time.monotonic):
        # its own, and any but a page's (a module item or module published publishes its
        # quiz; a graded quiz's assignment and overrides are kept in step with it).
        self.quiz_written_at = 0.0
        self.adopted = 0  # objects found after a create's answer was lost
        # Canvas ids that existed when the course was read or that this run created:
        # a lost create's object is one that is not among them.
        self.known: set[tuple[Kind, int]] = set(state.known)
        self._writes_lock = threading.Lock()  # the executor may write from several threads
        self.files_root: Path | None = Path(files_root) if files_root else None
        self._resolve: Resolve | None = None  # the executor's, for file links in text
        # Canvas's answers to the page writes (the manifest's too): verification takes
        # the pages listing from them rather than listing the pages again.
        self.answers = PageAnswers()

    def _count_write(self) -> None:
        with self._writes_lock:
            self.writes += 1

    def _send(self, method: str, path: str, **params: Any) -> Any:
        self._count_write()
        if path.startswith("/pages"):  # its outcome goes to self.answers, or they are not used
            self.answers.sending()
        params = self._with_file_links(params)
        answer = self.conn.send(method, f"{self.course_path}{path}", **params)
        if not path.startswith("/pages"):
            with self._writes_lock:
                self.quiz_written_at = time.monotonic()
        return answer

    def stamp_quizzes(self, quiz_ids: Sequence[int]) -> dict[int, str] | None:
        """The stamps of the course's quizzes (``canvas.graphql``; the caller takes those
        of ``quiz_ids``), read at least ``STAMP_DELAY`` after this run's last write that
        can touch a quiz was answered: ``updatedAt`` is to the second, so an edit after
        this read never carries the stamp it returns.

        :calls: ``POST /api/graphql``
        """
        wait = self.quiz_written_at + STAMP_DELAY - time.monotonic()
        if quiz_ids and self.quiz_written_at and wait > 0:
            time.sleep(wait)
        return quiz_stamps(self.conn, self.state.course_id)

    def _send_question(self, method: str, path: str, **params: Any) -> Any:
        """A write to one quiz question (each is its own object in Canvas)."""
        with self._writes_lock:
            self.questions_written += 1
        return self._send(method, path, **params)

    # -- files ----------------------------------------------------------------------

    def _with_file_links(self, value: Any) -> Any:
        """Text with references to spec files and objects turned into their Canvas
        addresses."""
        if isinstance(value, str):
            if OBJECT_REF in value:
                value = object_refs_to_urls(value, self.state.course_id, self._object_path)
            if FILE_REF not in value:
                return value
            resolve = self._resolve
            if resolve is None:
                raise CanvasError("a file link cannot be sent before the files are known")
            return refs_to_urls(value, self.state.course_id, lambda key: resolve(f"file.{key}"))
        if isinstance(value, dict):
            return {k: self._with_file_links(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self._with_file_links(v) for v in value]
        return value

    def _object_path(self, address: str) -> str:
        """Where a linked object is in the course now: a page by its current slug (the
        executor writes a linking body after a retitle), others by id. An object this
        run has not made yet (two new objects linking to each other) is linked to its
        section; the executor sends the body again once it exists (``apply.linkorder``).
        """
        kind, _, _ = address.partition(".")
        section = SECTIONS.get(kind, "pages")
        try:
            canvas_id = self._resolve(address) if self._resolve else None
        except LookupError:
            canvas_id = None
        if canvas_id is None:
            return section
        if kind == "page":
            slug = self.state.page_slugs.get(canvas_id)
            return f"pages/{slug}" if slug else section
        return f"{section}/{canvas_id}"

    def _file_bytes(self, path: str) -> bytes:
        if self.files_root is None:
            raise CanvasError(f"cannot upload {path!r}: the spec folder is not known")
        try:  # only a file inside the spec folder, whatever the plan says
            _display, resolved = resolve_spec_file(self.files_root, path, "")
        except PathError as error:
            raise CanvasError(f"cannot upload {path!r}: {error.message}") from None
        return resolved.read_bytes()

    def _upload(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """:calls: the three-step upload (``canvas.files.upload_file``)."""
        with self._writes_lock:
            self.writes += 2  # the preflight and the upload itself
        return upload_file(
            self.conn,
            self.state.course_id,
            fields["name"],
            fields.get("folder"),
            self._file_bytes(fields["path"]),
        )

    def _rewrite_file(self, canvas_id: int, desired: Mapping[str, Any], changed: set[str]) -> int:
        """Rename in place; upload again (replacing, under a new id) when the bytes changed."""
        if "name" in changed:
            self._count_write()
            self.conn.send("PUT", f"files/{canvas_id}", name=desired["name"])
        if changed & UPLOADED_FIELDS:
            return int(self._upload(desired)["id"])
        return canvas_id

    # -- create ---------------------------------------------------------------------

    def create(
        self,
        kind: Kind,
        key: str,
        fields: Mapping[str, Any],
        resolve: Resolve,
        position: int | None,
    ) -> int:
        """Create one object; return its Canvas id.

        :calls: ``POST /api/v1/courses/:id/assignment_groups``, ``POST .../pages``,
            ``POST .../assignments``, ``POST .../modules`` (+ ``PUT .../modules/:id`` to
            publish), ``POST .../modules/:id/items`` (+ ``PUT`` to publish a header/link).
            After a lost answer: the container's listing, to find the object.
        """
        self._resolve = resolve
        for attempt in range(1, CREATE_ATTEMPTS + 1):
            try:
                created = self._post(kind, key, fields, resolve, position)
                break
            except ResponseLost as lost:
                if kind not in SEARCHABLE:
                    raise CanvasError(
                        f"{lost}. canvas-npq stops rather than risk creating {kind.label} "
                        f"{key!r} twice; apply again: the next read finds it by its marker "
                        "if Canvas made it."
                    ) from None
                found = self.find_created(kind, key, fields, resolve)
                if kind is Kind.PAGE:  # a listed row, not Canvas's answer
                    self.answers.lost(f"the create of page {key!r} was not answered")
                if found is not None:
                    self.adopted += 1
                    created = found
                    break
                if attempt == CREATE_ATTEMPTS:
                    raise CanvasError(
                        f"{lost} Canvas did not answer the create of {kind.label} {key!r}, "
                        f"{attempt} times, and it is not in the course."
                    ) from None
        canvas_id = int(created["page_id" if kind is Kind.PAGE else "id"])
        self.known.add((kind, canvas_id))
        self._after_create(kind, created, fields, resolve)
        return canvas_id

    def _post(
        self,
        kind: Kind,
        key: str,
        fields: Mapping[str, Any],
        resolve: Resolve,
        position: int | None,
    ) -> dict[str, Any]:
        if kind is Kind.ASSIGNMENT_GROUP:
            params: dict[str, Any] = {"name": fields["name"]}
            params["integration_data"] = {GROUP_MARKER_KEY: key}
            if position:
                params["position"] = position
            return self._send("POST", "/assignment_groups", **params)
        if kind is Kind.PAGE:
            page = self._send("POST", "/pages", wiki_page=self._page_params(fields))
            self.answers.created(page)
            return page
        if kind is Kind.ASSIGNMENT:
            params = self._assignment_params(fields, resolve)
            return self._send("POST", "/assignments", assignment=params)
        if kind is Kind.DISCUSSION:
            # Top-level params; a teacher's new topic is a draft unless published is sent.
            params = {n: fields[n] for n in DISCUSSION_FIELDS if n in fields}
            return self._send("POST", "/discussion_topics", **params)
        if kind is Kind.ASSIGNMENT_OVERRIDE:
            section = self.state.sections.get(str(fields["section"]))
            if section is None:
                raise CanvasError(f"the course has no section named {fields['section']!r}")
            override = section_api.override_params(fields, section)
            assignment_id = self._dated_assignment(str(fields["assignment"]), resolve)
            path = f"/assignments/{assignment_id}/overrides"
            created = self._send("POST", path, assignment_override=override)
            self.state.override_assignments[int(created["id"])] = assignment_id
            return created
        if kind is Kind.ANNOUNCEMENT:
            return self._send(
                "POST", "/discussion_topics", **announcement_api.params(fields, new=True)
            )
        if kind is Kind.CALENDAR_EVENT:
            # Events live outside the course path; the course is named in context_code.
            event = self._with_file_links(self._event_params(fields))
            event.pop("remove_child_events", None)  # a new event has no children
            event["context_code"] = f"course_{self.state.course_id}"
            self._count_write()
            return self.conn.send("POST", "calendar_events", calendar_event=event)
        if kind is Kind.MODULE:
            module: dict[str, Any] = {"name": fields["name"]}
            module["unlock_at"] = _date(fields.get("unlock_at"))
            module["require_sequential_progress"] = bool(fields["require_sequential_progress"])
            if fields.get("prerequisites"):
                module["prerequisite_module_ids"] = _prerequisites(fields, resolve)
            if position:
                module["position"] = position
            return self._send("POST", "/modules", module=module)
        if kind is Kind.MODULE_ITEM:
            module_id = resolve(fields["module"])
            item = self._item_create_params(fields, resolve)
            if position:
                item["position"] = position
            return self._send("POST", f"/modules/{module_id}/items", module_item=item)
        if kind is Kind.OUTCOME_GROUP:
            parent = self._outcome_parent(fields.get("parent"), resolve)
            params = self._outcome_params(fields, ("title", "description", "vendor_guid"))
            return self._send("POST", f"/outcome_groups/{parent}/subgroups", **params)
        if kind is Kind.OUTCOME:
            group_id = resolve(fields["group"])
            params = self._outcome_params(
                fields, ("title", "display_name", "description", "vendor_guid")
            )
            link = self._send("POST", f"/outcome_groups/{group_id}/outcomes", **params)
            outcome_id = link["outcome"]["id"]
            self.state.outcome_groups[outcome_id] = group_id
            return {"id": outcome_id}
        if kind is Kind.RUBRIC:
            return {"id": self._save_rubric("POST", "/rubrics", fields, resolve)}
        if kind is Kind.QUIZ:  # unpublished until its questions are in (_after_create)
            params = {**quiz_params(fields, resolve), "published": False}
            return self._send("POST", "/quizzes", quiz=params)
        if kind is Kind.FILE:
            return self._upload(fields)
        raise CanvasError(f"canvas-npq cannot create a {kind.label}")

    # -- rubrics --------------------------------------------------------------------

    def rewrite(
        self,
        kind: Kind,
        canvas_id: int,
        desired: Mapping[str, Any],
        resolve: Resolve,
        changed: frozenset[str] = frozenset(),
    ) -> int:
        """Update an object Canvas may answer with under a new id; return that id.

        A rubric is sent whole (Canvas rebuilds its criteria from each update) and comes
        back as a copy with a new id when another assignment also uses it.
        """
        self._resolve = resolve
        if kind is Kind.RUBRIC:
            return self._save_rubric("PUT", f"/rubrics/{canvas_id}", desired, resolve, canvas_id)
        if kind is Kind.FILE:
            return self._rewrite_file(canvas_id, desired, set(changed))
        if kind is Kind.ASSIGNMENT_OVERRIDE:  # Canvas drops any date an update leaves out
            assignment = resolve(str(desired["assignment"]))
            override = section_api.override_params(desired, None)
            path = f"/assignments/{assignment}/overrides/{canvas_id}"
            self._send("PUT", path, assignment_override=override)
            return canvas_id
        raise CanvasError(f"canvas-npq cannot rewrite a {kind.label}")

    def _save_rubric(
        self,
        method: str,
        path: str,
        fields: Mapping[str, Any],
        resolve: Resolve,
        canvas_id: int | None = None,
    ) -> int:
        """:calls: ``POST /api/v1/courses/:id/rubrics`` or ``PUT .../rubrics/:id``."""
        criteria: dict[str, Any] = {}
        for index, criterion in enumerate(fields["criteria"]):
            sent: dict[str, Any] = {
                "description": criterion["description"],
                "long_description": criterion["long_description"],
                "points": criterion["points"],
                "criterion_use_range": bool(criterion["use_range"]),
                "ratings": {
                    str(n): {
                        "description": rating["description"],
                        "long_description": rating["long_description"],
                        "points": rating["points"],
                    }
                    for n, rating in enumerate(criterion["ratings"])
                },
            }
            if criterion.get("outcome"):
                sent["learning_outcome_id"] = resolve(criterion["outcome"])
            criteria[str(index)] = sent  # an indexed hash, as Canvas wants it
        params: dict[str, Any] = {
            "rubric": {
                "title": fields["title"],
                "free_form_criterion_comments": bool(fields["free_form_criterion_comments"]),
                "criteria": criteria,
            },
            "rubric_association": {
                "association_id": resolve(fields["assignment"]),
                "association_type": "Assignment",
                "use_for_grading": bool(fields["use_for_grading"]),
                "purpose": "grading",
            },
        }
        association = self.state.rubric_associations.get(canvas_id) if canvas_id else None
        if association is not None:
            params["rubric_association_id"] = association
        # Canvas sets a graded assignment's points to its rubric's total on every rubric
        # save unless told not to (RubricAssociation#update_assignment_points): the spec
        # sets the assignment's points, so the rubric must leave them alone.
        params["skip_updating_points_possible"] = True
        saved = self._send(method, path, **params) or {}
        if saved.get("error"):  # Canvas reports a failed rubric save as HTTP 200
            messages = "; ".join(str(m) for m in saved.get("messages") or ()) or "invalid"
            raise WriteRejected(f"Canvas rejected the rubric: {messages}")
        rubric_id = saved["rubric"]["id"]
        if saved.get("rubric_association"):
            self.state.rubric_associations[rubric_id] = saved["rubric_association"]["id"]
        return rubric_id

    # -- outcomes -------------------------------------------------------------------

    @staticmethod
    def _outcome_params(fields: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
        return {name: fields[name] or "" for name in names if name in fields}

    def _outcome_parent(self, parent: str | None, resolve: Resolve) -> int:
        """The Canvas id of a group's parent; None is the course's root outcome group."""
        if parent:
            return resolve(parent)
        if self.state.root_outcome_group_id is None:
            # Canvas answers with a redirect to the root group, which it creates on demand.
            root = self.conn.get(f"{self.course_path}/root_outcome_group")
            self.state.root_outcome_group_id = root["id"]
        return self.state.root_outcome_group_id

    def _update_outcome(self, canvas_id: int, fields: Mapping[str, Any], resolve: Resolve) -> None:
        params = self._outcome_params(
            fields, ("title", "display_name", "description", "vendor_guid")
        )
        if params:
            self._count_write()
            self.conn.send("PUT", f"outcomes/{canvas_id}", **params)
        if "group" in fields:
            new_group = resolve(fields["group"])
            link: dict[str, Any] = {}
            old_group = self.state.outcome_groups.get(canvas_id)
            if old_group is not None:
                link["move_from"] = old_group
            self._send("PUT", f"/outcome_groups/{new_group}/outcomes/{canvas_id}", **link)
            self.state.outcome_groups[canvas_id] = new_group

    def _dated_assignment(self, ref: str, resolve: Resolve) -> int:
        """The assignment whose overrides hold a section's dates: the assignment itself,
        or a graded quiz's own assignment (Canvas's quiz API takes no overrides)."""
        canvas_id = resolve(ref)
        if not ref.startswith(f"{Kind.QUIZ.value}."):
            return canvas_id
        assignment_id = self.state.quiz_assignments.get(canvas_id)
        if assignment_id is None:
            raise CanvasError(f"quiz {ref} has no assignment in Canvas (is it graded?)")
        return assignment_id

    def _after_create(
        self, kind: Kind, created: Mapping[str, Any], fields: Mapping[str, Any], resolve: Resolve
    ) -> None:
        """What a create needs beyond its POST (also for an adopted object)."""
        if kind is Kind.QUIZ and created.get("assignment_id") is not None:
            self.state.quiz_assignments[int(created["id"])] = int(created["assignment_id"])
        if kind is Kind.PAGE:
            self.state.page_slugs[created["page_id"]] = created["url"]
        elif kind is Kind.QUIZ:
            # Students take the version saved when the quiz is published: the questions
            # go first. The last save also makes Canvas count the quiz's points.
            path = f"/quizzes/{created['id']}"
            write_questions(self._send_question, path, fields["questions"], None)
            self._send("PUT", path, quiz={"published": bool(fields["published"])})
        elif kind is Kind.MODULE and fields.get("published") and not created.get("published"):
            self._send(
                "PUT",
                f"/modules/{created['id']}",
                module={"published": True, "skip_content_tags": True},
            )
        elif (
            kind is Kind.MODULE_ITEM
            and fields["type"] not in CONTENT_ITEM_TYPES
            and fields.get("published")
            and not created.get("published")
        ):
            self._send(
                "PUT",
                f"/modules/{resolve(fields['module'])}/items/{created['id']}",
                module_item={"published": True},
            )

    def publish_modules(self, canvas_ids: Sequence[int]) -> None:
        """Publish modules with their items (and their content) in one request.

        Canvas ignores ``published`` when a module or a header or link item is created,
        so publishing new modules one by one costs a PUT per module (and per header and
        link). For new modules whose items are all to be published, the executor creates
        everything unpublished and then calls this once: Canvas's batch update publishes
        each module and, without ``skip_content_tags``, its items (``publish_items!``),
        synchronously (no ``async``), and answers with the ids it did. A module missing
        from the answer (deleted in Canvas meanwhile) fails the apply; the next apply
        creates it again.

        :calls: ``PUT /api/v1/courses/:id/modules`` (``event=publish``, ``module_ids[]``).
        """
        wanted = sorted(set(canvas_ids))
        if not wanted:
            return
        answer = self._send("PUT", "/modules", event="publish", module_ids=wanted) or {}
        completed = answer.get("completed") if isinstance(answer, dict) else None
        if not isinstance(completed, list):
            raise CanvasError(
                "Canvas did not say which modules it published (no 'completed' list in its "
                "answer to PUT .../modules); apply again: the next plan publishes any "
                "module left unpublished."
            )
        missing = sorted(set(wanted) - {int(i) for i in completed})
        if missing:
            raise NotFound(
                f"Canvas did not publish modules {', '.join(map(str, missing))}: they are "
                "no longer in the course. Apply again to create them."
            )

    # -- finding what a lost create made ---------------------------------------------

    def _course(self) -> Course:
        return Course(self.conn.requester, {"id": self.state.course_id})

    def find_created(
        self, kind: Kind, key: str, fields: Mapping[str, Any], resolve: Resolve
    ) -> dict[str, Any] | None:
        """The object a create whose answer was lost made, if Canvas made it.

        :calls: one listing of the container (``GET .../pages?include[]=body``,
            ``.../assignments``, ``.../assignment_groups``, ``.../modules`` or
            ``.../modules/:id/items``); for a rubric, ``GET .../assignments/:id``.
        """
        course = self._course()
        if kind is Kind.ASSIGNMENT_GROUP:
            rows = self.conn.read(lambda: list(course.get_assignment_groups(per_page=100)))
            matches = [
                r
                for r in rows
                if (getattr(r, "integration_data", None) or {}).get(GROUP_MARKER_KEY) == key
            ]
        elif kind is Kind.PAGE:
            rows = self.conn.read(lambda: list(course.get_pages(include=["body"], per_page=100)))
            matches = [r for r in rows if owner_of(getattr(r, "body", None)) == key]
        elif kind is Kind.ASSIGNMENT:
            rows = self.conn.read(lambda: list(course.get_assignments(per_page=100)))
            matches = [r for r in rows if owner_of(getattr(r, "description", None)) == key]
        elif kind is Kind.DISCUSSION:
            rows = self.conn.read(lambda: list(course.get_discussion_topics(per_page=100)))
            matches = [r for r in rows if owner_of(getattr(r, "message", None)) == key]
        elif kind is Kind.MODULE:
            rows = self.conn.read(lambda: list(course.get_modules(per_page=100)))
            matches = [r for r in rows if r.name == fields["name"]]
        elif kind is Kind.MODULE_ITEM:
            module = Module(
                self.conn.requester,
                {"id": resolve(fields["module"]), "course_id": self.state.course_id},
            )
            rows = self.conn.read(lambda: list(module.get_module_items(per_page=100)))
            matches = [r for r in rows if self._same_item(r, fields, resolve)]
        elif kind is Kind.ANNOUNCEMENT:
            path = f"{self.course_path}/discussion_topics"
            rows = self.conn.read(listing(self.conn, path, **announcement_api.LISTING_PARAMS))
            matches = [r for r in rows if owner_of(getattr(r, "message", None)) == key]
        elif kind is Kind.QUIZ:
            rows = self.conn.read(listing(self.conn, f"{self.course_path}/quizzes"))
            matches = [r for r in rows if owner_of(getattr(r, "description", None)) == key]
        elif kind is Kind.CALENDAR_EVENT:
            rows = self.conn.read(calendar_listing(self.conn, self.state.course_id))
            matches = [r for r in rows if owner_of(getattr(r, "description", None)) == key]
        elif kind is Kind.OUTCOME_GROUP:
            parent = self._outcome_parent(fields.get("parent"), resolve)
            path = f"{self.course_path}/outcome_groups/{parent}/subgroups"
            rows = self.conn.read(listing(self.conn, path))
            matches = [r for r in rows if getattr(r, "vendor_guid", None) == fields["vendor_guid"]]
        elif kind is Kind.OUTCOME:
            group_id = resolve(fields["group"])
            path = f"{self.course_path}/outcome_groups/{group_id}/outcomes"
            links = self.conn.read(listing(self.conn, path, outcome_style="full"))
            outcomes = [getattr(link, "outcome", None) or {} for link in links]
            found = [
                o
                for o in outcomes
                if o.get("vendor_guid") == fields["vendor_guid"]
                and (kind, o.get("id")) not in self.known
            ]
            if not found:
                return None
            outcome_id = min(o["id"] for o in found)
            self.state.outcome_groups[outcome_id] = group_id
            return {"id": outcome_id}
        elif kind is Kind.RUBRIC:
            # The rubric that now grades the assignment, if the read did not know it.
            # Canvas's rubric list has no associations; the assignment names its rubric
            # in ``rubric_settings`` (lib/api/v1/assignment.rb).
            assignment_id = resolve(fields["assignment"])
            graded = self.conn.get(f"{self.course_path}/assignments/{assignment_id}")
            rubric_id = ((graded or {}).get("rubric_settings") or {}).get("id")
            if isinstance(rubric_id, int) and (kind, rubric_id) not in self.known:
                return {"id": rubric_id}
            return None
        else:
            return None
        id_name = "page_id" if kind is Kind.PAGE else "id"
        fresh = [r for r in matches if (kind, getattr(r, id_name)) not in self.known]
        if not fresh:
            return None
        if len(fresh) > 1 and kind in (Kind.MODULE, Kind.MODULE_ITEM):
            raise AmbiguousCreate(
                f"Canvas did not answer the create of {kind.label} {key!r} and the course "
                f"now holds {len(fresh)} unmanaged {kind.label}s that match it (ids "
                f"{', '.join(str(getattr(r, id_name)) for r in fresh)}). canvas-npq stops "
                "rather than guess: delete the copies that are not wanted and apply again."
            )
        chosen = min(fresh, key=lambda r: getattr(r, id_name))
        return dict(chosen.__dict__)

    def _same_item(self, row: Any, fields: Mapping[str, Any], resolve: Resolve) -> bool:
        item_type = fields["type"]
        if getattr(row, "type", None) != item_type:
            return False
        if item_type == "Page":
            return getattr(row, "page_url", None) == self.state.page_slugs.get(
                resolve(fields["content"])
            )
        if item_type in ("Assignment", "Discussion", "File", "Quiz"):
            return getattr(row, "content_id", None) == resolve(fields["content"])
        if item_type == "ExternalUrl" and getattr(row, "external_url", None) != fields.get(
            "external_url"
        ):
            return False
        return getattr(row, "title", None) == fields.get("title")

    # -- update ---------------------------------------------------------------------

    def update(
        self, kind: Kind, canvas_id: int, fields: Mapping[str, Any], resolve: Resolve
    ) -> bool:
        """Send the changed ``fields`` to an existing object. False if nothing was sent.

        :calls: ``PUT /api/v1/courses/:id``, ``PUT .../assignment_groups/:id``,
            ``PUT .../pages/page_id::id``, ``PUT .../assignments/:id``,
            ``PUT .../modules/:id``, ``PUT .../modules/:module_id/items/:id``.
        """
        self._resolve = resolve
        if kind is Kind.COURSE:
            self._count_write()
            self.conn.send("PUT", self.course_path, course=dict(fields))
            return True
        if kind is Kind.COURSE_SETTINGS:  # PUT /api/v1/courses/:id/settings
            self._count_write()
            update_settings(self.conn, self.state.course_id, fields)
            return True
        if kind is Kind.ASSIGNMENT_GROUP:
            self._send("PUT", f"/assignment_groups/{canvas_id}", **dict(fields))
            return True
        if kind is Kind.PAGE:
            try:
                page = self._send(
                    "PUT", f"/pages/page_id:{canvas_id}", wiki_page=self._page_params(fields)
                )
            except PermissionDenied:
                if self._page_exists(canvas_id):
                    raise
                self.answers.lost(f"page {canvas_id} was deleted in Canvas")
                raise NotFound(f"page {canvas_id} was deleted in Canvas") from None
            answer = page if isinstance(page, Mapping) else {}
            if answer.get("page_id") not in (None, canvas_id):
                # No page ever had this id (Canvas keeps deleted pages), and the PUT made
                # a new one from the changed fields only (Canvas's upsert, §21.2): remove
                # that, so the page is created again whole.
                self.answers.lost(f"the write to page {canvas_id} made page {page['page_id']}")
                self._send("DELETE", f"/pages/page_id:{page['page_id']}")
                raise NotFound(f"page {canvas_id} no longer exists")
            self.answers.written(page, canvas_id)
            if isinstance(answer.get("url"), str):  # an answer without one is read again
                self.state.page_slugs[canvas_id] = answer["url"]
            return True
        if kind is Kind.ASSIGNMENT:
            params = self._assignment_params(fields, resolve)
            self._send("PUT", f"/assignments/{canvas_id}", assignment=params)
            return True
        if kind is Kind.DISCUSSION:
            params = {n: fields[n] for n in DISCUSSION_FIELDS if n in fields}
            self._send("PUT", f"/discussion_topics/{canvas_id}", **params)
            return True
        if kind is Kind.ANNOUNCEMENT:
            sent = announcement_api.params(fields, new=False)
            self._send("PUT", f"/discussion_topics/{canvas_id}", **sent)
            return True
        if kind is Kind.CALENDAR_EVENT:
            self._count_write()
            event = self._with_file_links(self._event_params(fields))
            self.conn.send("PUT", f"calendar_events/{canvas_id}", calendar_event=event)
            return True
        if kind is Kind.MODULE:
            module = dict(fields)
            if "unlock_at" in module:
                module["unlock_at"] = _date(module["unlock_at"])
            if "published" in module:
                module["skip_content_tags"] = True
            if "prerequisites" in module:
                # An empty value clears them; Canvas keeps only earlier modules.
                module["prerequisite_module_ids"] = _prerequisites(module, resolve) or ""
                del module["prerequisites"]
            self._send("PUT", f"/modules/{canvas_id}", module=module)
            return True
        if kind is Kind.QUIZ:
            self._update_quiz(canvas_id, fields, resolve)
            return True
        if kind is Kind.MODULE_ITEM:
            raise CanvasError("module items are updated with update_item()")
        if kind is Kind.OUTCOME_GROUP:
            params = self._outcome_params(fields, ("title", "description", "vendor_guid"))
            if "parent" in fields:
                params["parent_outcome_group_id"] = self._outcome_parent(fields["parent"], resolve)
            self._send("PUT", f"/outcome_groups/{canvas_id}", **params)
            return True
        if kind is Kind.OUTCOME:
            self._update_outcome(canvas_id, fields, resolve)
            return True
        raise CanvasError(f"canvas-npq cannot update a {kind.label}")

    def update_tab(self, tab_id: str, fields: Mapping[str, Any]) -> bool:
        """Hide, show or move one navigation tab (see ``canvas.navigation``).

        :calls: ``PUT /api/v1/courses/:course_id/tabs/:tab_id``
        """
        self._count_write()
        update_tab(self.conn, self.state.course_id, tab_id, fields)
        return True

    def _update_quiz(self, canvas_id: int, fields: Mapping[str, Any], resolve: Resolve) -> None:
        """The changed settings, then the questions; a published quiz whose questions
        changed is unpublished and published again so Canvas saves the version students
        take (the planner never asks for that on a quiz with attempts).

        :calls: ``PUT .../quizzes/:id``, ``POST/PUT/DELETE .../quizzes/:id/questions``.
        """
        path = f"/quizzes/{canvas_id}"
        live = self.state.quizzes.get(canvas_id)
        if live is not None and not live.settings_read:
            # not listed (read as the spec wants it): its state as Canvas has it now
            quiz = self.conn.read(
                lambda: self.conn.requester.request("GET", f"{self.course_path}{path}").json()
            )
            live = LiveQuiz(bool(quiz.get("published")), listed=False)
            self.state.quizzes[canvas_id] = live
        if "questions" in fields and live is not None and not live.listed:
            # read as applied, from its stamp: their ids are needed to change them
            rows = self.conn.read(listing(self.conn, f"{self.course_path}{path}/questions"))
            questions = canvas_questions(rows)
            ids = [q["id"] for q in questions]
            pairs = zip(ids, normalize_questions(questions), strict=True)
            live = LiveQuiz(live.published, list(pairs))
            self.state.quizzes[canvas_id] = live
        params = quiz_params(fields, resolve)
        published = fields.get("published", live.published if live else None)
        rewritten = "questions" in fields and write_questions(
            self._send_question, path, fields["questions"], live
        )
        if rewritten and published and live is not None and live.published:
            self._send("PUT", path, quiz={"published": False})
            params["published"] = True
        elif "published" in fields or rewritten:
            params["published"] = bool(published)  # a save: Canvas recounts the points
        if params:
            self._send("PUT", path, quiz=params)

    def update_item(
        self,
        canvas_id: int,
        item_type: str,
        module: str,
        fields: Mapping[str, Any],
        resolve: Resolve,
        position: int | None = None,
        new_module: str | None = None,
    ) -> bool:
        """Update or move a module item. False if there was nothing Canvas needs to hear."""
        item = dict(fields)
        if item_type in CONTENT_ITEM_TYPES:
            # The item shows its content's title and state; changing them here would
            # rename or (un)publish the content, which has its own update.
            item.pop("title", None)
            item.pop("published", None)
        if item_type != "ExternalUrl":
            item.pop("external_url", None)
            item.pop("new_tab", None)
        item.pop("type", None)
        item.pop("content", None)
        if "completion" in item:
            # Canvas clears a requirement only when the whole parameter is blank
            # (``module_item[completion_requirement]=``); a blank ``[type]`` is a 400.
            completion = item.pop("completion")
            item["completion_requirement"] = {"type": completion} if completion else ""
        if "min_score" in item:  # only ever managed with completion min_score
            item["completion_requirement"] = {
                "type": "min_score",
                "min_score": item.pop("min_score"),
            }
        if new_module:
            item["module_id"] = resolve(new_module)
        if position:
            item["position"] = position
        if not item:
            return False
        self._send("PUT", f"/modules/{resolve(module)}/items/{canvas_id}", module_item=item)
        return True

    def move(self, kind: Kind, canvas_id: int, position: int) -> None:
        """Place a module or assignment group at ``position`` (1-based)."""
        if kind is Kind.MODULE:
            self._send("PUT", f"/modules/{canvas_id}", module={"position": position})
        elif kind is Kind.ASSIGNMENT_GROUP:
            self._send("PUT", f"/assignment_groups/{canvas_id}", position=position)
        else:
            raise CanvasError(f"a {kind.label} has no position")

    # -- delete ---------------------------------------------------------------------

    def delete(self, kind: Kind, canvas_id: int, module: int | None = None) -> None:
        """Delete one object.

        :calls: ``DELETE .../modules/:module_id/items/:id``, ``DELETE .../modules/:id``,
            ``DELETE .../assignments/:id``, ``DELETE .../pages/page_id::id``,
            ``DELETE .../assignment_groups/:id``.
        """
        paths = {
            Kind.MODULE_ITEM: f"/modules/{module}/items/{canvas_id}",
            Kind.MODULE: f"/modules/{canvas_id}",
            Kind.ASSIGNMENT: f"/assignments/{canvas_id}",
            Kind.PAGE: f"/pages/page_id:{canvas_id}",
            Kind.ASSIGNMENT_GROUP: f"/assignment_groups/{canvas_id}",
            Kind.DISCUSSION: f"/discussion_topics/{canvas_id}",
            Kind.ANNOUNCEMENT: f"/discussion_topics/{canvas_id}",
            Kind.ASSIGNMENT_OVERRIDE: f"/assignments/"
            f"{self.state.override_assignments.get(canvas_id)}/overrides/{canvas_id}",
            Kind.QUIZ: f"/quizzes/{canvas_id}",
            Kind.OUTCOME_GROUP: f"/outcome_groups/{canvas_id}",
            Kind.RUBRIC: f"/rubrics/{canvas_id}",
            # Unlinking an outcome's last link deletes it.
            Kind.OUTCOME: f"/outcome_groups/{self.state.outcome_groups.get(canvas_id)}"
            f"/outcomes/{canvas_id}",
        }
        if kind is Kind.FILE:  # files are deleted outside the course path
            self._count_write()
            with contextlib.suppress(NotFound):
                self.conn.send("DELETE", f"files/{canvas_id}")
            return
        if kind is Kind.CALENDAR_EVENT:  # events live outside the course path
            self._count_write()
            with contextlib.suppress(NotFound):
                self.conn.send("DELETE", f"calendar_events/{canvas_id}")
            return
        if kind not in paths:
            raise CanvasError(f"canvas-npq cannot delete a {kind.label}")
        # Already gone (deleted in Canvas, or a retried DELETE that had worked) is done.
        with contextlib.suppress(NotFound):
            try:
                self._send("DELETE", paths[kind])
            except PermissionDenied:
                if kind is not Kind.PAGE or self._page_exists(canvas_id):
                    raise
        if kind is Kind.PAGE:
            self.answers.deleted(canvas_id)

    # -- manifest -------------------------------------------------------------------

    def write_manifest(self, objects: Mapping[str, Any], owner: str | None = None) -> None:
        """Store the manifest (and the spec that owns the course) in its unpublished
        page, creating the page the first time.

        A manifest too large for one page is split (``manifest.split_manifest``): its
        parts go to new pages first, then the manifest page names them, then the parts
        it named before are deleted, so a run stopped anywhere leaves a whole record.

        :calls: ``POST /api/v1/courses/:id/pages`` or ``PUT .../pages/page_id::id``
            (and, for a split manifest, ``POST``/``DELETE .../pages`` per part).
        """
        chunks = split_manifest(dict(objects))
        old_parts = [*self.state.manifest_part_ids, *self.state.stale_manifest_parts]
        if len(chunks) == 1:
            self._write_manifest_page(encode_manifest(chunks[0], owner=owner))
            self.state.manifest_part_ids = []
        else:
            parts = [self._new_part(chunk) for chunk in chunks]
            self._write_manifest_page(encode_manifest({}, parts=parts, owner=owner))
            self.state.manifest_part_ids = parts
        for part_id in old_parts:
            self.delete(Kind.PAGE, part_id)
        self.state.stale_manifest_parts = []

    def _new_part(self, objects: dict[str, Any]) -> int:
        """A new part page (a lost answer leaves at most an unnamed part behind, which
        the next write deletes)."""
        wiki_page = {"title": MANIFEST_PART_TITLE, "body": encode_part(objects), "published": False}
        try:
            page = self._send("POST", "/pages", wiki_page=wiki_page)
        except ResponseLost:  # the first may have made a part: listed again to verify
            self.answers.lost("the create of a manifest part was not answered")
            page = self._send("POST", "/pages", wiki_page=wiki_page)
        self.answers.created(page)
        return int(page["page_id"])

    def _write_manifest_page(self, body: str) -> None:
        if self.state.manifest_page_id is None:
            try:
                page = self._send(
                    "POST",
                    "/pages",
                    wiki_page={"title": MANIFEST_TITLE, "body": body, "published": False},
                )
                self.answers.created(page)
            except ResponseLost:
                self.answers.lost("the create of the manifest page was not answered")
                page = self._find_manifest_page()
                if page is None:
                    raise
                self._send("PUT", f"/pages/page_id:{page['page_id']}", wiki_page={"body": body})
            self.state.manifest_page_id = page["page_id"]
        else:
            try:
                page = self._send(
                    "PUT",
                    f"/pages/page_id:{self.state.manifest_page_id}",
                    wiki_page={"body": body},
                )
                self.answers.written(page, self.state.manifest_page_id)
            except PermissionDenied:
                if self._page_exists(self.state.manifest_page_id):
                    raise
                self.answers.lost("the manifest page was deleted in Canvas")
                self.state.manifest_page_id = None  # deleted in Canvas: start a new one
                self._write_manifest_page(body)

    def _page_exists(self, page_id: int) -> bool:
        """Whether a page Canvas refused to act on (403) is still there.

        Canvas finds ``pages/page_id:N`` even when the page was deleted, and then refuses
        every action on it with 403 (``Wiki#find_page`` does not filter deleted pages;
        ``WikiPage#can_read_page?`` grants nothing on one): only the list, which leaves
        deleted pages out, tells a deleted page from a real permission problem.

        :calls: ``GET /api/v1/courses/:id/pages``
        """
        rows = self.conn.read(listing(self.conn, f"{self.course_path}/pages"))
        return any(getattr(r, "page_id", None) == page_id for r in rows)

    def _find_manifest_page(self) -> dict[str, Any] | None:
        course = self._course()
        rows = self.conn.read(lambda: list(course.get_pages(include=["body"], per_page=100)))
        found = [r for r in rows if is_manifest(getattr(r, "body", None))]
        return dict(min(found, key=lambda r: r.page_id).__dict__) if found else None

    # -- translation ----------------------------------------------------------------

    @staticmethod
    def _page_params(fields: Mapping[str, Any]) -> dict[str, Any]:
        names = ("title", "body", "published", "front_page")
        return {name: fields[name] for name in names if name in fields}

    @staticmethod
    def _assignment_params(fields: Mapping[str, Any], resolve: Resolve) -> dict[str, Any]:
        params: dict[str, Any] = {}
        for name, value in fields.items():
            if name == "assignment_group":
                params["assignment_group_id"] = resolve(value)
            elif name in ("unlock_at", "due_at", "lock_at"):
                params[name] = _date(value)
            elif name == "submission_types":
                params[name] = list(value)
            else:
                params[name] = value
        return params

    def _event_params(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        params: dict[str, Any] = {}
        for name, value in fields.items():
            if name == "section_times":
                params.update(self._child_events(value))
            elif name in ("start_at", "end_at"):
                params[name] = _date(value)
            else:
                params[name] = value or ""  # an empty location clears it
        return params

    def _child_events(self, entries: Any) -> dict[str, Any]:
        """The event's section times: all of them, or the removal of every child."""
        if not entries:
            return {"remove_child_events": "1"}
        try:
            return {"child_event_data": section_api.child_event_data(entries, self.state.sections)}
        except KeyError as missing:
            raise CanvasError(f"the course has no section named {missing.args[0]!r}") from None

    def _item_create_params(self, fields: Mapping[str, Any], resolve: Resolve) -> dict[str, Any]:
        item_type = fields["type"]
        item: dict[str, Any] = {"type": item_type, "indent": fields.get("indent") or 0}
        if item_type == "Page":
            item["page_url"] = self.state.page_slugs[resolve(fields["content"])]
        elif item_type in ("Assignment", "Discussion", "File", "Quiz"):
            item["content_id"] = resolve(fields["content"])
        else:
            item["title"] = fields["title"]
        if item_type == "ExternalUrl":
            item["external_url"] = fields["external_url"]
            item["new_tab"] = bool(fields.get("new_tab"))
        if fields.get("completion"):
            item["completion_requirement"] = {"type": fields["completion"]}
            if fields["completion"] == "min_score":
                item["completion_requirement"]["min_score"] = fields.get("min_score") or 0
        return item
