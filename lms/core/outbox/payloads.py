"""The pieces of an outbox event's ``data`` that every event shares: who and which course.
Plugins use them too, so a receiver reads one shape everywhere."""

from __future__ import annotations

from typing import Any

from lms.core import site_settings
from lms.core.models import Course, User


def _base() -> str:
    return site_settings.base_url().rstrip("/")


def person(user: User) -> dict[str, Any]:
    return {"nip": user.nip, "name": user.name, "email": user.email}


def course_ref(course: Course) -> dict[str, Any]:
    return {"slug": course.slug, "title": course.title, "jp": course.jp, "url": f"{_base()}/courses/{course.slug}"}
