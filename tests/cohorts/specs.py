"""A small spec with cohorts, for the cohort tests: spec_small plus relative dates,
a session that is face-to-face (blended) or live online, and two cohorts."""

from __future__ import annotations

import shutil
from pathlib import Path

SMALL_SPEC = Path(__file__).parents[1] / "e2e" / "spec_small"

SESSION = """      - type: link
        id: session-1
        title: "Face-to-face day 1"
        url: https://example.org/venues/birmingham
        online:
          title: "Live online session 1"
          url: https://meet.example.org/session-1
      - type: link
        id: venue-map
        title: "How to find the venue"
        url: https://example.org/venues/map
        delivery: blended
      - type: link
        id: extra-reading
        title: "Extra reading for this cohort"
        url: https://example.org/extra
        optional: true
"""


def cohorts_yaml(autumn_course: int | str, spring_course: int | str) -> str:
    return f"""cohorts:
  - name: autumn-2026
    course: {autumn_course}
    start: 2026-10-05
    delivery: blended
    course_name: NPQLTD autumn 2026
    course_code: NPQLTD-A26
    overrides:
      session-1:
        title: "Face-to-face day 1: Birmingham, Conference Centre"
  - name: spring-2027
    course: {spring_course}
    start: 2027-03-01
    timezone: Europe/London
    delivery: online
    course_name: NPQLTD spring 2027
    course_code: NPQLTD-S27
    include: [extra-reading]
    overrides:
      face-to-face-1:
        online_url: https://meet.example.org/s27-day-1
"""


def make_cohort_spec(
    target: Path, autumn_course: int | str = 1, spring_course: int | str = 2
) -> Path:
    shutil.copytree(SMALL_SPEC, target)
    course_yaml = target / "course.yaml"
    text = course_yaml.read_text()
    text = text.replace(
        "due_at: 2026-11-02T17:00", "due_at: week 6 friday 17:00\n        unlock_at: week 3 09:00"
    )
    text = text.replace("due_at: 2027-09-01", "due_at: start + 40w")
    # The face-to-face day is in week 1 of each cohort, and online in the online model.
    text = text.replace("start_at: 2026-10-05T09:30", "start_at: week 1 09:30")
    text = text.replace("end_at: 2026-10-05T16:00", "end_at: week 1 16:00")
    text = text.replace(
        "    description: events/face-to-face-1.md\n",
        "    description: events/face-to-face-1.md\n"
        '    online:\n      title: "Live online session 1: Leading improvement"\n',
    )
    text = text.replace(
        "      - type: mit\n        id: mit-1", SESSION + "      - type: mit\n        id: mit-1"
    )
    course_yaml.write_text(text)
    (target / "cohorts.yaml").write_text(cohorts_yaml(autumn_course, spring_course))
    return target
