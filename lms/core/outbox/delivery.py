"""Delivering outbox events: fan out to the targets, then one try at a time.

* :func:`fanout`, in the publisher's own transaction: a delivery row per active endpoint
  subscribed to the event's type, and one for the LRS when configured and the event has a
  statement; each gets an ``outbox.deliver`` job, handed to the queue after the commit. (Done
  in the transaction rather than by a job of its own: one queue hop less per event, which is
  what the December peak waits on, and the deliveries can never be forgotten.)
* :func:`attempt` (job ``outbox.deliver``): one signed POST (or one xAPI PUT), logged as an
  ``outbox_attempt`` row whatever happens. A failure raises :class:`DeliveryFailed` after the log
  is committed, so the job retries with backoff; after the last try the delivery is ``failed``
  and waits for an admin's "kirim lagi" (:func:`resend`).

Delivery is at least once: a receiver may see an event twice (a worker dies after the POST but
before the commit) and drops the copy by its ``webhook-id``; an LRS drops it by statement id.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from lms.core.models.base import utcnow
from lms.core.models.outbox import (
    DELIVERED,
    FAILED,
    PENDING,
    XAPI_TARGET,
    OutboxAttempt,
    OutboxDelivery,
    OutboxEvent,
    WebhookEndpoint,
)
from lms.core.outbox import http, secrets, webhooks, xapi
from lms.extensions import db

DELIVER_JOB = "outbox.deliver"
RETRIES = 8  # further tries after the first: 30 s, 1, 2, 4, 8, 16, 32, 64 min apart (about 2 h in all)
RETRY_DELAY = 30.0


class DeliveryFailed(Exception):
    """One try did not reach the target (logged already); the job retries."""


def after_publish(event_id: int) -> None:
    """The fan-out, in the publisher's transaction: its deliveries go out after the commit."""
    fanout(event_id)


def _insert_delivery(event_id: int, target: str, endpoint_id: int | None) -> int | None:
    dialect = db.session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    statement = (module.insert(OutboxDelivery)
                 .values(event_id=event_id, target=target, endpoint_id=endpoint_id, status=PENDING, attempts=0,
                         resends=0, created_at=utcnow())
                 .on_conflict_do_nothing(index_elements=["event_id", "target"]).returning(OutboxDelivery.id))
    return db.session.execute(statement).scalar()


def fanout(event_id: int) -> list[int]:
    """Create the event's deliveries (once, however often it runs) and queue them."""
    from lms.core.jobs import enqueue

    event = db.session.get(OutboxEvent, event_id)
    if event is None:
        return []
    created: list[int] = []
    endpoints = db.session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.active.is_(True))
                                   .order_by(WebhookEndpoint.id)).all()
    for endpoint in endpoints:
        if event.type in (endpoint.events or []):
            delivery_id = _insert_delivery(event.id, f"webhook:{endpoint.id}", endpoint.id)
            if delivery_id is not None:
                created.append(delivery_id)
    if xapi.configured() and xapi.statement_for(event) is not None:
        delivery_id = _insert_delivery(event.id, XAPI_TARGET, None)
        if delivery_id is not None:
            created.append(delivery_id)
    for delivery_id in created:
        enqueue(DELIVER_JOB, key=f"delivery:{delivery_id}:0", delivery_id=delivery_id)
    return created


def _send(delivery: OutboxDelivery, event: OutboxEvent) -> http.Answer:
    if delivery.target == XAPI_TARGET:
        if not xapi.configured():
            return http.Answer(status=None, error="no LRS configured (LMS_XAPI_URL)", duration_ms=0)
        answer = xapi.send(event)
        return answer if answer is not None else http.Answer(status=204, error=None, duration_ms=0)
    endpoint = db.session.get(WebhookEndpoint, delivery.endpoint_id)
    if endpoint is None or not endpoint.active:
        return http.Answer(status=None, error="endpoint removed or switched off", duration_ms=0)
    try:
        secret = secrets.decrypt(endpoint.secret_encrypted)
    except secrets.SecretUnreadable as exc:
        return http.Answer(status=None, error=str(exc), duration_ms=0)
    body, headers = webhooks.signed_request(event, secret)
    return http.send("POST", endpoint.url, body, headers)


def attempt(delivery_id: int, *, last_try: bool, now: datetime | None = None) -> bool:
    """One try of one delivery, logged. True when delivered (now or before). The caller commits."""
    delivery = db.session.get(OutboxDelivery, delivery_id)
    if delivery is None or delivery.status == DELIVERED:
        return True
    answer = _send(delivery, delivery.event)
    now = now or utcnow()
    delivery.attempts += 1
    db.session.add(OutboxAttempt(delivery_id=delivery.id, number=delivery.attempts, at=now,
                                 status_code=answer.status, ok=answer.ok, error=answer.error,
                                 duration_ms=answer.duration_ms))
    delivery.last_status_code = answer.status
    delivery.last_error = answer.error
    delivery.last_attempt_at = now
    if answer.ok:
        delivery.status, delivery.delivered_at = DELIVERED, now
    elif last_try:
        delivery.status = FAILED
    db.session.flush()
    return answer.ok


def resend(delivery: OutboxDelivery) -> None:
    """"Kirim lagi": a fresh series of tries for a delivery (failed, or delivered and lost on
    the receiver's side). The same webhook-id goes out again."""
    from lms.core.jobs import enqueue

    delivery.status = PENDING
    delivery.resends += 1
    db.session.flush()
    enqueue(DELIVER_JOB, key=f"delivery:{delivery.id}:{delivery.resends}", delivery_id=delivery.id)
