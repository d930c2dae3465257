"""Reads about courses (no writes here)."""

from __future__ import annotations

from sqlalchemy import select

from lms.core.models import Course, CourseAuthor, Role, User
from lms.extensions import db


def courses_authored_by(user: User) -> list[Course]:
    """The trainer's own courses; an admin sees every course."""
    query = select(Course).order_by(Course.title)
    if not user.has_role(Role.ADMIN):
        query = query.join(CourseAuthor, CourseAuthor.course_id == Course.id).where(CourseAuthor.user_id == user.id)
    return list(db.session.scalars(query))
