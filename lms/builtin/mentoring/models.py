"""The plugin's tables: a relation (mentor and mentee, or coach and coachee, for a period),
its goals (competencies of the framework at a level) and its sessions (logged by the mentee,
confirmed by the mentor). Nothing is deleted: an ended relation keeps its history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.plugins import User, UTCDateTime, db, utcnow

KINDS = ("mentoring", "coaching")
STATES = ("proposed", "active", "ended")
SESSION_STATES = ("pending", "confirmed", "returned")


class Relation(db.Model):
    __tablename__ = "mentoring_relation"
    __table_args__ = (
        CheckConstraint("mentor_id <> mentee_id", name="two_people"),
        Index("ix_mentoring_relation_mentee_state", "mentee_id", "state"),
        Index("ix_mentoring_relation_mentor_state", "mentor_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # mentoring | coaching
    mentor_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    mentee_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(20), default="proposed")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)  # the planned end
    ended_on: Mapped[date | None] = mapped_column(Date)  # the actual end (early or on time)
    end_reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    mentor: Mapped[User] = relationship(foreign_keys=[mentor_id], lazy="joined")
    mentee: Mapped[User] = relationship(foreign_keys=[mentee_id], lazy="joined")
    goals: Mapped[list[Goal]] = relationship(order_by="Goal.id", cascade="all, delete-orphan",
                                             back_populates="relation")

    def role_of(self, user: Any) -> str | None:
        if user.id == self.mentor_id:
            return "mentor"
        if user.id == self.mentee_id:
            return "mentee"
        return None


class Goal(db.Model):
    __tablename__ = "mentoring_goal"
    __table_args__ = (
        UniqueConstraint("relation_id", "competency_code"),
        CheckConstraint("level BETWEEN 1 AND 5", name="level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    relation_id: Mapped[int] = mapped_column(ForeignKey("mentoring_relation.id", ondelete="CASCADE"), index=True)
    competency_code: Mapped[str] = mapped_column(ForeignKey("competency.code"))
    level: Mapped[int] = mapped_column(Integer)  # the level the goal aims at (evidence is recorded at it)

    relation: Mapped[Relation] = relationship(back_populates="goals")


class Session(db.Model):
    __tablename__ = "mentoring_session"
    __table_args__ = (
        CheckConstraint("minutes BETWEEN 1 AND 480", name="minutes"),
        Index("ix_mentoring_session_relation_state", "relation_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    relation_id: Mapped[int] = mapped_column(ForeignKey("mentoring_relation.id", ondelete="CASCADE"))
    held_on: Mapped[date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer)
    competencies: Mapped[list[str]] = mapped_column(JSON, default=list)  # codes among the goals
    notes: Mapped[str] = mapped_column(Text, default="")  # the pair and admins only
    actions: Mapped[str] = mapped_column(Text, default="")  # agreed actions; the pair and admins only
    state: Mapped[str] = mapped_column(String(20), default="pending")
    return_comment: Mapped[str] = mapped_column(String(500), default="")
    logged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    relation: Mapped[Relation] = relationship(lazy="joined")


class Caps(db.Model):
    """The yearly JP caps an admin sets (one row; absent: the plugin's settings)."""

    __tablename__ = "mentoring_caps"

    id: Mapped[int] = mapped_column(primary_key=True)
    mentee_jp: Mapped[int] = mapped_column(Integer)
    mentor_jp: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
