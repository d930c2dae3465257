"""A learner's way through courses: enrollments, item progress, completions.

Progress is attached to (user, course, cycle, item key), never to an item row, so it survives
new revisions. A *cycle* is one pass through a course: when a completion expires
(``valid_months``) and the learner retakes the course, a new cycle starts with fresh progress
while the old completion stays in the transcript. Unique constraints make repeated or
concurrent requests unable to double anything.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.models.base import UTCDateTime, utcnow
from lms.core.models.course import Course
from lms.extensions import db


class EnrollmentSource(enum.StrEnum):
    SELF = "self"
    ASSIGNED = "assigned"


class ProgressStatus(enum.StrEnum):
    IN_PROGRESS = "in_progress"
    DONE = "done"


def _enum(cls: type[enum.Enum], length: int) -> Enum:
    return Enum(cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class Enrollment(db.Model):
    __tablename__ = "enrollment"
    __table_args__ = (UniqueConstraint("user_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    source: Mapped[EnrollmentSource] = mapped_column(_enum(EnrollmentSource, 10), default=EnrollmentSource.SELF)
    cycle: Mapped[int] = mapped_column(Integer, default=1)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_item_key: Mapped[str | None] = mapped_column(String(200))
    last_activity_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # of the current cycle

    course: Mapped[Course] = relationship(lazy="joined")


class ItemProgress(db.Model):
    __tablename__ = "item_progress"
    __table_args__ = (
        UniqueConstraint("user_id", "course_id", "cycle", "item_key"),
        Index("ix_item_progress_course_key", "course_id", "item_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    cycle: Mapped[int] = mapped_column(Integer, default=1)
    item_key: Mapped[str] = mapped_column(String(200))
    status: Mapped[ProgressStatus] = mapped_column(_enum(ProgressStatus, 12), default=ProgressStatus.IN_PROGRESS)
    score: Mapped[float | None] = mapped_column(Float)  # percent, for graded items
    position: Mapped[float] = mapped_column(Float, default=0.0)  # reading position, 0..1
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Completion(db.Model):
    """A completed course: the revision, score, JP and date it was earned with."""

    __tablename__ = "completion"
    __table_args__ = (UniqueConstraint("user_id", "course_id", "cycle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    cycle: Mapped[int] = mapped_column(Integer, default=1)
    revision_id: Mapped[int | None] = mapped_column(ForeignKey("course_revision.id", ondelete="SET NULL"))
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    score: Mapped[float | None] = mapped_column(Float)
    jp: Mapped[float] = mapped_column(Float)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    course: Mapped[Course] = relationship(lazy="joined")
