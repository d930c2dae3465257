"""Named template slots where plugins add HTML (``{{ slot('course_page_after_outline') }}``).

Declared here so that a typo in a template or a plugin is an error instead of a blank space.
"""

from __future__ import annotations

SLOTS: dict[str, str] = {
    "head": "inside <head>, after the core stylesheets",
    "nav_end": "end of the main navigation",
    "dashboard_top": "top of Belajar Saya, above the course lists",
    "course_page_after_outline": "course page, after the outline",
    "item_after_content": "lesson, quiz or survey page, after the content",
    "profile_after_details": "profile page, after the account details",
    "footer": "page footer",
}


class UnknownSlotError(KeyError):
    pass


def check_slot(name: str) -> None:
    if name not in SLOTS:
        raise UnknownSlotError(f"unknown template slot {name!r}; known: {', '.join(sorted(SLOTS))}")
