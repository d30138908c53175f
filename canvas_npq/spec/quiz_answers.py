"""The answers of one quiz question, read and checked by the question's type.

Which keys an answer takes follows Canvas's answer parsers
(``app/models/quizzes/quiz_question/answer_parsers/``): a choice has ``text`` (and
``correct``), a matching pair ``left`` and ``right``, a numerical answer ``exact`` (with
``margin``) or ``start`` and ``end``; any answer may have ``comments``, shown to a
participant who gives it. Problems name the questions file and line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from yaml.nodes import SequenceNode

from canvas_npq.spec.keys import Key, Table, ValueType
from canvas_npq.spec.model import AnswerSpec

if TYPE_CHECKING:
    from canvas_npq.spec.validate import Fields, _Walker

# Canvas refuses a question whose feedback is longer (``fetch_with_enforced_length``,
# ``max_size: 5.kilobyte`` for a question's comments, 16 kilobytes for an answer's).
QUESTION_COMMENTS_MAX = 5 * 1024
ANSWER_COMMENTS_MAX = 16 * 1024
# Canvas keeps the first 256 characters of each distractor (``other[0..255]``).
DISTRACTOR_MAX = 256

ANSWER = Table(
    "answer",
    "One answer a participant can choose (or type, for short_answer), one matching "
    "pair, or one accepted number.",
    (
        Key(
            "text",
            ValueType.TEXT,
            "The answer as participants see it (multiple_choice, multiple_answers, short_answer).",
        ),
        Key(
            "correct",
            ValueType.BOOL,
            "Whether it is a right answer (not in surveys). Default false; every "
            "answer of a short_answer question is one it accepts.",
            default=False,
        ),
        Key(
            "comments",
            ValueType.TEXT,
            "Feedback, in Markdown, shown after an attempt to a participant who gave this answer.",
        ),
        Key("left", ValueType.TEXT, "matching: the prompt, shown on the left."),
        Key("right", ValueType.TEXT, "matching: its match, chosen from a list."),
        Key("exact", ValueType.NUMBER, "numerical: the exact answer."),
        Key(
            "margin",
            ValueType.NUMBER,
            "numerical: how far from exact an answer may be. Default 0.",
            minimum=0,
        ),
        Key("start", ValueType.NUMBER, "numerical: the lowest answer of a range."),
        Key("end", ValueType.NUMBER, "numerical: the highest answer of a range."),
    ),
)

CHOICE_KEYS = frozenset({"text", "correct", "comments"})
KEYS_BY_TYPE = {
    "multiple_choice": CHOICE_KEYS,
    "multiple_answers": CHOICE_KEYS,
    "short_answer": CHOICE_KEYS,
    "matching": frozenset({"left", "right", "comments"}),
    "numerical": frozenset({"exact", "margin", "start", "end", "comments"}),
}
_WHAT = {
    "text": "choices (multiple_choice, multiple_answers, short_answer)",
    "correct": "choices (multiple_choice, multiple_answers, short_answer)",
    "left": "matching questions",
    "right": "matching questions",
    "exact": "numerical questions",
    "margin": "numerical questions",
    "start": "numerical questions",
    "end": "numerical questions",
}


def read_answers(
    walker: _Walker, found: Fields, kind: str, label: str, survey: bool
) -> list[AnswerSpec]:
    """The answers of a question of type ``kind`` (not true_false, essay or text)."""
    answers = []
    for child in walker.object_list(found, "answers"):
        answer = walker.fields(child, ANSWER, f"an answer of {label}")
        if answer is not None:
            read = _answer(walker, answer, kind, label, survey)
            if read is not None:
                answers.append(read)
    return answers


def _answer(
    walker: _Walker, answer: Fields, kind: str, label: str, survey: bool
) -> AnswerSpec | None:
    ctx = walker.ctx
    allowed = KEYS_BY_TYPE.get(kind, CHOICE_KEYS)
    for name, node in answer.nodes.items():
        if name not in allowed:
            ctx.add(node, f"'{name}' is for the answers of {_WHAT[name]}, not {label}")
    comments = answer.get("comments", "")
    if len(comments) > ANSWER_COMMENTS_MAX:
        ctx.add(
            answer.nodes["comments"],
            f"the comments of an answer of {label} are {len(comments)} characters; "
            f"Canvas refuses more than {ANSWER_COMMENTS_MAX}",
        )
    if kind == "matching":
        return _pair(walker, answer, label, comments)
    if kind == "numerical":
        return _number(walker, answer, label, comments)
    if "text" not in answer.nodes:
        ctx.add(answer.node, f"an answer of {label} has no 'text'", "Add text: ...")
        return None
    if survey and "correct" in answer.nodes:
        ctx.add(
            answer.nodes["correct"],
            f"'correct' in {label}: a survey has no right answers",
            "Remove 'correct', or make the quiz a practice_quiz or assignment",
        )
    correct = kind == "short_answer" or bool(answer.get("correct", False))
    return AnswerSpec(answer.get("text", ""), correct and not survey, comments)


def _pair(walker: _Walker, answer: Fields, label: str, comments: str) -> AnswerSpec | None:
    missing = [name for name in ("left", "right") if name not in answer.nodes]
    if missing:
        walker.ctx.add(
            answer.node,
            f"a pair of {label} has no {' and no '.join(repr(m) for m in missing)}",
            "Give each pair as left: ... and right: ...",
        )
        return None
    return AnswerSpec(
        "", True, comments, left=answer.get("left", ""), right=answer.get("right", "")
    )


def _number(walker: _Walker, answer: Fields, label: str, comments: str) -> AnswerSpec | None:
    ctx = walker.ctx
    nodes = answer.nodes
    ranged = "start" in nodes or "end" in nodes
    if "exact" in nodes and ranged:
        ctx.add(
            answer.node,
            f"an answer of {label} has both 'exact' and a range",
            "Give exact: (with margin:) or start: and end:, one per answer",
        )
        return None
    if "exact" in nodes:
        exact = answer.get("exact")
        return (
            None
            if exact is None
            else AnswerSpec("", True, comments, exact=exact, margin=answer.get("margin", 0.0))
        )
    if "margin" in nodes:
        ctx.add(nodes["margin"], f"'margin' in {label} goes with 'exact', not a range")
    if not ranged:
        ctx.add(
            answer.node,
            f"an answer of {label} has neither 'exact' nor 'start' and 'end'",
            "Add exact: 42 (and margin: 0.5), or start: 40 and end: 44",
        )
        return None
    start, end = answer.get("start"), answer.get("end")
    if "start" not in nodes or "end" not in nodes:
        ctx.add(answer.node, f"a range of {label} needs both 'start' and 'end'")
        return None
    if start is None or end is None:
        return None
    if start > end:
        ctx.add(nodes["end"], f"the range of {label} ends ({end:g}) before it starts ({start:g})")
        return None
    return AnswerSpec("", True, comments, start=start, end=end)


def has_entries(found: Fields) -> bool:
    """``answers:`` is a list with something in it (its problems are reported once)."""
    node = found.nodes.get("answers")
    return isinstance(node, SequenceNode) and bool(node.value)


def check_matching(
    walker: _Walker, found: Fields, label: str, answers: list[AnswerSpec]
) -> tuple[str, ...]:
    """A matching question's pairs and distractors make sense; its distractors."""
    ctx = walker.ctx
    if not answers and not has_entries(found):
        ctx.add(
            found.node, f"{label} has no pairs to match", "Add answers: [{left: ..., right: ...}]"
        )
    lefts = [a.left.strip() for a in answers]
    for left in sorted({x for x in lefts if lefts.count(x) > 1}):
        ctx.add(
            found.nodes.get("answers", found.node),
            f"{label} has the prompt {left!r} twice",
            "Give each left: once; several prompts may share a right:",
        )
    distractors: list[str] = []
    rights = {a.right.strip() for a in answers}
    for line in str(found.get("distractors", "")).splitlines():
        text = line.strip()
        if not text:
            continue
        node = found.nodes["distractors"]
        if len(text) > DISTRACTOR_MAX:
            ctx.add(
                node,
                f"a distractor of {label} is {len(text)} characters; Canvas keeps {DISTRACTOR_MAX}",
            )
        elif text in rights:
            ctx.add(node, f"the distractor {text!r} of {label} is one of its right matches")
        elif text in distractors:
            ctx.add(node, f"the distractor {text!r} of {label} is listed twice")
        else:
            distractors.append(text)
    return tuple(distractors)


def check_comments(walker: _Walker, found: Fields, kind: str, label: str) -> None:
    """Where a question's feedback would never be shown, or would be refused."""
    ctx = walker.ctx
    for name in ("correct_comments", "incorrect_comments", "neutral_comments"):
        if name not in found.nodes:
            continue
        node = found.nodes[name]
        if kind == "text":
            ctx.add(node, f"'{name}' in {label}: a text item has no answer to give feedback on")
        elif len(found.get(name, "")) > QUESTION_COMMENTS_MAX:
            ctx.add(
                node,
                f"'{name}' of {label} is {len(found.get(name, ''))} characters; Canvas "
                f"refuses more than {QUESTION_COMMENTS_MAX}",
            )


def answer_values(answer: AnswerSpec, kind: str, render: Any) -> dict[str, Any]:
    """An answer's desired form (``model.quizzes``); ``render`` makes Markdown HTML."""
    comments = render(answer.comments_markdown) if answer.comments_markdown else ""
    if kind == "matching":
        return {"left": answer.left, "right": answer.right, "comments": comments}
    if kind == "numerical":
        return {
            "exact": answer.exact,
            "margin": answer.margin,
            "start": answer.start,
            "end": answer.end,
            "comments": comments,
        }
    return {"text": answer.text, "correct": answer.correct, "comments": comments}
