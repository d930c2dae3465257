"""The quiz plugin's own table: ``quiz_attempt`` (on the plugin's Alembic branch ``quiz``).

An attempt belongs to (user, course, cycle, item key) like core progress does, so it survives
new revisions; ``item_id`` records the revision's item it was started on. The drawn questions
are copied into the attempt (``questions``) with their rendered HTML and the order shown, so a
later import that changes a question never regrades or re-renders an old attempt.

Two database rules make repeated or concurrent requests harmless:

* ``(user_id, course_id, cycle, item_key, number)`` is unique;
* a partial unique index allows at most one *open* attempt per (user, course, cycle, key), so
  two tabs or a double click cannot start two attempts: the loser of the race gets an
  ``IntegrityError`` and the service returns the winner's attempt.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from lms.plugins import UTCDateTime, db, utcnow


class AttemptStatus(enum.StrEnum):
    OPEN = "open"
    SUBMITTED = "submitted"


_OPEN_ONLY = text("status = 'open'")


class Attempt(db.Model):
    __tablename__ = "quiz_attempt"
    __table_args__ = (
        UniqueConstraint("user_id", "course_id", "cycle", "item_key", "number"),
        Index("uq_quiz_attempt_one_open", "user_id", "course_id", "cycle", "item_key",
              unique=True, sqlite_where=_OPEN_ONLY, postgresql_where=_OPEN_ONLY),
        Index("ix_quiz_attempt_course_key", "course_id", "item_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    item_key: Mapped[str] = mapped_column(String(200))
    #: The item of the revision the attempt was started on (kept when that revision goes).
    item_id: Mapped[int | None] = mapped_column(ForeignKey("course_item.id", ondelete="SET NULL"),
                                                index=True)
    cycle: Mapped[int] = mapped_column(Integer, default=1)
    number: Mapped[int] = mapped_column(Integer)  # 1..n per user, course, cycle and key
    status: Mapped[AttemptStatus] = mapped_column(
        Enum(AttemptStatus, native_enum=False, length=10,
             values_callable=lambda e: [m.value for m in e]),
        default=AttemptStatus.OPEN)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The quiz settings at the start (pass mark, partial credit, feedback rule, ...).
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: Snapshot of the drawn questions, in the order shown: ``[{"question": Question.to_dict(),
    #: "rendered": {...html}, "options": [option ids shown], "items": [pair ids],
    #: "choices": [right texts]}]``.
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: ``{question_id: response}`` as saved while the learner works.
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    score: Mapped[float | None] = mapped_column(Float)  # percent
    passed: Mapped[bool | None] = mapped_column(Boolean)
    #: Per-question grades written at submission (see ``attempts.grade_attempt``).
    results: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    @property
    def is_open(self) -> bool:
        return self.status == AttemptStatus.OPEN

    def __repr__(self) -> str:
        return f"<Attempt {self.id} {self.item_key} #{self.number} {self.status}>"
