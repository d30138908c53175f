"""Quiz stamps: when each of a course's quizzes last changed, from Canvas's GraphQL.

Canvas's REST quiz JSON has no field that moves when only a question changes, but every
question write marks its quiz edited (``Quizzes::Quiz.mark_quiz_edited``, which sets
the quiz's ``updated_at``; ``app/models/quizzes/quiz_question.rb`` ``update_quiz``, on
create, update and soft delete alike). GraphQL shows that ``updated_at`` as a quiz's
``updatedAt`` (``app/graphql/interfaces/timestamp_interface.rb``), ISO 8601 to the second
(``Types::DateTimeType``), in one request for the whole course:
``course(id:) { quizzesConnection { nodes { _id updatedAt } } }``
(``app/graphql/interfaces/quizzes_connection_interface.rb``: the course's active quizzes,
ordered by id, 100 to a page at most).

Canvas's answer is not trusted: anything but a well-formed answer (an ``errors`` list,
a missing or garbled field, a page chain that does not end, a failed request) gives
no stamps at all, and a quiz whose ``_id`` comes twice (with New Quizzes on, the
connection also lists their *assignments*, whose ids may equal a quiz's) gets none.
A quiz without a stamp has its questions read, so a doubtful answer costs requests,
never a missed change.

:calls: ``POST /api/graphql``
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from canvas_npq.canvas.client import Connection
from canvas_npq.canvas.errors import CanvasError

log = logging.getLogger(__name__)

# A page of the connection: Canvas's default_max_page_size (GraphQLTuning) caps it, and
# hasNextPage says when there is more.
PAGE_SIZE = 100
# A course with more quizzes than this many pages is a chain that does not end.
MAX_PAGES = 50

QUIZ_STAMPS_QUERY = """
query CanvasNpqQuizStamps($course: ID!, $first: Int!, $after: String) {
  course(id: $course) {
    _id
    quizzesConnection(first: $first, after: $after) {
      nodes { _id updatedAt }
      pageInfo { hasNextPage endCursor }
    }
  }
}
""".strip()

Stamps = dict[int, str]


def _page(answer: Any, course_id: int | str) -> tuple[list[tuple[int, str]], str | None] | None:
    """One answer's ``(id, updatedAt)`` pairs and the cursor of the next page (None: the
    last page), or None when the answer is not exactly what was asked for."""
    if not isinstance(answer, Mapping) or answer.get("errors"):
        return None
    data = answer.get("data")
    course = data.get("course") if isinstance(data, Mapping) else None
    if not isinstance(course, Mapping) or str(course.get("_id")) != str(course_id):
        return None
    connection = course.get("quizzesConnection")
    if not isinstance(connection, Mapping):
        return None
    nodes, info = connection.get("nodes"), connection.get("pageInfo")
    if not isinstance(nodes, list) or not isinstance(info, Mapping):
        return None
    pairs = []
    for node in nodes:
        if not isinstance(node, Mapping):
            return None
        quiz_id, stamp = node.get("_id"), node.get("updatedAt")
        if not isinstance(quiz_id, str | int) or not str(quiz_id).isdigit():
            return None
        if not isinstance(stamp, str) or not stamp:
            return None
        pairs.append((int(quiz_id), stamp))
    more, cursor = info.get("hasNextPage"), info.get("endCursor")
    if more is True:
        if not isinstance(cursor, str) or not cursor:
            return None
        return pairs, cursor
    if more is not False:
        return None
    return pairs, None


def stamps_of(pages: list[Any], course_id: int | str) -> Stamps | None:
    """The stamps the answers (pages in order) give, or None when any is malformed.
    An id that comes more than once has no stamp."""
    seen: dict[int, list[str]] = {}
    for number, answer in enumerate(pages):
        page = _page(answer, course_id)
        if page is None:
            return None
        pairs, cursor = page
        for quiz_id, stamp in pairs:
            seen.setdefault(quiz_id, []).append(stamp)
        if (cursor is None) != (number == len(pages) - 1):
            return None
    return {quiz_id: stamps[0] for quiz_id, stamps in seen.items() if len(stamps) == 1}


def quiz_stamps(conn: Connection, course_id: int | str) -> Stamps | None:
    """Every active quiz's ``updatedAt`` by quiz id, or None when Canvas's answer cannot
    be trusted (then every owned quiz's questions are read)."""
    pages: list[Any] = []
    after: str | None = None
    try:
        for _ in range(MAX_PAGES):
            variables = {"course": str(course_id), "first": PAGE_SIZE, "after": after}
            answer = conn.read(conn.canvas.graphql, QUIZ_STAMPS_QUERY, variables)
            pages.append(answer)
            page = _page(answer, course_id)
            if page is None or page[1] is None:
                break
            after = page[1]
        else:
            log.info("the quizzes' stamps did not end after %d pages: not used", MAX_PAGES)
            return None
    except (CanvasError, ValueError) as error:
        log.info("the quizzes' stamps could not be read (%s): their questions are read", error)
        return None
    stamps = stamps_of(pages, course_id)
    if stamps is None:
        log.info("Canvas's answer for the quizzes' stamps was not usable: questions are read")
    return stamps
