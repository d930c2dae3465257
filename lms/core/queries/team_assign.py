"""Reads of Tim Saya's assign form and rule list: which courses may be given, which people the
caller may pick (searched by name or NIP), the names of the rules' targets.

Who counts as the caller's staff is :func:`lms.core.queries.team.staff_condition`; the writes
are :mod:`lms.core.services.team`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, or_, select

from lms.core.models import Assignment, Course, CourseStatus, Position, TargetKind, Unit, User
from lms.core.queries.team import staff_condition
from lms.extensions import db


def assignable_courses() -> list[Any]:
    """Published courses as rows of (id, title), by title."""
    return list(db.session.execute(select(Course.id, Course.title).where(
        Course.status == CourseStatus.PUBLISHED, Course.published_revision_id.is_not(None))
        .order_by(Course.title)).all())


def courses_by_id(ids: Iterable[int]) -> list[Course]:
    return list(db.session.scalars(select(Course).where(Course.id.in_(list(ids)))))


def people_to_pick(actor: User, *, search: str, wanted: set[int], limit: int) -> tuple[int, list[Any]]:
    """How many people ``actor`` may assign to in all, and rows of (id, name, nip, position) of
    those to list, by name, at most ``limit``.

    ``search`` matches the name, or the NIP from four digits on; the people already ``wanted``
    stay listed whatever the search. With more than ``limit`` people and no search yet, only the
    wanted ones are listed (the supervisor searches for the rest)."""
    staff = staff_condition(actor, "all")
    total = db.session.scalar(select(func.count()).select_from(User).where(staff)) or 0
    statement = select(User.id, User.name, User.nip, Position.name.label("position")).outerjoin(
        Position, Position.id == User.position_id).where(staff)
    if search:
        like = f"%{search.lower()}%"
        digits = "".join(ch for ch in search if ch.isdigit())
        statement = statement.where(or_(func.lower(User.name).like(like), User.id.in_(wanted),
                                        *([User.nip.like(f"%{digits}%")] if len(digits) >= 4 else [])))
    elif total > limit:
        statement = statement.where(User.id.in_(wanted))
    return total, list(db.session.execute(statement.order_by(User.name).limit(limit)).all())


def positions() -> list[Any]:
    """Every position as rows of (id, name), by name."""
    return list(db.session.execute(select(Position.id, Position.name).order_by(Position.name)).all())


def target_names(rules: list[Assignment]) -> dict[tuple[str, int], str]:
    """Names of the rules' targets by (kind, id), in three queries at most."""
    wanted: dict[TargetKind, set[int]] = {}
    for rule in rules:
        wanted.setdefault(TargetKind(rule.target_kind), set()).add(rule.target_id)
    names: dict[tuple[str, int], str] = {}
    for kind, model, column in ((TargetKind.PERSON, User, User.name), (TargetKind.UNIT, Unit, Unit.name),
                                (TargetKind.POSITION, Position, Position.name)):
        ids = wanted.get(kind)
        if ids:
            for target_id, name in db.session.execute(select(model.id, column).where(model.id.in_(ids))):
                names[(kind.value, target_id)] = name
    return names
