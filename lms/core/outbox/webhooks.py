"""Webhook messages in the Standard Webhooks format (``standardwebhooks``).

The body is ``{"type", "timestamp", "data"}``; the headers are ``webhook-id`` (the event's
stable uid: a receiver drops a second copy by it), ``webhook-timestamp`` (the time of this
try, in seconds) and ``webhook-signature`` (``v1,<base64 HMAC-SHA256 of id.timestamp.body>``).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from standardwebhooks import Webhook

from lms.core.models.outbox import OutboxEvent


def body_of(event: OutboxEvent) -> str:
    payload: dict[str, Any] = {"type": event.type, "timestamp": event.occurred_at.isoformat(), "data": event.data}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def signed_request(event: OutboxEvent, secret: str, now: datetime | None = None) -> tuple[bytes, dict[str, str]]:
    """The body and headers of one try. The signature is made at send time: receivers refuse
    timestamps older than five minutes, so a retry is signed anew (same id, same body)."""
    now = now or datetime.now(UTC)
    body = body_of(event)
    signature = Webhook(secret).sign(msg_id=event.uid, timestamp=now, data=body)
    headers = {"Content-Type": "application/json", "webhook-id": event.uid,
               "webhook-timestamp": str(int(now.timestamp())), "webhook-signature": signature}
    return body.encode(), headers
