"""Webhook endpoints an admin registers: create (the secret is returned once), change, switch
off, give a new secret, and send a delivery again. Services flush, never commit."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

from flask_babel import gettext as _

from lms.core.models import User
from lms.core.models.outbox import OutboxDelivery, WebhookEndpoint
from lms.core.outbox import EVENT_TYPES, delivery, secrets
from lms.core.services import audit
from lms.extensions import db

#: what the audit log keeps of an endpoint (never its secret)
AUDITED = ("url", "description", "events", "active")

MAX_URL = 500


class WebhookError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class NewEndpoint:
    endpoint: WebhookEndpoint
    secret: str  # shown once, never stored in the clear


def _clean_url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        raise WebhookError("url", _("Isi alamat penerima."))
    if len(url) > MAX_URL:
        raise WebhookError("url", _("Alamat paling panjang %(n)d karakter.", n=MAX_URL))
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookError("url", _("Alamat harus diawali https:// (atau http://) diikuti nama server."))
    if parts.username or parts.password:
        raise WebhookError("url", _("Jangan menaruh nama pengguna atau kata sandi di alamat."))
    return url


def _clean_events(events: list[str]) -> list[str]:
    chosen = [e for e in dict.fromkeys(events or []) if e]
    unknown = [e for e in chosen if e not in EVENT_TYPES]
    if unknown:
        raise WebhookError("events", _("Peristiwa tidak dikenal: %(names)s.", names=", ".join(unknown)))
    if not chosen:
        raise WebhookError("events", _("Pilih paling sedikit satu peristiwa."))
    return chosen


def create_endpoint(actor: User | None, url: str, events: list[str], description: str | None) -> NewEndpoint:
    secret = secrets.new_secret()
    endpoint = WebhookEndpoint(url=_clean_url(url), events=_clean_events(events),
                               description=(description or "").strip()[:200] or None,
                               secret_encrypted=secrets.encrypt(secret), active=True,
                               created_by_id=actor.id if actor else None)
    db.session.add(endpoint)
    db.session.flush()
    audit.record(actor, "webhook.create", endpoint, None, audit.snapshot(endpoint, AUDITED), label=endpoint.url)
    return NewEndpoint(endpoint, secret)


def update_endpoint(endpoint: WebhookEndpoint, url: str, events: list[str], description: str | None,
                    active: bool, *, actor: User | None = None) -> WebhookEndpoint:
    before = audit.snapshot(endpoint, AUDITED)
    endpoint.url = _clean_url(url)
    endpoint.events = _clean_events(events)
    endpoint.description = (description or "").strip()[:200] or None
    endpoint.active = bool(active)
    db.session.flush()
    audit.record_changes(actor, "webhook.update", endpoint, before, audit.snapshot(endpoint, AUDITED),
                         label=endpoint.url)
    return endpoint


def rotate_secret(endpoint: WebhookEndpoint, *, actor: User | None = None) -> str:
    """A new signing secret (the old one stops working at once); returned once, audited
    without the secret."""
    secret = secrets.new_secret()
    endpoint.secret_encrypted = secrets.encrypt(secret)
    db.session.flush()
    audit.record(actor, "webhook.secret", endpoint, None, None, label=endpoint.url)
    return secret


def resend(delivery_row: OutboxDelivery, *, actor: User | None = None, label: str | None = None) -> None:
    """Send a delivery again; audited under ``label`` (the event's name as the admin reads it)."""
    delivery.resend(delivery_row)
    audit.record(actor, "webhook.resend", delivery_row, None,
                 {"event": delivery_row.event.type, "webhook_id": delivery_row.event.uid}, label=label)
