"""Reads about courses (no writes here)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from sqlalchemy import select

from lms.core.models import Course, CourseAuthor, Role, User
from lms.extensions import db

M = TypeVar("M")
I = TypeVar("I")  # noqa: E741 - an item


def courses_authored_by(user: User) -> list[Course]:
    """The trainer's own courses; an admin sees every course."""
    query = select(Course).order_by(Course.title)
    if not user.has_role(Role.ADMIN):
        query = query.join(CourseAuthor, CourseAuthor.course_id == Course.id).where(CourseAuthor.user_id == user.id)
    return list(db.session.scalars(query))


def sections(modules: Iterable[M], items: Iterable[I]) -> list[tuple[M | None, list[I]]]:
    """The outline as the learner walks it: ``items`` (in position order) cut into runs of one
    module, each with its module (by key; None when its row is missing). Top-level items and
    modules share one numbering, so the top level (key ``""``) may come back more than once:
    ``01-intro.md``, ``02-lanjutan/``, ``03-kuis.quiz.md`` is intro, the module, then the quiz."""
    by_key = {module.key: module for module in modules}  # type: ignore[attr-defined]
    runs: list[tuple[M | None, list[I]]] = []
    last: object = object()
    for item in items:
        key = item.module_key  # type: ignore[attr-defined]
        if key != last:
            runs.append((by_key.get(key), []))
            last = key
        runs[-1][1].append(item)
    return runs


def titles_by_slug(slugs: Iterable[str]) -> dict[str, str]:
    statement = select(Course.slug, Course.title).where(Course.slug.in_(list(slugs)))
    return dict(db.session.execute(statement).tuples().all())
