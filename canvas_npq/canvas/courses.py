"""Course-level administration: creating an empty course (for the demo and tests)."""

from __future__ import annotations

from canvas_npq.canvas.client import Connection


def create_course(
    conn: Connection,
    account_id: int,
    name: str,
    course_code: str,
    sis_course_id: str | None = None,
) -> int:
    """Create an empty course in an account and return its id.

    Needs an account admin's token (``manage_courses`` or ``create_courses`` on the
    account); a teacher's is refused with ``PermissionDenied``. The account is not read
    first: a teacher may not read it either, and the refusal should name the creation.

    :calls: ``POST /api/v1/accounts/:account_id/courses``
    """
    fields = {"name": name, "course_code": course_code}
    if sis_course_id:
        fields["sis_course_id"] = sis_course_id
    course = conn.send("POST", f"accounts/{account_id}/courses", course=fields)
    return int(course["id"])


def course_by_reference(conn: Connection, reference: str) -> int:
    """The Canvas id of ``sis_course_id:XYZ`` (or any reference Canvas resolves).

    :calls: ``GET /api/v1/courses/:reference``
    """
    return int(conn.get(f"courses/{reference}")["id"])
