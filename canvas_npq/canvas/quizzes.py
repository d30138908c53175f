"""Classic quizzes: reading them (with their questions) and writing them.

A quiz is owned when its description carries canvas-npq's marker (or the manifest names
it). Its questions are a separate listing per quiz: Canvas has no way to list a course's
questions at once, nor any field on the quiz that changes when only a question's text
does (its ``question_count`` and ``points_possible`` count the version students take).
So the reader asks for the questions of each owned quiz, and of no other: one request
per owned quiz, run side by side with the others; unless Canvas's GraphQL says the quiz
has not changed since canvas-npq last applied its questions (``canvas.graphql``: the
quiz's *stamp*, recorded in the manifest) and the spec still wants what was applied
then. Such a quiz's questions are exactly the ones last applied, and are read
:class:`AsApplied`. When GraphQL shows every quiz of the course at the *whole stamp*
recorded when all its fields were read as applied, the quizzes are not listed either
(:func:`unlisted_quizzes`): each is read as the spec wants it, :class:`Unlisted`.

Writes follow Canvas's quiz model (``app/models/quizzes/quiz.rb``): students take the
version saved when the quiz becomes published, so questions are written while the quiz
is unpublished and the quiz is published last; the questions of a published quiz that
change are followed by an unpublish and a publish, which saves the new version. The
planner never asks for that on a quiz with student attempts (see ``plan.quizzes``).

:calls: ``GET /api/v1/courses/:id/quizzes``, ``GET .../quizzes/:id/questions``,
    ``POST/PUT/DELETE .../quizzes[/:id]``, ``POST/PUT/DELETE .../quizzes/:id/questions[/:id]``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from canvas_npq.model import FIELDS, Address, Kind, Resource
from canvas_npq.model.quizzes import COMMENTS, comment_html, normalize_questions

QUIZ_SETTINGS = (
    "title",
    "description",
    "quiz_type",
    "time_limit",
    "allowed_attempts",
    "shuffle_answers",
    "show_correct_answers",
    "show_correct_answers_at",
    "unlock_at",
    "due_at",
    "lock_at",
)


@dataclass
class LiveQuiz:
    """What the writer needs to know of a quiz as read: its state and its questions
    (``listed`` False: not listed, as the stamp showed them unchanged; the writer lists
    them before it changes any)."""

    published: bool
    questions: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # id, normalized
    listed: bool = True
    # False: the quiz itself was not listed (:func:`unlisted_quizzes`); ``published`` is
    # the spec's, and the writer reads the quiz before it changes anything of it.
    settings_read: bool = True


@dataclass(frozen=True)
class AsApplied:
    """A quiz whose questions were not listed: its stamp is the one the manifest
    recorded and the spec's questions are the ones last applied, so Canvas holds these."""

    questions: Any


def can_skip_listing(
    entry: Any, quiz_id: int, stamp: str | None, wanted: Any, fingerprint: Callable[[Any], str]
) -> bool:
    """Whether a quiz's questions need no listing: its manifest ``entry`` names this quiz
    and records ``stamp`` (the quiz's ``updatedAt`` now), and the questions ``wanted`` are
    the ones it records as last applied (their ``fingerprint``)."""
    if not isinstance(entry, Mapping) or entry.get("id") != quiz_id:
        return False
    recorded = entry.get("stamp")
    applied = entry.get("applied")
    if not isinstance(recorded, str) or not isinstance(stamp, str) or recorded != stamp:
        return False
    if not isinstance(applied, Mapping) or not isinstance(applied.get("questions"), str):
        return False
    return bool(fingerprint(wanted) == applied["questions"])


# The manifest key of a quiz's *whole* stamp: its ``updatedAt`` when every field of it as
# read (settings and questions) was the one applied. ``stamp`` alone vouches for the
# questions only (as manifests written before the whole stamp existed do).
WHOLE_STAMP = "whole_stamp"
GRADED = ("assignment", "graded_survey")
# Text in a quiz's fields that reads differently as the objects it names change (a file
# or page deleted, replaced or renamed), though the quiz itself does not: such a quiz is
# always listed.
_LINKS = ("canvas-npq-file:", "canvas-npq-object:", "/courses/", "/files/")


@dataclass(frozen=True)
class Unlisted:
    """An owned quiz not listed (:func:`unlisted_quizzes`): Canvas holds it exactly as
    last applied, so it is read as the spec wants it (``fields``)."""

    id: int
    address: str
    fields: Mapping[str, Any]
    assignment_id: int | None

    @property
    def title(self) -> Any:
        return self.fields.get("title")


def _manifest_quizzes(manifest: Mapping[str, Any]) -> dict[int, str] | None:
    """Quiz id -> address as the manifest records them; None when a quiz has a pending
    create (no id, or a ``pending`` record) or two addresses name one id."""
    found: dict[int, str] = {}
    for address, entry in manifest.items():
        if not address.startswith("quiz."):
            continue
        if not isinstance(entry, Mapping) or "pending" in entry:
            return None
        quiz_id = entry.get("id")
        if not isinstance(quiz_id, int) or isinstance(quiz_id, bool) or quiz_id in found:
            return None
        found[quiz_id] = address
    return found


def unlisted_quizzes(
    manifest: Mapping[str, Any],
    stamps: Mapping[int, str] | None,
    wanted: Mapping[str, Mapping[str, Any]] | None,
    assignments: Iterable[Any],
    group_ids: Collection[int],
    fingerprint: Callable[[Any], str],
) -> dict[int, str] | None:
    """The course's quizzes by id (their addresses) when the quizzes listing need not be
    read, or None to read it.

    It need not be when Canvas's GraphQL answer was trusted (``stamps``) and lists
    exactly the quizzes the manifest records, each one the caller ``wanted`` (by address,
    its fields), whose ``updatedAt`` is the whole stamp the manifest records (every field
    as read was the applied one then; any save of the quiz moves it) and whose wanted
    fields are all the ones applied; whose assignment (from the assignments listing,
    ``quiz_id``) exists exactly when the quiz is graded, in the group the manifest records
    for the wanted group (listed: ``group_ids``); and whose fields link to nothing (a link
    reads differently when its target changes). No other assignment may name a quiz the
    manifest does not record. Then each quiz is as last applied and verified.
    """
    recorded = _manifest_quizzes(manifest)
    if not isinstance(stamps, Mapping) or wanted is None or not recorded:
        return None
    if set(stamps) != set(recorded) or set(wanted) != set(recorded.values()):
        return None
    quiz_assignments: dict[int, list[Any]] = {}
    for assignment in assignments:
        quiz_id = _get(assignment, "quiz_id")
        if quiz_id is None:
            continue
        if quiz_id not in recorded:
            return None  # a quiz the manifest does not record: list them
        quiz_assignments.setdefault(quiz_id, []).append(assignment)
    for quiz_id, address in recorded.items():
        entry, fields = manifest[address], wanted[address]
        applied = entry.get("applied")
        whole = entry.get(WHOLE_STAMP)
        if not isinstance(whole, str) or whole != stamps[quiz_id] or entry.get("stamp") != whole:
            return None  # recorded only with the stamp of the questions, never alone
        if not isinstance(applied, Mapping) or set(applied) != set(fields):
            return None
        if any(applied[name] != fingerprint(value) for name, value in fields.items()):
            return None
        if any(link in repr(fields) for link in _LINKS):
            return None
        own = quiz_assignments.get(quiz_id, [])
        if fields.get("quiz_type") not in GRADED:
            if own or fields.get("assignment_group") is not None:
                return None
            continue
        group = manifest.get(str(fields.get("assignment_group")))
        group_id = group.get("id") if isinstance(group, Mapping) else None
        if len(own) != 1 or group_id not in group_ids:
            return None
        if _get(own[0], "assignment_group_id") != group_id:
            return None
    return recorded


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def owned_quiz_ids(quizzes: list[Any], owner_of: Callable[[Any], str | None]) -> list[int]:
    """The quizzes whose questions the reader asks for: those carrying the marker."""
    return [q.id for q in quizzes if owner_of(_get(q, "description"))]


def _canvas_answer(answer: Mapping[str, Any], question_type: str) -> dict[str, Any]:
    """An answer as Canvas keeps it (``AnswerParsers``), in the model's terms."""
    comments = comment_html(answer.get("comments_html"), answer.get("comments"))
    if question_type == "matching_question":
        return {"left": answer.get("left"), "right": answer.get("right"), "comments": comments}
    if question_type == "numerical_question":
        exact = answer.get("numerical_answer_type") == "exact_answer"
        return {
            "exact": answer.get("exact") if exact else None,
            "margin": answer.get("margin") if exact else None,
            "start": None if exact else answer.get("start"),
            "end": None if exact else answer.get("end"),
            "comments": comments,
        }
    return {"text": answer.get("text"), "weight": answer.get("weight"), "comments": comments}


def canvas_questions(rows: list[Any]) -> list[dict[str, Any]]:
    """Questions as Canvas lists them, in the model's terms (before normalizing)."""
    ordered = sorted(rows, key=lambda r: (_get(r, "position") or 0, _get(r, "id")))
    questions = []
    for r in ordered:
        kind = _get(r, "question_type")
        question = {
            "id": _get(r, "id"),
            "name": _get(r, "question_name"),
            "type": kind,
            "text": _get(r, "question_text"),
            "points": _get(r, "points_possible"),
            "answers": [_canvas_answer(a, kind) for a in _get(r, "answers") or ()],
        }
        for name in COMMENTS:
            question[name] = comment_html(_get(r, f"{name}_html"), _get(r, name))
        if kind == "matching_question":
            # What was sent, one per line; ``matches`` mixes them with the right ones.
            lines = str(_get(r, "matching_answer_incorrect_matches") or "").split("\n")
            question["distractors"] = [line.strip() for line in lines if line.strip()]
        questions.append(question)
    return questions


def quiz_resource(
    quiz: Any,
    address: Address,
    questions: list[dict[str, Any]] | None,
    group: Address | None,
    fields: Callable[[Kind, Mapping[str, Any]], dict[str, Any]],
    owned_html: Callable[[str, str | None], str],
    as_applied: AsApplied | None = None,
) -> tuple[Resource, LiveQuiz]:
    """An owned quiz as a live resource. ``questions`` None: not read (kept as unknown),
    unless ``as_applied`` gives them."""
    values = {n: _get(quiz, n) for n in FIELDS[Kind.QUIZ]}
    values["description"] = owned_html(address.key, values["description"])
    values["time_limit"] = values["time_limit"] or 0
    group_id = _get(quiz, "assignment_group_id")
    graded = _get(quiz, "quiz_type") in ("assignment", "graded_survey")
    values["assignment_group"] = (
        (str(group) if group else f"foreign:{group_id}") if graded and group_id else None
    )
    values["questions"] = questions or []
    normalized = normalize_questions(questions or [])
    live = LiveQuiz(
        published=bool(_get(quiz, "published")),
        questions=[(q["id"], n) for q, n in zip(questions or [], normalized, strict=True)],
    )
    if as_applied is not None:
        values["questions"] = as_applied.questions
        live = LiveQuiz(published=live.published, questions=[], listed=False)
    resource = Resource(
        address,
        fields(Kind.QUIZ, values),
        canvas_id=quiz.id,
        facts={
            # Canvas's can_unpublish?: false once a participant has an attempt (or the
            # quiz's assignment a submission). Read from the listing: no extra request.
            "has_attempts": _get(quiz, "unpublishable") is False,
            "assignment_id": _get(quiz, "assignment_id"),
        },
    )
    return resource, live


def unlisted_resource(quiz: Unlisted, address: Address) -> tuple[Resource, LiveQuiz]:
    """A quiz not listed, as the spec wants it: Canvas holds it so. Whether it has
    attempts is not known (its ``unpublishable`` is in the listing only); only a write to
    the quiz would need it, and none is planned for a quiz Canvas holds as wanted."""
    resource = Resource(
        address,
        dict(quiz.fields),
        canvas_id=quiz.id,
        facts={"has_attempts": None, "assignment_id": quiz.assignment_id, "unlisted": True},
    )
    live = LiveQuiz(published=bool(quiz.fields.get("published")), listed=False, settings_read=False)
    return resource, live


# -- writing ------------------------------------------------------------------------


def quiz_params(fields: Mapping[str, Any], resolve: Callable[[str], int]) -> dict[str, Any]:
    """``quiz[...]`` for the fields given (all of them on create)."""
    params: dict[str, Any] = {}
    for name in QUIZ_SETTINGS:
        if name not in fields:
            continue
        value = fields[name]
        if name in ("unlock_at", "due_at", "lock_at", "show_correct_answers_at"):
            value = value or ""  # an empty string clears a date
        elif name == "time_limit":
            value = value or ""  # no limit
        params[name] = value
    if fields.get("assignment_group"):
        params["assignment_group_id"] = resolve(fields["assignment_group"])
    return params


def _answer_params(answer: Mapping[str, Any], question_type: str) -> dict[str, Any]:
    """One answer as Canvas's parser for the type reads it. Its comment goes as
    ``answer_comment_html``: the parsers read ``answer_comment``/``comments`` and
    ``answer_comment_html``/``comments_html``, never the ``answer_comments`` that
    Canvas's API documentation names, which would be dropped."""
    params: dict[str, Any]
    if question_type == "matching_question":
        params = {"answer_match_left": answer["left"], "answer_match_right": answer["right"]}
    elif question_type == "numerical_question":
        if answer["exact"] is not None:
            params = {
                "numerical_answer_type": "exact_answer",
                "answer_exact": answer["exact"],
                "answer_error_margin": answer["margin"] or 0,
            }
        else:
            params = {
                "numerical_answer_type": "range_answer",
                "answer_range_start": answer["start"],
                "answer_range_end": answer["end"],
            }
    else:
        params = {"answer_text": answer["text"], "answer_weight": 100 if answer["correct"] else 0}
    params["answer_comment_html"] = answer["comments"]
    return params


def question_params(question: Mapping[str, Any], position: int) -> dict[str, Any]:
    """``question[...]``: answers as an indexed hash, weight 100 for a right one;
    feedback as HTML (``*_comments_html``, sanitized by Canvas)."""
    kind = question["type"]
    params: dict[str, Any] = {
        "question_name": question["name"],
        "question_type": kind,
        "question_text": question["text"],
        "points_possible": question["points"],
        "position": position,
        "answers": {str(n): _answer_params(a, kind) for n, a in enumerate(question["answers"])},
    }
    for name in COMMENTS:
        params[f"{name}_html"] = question.get(name, "")
    if kind == "matching_question":
        params["matching_answer_incorrect_matches"] = "\n".join(question.get("distractors", ()))
    return params


Send = Callable[..., Any]


def write_questions(send: Send, quiz_path: str, wanted: Any, live: LiveQuiz | None) -> bool:
    """Make the quiz's questions ``wanted`` (normalized), touching only those that
    differ: update in place by position, add, delete the surplus. True if any changed."""
    have = list(live.questions) if live else []
    changed = False
    for index, question in enumerate(wanted):
        if index < len(have):
            question_id, current = have[index]
            if current == question:
                continue
            send(
                "PUT",
                f"{quiz_path}/questions/{question_id}",
                question=question_params(question, index + 1),
            )
        else:
            send("POST", f"{quiz_path}/questions", question=question_params(question, index + 1))
        changed = True
    for question_id, _ in have[len(wanted) :]:
        send("DELETE", f"{quiz_path}/questions/{question_id}")
        changed = True
    return changed
