"""Named template slots where plugins add HTML (``{{ slot('course_page_after_outline') }}``).

Declared here so that a typo in a template or a plugin is an error instead of a blank space.
"""

from __future__ import annotations

SLOTS: dict[str, str] = {
    "head": "inside <head>, after the core stylesheets",
    "nav_end": "end of the main navigation",
    "dashboard_top": "top of Belajar Saya, above the course lists",
    "course_page_after_outline": "course page, after the outline",
    "course_outline_item": "course page, under one item of the outline (course, item, done)",
    "item_after_content": "lesson, quiz or survey page, after the content",
    "profile_after_details": "profile page, after the account details",
    "transcript_row": "Riwayat diklat, under one completed course (completion)",
    "completed_course_card": "Belajar Saya, the action of a completed course's card (completion)",
    "completion_page": "the page shown when a course is completed, after the JP earned (completion)",
    "team_top": "Tim Saya, above the summary of the team (-)",
    "team_person_card": "Tim Saya, one person's page, after their courses (person)",
    "author_course_settings": "the author's course settings page, after the form (course)",
    "author_results": "the author's course results page, after the quiz results (course)",
    "footer": "page footer",
}


class UnknownSlotError(KeyError):
    pass


def check_slot(name: str) -> None:
    if name not in SLOTS:
        raise UnknownSlotError(f"unknown template slot {name!r}; known: {', '.join(sorted(SLOTS))}")
