"""A quiz question's data as Canvas builds it from ``question[...]``
(``Quizzes::QuizQuestion::QuestionData.generate`` and the ``AnswerParsers``).

Each parser reads its own names for an answer's fields, first of a list that is
present: ``answer_text``/``text``, ``answer_weight``/``weight``,
``answer_comment``/``comments``, ``answer_comment_html``/``comments_html`` (the
``answer_comments`` of Canvas's API documentation is read by none, so it is dropped).
Matching answers are ``answer_match_left``/``answer_match_right`` (no weight) and the
question's ``matches`` are the right sides and the distractors of
``matching_answer_incorrect_matches`` (one per line, first 256 characters, each text
once); numerical answers are ``exact_answer`` (``answer_exact``,
``answer_error_margin``) or else a range (``answer_range_start``, ``answer_range_end``),
weight 100. Multiple choice and multiple answers mark their first answer right when
none is (``set_correct_if_none``). Feedback longer than Canvas allows (5 KB for a
question's comments, 16 KB for text) raises ``FieldTooLongError``, a 500 for the API.
"""

from __future__ import annotations

from typing import Any

from canvas_npq.sandbox import errors
from canvas_npq.sandbox.api import ApiRequest
from canvas_npq.sandbox.html import sanitize
from canvas_npq.sandbox.params import as_str, to_float, to_int

from .common import incoming_html

QUESTION_COMMENTS = ("correct_comments", "incorrect_comments", "neutral_comments")
SHORT_MAX = 5 * 1024
LONG_MAX = 16 * 1024
SANITIZED_COMMENTS = ("multiple_choice_question", "matching_question")


def _fetch(row: dict[str, Any], names: tuple[str, ...], default: Any = "") -> Any:
    """``RawFields#fetch_any``: the first name present; its value, or the default if blank."""
    for name in names:
        if name in row:
            value = row[name]
            return default if value in (None, "") else value
    return default


def _text(row: dict[str, Any], names: tuple[str, ...], limit: int = LONG_MAX) -> str:
    value = as_str(_fetch(row, names)) or ""
    if len(value) > limit:  # RawFields#check_length
        raise errors.server_error()
    return value


def _rows(raw: Any) -> list[dict[str, Any]]:
    if isinstance(raw, dict):  # an indexed hash, as forms send it
        rows = [raw[k] for k in sorted(raw, key=lambda k: to_int(k) or 0)]
    elif isinstance(raw, list):
        rows = raw
    else:
        rows = []
    return [row for row in rows if isinstance(row, dict)]


def _comments(row: dict[str, Any], question_type: str) -> dict[str, str]:
    comments_html = _text(row, ("answer_comment_html", "comments_html"))
    if comments_html:
        comments_html = incoming_html(comments_html) or ""  # process_answer_html_content
        if question_type in SANITIZED_COMMENTS:
            comments_html = sanitize(comments_html) or ""
    return {"comments": _text(row, ("answer_comment", "comments")), "comments_html": comments_html}


def _new_id(req: ApiRequest, row: dict[str, Any]) -> int:
    return to_int(_fetch(row, ("id", "answer_id"), None)) or req.store.new_id()


def _choice(req: ApiRequest, row: dict[str, Any], question_type: str) -> dict[str, Any]:
    if question_type == "short_answer_question":
        weight = 100.0
    else:
        weight = to_float(_fetch(row, ("answer_weight", "weight"))) or 0.0
    return {
        "id": _new_id(req, row),
        "text": _text(row, ("answer_text", "text")),
        "html": "",
        **_comments(row, question_type),
        "weight": weight,
    }


def _numerical(req: ApiRequest, row: dict[str, Any]) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "id": _new_id(req, row),
        "text": _text(row, ("answer_text", "text")),
        **_comments(row, "numerical_question"),
        "weight": 100,
    }
    if as_str(row.get("numerical_answer_type")) == "exact_answer":
        answer["numerical_answer_type"] = "exact_answer"
        answer["exact"] = to_float(row.get("answer_exact")) or 0.0
        answer["margin"] = to_float(row.get("answer_error_margin")) or 0.0
    else:  # anything else is a range
        answer["numerical_answer_type"] = "range_answer"
        answer["start"] = to_float(row.get("answer_range_start")) or 0.0
        answer["end"] = to_float(row.get("answer_range_end")) or 0.0
    return answer


def _matching(
    req: ApiRequest, rows: list[dict[str, Any]], incorrect: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    answers: list[dict[str, Any]] = []
    matches: list[dict[str, Any]] = []
    match_ids: dict[str, int] = {}
    for row in rows:
        left = _text(row, ("answer_match_left",))
        right = _text(row, ("answer_match_right",))
        if right not in match_ids:  # the same right text shares one match id
            match_ids[right] = to_int(row.get("match_id")) or req.store.new_id()
        answers.append(
            {
                "id": _new_id(req, row),
                "text": left,
                "left": left,
                "right": right,
                **_comments(row, "matching_question"),
                "match_id": match_ids[right],
            }
        )
        if all(m["text"] != right for m in matches):
            matches.append({"text": right, "match_id": match_ids[right]})
    for line in incorrect.split("\n"):
        text = line[:256]
        if text and all(m["text"] != text for m in matches):
            matches.append({"text": text, "match_id": req.store.new_id()})
    return answers, matches


def question_data(req: ApiRequest, values: dict[str, Any]) -> dict[str, Any]:
    """What Canvas keeps of ``question[...]``: the fields its API shows."""
    question_type = as_str(values.get("question_type")) or "text_only_question"
    data: dict[str, Any] = {
        "question_name": (as_str(values.get("question_name")) or "").strip() or "Question",
        "question_type": question_type,
        "question_text": incoming_html(values.get("question_text")) or "",
        "points_possible": to_float(values.get("points_possible")) or 0.0,
        "matches": None,
        "matching_answer_incorrect_matches": None,
    }
    for name in QUESTION_COMMENTS:
        data[name] = _text(values, (name,), SHORT_MAX)
        data[f"{name}_html"] = sanitize(_text(values, (f"{name}_html",), SHORT_MAX)) or ""
    rows = _rows(values.get("answers"))
    if question_type == "matching_question":
        incorrect = _text(values, ("matching_answer_incorrect_matches",))
        data["answers"], data["matches"] = _matching(req, rows, incorrect)
        data["matching_answer_incorrect_matches"] = incorrect
    elif question_type == "numerical_question":
        data["answers"] = [_numerical(req, row) for row in rows]
    else:
        answers = [_choice(req, row, question_type) for row in rows]
        if question_type == "short_answer_question":  # validate_blank_questions
            answers = [a for a in answers if a["text"]]
        if (
            question_type in ("multiple_choice_question", "multiple_answers_question")
            and answers
            and not any(a["weight"] == 100 for a in answers)
        ):
            answers[0]["weight"] = 100.0  # set_correct_if_none
        data["answers"] = answers
    return data
