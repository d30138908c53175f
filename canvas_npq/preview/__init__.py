"""A static preview site of a course as participants see it in Canvas, and its schedule.

``PreviewCourse`` wraps the desired snapshot plan and apply use; ``build_site`` renders
it (pure) and ``write_site`` writes it; ``build_schedule`` lists a cohort's dated things.
"""

from canvas_npq.preview.course import PreviewCourse
from canvas_npq.preview.schedule import ScheduleEntry, build_schedule
from canvas_npq.preview.site import Site, build_site, write_site

__all__ = ["PreviewCourse", "ScheduleEntry", "Site", "build_schedule", "build_site", "write_site"]
