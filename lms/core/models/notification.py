"""In-app notifications, also the outbox of reminder e-mails.

``dedup_key`` is unique: a reminder (``due7:<enrollment>:<cycle>:<due date>``) can be created
once only, whatever the number of ``lms notify`` running at the same time. The text is not
stored: ``kind`` and ``params`` are rendered in the reader's language when shown or mailed.
``email_status``: pending -> sending (claimed by one ``lms notify``) -> sent; skipped when the
person has no e-mail address or no SMTP server is configured; pending again after an SMTP error.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.models.base import UTCDateTime, utcnow
from lms.extensions import db


class Notification(db.Model):
    __tablename__ = "notification"
    __table_args__ = (
        Index("ix_notification_user_read", "user_id", "read_at"),
        Index("ix_notification_email_status", "email_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))  # assigned | due_soon | overdue | overdue_staff | records_pending
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    link: Mapped[str | None] = mapped_column(String(300))  # a path inside the site
    dedup_key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_status: Mapped[str] = mapped_column(String(10), default="pending")  # pending|sending|sent|skipped
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<Notification {self.id} {self.kind} user={self.user_id}>"
