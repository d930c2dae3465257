"""Job runs: one row per piece of background work, keyed by what the work is about.

``(name, key)`` is unique: the natural key (``certificate`` / ``completion:42``,
``reminders`` / ``2026-12-03T14:25``) makes enqueueing idempotent, and every queue delivers
at least once, so a second delivery finds the row already claimed and does nothing.
``status``: queued -> running (claimed by one worker) -> done | failed; a failure with
attempts left goes back to queued with ``run_after`` pushed back (exponential backoff).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.models.base import UTCDateTime, utcnow
from lms.extensions import db

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
STATUSES = (QUEUED, RUNNING, DONE, FAILED)


class JobRun(db.Model):
    __tablename__ = "job_run"
    __table_args__ = (
        UniqueConstraint("name", "key"),
        Index("ix_job_run_status_created", "status", "created_at"),
        Index("ix_job_run_user", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    key: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10), default=QUEUED)
    args: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=1)
    progress: Mapped[int] = mapped_column(default=0)  # percent, 0..100
    progress_note: Mapped[str | None] = mapped_column(String(200))
    error: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # e.g. {"file": ..., "filename": ...}
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    run_after: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<JobRun {self.id} {self.name}:{self.key} {self.status}>"
