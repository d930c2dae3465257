"""The outbox: what leaves Sinau (webhooks, xAPI), written in the same transaction as the change
it reports, then delivered by jobs.

``outbox_event`` is one row per fact ("course 12 completed by user 7"), unique by its natural
``key`` so that reporting a fact twice stores it once; its ``uid`` (a UUID5 of the key) is the
``webhook-id`` and the xAPI statement id, stable across retries. ``outbox_delivery`` is one
row per (event, target): a registered webhook endpoint, or the LRS. ``outbox_attempt`` is the
delivery log: one row per try, never edited.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.models.base import UTCDateTime, utcnow
from lms.extensions import db

PENDING = "pending"
DELIVERED = "delivered"
FAILED = "failed"
XAPI_TARGET = "xapi"


class OutboxEvent(db.Model):
    __tablename__ = "outbox_event"
    __table_args__ = (Index("ix_outbox_event_created_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)  # webhook-id and xAPI statement id
    key: Mapped[str] = mapped_column(String(200), unique=True)  # "course.completed:completion:42"
    type: Mapped[str] = mapped_column(String(60))  # "course.completed"
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class WebhookEndpoint(db.Model):
    """An address an admin registered. The signing secret is kept encrypted (the signature
    needs the secret itself, so a hash cannot do) with a key derived from ``LMS_SECRET_KEY``."""

    __tablename__ = "webhook_endpoint"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(String(200))
    events: Mapped[list[str]] = mapped_column(JSON)  # event types; empty: none
    secret_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))


class OutboxDelivery(db.Model):
    __tablename__ = "outbox_delivery"
    __table_args__ = (
        UniqueConstraint("event_id", "target", name="uq_outbox_delivery_event_target"),
        Index("ix_outbox_delivery_endpoint", "endpoint_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("outbox_event.id", ondelete="CASCADE"))
    target: Mapped[str] = mapped_column(String(40))  # "webhook:<endpoint id>" or "xapi"
    endpoint_id: Mapped[int | None] = mapped_column(ForeignKey("webhook_endpoint.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    resends: Mapped[int] = mapped_column(Integer, default=0)  # "kirim lagi" presses
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[OutboxEvent] = relationship()


class OutboxAttempt(db.Model):
    __tablename__ = "outbox_attempt"
    __table_args__ = (Index("ix_outbox_attempt_delivery", "delivery_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("outbox_delivery.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status_code: Mapped[int | None] = mapped_column(Integer)
    ok: Mapped[bool] = mapped_column(Boolean)
    error: Mapped[str | None] = mapped_column(String(500))
    duration_ms: Mapped[int] = mapped_column(Integer)
