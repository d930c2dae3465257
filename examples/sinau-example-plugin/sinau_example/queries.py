"""Reads of the sessions: attended sessions (the JP they credit) and tomorrow's sessions.

Set-based: one statement for everyone asked about, never one per person. A session counts
where its course's published revision still has it (its JP are read from the item)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, select

from lms.plugins import (
    Course,
    CourseItem,
    Enrollment,
    ItemProgress,
    ProgressStatus,
    User,
    db,
    local_date,
    site_zone,
)
from sinau_example.activity import TYPE


@dataclass(frozen=True)
class Attended:
    user_id: int
    course_id: int
    cycle: int
    course: str
    key: str
    title: str
    jp: float
    on: date  # the local day the trainer confirmed it


def _instant(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=site_zone())


def attended(user_ids: Iterable[int] | None, start: date | None = None, end: date | None = None,
             course_id: int | None = None) -> list[Attended]:
    """Confirmed sessions of ``user_ids`` (None: everyone), confirmed from ``start`` to ``end``
    (local days, both included; None: unbounded)."""
    stmt = (select(ItemProgress.user_id, ItemProgress.course_id, ItemProgress.cycle, ItemProgress.item_key,
                   ItemProgress.completed_at, Course.title, CourseItem.title, CourseItem.settings)
            .join(Course, Course.id == ItemProgress.course_id)
            .join(CourseItem, and_(CourseItem.revision_id == Course.published_revision_id,
                                   CourseItem.key == ItemProgress.item_key))
            .where(CourseItem.type == TYPE, ItemProgress.status == ProgressStatus.DONE,
                   ItemProgress.completed_at.is_not(None)))
    if user_ids is not None:
        stmt = stmt.where(ItemProgress.user_id.in_(list(user_ids)))
    if start is not None:
        stmt = stmt.where(ItemProgress.completed_at >= _instant(start))
    if end is not None:
        stmt = stmt.where(ItemProgress.completed_at < _instant(end + timedelta(days=1)))
    if course_id is not None:
        stmt = stmt.where(ItemProgress.course_id == course_id)
    return [Attended(uid, cid, cycle, course, key, title, float((settings or {}).get("jp") or 0), local_date(done))
            for uid, cid, cycle, key, done, course, title, settings in db.session.execute(stmt)]


@dataclass(frozen=True)
class Upcoming:
    user_id: int
    course_id: int
    slug: str
    key: str
    title: str
    place: str
    day: date


def sessions_on(day: date) -> list[Upcoming]:
    """Learners enrolled (current cycle, active account) in a course whose published session
    is on ``day`` and who are not confirmed for it yet: two statements."""
    items = [(cid, slug, key, title, settings) for cid, slug, key, title, settings in db.session.execute(
        select(Course.id, Course.slug, CourseItem.key, CourseItem.title, CourseItem.settings)
        .join(CourseItem, CourseItem.revision_id == Course.published_revision_id)
        .where(CourseItem.type == TYPE)) if (settings or {}).get("date") == day.isoformat()]
    if not items:
        return []
    done = (select(ItemProgress.id).where(
        ItemProgress.user_id == Enrollment.user_id, ItemProgress.course_id == Enrollment.course_id,
        ItemProgress.cycle == Enrollment.cycle, ItemProgress.item_key == CourseItem.key,
        ItemProgress.status == ProgressStatus.DONE).exists())
    wanted = {(cid, key) for cid, _slug, key, _title, _settings in items}
    rows = db.session.execute(
        select(Enrollment.user_id, Enrollment.course_id, CourseItem.key)
        .join(Course, Course.id == Enrollment.course_id)
        .join(CourseItem, CourseItem.revision_id == Course.published_revision_id)
        .join(User, User.id == Enrollment.user_id)
        .where(CourseItem.type == TYPE, Enrollment.course_id.in_({cid for cid, *_ in items}),
               User.active.is_(True), ~done))
    info = {(cid, key): (slug, title, (settings or {}).get("place") or "") for cid, slug, key, title, settings in items}
    return [Upcoming(uid, cid, info[(cid, key)][0], key, info[(cid, key)][1], info[(cid, key)][2], day)
            for uid, cid, key in rows if (cid, key) in wanted]
