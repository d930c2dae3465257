"""The outbox: facts for the world outside, written in the same transaction as the change.

Core writes its facts from :func:`lms.core.transaction.emit` (see :mod:`.capture`): an event
that has a translator there becomes an ``outbox_event`` row in the unit of work that emitted
it, so a rolled-back change reports nothing and a committed one is never forgotten. Plugins
call :func:`publish` (``lms.plugins.publish_event``) next to their own ``emit``.

Delivery (webhooks signed in the Standard Webhooks format, xAPI statements to an LRS) runs in
jobs: :mod:`.delivery`.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite

from lms.core import site_settings
from lms.core.models.base import utcnow
from lms.core.models.outbox import OutboxEvent
from lms.extensions import db

PENDING_KEY = "lms_pending_outbox"

# What webhook endpoints may subscribe to; plugins add theirs with :func:`register_event_type`.
EVENT_TYPES: dict[str, str] = {}


def register_event_type(name: str) -> str:
    """Declare an event type (``course.completed``) so admins can subscribe to it."""
    EVENT_TYPES.setdefault(name, name)
    return name


for _name in ("course.completed", "certificate.issued", "jp.credited", "record.verified",
              "quiz.attempted", "quiz.graded"):
    register_event_type(_name)


def event_uid(key: str) -> str:
    """The event's public id: a UUID5 of the site's address and the key. Stable across retries
    (so a receiver and an LRS can drop a second copy) and distinct between two sites sending to
    one LRS (the same completion id on two sites is not the same fact)."""
    base = site_settings.base_url().rstrip("/")
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{base}/outbox/{key}"))


def publish(type: str, *, key: str, data: dict[str, Any], user_id: int | None = None,  # noqa: A002
            occurred_at: datetime | None = None) -> int | None:
    """Write one outbox event in the current unit of work (the caller's transaction).

    ``key`` is the fact's natural key (``"quiz.graded:attempt:12"``): publishing it again does
    nothing. ``data`` is JSON: what the webhook's ``data`` carries. Returns the new row's id,
    or ``None`` when the fact was already recorded. Delivery starts after the commit.
    """
    if type not in EVENT_TYPES:
        raise ValueError(f"unknown outbox event type {type!r} (register_event_type first)")
    values = {"uid": event_uid(key), "key": key, "type": type, "data": data, "user_id": user_id,
              "occurred_at": occurred_at or utcnow(), "created_at": utcnow()}
    dialect = db.session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    # ON CONFLICT DO NOTHING: no savepoint, no exception, two racing publishers make one row
    statement = (module.insert(OutboxEvent).values(**values)
                 .on_conflict_do_nothing(index_elements=["key"]).returning(OutboxEvent.id))
    event_id = db.session.execute(statement).scalar()
    if event_id is not None:
        from lms.core.outbox import delivery

        delivery.after_publish(event_id)
    return event_id
