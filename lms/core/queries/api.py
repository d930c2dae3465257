"""Reads of the JSON API (``lms/web/api``) beyond the other queries modules, each in a fixed
number of queries whatever the size of the answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, func, select

from lms.core.models import (
    Course,
    CourseCompetency,
    CourseItem,
    CourseModule,
    Enrollment,
    User,
)
from lms.core.queries import jp_ledger
from lms.core.queries.courses import sections
from lms.extensions import db


def outline(course: Course, items: list[CourseItem]) -> list[dict[str, Any]]:
    """Modules of the published revision with their items (one query beside ``items``)."""
    modules = db.session.scalars(select(CourseModule).where(
        CourseModule.revision_id == course.published_revision_id).order_by(CourseModule.position)).all()
    # runs in the order of the numbering; the top level (key "") may come back between modules;
    # items whose module row is missing still belong to the outline (as the top level)
    return [{"key": module.key if module else "", "title": module.title if module else "", "items": run}
            for module, run in sections(modules, items)]


def competencies_of(course_ids: list[int]) -> dict[int, list[CourseCompetency]]:
    """The competencies of many courses in one query (``Course.competencies`` loads lazily)."""
    found: dict[int, list[CourseCompetency]] = {i: [] for i in course_ids}
    if course_ids:
        for row in db.session.scalars(select(CourseCompetency).where(CourseCompetency.course_id.in_(course_ids))
                                      .order_by(CourseCompetency.code)):
            found[row.course_id].append(row)
    return found


def user_by_nip(nip: str) -> User | None:
    return db.session.scalar(select(User).where(User.nip == nip))


def staff_member(supervisor: User, nip: str) -> User | None:
    return db.session.scalar(select(User).where(User.nip == nip, User.supervisor_id == supervisor.id))


@dataclass(frozen=True)
class StaffRow:
    user: User
    enrolled: int
    completed: int
    overdue: int
    jp_year: float


def team(supervisor: User, year: int, now: datetime) -> list[StaffRow]:
    """The direct staff of ``supervisor`` with their enrolment counts and JP of ``year``:
    three queries (plus the selectin load of roles) whatever the size of the team."""
    staff = db.session.scalars(select(User).where(User.supervisor_id == supervisor.id, User.active.is_(True))
                               .order_by(User.name, User.nip)).all()
    if not staff:
        return []
    ids = [u.id for u in staff]
    counts = {row.user_id: row for row in db.session.execute(
        select(Enrollment.user_id,
               func.count().label("enrolled"),
               func.sum(case((Enrollment.completed_at.is_not(None), 1), else_=0)).label("completed"),
               func.sum(case((and_(Enrollment.completed_at.is_(None), Enrollment.due_at.is_not(None),
                                   Enrollment.due_at < now), 1), else_=0)).label("overdue"))
        .where(Enrollment.user_id.in_(ids)).group_by(Enrollment.user_id))}
    jp = jp_ledger.jp_of_many(ids, jp_ledger.Period.year(year))  # courses and verified records
    rows = []
    for user in staff:
        c = counts.get(user.id)
        rows.append(StaffRow(user, int(c.enrolled) if c else 0, int(c.completed or 0) if c else 0,
                             int(c.overdue or 0) if c else 0, float(jp.get(user.id) or 0)))
    return rows
