"""The preview's chrome: one page shell with Canvas's layout, its CSS and icons.

Self-contained (no external assets, no network): the style sheet is written beside the
pages and the icons are inline SVG. Every text interpolated here is escaped by the
caller's ``esc``; bodies come already cleaned (``links.participant_html``).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

STYLESHEET = "preview.css"
RELOAD_SCRIPT = "/__preview__/reload.js"  # served only by ``preview --serve``

# (file, label) of the course navigation, in Canvas's order.
COURSE_NAV: Sequence[tuple[str, str]] = (
    ("index.html", "Home"),
    ("modules.html", "Modules"),
    ("assignments.html", "Assignments"),
    ("discussions.html", "Discussions"),
    ("pages.html", "Pages"),
    ("files.html", "Files"),
    ("syllabus.html", "Syllabus"),
    ("calendar.html", "Calendar"),
    ("schedule.html", "Schedule"),
    ("coverage.html", "Framework coverage"),
)


def esc(text: object) -> str:
    return escape(str(text), quote=True)


_ICON_PATHS = {
    "page": '<path d="M5 2h9l5 5v15H5z" fill="none" stroke="currentColor" stroke-width="2"/>'
    '<path d="M8 11h8M8 15h8M8 19h5" stroke="currentColor" stroke-width="2"/>',
    "assignment": '<rect x="4" y="3" width="16" height="19" rx="2" fill="none" '
    'stroke="currentColor" stroke-width="2"/><path d="M8 12l3 3 5-6" fill="none" '
    'stroke="currentColor" stroke-width="2"/>',
    "discussion": '<path d="M3 4h14v10H9l-4 4v-4H3z" fill="none" stroke="currentColor" '
    'stroke-width="2"/><path d="M19 8h2v10h-2v3l-3-3h-6" fill="none" '
    'stroke="currentColor" stroke-width="2"/>',
    "link": '<path d="M10 14a5 5 0 007 0l3-3a5 5 0 00-7-7l-1 1M14 10a5 5 0 00-7 0l-3 3a5 5 '
    '0 007 7l1-1" fill="none" stroke="currentColor" stroke-width="2"/>',
    "file": '<path d="M16 6l-7 7a2 2 0 003 3l8-8a4 4 0 00-6-6l-8 8a6 6 0 008 8l6-6" '
    'fill="none" stroke="currentColor" stroke-width="2"/>',
    "lock": '<rect x="5" y="10" width="14" height="11" rx="2" fill="currentColor"/>'
    '<path d="M8 10V7a4 4 0 018 0v3" fill="none" stroke="currentColor" stroke-width="2"/>',
    "event": '<rect x="3" y="5" width="18" height="16" rx="2" fill="none" '
    'stroke="currentColor" stroke-width="2"/><path d="M3 10h18M8 3v4M16 3v4" '
    'stroke="currentColor" stroke-width="2"/>',
}


def icon(name: str) -> str:
    """An inline SVG icon (``page``, ``assignment``, ``discussion``, ``link``, ...)."""
    path = _ICON_PATHS.get(name, _ICON_PATHS["page"])
    return (
        f'<svg class="icon icon-{esc(name)}" viewBox="0 0 24 24" width="18" height="18" '
        f'aria-hidden="true">{path}</svg>'
    )


def shell(
    *,
    title: str,
    course_name: str,
    course_code: str,
    active: str,
    crumbs: Sequence[tuple[str | None, str]],
    content: str,
    banner: str = "",
    live_reload: bool = False,
) -> str:
    """A whole HTML document: global nav, course nav (``active`` marked), breadcrumbs."""
    nav = "".join(
        f'<li><a href="{esc(href)}"'
        + (' class="active" aria-current="page"' if href == active else "")
        + f">{esc(label)}</a></li>"
        for href, label in COURSE_NAV
    )
    trail = [f'<a href="index.html">{esc(course_code)}</a>']
    for href, label in crumbs:
        trail.append(f'<a href="{esc(href)}">{esc(label)}</a>' if href else esc(label))
    sep = '<span class="sep" aria-hidden="true">›</span>'
    reload = f'<script src="{RELOAD_SCRIPT}"></script>' if live_reload else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}: {esc(course_name)}</title>\n"
        f'<link rel="stylesheet" href="{STYLESHEET}">\n{reload}</head>\n<body>\n'
        '<nav class="global-nav" aria-label="Global">'
        f'<a class="logo" href="index.html" title="{esc(course_name)}">{esc(course_code[:6])}</a>'
        '<span class="global-label">Course preview</span></nav>\n'
        '<div class="app">\n'
        f'<header class="course-header"><div class="crumbs">{sep.join(trail)}</div></header>\n'
        '<div class="course-body">\n'
        f'<nav class="course-nav" aria-label="Course"><ul>{nav}</ul></nav>\n'
        f'<main id="content">{banner}{content}</main>\n'
        "</div>\n</div>\n</body>\n</html>\n"
    )


CSS = """
*, *::before, *::after { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font: 16px/1.5 "Lato", "Helvetica Neue", Helvetica, Arial, sans-serif; color: #2d3b45;
       background: #fff; display: flex; min-height: 100vh; }
a { color: #0374b5; text-decoration: none; }
a:hover { text-decoration: underline; }
.global-nav { width: 84px; flex: none; background: #394b58; color: #fff; display: flex;
              flex-direction: column; align-items: center; padding-top: 12px; }
.global-nav .logo { display: flex; width: 56px; height: 56px; border-radius: 50%;
                    background: #fff; color: #394b58; font-weight: 700; font-size: 13px;
                    align-items: center; justify-content: center; }
.global-nav .global-label { font-size: 11px; margin-top: 8px; text-align: center;
                            opacity: .85; padding: 0 6px; }
.app { flex: 1; min-width: 0; display: flex; flex-direction: column; }
.course-header { border-bottom: 1px solid #c7cdd1; padding: 14px 24px; min-height: 56px; }
.crumbs { font-size: 18px; }
.crumbs .sep { color: #6b7780; margin: 0 8px; }
.course-body { display: flex; flex: 1; }
.course-nav { width: 170px; flex: none; padding: 18px 0 0 24px; }
.course-nav ul { list-style: none; margin: 0; padding: 0; }
.course-nav li a { display: block; padding: 4px 10px; font-size: 15px;
                   border-left: 2px solid transparent; }
.course-nav li a.active { color: #2d3b45; border-left-color: #2d3b45; font-weight: 700; }
main { flex: 1; min-width: 0; padding: 18px 36px 48px; max-width: 1100px; }
h1.page-title { font-size: 28px; font-weight: 400; margin: 4px 0 16px; }
h2 { font-weight: 400; }
.user_content img { max-width: 100%; }
.user_content table { border-collapse: collapse; margin: 1em 0; }
.user_content th, .user_content td { border: 1px solid #c7cdd1; padding: 6px 10px;
                                     vertical-align: top; }
.user_content th { background: #f5f5f5; }
.user_content blockquote { border-left: 4px solid #c7cdd1; margin: 1em 0; padding: 0 1em;
                           color: #556572; }
.user_content a[href="#unresolved"] { color: #bf3f31; text-decoration: underline dotted; }
.banner { border: 1px solid #c7cdd1; border-left: 6px solid #0374b5; border-radius: 4px;
          padding: 10px 14px; margin: 0 0 18px; background: #f5faff; }
.banner.error { border-left-color: #e0061f; background: #fff4f4; }
.banner pre { white-space: pre-wrap; margin: 8px 0 0; font-size: 14px; }
.pill { display: inline-block; font-size: 12px; line-height: 18px; padding: 0 8px;
        border-radius: 9px; border: 1px solid #c7cdd1; color: #556572; margin-left: 6px;
        white-space: nowrap; background: #fff; }
.pill.unpublished { border-color: #bf3f31; color: #bf3f31; }
.pill.requirement { border-color: #0374b5; color: #0374b5; }
.module { border: 1px solid #c7cdd1; border-radius: 4px; margin: 0 0 24px; }
.module > header { background: #f5f5f5; border-bottom: 1px solid #c7cdd1; padding: 10px 14px;
                   display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
.module > header h2 { font-size: 18px; font-weight: 700; margin: 0; flex: 1; }
.module .module-meta { width: 100%; font-size: 13px; color: #556572; }
.module ul.items { list-style: none; margin: 0; padding: 0; }
.module li.item { display: flex; align-items: center; gap: 10px; padding: 10px 14px;
                  border-top: 1px solid #e6e9ea; min-height: 48px; }
.module li.item:first-child { border-top: none; }
.module li.item .title { flex: 1; }
.module li.item .details { font-size: 13px; color: #556572; }
.module li.subheader { font-weight: 700; background: #fafbfb; }
.icon { flex: none; color: #556572; vertical-align: middle; }
.module li.assignment .icon, .module li.mit .icon { color: #127a1b; }
.module li.discussion .icon { color: #8f3e97; }
.module li.link .icon, .module li.file .icon { color: #0374b5; }
.indent-1 { padding-left: 40px !important; }
.indent-2 { padding-left: 66px !important; }
.indent-3 { padding-left: 92px !important; }
.indent-4 { padding-left: 118px !important; }
.indent-5 { padding-left: 144px !important; }
.details-box { border-top: 1px solid #c7cdd1; border-bottom: 1px solid #c7cdd1;
               padding: 10px 0; margin: 0 0 18px; display: grid;
               grid-template-columns: max-content 1fr; gap: 4px 18px; font-size: 15px; }
.details-box dt { font-weight: 700; }
.details-box dd { margin: 0; }
table.list { border-collapse: collapse; width: 100%; margin: 0 0 24px; }
table.list th, table.list td { text-align: left; padding: 8px 10px;
                               border-bottom: 1px solid #e6e9ea; vertical-align: top; }
table.list thead th { border-bottom: 2px solid #c7cdd1; font-size: 14px; }
table.list tr.week th { background: #f5f5f5; font-size: 15px; }
table.rubric { border-collapse: collapse; width: 100%; margin: 8px 0 24px; font-size: 14px; }
table.rubric th, table.rubric td { border: 1px solid #c7cdd1; padding: 8px; vertical-align: top; }
table.rubric thead th { background: #f5f5f5; text-align: left; }
table.rubric th[scope="row"] { text-align: left; width: 32%; font-weight: 700; }
table.rubric .ratings { display: flex; gap: 0; }
table.rubric .rating { flex: 1; border-left: 1px solid #e6e9ea; padding: 0 8px; }
table.rubric .rating:first-child { border-left: none; padding-left: 0; }
table.rubric .points { font-weight: 700; white-space: nowrap; }
table.rubric .long { color: #556572; font-size: 13px; margin-top: 4px; white-space: pre-line; }
.pager { display: flex; justify-content: space-between; border-top: 1px solid #c7cdd1;
         margin-top: 36px; padding-top: 14px; }
.pager a { border: 1px solid #c7cdd1; border-radius: 4px; padding: 6px 14px;
           background: #f5f5f5; color: #2d3b45; }
.muted { color: #6b7780; }
.event-day { margin: 0 0 18px; }
.event-day h2 { font-size: 16px; font-weight: 700; border-bottom: 1px solid #c7cdd1;
                padding-bottom: 4px; }
.event { display: flex; gap: 12px; margin: 10px 0 18px; }
.event .icon { color: #0374b5; margin-top: 4px; }
.event h3 { margin: 0; font-size: 17px; }
iframe.coverage { width: 100%; height: 80vh; border: 1px solid #c7cdd1; border-radius: 4px; }
"""
