"""``import``: a live course → the bindings to read it with → a spec folder.

Two pure steps around one extra read (see ``canvas_npq.sync.import_course``):

1. :func:`propose` gives every Canvas object canvas-npq can manage a stable spec id
   (from its title) and lists what it cannot manage and why.
2. :func:`spec_files` writes ``course.yaml`` and one body file per page and assignment
   from the course read with those bindings, so that the spec describes exactly the
   snapshot ``plan`` will compare it with.

Spec kinds are emitted by small functions (``_unit``, ``_assignment``, ``_subheader``,
``_link``, ...), one per kind of object, so a new kind is one function more.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import quote

import yaml

from canvas_npq.adopt import extras
from canvas_npq.adopt.quizzes import quiz_entry
from canvas_npq.adopt.support import (
    GRADING_TYPES,
    Unmanaged,
    problem,
    without_quiz_assignments,
)
from canvas_npq.model import Address, Kind, Resource, Snapshot
from canvas_npq.model.fields import plain_text
from canvas_npq.model.files import FILE_REF
from canvas_npq.model.links import course_relative
from canvas_npq.model.markers import FRAMEWORK_GROUP_KEY, VENDOR_PREFIX
from canvas_npq.model.objectlinks import OBJECT_REF, SECTIONS
from canvas_npq.model.objectlinks import refs_to_urls as object_refs_to_urls
from canvas_npq.spec import outcomes
from canvas_npq.spec.cohorts import COHORTS_FILE
from canvas_npq.spec.dates import load_time_zone
from canvas_npq.spec.keys import DEFAULT_TIME_ZONE
from canvas_npq.spec.markdown import markdown_to_text

SLUG_LIMIT = 60
FILES_FOLDER = "files"  # where import puts the course's files, below the spec folder
# Folders of the spec that hold no bodies: no object gets their name as its id, so no
# body folder (named after a block or kind) can be one of them.
RESERVED_FOLDERS = (FILES_FOLDER, "rubrics", "quizzes")
_FILE_REF_LINK = re.compile(r"""((?:href|src)=["'])canvas-npq-file:([^"'#?]+)""")
HOME_VIEWS = ("modules", "wiki", "syllabus", "feed", "assignments")


def _ascii(text: str) -> str:
    """Letters without their accents ("été" → "ete"); any other character that is not
    ASCII becomes a space, so it still separates words ("d’action" → "d action")."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = (c for c in decomposed if not unicodedata.combining(c))
    return "".join(c if c.isascii() else " " for c in kept)


def slugify(title: str) -> str:
    """A spec id from a title: ASCII lower case, words joined by '-'."""
    text = _ascii(title).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:SLUG_LIMIT].strip("-")


class _Ids:
    """Unique spec ids: the title's slug, then -2, -3, ... on a collision."""

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        self.taken = set(reserved)

    def new(self, title: str, fallback: str) -> str:
        base = slugify(title) or fallback
        key, n = base, 2
        while key in self.taken:
            key, n = f"{base}-{n}", n + 1
        self.taken.add(key)
        return key


@dataclass
class Proposal:
    """How import will bind a course: address → Canvas id, and what it leaves alone."""

    bind: dict[str, int] = field(default_factory=dict)
    unmanaged: list[Unmanaged] = field(default_factory=list)


def _owned_ids(live: Snapshot, kind: Kind) -> dict[Any, str]:
    return {r.canvas_id: r.address.key for r in live.of_kind(kind)}


def propose(live: Snapshot, extra: Iterable[Mapping[str, Any]] = ()) -> Proposal:
    """Bindings for everything in ``live.meta["unowned"]`` (and ``extra``) that the spec
    can express; the rest is listed as unmanaged with the reason."""
    ids = _Ids([*(r.address.key for r in live), *RESERVED_FOLDERS])
    out = Proposal()
    entries = without_quiz_assignments([*live.meta.get("unowned", ()), *extra])
    by_kind: dict[str, list[Mapping[str, Any]]] = {}
    for entry in entries:
        by_kind.setdefault(entry["kind"], []).append(entry)

    def leave(entry: Mapping[str, Any], reason: str) -> None:
        out.unmanaged.append(Unmanaged(entry["kind"], entry["id"], entry["title"], reason))

    def bind(kind: Kind, key: str, canvas_id: int) -> None:
        out.bind[str(Address(kind, key))] = canvas_id

    groups = _owned_ids(live, Kind.ASSIGNMENT_GROUP)
    for entry in by_kind.pop("assignment_group", []):
        if reason := problem(entry):
            leave(entry, reason)
            continue
        groups[entry["id"]] = ids.new(entry["title"], f"group-{entry['id']}")
        bind(Kind.ASSIGNMENT_GROUP, groups[entry["id"]], entry["id"])

    files = _owned_ids(live, Kind.FILE)
    left_files: dict[Any, str] = {}  # file id → why it is not managed
    for entry in by_kind.pop("file", []):
        if reason := problem(entry):
            leave(entry, reason)
            left_files[entry["id"]] = reason
            continue
        stem = entry["title"].rsplit(".", 1)[0] if "." in entry["title"] else entry["title"]
        files[entry["id"]] = ids.new(stem, f"file-{entry['id']}")
        bind(Kind.FILE, files[entry["id"]], entry["id"])

    modules = _owned_ids(live, Kind.MODULE)
    for entry in by_kind.pop("module", []):
        if reason := problem(entry):
            leave(entry, reason)
            continue
        modules[entry["id"]] = ids.new(entry["title"], f"module-{entry['id']}")
        bind(Kind.MODULE, modules[entry["id"]], entry["id"])

    pages = {entry["url"]: entry for entry in by_kind.pop("page", [])}
    owned_pages = {r.facts.get("url"): r.address.key for r in live.of_kind(Kind.PAGE)}
    assignments = {entry["id"]: entry for entry in by_kind.pop("assignment", [])}
    owned_assignments = _owned_ids(live, Kind.ASSIGNMENT)
    discussions = {entry["id"]: entry for entry in by_kind.pop("discussion", [])}
    owned_discussions = _owned_ids(live, Kind.DISCUSSION)
    quizzes = {entry["id"]: entry for entry in by_kind.pop("quiz", [])}
    owned_quizzes = _owned_ids(live, Kind.QUIZ)
    owned_items = {r.address.key for r in live.of_kind(Kind.MODULE_ITEM)}
    placed: set[str] = set()  # content already bound to a module item

    for item in by_kind.pop("module_item", []):
        module_key = (
            Address.parse(item["module"]).key if item["module"] else modules.get(item["module_id"])
        )
        if module_key is None:
            leave(item, "its module is not managed")
            continue
        if reason := problem(item):
            leave(item, reason)
            continue
        if item["type"] == "File":
            if item["content_id"] in left_files:
                leave(item, f"links to a file that is {left_files[item['content_id']]}")
            elif item["content_id"] not in files:
                leave(item, "its file could not be found")
            else:
                bind(Kind.MODULE_ITEM, ids.new(item["title"], f"item-{item['id']}"), item["id"])
            continue
        if item["type"] in ("SubHeader", "ExternalUrl"):
            bind(Kind.MODULE_ITEM, ids.new(item["title"], f"item-{item['id']}"), item["id"])
            continue
        if item["type"] == "Page":
            content_kind, ref = Kind.PAGE, item["page_url"]
            owned, candidates = owned_pages, pages
        elif item["type"] == "Discussion":
            content_kind, ref = Kind.DISCUSSION, item["content_id"]
            owned, candidates = owned_discussions, discussions
        elif item["type"] == "Quiz":
            content_kind, ref = Kind.QUIZ, item["content_id"]
            owned, candidates = owned_quizzes, quizzes
        else:
            content_kind, ref = Kind.ASSIGNMENT, item["content_id"]
            owned, candidates = owned_assignments, assignments
        content = candidates.get(ref)
        if ref in owned:
            key = owned[ref]
        elif content is None:
            leave(item, f"its {content_kind.label} could not be found")
            continue
        elif reason := problem(content):
            leave(item, f"links to {content_kind.label} {content['title']!r}, which is {reason}")
            continue
        elif content_kind is Kind.ASSIGNMENT and content.get("group_id") not in groups:
            leave(item, "its assignment's group is not managed")
            continue
        elif content_kind is Kind.QUIZ and (reason := _quiz_group_problem(content, groups)):
            leave(item, f"links to quiz {content['title']!r}, whose {reason}")
            continue
        else:
            key = ids.new(content["title"], f"{content_kind.value}-{content['id']}")
            bind(content_kind, key, content["id"])
        if str(Address(content_kind, key)) in placed or key in owned_items:
            leave(item, f"its {content_kind.label} is already in another module item")
            continue
        placed.add(str(Address(content_kind, key)))
        owned_items.add(key)
        bind(Kind.MODULE_ITEM, key, item["id"])

    bound = {(Address.parse(a).kind, cid) for a, cid in out.bind.items()}
    for entry in pages.values():
        if (Kind.PAGE, entry["id"]) in bound:
            continue
        if reason := problem(entry):
            leave(entry, reason)
            continue
        bind(Kind.PAGE, ids.new(entry["title"], f"page-{entry['id']}"), entry["id"])
    for entry in discussions.values():  # not in a module: a course-level discussion
        if (Kind.DISCUSSION, entry["id"]) in bound:
            continue
        if reason := problem(entry):
            leave(entry, reason)
            continue
        bind(Kind.DISCUSSION, ids.new(entry["title"], f"discussion-{entry['id']}"), entry["id"])
    for entry in quizzes.values():  # not in a module: a course-level quiz
        if (Kind.QUIZ, entry["id"]) in bound:
            continue
        if reason := problem(entry) or _quiz_group_problem(entry, groups):
            leave(entry, reason)
            continue
        bind(Kind.QUIZ, ids.new(entry["title"], f"quiz-{entry['id']}"), entry["id"])
    course_sections = live.meta.get("sections", ())
    for entry in by_kind.pop("calendar_event", []):
        if reason := problem(entry) or extras.section_times_problem(entry, course_sections):
            leave(entry, reason)
            continue
        bind(Kind.CALENDAR_EVENT, ids.new(entry["title"], f"event-{entry['id']}"), entry["id"])
    for entry in assignments.values():  # not in a module: a course-level assignment
        if (Kind.ASSIGNMENT, entry["id"]) in bound:
            continue
        if reason := problem(entry):
            leave(entry, reason)
            continue
        if entry.get("group_id") not in groups:
            leave(entry, "its assignment group is not managed")
            continue
        bind(Kind.ASSIGNMENT, ids.new(entry["title"], f"assignment-{entry['id']}"), entry["id"])
    assignment_keys = {
        cid: Address.parse(a).key
        for a, cid in out.bind.items()
        if Address.parse(a).kind is Kind.ASSIGNMENT
    }
    assignment_keys.update(owned_assignments)
    extras.propose_overrides(
        by_kind.pop("assignment_override", []), assignment_keys, problem, bind, leave
    )
    for entry in by_kind.pop("announcement", []):
        if reason := problem(entry):
            leave(entry, reason)
            continue
        key = ids.new(entry["title"], f"announcement-{entry['id']}")
        bind(Kind.ANNOUNCEMENT, key, entry["id"])
    has_rubric = {r.address.key for r in live.of_kind(Kind.RUBRIC)}
    for entry in by_kind.pop("rubric", []):
        reason = problem(entry) or _rubric_problem(
            entry, assignment_keys, _owned_ids(live, Kind.OUTCOME)
        )
        graded = assignment_keys.get(entry.get("assignment_id", 0))
        if reason is None and graded in has_rubric:
            reason = "its assignment already has a rubric canvas-npq manages"
        if reason or graded is None:
            leave(entry, reason or "the assignment it grades is not managed")
            continue
        has_rubric.add(graded)
        bind(Kind.RUBRIC, graded, entry["id"])
    for kind_entries in by_kind.values():
        for entry in kind_entries:
            leave(entry, problem(entry) or "canvas-npq does not manage this")
    return out


def _quiz_group_problem(entry: Mapping[str, Any], groups: Mapping[Any, str]) -> str | None:
    """Why a graded quiz cannot be bound: its assignment group is not managed."""
    graded = entry.get("quiz_type") in ("assignment", "graded_survey")
    if graded and entry.get("group_id") not in groups:
        return "assignment group is not managed"
    return None


def _rubric_problem(
    entry: Mapping[str, Any], assignments: Mapping[Any, str], outcomes: Mapping[Any, str]
) -> str | None:
    """Why a rubric cannot be an assignment's ``rubric:`` file, or None."""
    if entry.get("assignment_id") is None:
        return "it grades no assignment: a spec holds a rubric only as an assignment's rubric:"
    if (entry.get("assignments") or 0) > 1:
        return "it grades several assignments; in a spec each assignment has its own rubric"
    if entry["assignment_id"] not in assignments:
        return "the assignment it grades is not managed"
    if any(outcome not in outcomes for outcome in entry.get("outcome_ids") or ()):
        return (
            "a criterion is aligned to an outcome canvas-npq does not manage (a spec aligns "
            "criteria only to its framework's outcomes)"
        )
    return None


# -- spec files -------------------------------------------------------------------------


@dataclass(frozen=True)
class Download:
    """A course file import writes into the spec folder."""

    canvas_id: int
    size: int


def file_name(display_name: str, fallback: str) -> str:
    """A portable file name for a course file: ASCII letters, digits, ``.``, ``_`` and
    ``-`` (so a Markdown link needs no escaping), keeping the extension."""
    text = _ascii(display_name)
    stem, dot, extension = text.rpartition(".")
    if not dot:
        stem, extension = text, ""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-.")[:SLUG_LIMIT] or fallback
    extension = re.sub(r"[^A-Za-z0-9]+", "", extension)[:10]
    return f"{stem}.{extension}" if extension else stem


def _portable(path: str) -> bool:
    parts = path.split("/")
    return all(part not in ("", ".", "..") and file_name(part, "") == part for part in parts)


def _file_paths(live: Snapshot) -> dict[str, str]:
    """Where each course file goes in the spec folder: where its spec had it, for a file
    canvas-npq uploaded, else ``files/<Canvas folder>/<name>``; unique ignoring case
    (so the folder works on every file system)."""
    paths: dict[str, str] = {}
    taken: set[str] = set()
    ordered = sorted(
        live.of_kind(Kind.FILE), key=lambda f: (not f.fields.get("path"), f.canvas_id or 0)
    )
    for file in ordered:
        recorded = file.fields.get("path")  # a file canvas-npq uploaded: keep its place
        if recorded and recorded.lower() not in taken and _portable(recorded):
            taken.add(recorded.lower())
            paths[file.address.key] = recorded
            continue
        parts = (file.fields.get("folder") or "").split("/")
        folder = "/".join(file_name(part, "folder") for part in parts if part)
        stem, extension = posixpath.splitext(
            file_name(file.fields["name"] or "", f"file-{file.canvas_id}")
        )
        n = 1
        while True:
            name = f"{stem}{extension}" if n == 1 else f"{stem}-{n}{extension}"
            path = "/".join(p for p in (FILES_FOLDER, folder, name) if p)
            if path.lower() not in taken:
                break
            n += 1
        taken.add(path.lower())
        paths[file.address.key] = path
    return paths


@dataclass
class SpecFiles:
    """The folder import writes: relative path → text, and how each body was kept."""

    files: dict[str, str] = field(default_factory=dict)
    # path → the Canvas file to download there
    downloads: dict[str, Download] = field(default_factory=dict)
    html_bodies: list[str] = field(default_factory=list)  # kept as HTML, not Markdown
    raw_blocks: int = 0  # blocks kept as raw HTML inside Markdown files
    cohort: str | None = None  # the cohort cohorts.yaml names (the course's section dates)


def _ref_key(value: Any) -> str | None:
    if isinstance(value, str) and "." in value and not value.startswith("foreign:"):
        return Address.parse(value).key
    return None


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


class _Writer:
    def __init__(self, live: Snapshot, start: date | None = None) -> None:
        self.live = live
        self.start = start  # the cohort's first day: dates are written relative to it
        self.out = SpecFiles()
        self.file_paths = _file_paths(live)

    def _relative_file_links(self, html: str, folder: str) -> str:
        """Links to managed files (``canvas-npq-file:<id>`` as read) as relative paths
        from the body's folder, which is what ``load`` turns back into references."""
        if FILE_REF not in html:
            return html

        def swap(match: re.Match[str]) -> str:
            path = self.file_paths.get(match.group(2))
            if path is None:
                return match.group(0)
            return match.group(1) + quote(posixpath.relpath(path, folder))

        return _FILE_REF_LINK.sub(swap, html)

    def _object_links_as_read(self, html: str) -> str:
        """Links to objects (``canvas-npq-object:<address>`` as read) as the course links
        Canvas holds, which ``course_relative`` then writes with the course placeholder."""
        if OBJECT_REF not in html:
            return html

        def path_of(address: str) -> str:
            target = self.live.get(Address.parse(address))
            if target is None or target.canvas_id is None:
                return SECTIONS.get(address.partition(".")[0], "pages")
            if target.kind is Kind.PAGE:
                return f"pages/{target.facts.get('url') or target.canvas_id}"
            return f"{SECTIONS[target.kind.value]}/{target.canvas_id}"

        return object_refs_to_urls(html, self.live.meta.get("course_id") or 0, path_of)

    def body(self, folder: str, key: str, html: str) -> str:
        # Imported here: BeautifulSoup and markdownify are needed only by import, and
        # every command would otherwise pay for loading them.
        from canvas_npq.adopt.convert import html_to_markdown

        html = self._relative_file_links(self._object_links_as_read(html), folder)
        converted = html_to_markdown(course_relative(html, self.live.meta.get("course_id")))
        path = f"{folder}/{key}{converted.extension}"
        self.out.files[path] = converted.text
        self.out.raw_blocks += converted.raw_blocks
        if converted.markdown is None:
            self.out.html_bodies.append(path)
        return path

    # one function per kind of spec object

    def _course(self, course: Resource) -> dict[str, Any]:
        return {
            "name": course.fields["name"],
            "course_code": course.fields["course_code"],
            "time_zone": course.fields["time_zone"] or DEFAULT_TIME_ZONE,
        }

    def _home_page(self, entry: dict[str, Any], course: Resource) -> None:
        """``front_page`` and ``default_view``, where the spec can say them (both optional)."""
        in_modules = {item.fields["content"] for item in self.live.of_kind(Kind.MODULE_ITEM)}
        front = next(
            (
                page
                for page in self.live.of_kind(Kind.PAGE)
                if page.fields.get("front_page")
                and page.fields["published"]
                and str(page.address) not in in_modules
            ),
            None,
        )
        if front is not None:
            entry["front_page"] = front.address.key
        view = course.fields.get("default_view")
        if view in HOME_VIEWS and (view != "wiki" or front is not None):
            entry["default_view"] = view

    def _page(self, page: Resource, folder: str, extra: Mapping[str, Any]) -> dict[str, Any]:
        entry: dict[str, Any] = {**extra, "id": page.address.key, "title": page.fields["title"]}
        entry["body"] = self.body(folder, page.address.key, page.fields["body"])
        return entry

    def _assignment(self, assignment: Resource, folder: str) -> dict[str, Any]:
        f = assignment.fields
        entry: dict[str, Any] = {
            "type": "assignment",
            "id": assignment.address.key,
            "title": f["name"],
            "description": self.body(folder, assignment.address.key, f["description"]),
            "group": _ref_key(f["assignment_group"]),
            "grading": GRADING_TYPES[f["grading_type"]],
        }
        if f["grading_type"] != "not_graded":
            if f["points_possible"] or f["grading_type"] == "points":
                entry["points"] = _number(f["points_possible"])
            entry["submission_types"] = list(f["submission_types"])
        for name in ("unlock_at", "due_at", "lock_at"):
            if f[name]:
                entry[name] = f[name]
        rubric = self.live.get(Address(Kind.RUBRIC, assignment.address.key))
        if rubric is not None:
            entry["rubric"] = self._rubric(rubric)
        return entry

    def _rubric(self, rubric: Resource) -> str:
        """``rubrics/<assignment id>.yaml``: the rubric as the spec writes it."""
        f = rubric.fields
        criteria = []
        for criterion in f["criteria"]:
            row: dict[str, Any] = {"description": criterion["description"]}
            statement = _ref_key(criterion.get("outcome"))
            if statement:
                row["outcome"] = statement  # Canvas shows the outcome's description
            elif criterion.get("long_description"):
                row["long_description"] = _markdown_text(criterion["long_description"])
            if criterion.get("use_range"):
                row["use_range"] = True
            row["ratings"] = [_rating(rating) for rating in criterion["ratings"]]
            criteria.append(row)
        spec: dict[str, Any] = {"title": f["title"]}
        if not f["use_for_grading"]:
            spec["use_for_grading"] = False
        if f["free_form_criterion_comments"]:
            spec["free_form_comments"] = True
        spec["criteria"] = criteria
        path = f"rubrics/{rubric.address.key}.yaml"
        self.out.files[path] = yaml.safe_dump(
            spec, sort_keys=False, allow_unicode=True, width=100, indent=2
        )
        return path

    def _discussion(self, topic: Resource, folder: str, extra: Mapping[str, Any]) -> dict[str, Any]:
        f = topic.fields
        entry: dict[str, Any] = {**extra, "id": topic.address.key, "title": f["title"]}
        entry["body"] = self.body(folder, topic.address.key, f["message"])
        if f["require_initial_post"]:
            entry["require_initial_post"] = True
        if f["discussion_type"] == "not_threaded":
            entry["threaded"] = False
        return entry

    def _quiz(self, quiz: Resource, folder: str, extra: Mapping[str, Any]) -> dict[str, Any]:
        from canvas_npq.adopt.convert import html_to_markdown

        def text(html: str) -> str:
            converted = html_to_markdown(html or "")
            return converted.markdown.strip() if converted.markdown is not None else html

        group = _ref_key(quiz.fields.get("assignment_group"))
        return quiz_entry(quiz, folder, extra, self.body, text, self.out.files, group)

    def _event(self, event: Resource) -> dict[str, Any]:
        f = event.fields
        entry: dict[str, Any] = {"id": event.address.key, "title": f["title"]}
        if event.block:
            entry["block"] = event.block
        entry["start_at"] = f["start_at"]
        entry["end_at"] = f["end_at"]
        for name in ("location_name", "location_address"):
            if f[name]:
                entry[name] = f[name]
        entry["description"] = self.body("events", event.address.key, f["description"])
        return entry

    def _file(self, file: Resource) -> dict[str, Any]:
        path = self.file_paths[file.address.key]
        entry: dict[str, Any] = {"id": file.address.key, "path": path}
        if file.fields.get("folder"):
            entry["folder"] = file.fields["folder"]
        if file.fields["name"] != posixpath.basename(path):
            entry["name"] = file.fields["name"]
        assert file.canvas_id is not None  # a live file, read from Canvas
        self.out.downloads[path] = Download(file.canvas_id, file.fields.get("size") or 0)
        return entry

    def _file_item(self, item: Resource) -> dict[str, Any]:
        return {"type": "file", "id": item.address.key, "file": _ref_key(item.fields["content"])}

    def _subheader(self, item: Resource) -> dict[str, Any]:
        return {"type": "subheader", "id": item.address.key, "title": item.fields["title"]}

    def _link(self, item: Resource) -> dict[str, Any]:
        entry = {
            "type": "link",
            "id": item.address.key,
            "title": item.fields["title"],
            "url": item.fields["external_url"],
        }
        if not item.fields["new_tab"]:
            entry["new_tab"] = False
        return entry

    def _item(self, item: Resource, block: str) -> dict[str, Any] | None:
        item_type = item.fields["type"]
        content = (
            self.live.get(Address.parse(item.fields["content"]))
            if _ref_key(item.fields["content"])
            else None
        )
        if item_type == "Page" and content is not None:
            entry = self._page(content, block, {"type": "unit"})
        elif item_type == "Discussion" and content is not None:
            entry = self._discussion(content, block, {"type": "discussion"})
        elif item_type == "Assignment" and content is not None:
            entry = self._assignment(content, block)
        elif item_type == "File" and content is not None:
            entry = self._file_item(item)
        elif item_type == "Quiz" and content is not None:
            entry = self._quiz(content, block, {"type": "quiz"})
            if item.fields.get("completion") == "min_score":
                entry["min_score"] = _number(item.fields.get("min_score") or 0)
        elif item_type == "SubHeader":
            entry = self._subheader(item)
        elif item_type == "ExternalUrl":
            entry = self._link(item)
        else:
            return None
        if not item.fields["published"]:
            entry["published"] = False
        if item.fields["indent"]:
            entry["indent"] = item.fields["indent"]
        if item.fields.get("completion"):
            entry["completion"] = item.fields["completion"]
        return entry

    def _block(self, module: Resource) -> dict[str, Any]:
        f = module.fields
        entry: dict[str, Any] = {"id": module.address.key, "title": f["name"]}
        if f["unlock_at"]:
            entry["unlock_at"] = f["unlock_at"]
        if f["require_sequential_progress"]:
            entry["require_sequential_progress"] = True
        prerequisites = [key for ref in f.get("prerequisites") or () if (key := _ref_key(ref))]
        if prerequisites:
            entry["prerequisites"] = prerequisites
        if not f["published"]:
            entry["published"] = False
        items = []
        for address in self.live.order.get(str(module.address), ()):
            if address.startswith("foreign:"):
                continue
            item = self.live.get(Address.parse(address))
            if item is not None and (entry_item := self._item(item, module.address.key)):
                items.append(entry_item)
        entry["items"] = items
        return entry

    def write(self, header: str) -> SpecFiles:
        live = self.live
        spec: dict[str, Any] = {}
        framework = live.get(Address(Kind.OUTCOME_GROUP, FRAMEWORK_GROUP_KEY))
        guid = framework.fields.get("vendor_guid") if framework else None
        if framework is not None and guid:
            # Outcomes canvas-npq created (a copy of a managed course): keep them managed.
            spec["framework"] = guid[len(VENDOR_PREFIX) :]
            spec["outcomes"] = {
                "title": framework.fields["title"],
                "statements": _which_statements(live, spec["framework"]),
            }
        spec["course"] = self._course(live.resources[_COURSE])
        self._home_page(spec["course"], live.resources[_COURSE])
        if navigation := extras.navigation(live):
            spec["navigation"] = navigation
        if settings := extras.settings(live):
            spec["settings"] = settings
        groups = [
            live.get(Address.parse(a)) for a in _owned_order(live, "course:assignment_groups")
        ]
        spec["assignment_groups"] = [
            {"id": g.address.key, "name": g.fields["name"]} for g in groups if g is not None
        ]
        files = sorted(live.of_kind(Kind.FILE), key=lambda f: f.canvas_id or 0)
        if files:
            spec["files"] = [self._file(file) for file in files]
        in_modules = {item.fields["content"] for item in live.of_kind(Kind.MODULE_ITEM)}
        pages = []
        for page in sorted(live.of_kind(Kind.PAGE), key=lambda p: p.canvas_id or 0):
            if str(page.address) in in_modules:
                continue
            entry = self._page(page, "pages", {})
            if not page.fields["published"]:
                entry["published"] = False
            pages.append(entry)
        if pages:
            spec["pages"] = pages
        assignments = []
        for assignment in sorted(live.of_kind(Kind.ASSIGNMENT), key=lambda a: a.canvas_id or 0):
            if str(assignment.address) in in_modules:
                continue
            entry = self._assignment(assignment, "assignments")
            del entry["type"]  # a course-level assignment is not a module item
            if not assignment.fields["published"]:
                entry["published"] = False
            assignments.append(entry)
        if assignments:
            spec["assignments"] = assignments
        discussions = []
        for topic in sorted(live.of_kind(Kind.DISCUSSION), key=lambda d: d.canvas_id or 0):
            if str(topic.address) in in_modules:
                continue
            entry = self._discussion(topic, "discussions", {})
            if not topic.fields["published"]:
                entry["published"] = False
            discussions.append(entry)
        if discussions:
            spec["discussions"] = discussions
        quizzes = []
        for quiz in sorted(live.of_kind(Kind.QUIZ), key=lambda q: q.canvas_id or 0):
            if str(quiz.address) in in_modules:
                continue
            entry = self._quiz(quiz, "quizzes", {})
            if not quiz.fields["published"]:
                entry["published"] = False
            quizzes.append(entry)
        if quizzes:
            spec["quizzes"] = quizzes
        events = sorted(
            live.of_kind(Kind.CALENDAR_EVENT),
            key=lambda e: (e.fields["start_at"], e.canvas_id or 0),
        )
        if events:
            spec["events"] = [self._event(event) for event in events]
        if announcements := extras.announcements(live, self.body):
            spec["announcements"] = announcements
        spec["blocks"] = [
            self._block(module)
            for a in _owned_order(live, "course:modules")
            if (module := live.get(Address.parse(a))) is not None
        ]
        if self.start is not None:
            zone = load_time_zone(extras.course_zone(live))
            extras.relative_dates(spec, self.start, zone)
        text = yaml.safe_dump(spec, sort_keys=False, allow_unicode=True, width=100, indent=2)
        self.out.files["course.yaml"] = header + text
        return self.out


_COURSE = Address(Kind.COURSE, "course")
_MARKUP = re.compile(r"([\\`*_\[\]<>#~|&!])")
_LEADING_MARKER = re.compile(r"^(\s*(?:\d+)?)([-+=.)])")
_PUNCTUATION = re.compile(r"""([!-/:-@\[-`{-~])""")


def _rating(rating: Mapping[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {"description": rating["description"]}
    if rating.get("long_description"):
        entry["long_description"] = rating["long_description"]
    entry["points"] = _number(rating["points"])
    return entry


def _markdown_text(text: str) -> str:
    """Markdown that reads back as ``text`` (a criterion's long description is Markdown
    in the spec, plain text in Canvas): the text itself, or with its punctuation escaped
    where Markdown would read it as markup."""
    want = plain_text(text)
    candidates = (
        text,
        _LEADING_MARKER.sub(r"\1\\\2", _MARKUP.sub(r"\\\1", text)),
        _PUNCTUATION.sub(r"\\\1", text),
    )
    return next((c for c in candidates if plain_text(markdown_to_text(c)) == want), text)


def _which_statements(live: Snapshot, framework_id: str) -> str:
    """``all`` when the course has an outcome for every statement, else ``used``: the
    spec cites none (Canvas does not know ``covers:``), so the outcomes there are kept."""
    owned = {r.address.key for r in live.of_kind(Kind.OUTCOME)}
    try:
        statements = outcomes.load(framework_id).statements
    except Exception:  # an unknown framework: nothing to compare with
        return "used"
    every = {outcomes.outcome_address(s.id).key for s in statements}
    return "all" if every <= owned else "used"


def _owned_order(live: Snapshot, container: str) -> list[str]:
    return [a for a in live.order.get(container, ()) if not a.startswith("foreign:")]


def spec_files(
    live: Snapshot, header: str = "", cohort: str = "imported", start: date | None = None
) -> SpecFiles:
    """The spec folder's files for a course read with import's bindings; when the course
    gives sections their own dates, or ``start`` (the cohort's first day) is given,
    ``cohorts.yaml`` too, with one cohort ``cohort``. With ``start`` dates are written
    relative to it where that is exact."""
    out = _Writer(live, start).write(header)
    course_id = live.meta.get("course_id") or live.resources[_COURSE].canvas_id or 0
    cohorts = extras.cohorts_file(live, cohort, course_id, header, start)
    if cohorts is not None:
        out.files[COHORTS_FILE] = cohorts
        out.cohort = cohort
    return out
