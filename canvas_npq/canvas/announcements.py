"""Announcements in Canvas: discussion topics with ``is_announcement``.

What the reader and writer rely on, as Canvas's source shows it:

* ``GET /api/v1/courses/:id/discussion_topics?only_announcements=true`` lists a course's
  announcements (the plain listing leaves them out); a teacher sees the delayed ones too.
* ``POST .../discussion_topics`` with ``is_announcement=true`` makes one; it is never a
  draft. With a future ``delayed_post_at`` its state is ``post_delayed`` and a delayed
  job posts it (``active``) at that time (``DiscussionTopic#schedule_delayed_transitions``).
* ``published`` in the topic's JSON is false for a ``post_delayed`` announcement and true
  once it is posted (``DiscussionTopic#published?``): that is how canvas-npq tells a
  posted announcement, which participants may have read, from one still waiting.
* Changing ``delayed_post_at`` recomputes the state (``process_future_date_parameters``):
  a posted announcement given a future date would vanish from participants' view until
  then, which is one more reason the planner never touches a posted one without --prune.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

ANNOUNCEMENT_FIELDS = ("title", "message", "delayed_post_at")
LISTING_PARAMS: Mapping[str, Any] = {"only_announcements": "true"}


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def facts(topic: Any) -> dict[str, Any]:
    """What the planner needs to respect: whether participants can already see it."""
    return {"posted": bool(_get(topic, "published")), "posted_at": _get(topic, "posted_at")}


def unowned_entry(topic: Any) -> dict[str, Any]:
    """How an announcement canvas-npq does not manage (a facilitator's own) is listed."""
    return {
        "kind": "announcement",
        "id": _get(topic, "id"),
        "title": _get(topic, "title"),
        "delayed_post_at": _get(topic, "delayed_post_at"),
        "posted": bool(_get(topic, "published")),
    }


def params(fields: Mapping[str, Any], *, new: bool) -> dict[str, Any]:
    """The top-level parameters of ``POST``/``PUT .../discussion_topics``.

    A create always says ``is_announcement=true`` (Canvas reads it on create only). An
    empty ``delayed_post_at`` clears the date, which posts the announcement now.
    """
    sent: dict[str, Any] = {n: fields[n] for n in ANNOUNCEMENT_FIELDS if n in fields}
    if "delayed_post_at" in sent:
        sent["delayed_post_at"] = sent["delayed_post_at"] or ""
    if new:
        sent["is_announcement"] = True
        if not sent.get("delayed_post_at"):
            sent.pop("delayed_post_at", None)
    return sent
