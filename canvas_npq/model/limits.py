"""Canvas's size limits that canvas-npq must respect before it sends anything."""

from __future__ import annotations

# ``validates :body, length: {maximum: maximum_long_text_length}`` on WikiPage, with
# ``maximum_long_text_length`` = ``500.kilobytes - 1`` characters (Canvas's
# config/initializers/active_record.rb). A longer page body is refused with 400.
PAGE_BODY_LIMIT = 500 * 1024 - 1
