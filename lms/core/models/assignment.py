"""Assignments: rules that give courses to people, with a due date.

A rule targets a person, a unit (optionally with its subtree) or a position. Its result is
ordinary ``enrollment`` rows (``source = assigned``, ``due_at``): the learner's pages need
nothing new. Rules stay *active*: whoever joins the unit or takes the position later gets the
course too (``services.team.apply_rules(user)``, ``lms assignments sync``).

Due date: either a fixed ``due_at``, or ``due_days`` after the person was assigned, or for a
yearly rule the next ``due_month``/``due_day`` (31 December by default), in the site's time zone.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, Enum, ForeignKey, Index, Integer, event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from lms.core.models.base import UTCDateTime, utcnow
from lms.core.models.course import Course
from lms.extensions import db


class TargetKind(enum.StrEnum):
    PERSON = "person"
    UNIT = "unit"
    POSITION = "position"


class Recurrence(enum.StrEnum):
    NONE = "none"
    YEARLY = "yearly"


def _enum(cls: type[enum.Enum], length: int) -> Enum:
    return Enum(cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class Assignment(db.Model):
    __tablename__ = "assignment"
    __table_args__ = (Index("ix_assignment_target", "target_kind", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    target_kind: Mapped[TargetKind] = mapped_column(_enum(TargetKind, 10))
    target_id: Mapped[int] = mapped_column(Integer)  # user.id, unit.id or position.id
    include_subtree: Mapped[bool] = mapped_column(Boolean, default=False)  # units only
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # a fixed date
    due_days: Mapped[int | None] = mapped_column(Integer)  # or N days after the person is assigned
    recurrence: Mapped[Recurrence] = mapped_column(_enum(Recurrence, 10), default=Recurrence.NONE)
    due_month: Mapped[int | None] = mapped_column(Integer)  # yearly: the due day of every year
    due_day: Mapped[int | None] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    course: Mapped[Course] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<Assignment {self.id} {self.course_id} -> {self.target_kind}:{self.target_id}>"


# --------------------------------------------------------------------------- rules follow people
# Someone who joins a unit or takes a position gets the courses its rules assign, whichever code
# moved them (user import, admin pages, the demo): the session notes new users and changed
# ``unit_id``/``position_id`` at flush, and ``services.team.apply_rules`` runs for them
# just before the commit, in the same transaction.

_MOVED = "lms_moved_users"


@event.listens_for(Session, "after_flush")
def _note_moved_users(session: Session, flush_context: object) -> None:
    from lms.core.models.user import User

    moved = session.info.setdefault(_MOVED, set())
    for obj in session.new:
        if isinstance(obj, User):
            moved.add(obj)
    for obj in session.dirty:
        if isinstance(obj, User):
            state = inspect(obj)
            if any(state.attrs[name].history.has_changes()
                   for name in ("unit_id", "position_id", "unit", "position", "active")):
                moved.add(obj)


@event.listens_for(Session, "before_commit")
def _apply_rules_to_moved_users(session: Session) -> None:
    from lms.core.models.user import User

    if session.info.get("lms_applying_rules"):
        return
    if not session.info.get(_MOVED) and not any(isinstance(o, User) for o in (*session.new, *session.dirty)):
        return
    try:
        if db.session() is not session:  # another session (a script's own): not ours to extend
            return
    except RuntimeError:  # no application context
        return
    session.flush()  # the last changes are noted too
    moved = session.info.pop(_MOVED, None)
    if not moved:
        return
    users = [u for u in moved if inspect(u).persistent and u.active]
    if not users:
        return
    from lms.core.services.team import apply_rules

    session.info["lms_applying_rules"] = True
    try:
        apply_rules(users)
    finally:
        session.info.pop("lms_applying_rules", None)


@event.listens_for(Session, "after_rollback")
def _forget_moved_users(session: Session) -> None:
    session.info.pop(_MOVED, None)
