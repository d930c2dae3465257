"""The scorm plugin's table: what a package told us about one learner, per course cycle."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.plugins import User, UTCDateTime, db, utcnow


class ScormAttempt(db.Model):
    """One learner's runtime data of one package item in one course cycle (SCORM 1.2 ``cmi``).

    ``session_seconds`` is the time of the browser session that last committed (``session``);
    a commit from a new session folds it into ``total_seconds`` first, so the many commits of
    one session never count its time twice."""

    __tablename__ = "scorm_attempt"
    __table_args__ = (
        UniqueConstraint("user_id", "course_id", "cycle", "item_key"),
        Index("ix_scorm_attempt_course_key", "course_id", "item_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    item_key: Mapped[str] = mapped_column(String(200))
    cycle: Mapped[int] = mapped_column(Integer, default=1)
    # The item (of the revision) the package was played from; SET NULL keeps the data if that
    # revision is ever pruned.
    item_id: Mapped[int | None] = mapped_column(ForeignKey("course_item.id", ondelete="SET NULL"), index=True)
    lesson_status: Mapped[str] = mapped_column(String(20), default="not attempted")
    score_raw: Mapped[float | None] = mapped_column(Float)
    score_min: Mapped[float | None] = mapped_column(Float)
    score_max: Mapped[float | None] = mapped_column(Float)
    lesson_location: Mapped[str] = mapped_column(String(255), default="")
    suspend_data: Mapped[str] = mapped_column(Text, default="")  # at most 4,096 characters (SCORM 1.2)
    exit: Mapped[str] = mapped_column(String(20), default="")
    session: Mapped[str] = mapped_column(String(64), default="")
    session_seconds: Mapped[float] = mapped_column(Float, default=0)
    total_seconds: Mapped[float] = mapped_column(Float, default=0)
    sessions: Mapped[int] = mapped_column(Integer, default=0)
    commits: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")  # the trainer's results list names them
