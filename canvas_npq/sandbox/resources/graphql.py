"""Canvas's GraphQL endpoint, ``POST /api/graphql``: the subset canvas-npq reads.

Parsed, validated and run by ``graphql-core`` against a schema that is a subset of
Canvas's own, so a query Canvas would refuse is refused here too:

* ``course(id:)`` (``app/graphql/types/query_type.rb``): a legacy id or a relay id
  (base64 of ``Course-<id>``); null when there is no such course or the caller may not
  read it (``GraphQLNodeLoader``).
* ``Course._id``, ``Course.quizzesConnection(first:, after:, last:, before:)``
  (``app/graphql/interfaces/quizzes_connection_interface.rb``): the course's active
  classic quizzes and, when New Quizzes is in use, its New Quizzes *assignments* (whose
  ``_id`` is an assignment id), ordered by id; ``nodes``, ``edges`` and ``pageInfo``.
  Pages hold 20 by default and 100 at most (``GraphQLTuning``'s default_page_size and
  default_max_page_size): a larger ``first`` is cut to 100, as graphql-ruby does.
* ``Quiz._id``, ``Quiz.updatedAt``, ``Quiz.createdAt`` (``app/graphql/types/quiz_type.rb``,
  ``interfaces/timestamp_interface.rb``): ISO 8601 to the second
  (``Types::DateTimeType``).

``app/controllers/graphql_controller.rb``: a token is required (401 otherwise, as for
the REST API); every answer, errors included, is HTTP 200 with ``{"data": ..., "errors":
[...]}`` (``errors`` only when there are some, ``data`` left out when the query did
not run). The request is a read: it changes nothing, and the request log counts it so
(``RequestRecord.is_read``).
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from graphql import GraphQLError, GraphQLSchema, build_schema, graphql_sync

from canvas_npq.sandbox.api import ApiRequest, json_response
from canvas_npq.sandbox.dates import iso
from canvas_npq.sandbox.records import Course
from canvas_npq.sandbox.roles import course_rights
from canvas_npq.sandbox.routing import router

GRAPHQL_PATH = "/api/graphql"
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

SCHEMA_SDL = """
scalar DateTime

type Query {
  course(id: ID, sisId: String): Course
}

type Course {
  id: ID!
  _id: ID!
  name: String!
  quizzesConnection(first: Int, after: String, last: Int, before: String): QuizConnection
}

type Quiz {
  id: ID!
  _id: ID!
  createdAt: DateTime
  updatedAt: DateTime
}

type QuizConnection {
  nodes: [Quiz]
  edges: [QuizEdge]
  pageInfo: PageInfo!
}

type QuizEdge {
  cursor: String!
  node: Quiz
}

type PageInfo {
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
  endCursor: String
}
"""


def _relay_id(type_name: str, legacy_id: int) -> str:
    return base64.b64encode(f"{type_name}-{legacy_id}".encode()).decode()


def _legacy_id(value: str, type_name: str) -> int | None:
    """``GraphQLHelpers.relay_or_legacy_id_prepare_func``: digits, or a relay id of the
    type's own."""
    if value.isdigit():
        return int(value)
    try:
        decoded = base64.b64decode(value, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    kind, _, number = decoded.partition("-")
    return int(number) if kind == type_name and number.isdigit() else None


def _cursor(index: int) -> str:
    """graphql-ruby's array connection: the 1-based offset, base64-encoded."""
    return base64.b64encode(str(index).encode()).decode()


def _offset(cursor: str | None) -> int:
    if cursor is None:
        return 0
    try:
        text = base64.b64decode(cursor, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise GraphQLError("Invalid cursor") from None
    if not text.isdigit():
        raise GraphQLError("Invalid cursor")
    return int(text)


def _quiz_node(row: Any) -> dict[str, Any]:
    return {
        "id": _relay_id("Quiz", row.id),
        "_id": str(row.id),
        "createdAt": iso(row.created_at),
        "updatedAt": iso(row.updated_at),
    }


def _resolve_course(root: Any, info: Any, **args: Any) -> Any:
    course_ref, sis_id = args.get("id"), args.get("sisId")
    if (course_ref is None) == (sis_id is None):
        raise GraphQLError("Must specify exactly one of id or sisId")
    req: ApiRequest = info.context
    store = req.store
    course: Course | None
    if course_ref is not None:
        legacy = _legacy_id(str(course_ref), "Course")
        course = store.get(store.courses, legacy) if legacy is not None else None
    else:
        course = next((c for c in store.live(store.courses) if c.sis_course_id == sis_id), None)
    if course is None or course.deleted or "read" not in course_rights(store, req.user.id, course):
        return None
    return {
        "id": _relay_id("Course", course.id),
        "_id": str(course.id),
        "name": course.name,
        "quizzesConnection": lambda _info, **page: _quizzes_connection(req, course, **page),
    }


def _new_quizzes(req: ApiRequest, course: Course) -> list[Any]:
    """The course's New Quizzes: LTI assignments on the quiz-lti tool."""
    return [
        a
        for a in req.store.live(req.store.assignments, course_id=course.id)
        if "external_tool" in a.submission_types
        and "quiz-lti" in str((a.external_tool_tag_attributes or {}).get("url") or "")
    ]


def _quizzes_connection(
    req: ApiRequest,
    course: Course,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> dict[str, Any]:
    """``quizzes_scope``: active quizzes, then New Quizzes assignments, sorted by id."""
    rows = [*req.store.live(req.store.quizzes, course_id=course.id), *_new_quizzes(req, course)]
    rows.sort(key=lambda row: row.id)
    for name, value in (("first", first), ("last", last)):
        if value is not None and value < 0:
            raise GraphQLError(f"Argument '{name}' on Field 'quizzesConnection' must be >= 0")
    start = _offset(after)
    end = min(_offset(before) - 1, len(rows)) if before is not None else len(rows)
    window = list(range(start, max(start, end)))
    if first is not None:
        window = window[: min(first, MAX_PAGE_SIZE)]
    if last is not None:
        window = window[-min(last, MAX_PAGE_SIZE) :] if last else []
    if first is None and last is None:
        window = window[:DEFAULT_PAGE_SIZE]
    nodes = [_quiz_node(rows[i]) for i in window]  # New Quizzes' too: Canvas's QuizType
    edges = [{"cursor": _cursor(i + 1), "node": n} for i, n in zip(window, nodes, strict=True)]
    return {
        "nodes": nodes,
        "edges": edges,
        "pageInfo": {
            "hasNextPage": bool(window) and window[-1] + 1 < end,
            "hasPreviousPage": bool(window) and window[0] > 0,
            "startCursor": _cursor(window[0] + 1) if window else None,
            "endCursor": _cursor(window[-1] + 1) if window else None,
        },
    }


def _field_resolver(source: Any, info: Any, **args: Any) -> Any:
    value = source.get(info.field_name) if isinstance(source, dict) else None
    return value(info, **args) if callable(value) else value


_schema: GraphQLSchema | None = None


def schema() -> GraphQLSchema:
    global _schema
    if _schema is None:
        built = build_schema(SCHEMA_SDL)
        course_field = built.query_type.fields["course"]  # type: ignore[union-attr]
        course_field.resolve = _resolve_course
        _schema = built
    return _schema


@router.route("POST", GRAPHQL_PATH, prefix="")
def execute(req: ApiRequest) -> Any:
    query = req.params.get("query")
    variables = req.params.get("variables")
    if not isinstance(query, str) or not query.strip():
        return json_response({"errors": [{"message": "No query string was present"}]})
    if variables in (None, ""):
        variables = {}
    if not isinstance(variables, dict):
        return json_response({"errors": [{"message": "Variables must be an object"}]})
    result = graphql_sync(
        schema(),
        query,
        variable_values=variables,
        operation_name=req.params.get("operationName") or None,
        context_value=req,
        field_resolver=_field_resolver,
    )
    body: dict[str, Any] = {}
    if result.data is not None or result.errors is None:
        body["data"] = result.data
    if result.errors:
        body["errors"] = [error.formatted for error in result.errors]
    return json_response(body)
