"""Reads of the outbox for the admin pages: endpoints with their delivery counts, and one
target's delivery log (newest first, with every try)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from lms.core.models.outbox import DELIVERED, FAILED, PENDING, OutboxAttempt, OutboxDelivery, WebhookEndpoint
from lms.extensions import db

PAGE_SIZE = 25


@dataclass
class EndpointRow:
    endpoint: WebhookEndpoint
    delivered: int = 0
    failed: int = 0
    pending: int = 0


@dataclass
class LogRow:
    delivery: OutboxDelivery
    attempts: list[OutboxAttempt] = field(default_factory=list)


def _counts(target_filter: object) -> dict[tuple[object, str], int]:
    rows = db.session.execute(select(OutboxDelivery.endpoint_id, OutboxDelivery.status, func.count())
                              .where(target_filter).group_by(OutboxDelivery.endpoint_id, OutboxDelivery.status))
    return {(endpoint_id, status): n for endpoint_id, status, n in rows}


def endpoints() -> list[EndpointRow]:
    counts = _counts(OutboxDelivery.endpoint_id.is_not(None))
    return [EndpointRow(e, counts.get((e.id, DELIVERED), 0), counts.get((e.id, FAILED), 0),
                        counts.get((e.id, PENDING), 0))
            for e in db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id))]


def lrs_counts() -> dict[str, int]:
    counts = _counts(OutboxDelivery.target == "xapi")
    return {status: counts.get((None, status), 0) for status in (DELIVERED, FAILED, PENDING)}


def delivery_log(target: str, page: int = 1, status: str | None = None) -> tuple[list[LogRow], bool]:
    """One page of a target's deliveries (``webhook:<id>`` or ``xapi``) with their tries, and
    whether a next page exists. Two queries whatever the page holds."""
    query = select(OutboxDelivery).where(OutboxDelivery.target == target)
    if status in (DELIVERED, FAILED, PENDING):
        query = query.where(OutboxDelivery.status == status)
    deliveries = list(db.session.scalars(query.order_by(OutboxDelivery.id.desc())
                                         .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)
                                         .options(joinedload(OutboxDelivery.event))))
    has_next = len(deliveries) > PAGE_SIZE
    deliveries = deliveries[:PAGE_SIZE]
    rows = {d.id: LogRow(d) for d in deliveries}
    if rows:
        for attempt in db.session.scalars(select(OutboxAttempt).where(OutboxAttempt.delivery_id.in_(rows))
                                          .order_by(OutboxAttempt.delivery_id, OutboxAttempt.number.desc())):
            rows[attempt.delivery_id].attempts.append(attempt)
    return list(rows.values()), has_next
