"""Bringing existing Canvas courses under canvas-npq: ``import`` and ``adopt``.

* ``import`` reads a course and writes a spec folder that reproduces it
  (:mod:`canvas_npq.adopt.importer`, Markdown from :mod:`canvas_npq.adopt.convert`;
  announcements, the menu, settings and sections' dates from
  :mod:`canvas_npq.adopt.extras`).
* ``adopt`` binds a spec to a course that already holds its content, such as a copy
  of last term's course, matching objects by kind and title
  (:mod:`canvas_npq.adopt.matching`).

Both end the same way: the manifest records the bound Canvas ids
(:func:`canvas_npq.adopt.ownership.adopted_manifest`), and no content is written.
What canvas-npq cannot manage (quizzes, external tools, ...) is listed and left alone
(:mod:`canvas_npq.adopt.support`). Everything here is pure; ``canvas_npq.sync`` does
the reading and the one write.
"""
