"""Course-level administration: creating an empty course (for the demo and tests)."""

from __future__ import annotations

from canvas_npq.canvas.client import Connection


def create_course(conn: Connection, account_id: int, name: str, course_code: str) -> int:
    """Create an empty course in an account and return its id.

    :calls: ``POST /api/v1/accounts/:account_id/courses``
    """
    account = conn.read(conn.canvas.get_account, account_id)
    course = account.create_course(course={"name": name, "course_code": course_code})
    return int(course.id)
