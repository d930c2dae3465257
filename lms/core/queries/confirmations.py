"""What waits for a trainer's confirmation in one course: the items of the published revision
in the ``trainer`` completion mode, and for each the enrolled people (current cycle) who have
not been confirmed yet. One query per such item (a course has a handful), never per person."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import and_, func, select

from lms.core.models import Course, CourseItem, Enrollment, ItemProgress, ProgressStatus, Unit, User
from lms.extensions import db
from lms.plugins.activity import TRAINER_COMPLETION

#: people listed per item; more are counted and found by searching
LIMIT = 200


@dataclass(frozen=True)
class Person:
    user_id: int
    name: str
    nip: str
    unit: str


@dataclass
class AwaitingItem:
    key: str
    title: str
    waiting: int  # everyone waiting, also beyond LIMIT
    done: int  # confirmed in the current cycle
    people: list[Person] = field(default_factory=list)


def trainer_items(course: Course) -> list[CourseItem]:
    """The published items confirmed by a trainer, in outline order."""
    if course.published_revision_id is None:
        return []
    registry = current_app.extensions["lms.host"].activities
    items = db.session.scalars(select(CourseItem).where(CourseItem.revision_id == course.published_revision_id)
                               .order_by(CourseItem.position))
    return [i for i in items if registry.completion_of(i) == TRAINER_COMPLETION]


def awaiting(course: Course, search: str = "") -> list[AwaitingItem]:
    """Per trainer-confirmed item: who waits (by name; ``search`` narrows by name or NIP)."""
    out = []
    for item in trainer_items(course):
        done_row = (select(ItemProgress.id).where(
            ItemProgress.user_id == Enrollment.user_id, ItemProgress.course_id == course.id,
            ItemProgress.cycle == Enrollment.cycle, ItemProgress.item_key == item.key,
            ItemProgress.status == ProgressStatus.DONE).exists())
        base = (select(User.id, User.name, User.nip, Unit.name)
                .select_from(Enrollment).join(User, User.id == Enrollment.user_id)
                .outerjoin(Unit, Unit.id == User.unit_id)
                .where(Enrollment.course_id == course.id, User.active.is_(True)))
        counts = db.session.execute(
            select(func.count().filter(~done_row), func.count().filter(done_row))
            .select_from(Enrollment).join(User, User.id == Enrollment.user_id)
            .where(Enrollment.course_id == course.id, User.active.is_(True))).one()
        listed = base.where(~done_row)
        if search:
            pattern = f"%{search.lower()}%"
            listed = listed.where(and_(func.lower(User.name).like(pattern) | User.nip.like(pattern)))
        rows = db.session.execute(listed.order_by(User.name, User.id).limit(LIMIT))
        out.append(AwaitingItem(item.key, item.title, counts[0], counts[1],
                                [Person(uid, name, nip or "", unit or "") for uid, name, nip, unit in rows]))
    return out


def trainer_item_keys(items: list[CourseItem]) -> set[str]:
    """Keys of ``items`` confirmed by a trainer (the learner's outline marks them)."""
    registry = current_app.extensions["lms.host"].activities
    return {i.key for i in items if registry.completion_of(i) == TRAINER_COMPLETION}


def person(user_id: int) -> User | None:
    """The person a confirmation is for (any account: the service checks the enrolment)."""
    return db.session.get(User, user_id)
