"""Links into the course itself, written so that a spec serves every course it is applied to.

Canvas stores a link to a page of the same course as ``/courses/1234/pages/slug``, and
a course copy rewrites the id. A spec names the course as ``$CANVAS_COURSE_REFERENCE$``
(Canvas's own placeholder in course exports): ``$CANVAS_COURSE_REFERENCE$/pages/slug``.
``build_plan`` resolves it for the course being planned, so the same spec links each
cohort's pages to that cohort's course, and ``import`` writes it for links it finds.
"""

from __future__ import annotations

import re
from dataclasses import replace

from canvas_npq.model.fields import FIELDS, FieldType
from canvas_npq.model.snapshot import Snapshot

COURSE_REFERENCE = "$CANVAS_COURSE_REFERENCE$"


def course_relative(html: str, course_id: int | str | None) -> str:
    """``href``/``src`` under ``/courses/<course_id>`` (normalised HTML) → the placeholder."""
    if not html or course_id is None:
        return html
    pattern = re.compile(r'((?:href|src)=")/courses/' + re.escape(str(course_id)) + r'(?=[/"?#])')
    return pattern.sub(lambda m: m.group(1) + COURSE_REFERENCE, html)


def localize(html: str, course_id: int | str) -> str:
    return html.replace(COURSE_REFERENCE, f"/courses/{course_id}")


def localize_snapshot(desired: Snapshot, course_id: int | str | None) -> Snapshot:
    """The desired snapshot with the course placeholder resolved for ``course_id``."""
    if course_id is None:
        return desired
    resources = []
    changed = False
    for resource in desired:
        html_fields = {
            name: localize(value, course_id)
            for name, ftype in FIELDS[resource.kind].items()
            if ftype is FieldType.HTML
            and isinstance(value := resource.fields.get(name), str)
            and COURSE_REFERENCE in value
        }
        if html_fields:
            changed = True
            resource = replace(resource, fields={**resource.fields, **html_fields})
        resources.append(resource)
    if not changed:
        return desired
    return Snapshot.of(resources, desired.order, desired.meta)
