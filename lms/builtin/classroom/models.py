"""The classroom plugin's tables.

``classroom_signup``: one row per learner and session item, holding the current state and run;
``classroom_signup_event``: every change of it, append-only (who, when, which state), so the
history is kept as the anchors' ``facetoface_signups_status`` keeps it;
``classroom_run``: one row per run: the lock that serialises sign-ups and cancellations of that
run (``SELECT ... FOR UPDATE``), so capacity holds under concurrency, and whether its
attendance register is closed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.plugins import UTCDateTime, db, utcnow

REQUESTED = "requested"
APPROVED = "approved"
BOOKED = "booked"
WAITLISTED = "waitlisted"
CANCELLED = "cancelled"
DECLINED = "declined"
NO_SHOW = "no_show"
PARTIAL = "partially_attended"
ATTENDED = "attended"

STATES = (REQUESTED, APPROVED, BOOKED, WAITLISTED, CANCELLED, DECLINED, NO_SHOW, PARTIAL, ATTENDED)
#: States that hold a seat of the run.
SEATED = (BOOKED, NO_SHOW, PARTIAL, ATTENDED)
#: States from which the learner may sign up again (for this or another run).
ENDED = (CANCELLED, DECLINED)


class RunLock(db.Model):
    __tablename__ = "classroom_run"
    __table_args__ = (UniqueConstraint("course_id", "item_key", "run_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    item_key: Mapped[str] = mapped_column(String(200))
    run_id: Mapped[str] = mapped_column(String(40))
    #: The trainer closed the attendance register: completions were written, marks are final.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)


class Signup(db.Model):
    __tablename__ = "classroom_signup"
    __table_args__ = (
        UniqueConstraint("user_id", "course_id", "item_key"),
        Index("ix_classroom_signup_run", "course_id", "item_key", "run_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    item_key: Mapped[str] = mapped_column(String(200))
    run_id: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(20))
    #: When the person joined the waiting list: the first in line is promoted first.
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Minutes present, when the trainer marked a partial attendance.
    minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: Pro-rata JP of a partial attendance below ``min_attendance``, set when the register closes
    #: (who completes the session gets the course's JP instead, never both). Not yet credited
    #: through ``lms_jp_credits``: a shipped plugin answering it adds a query to every JP read,
    #: which the ledger's query budgets forbid for now (see the report of issue 16).
    jp: Mapped[float | None] = mapped_column(Float, nullable=True)


class SignupEvent(db.Model):
    __tablename__ = "classroom_signup_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    signup_id: Mapped[int] = mapped_column(ForeignKey("classroom_signup.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(20))
    #: Who made the change (the learner, a supervisor, a trainer); None: the system (a promotion).
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
