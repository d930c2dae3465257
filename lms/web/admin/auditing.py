"""The audit log as seen from a view: the signed-in admin is filled in (the request's address
:func:`lms.core.services.audit.origin` adds itself), so an admin page records an action in one line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_login import current_user

from lms.core.models.audit import AuditLog
from lms.core.services import audit


def current_actor() -> Any:
    """The signed-in admin (None outside a signed-in request)."""
    return current_user._get_current_object() if current_user and current_user.is_authenticated else None


_actor = current_actor


def log(action: str, target: Any, before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None, label: str | None = None) -> AuditLog:
    """Record ``action`` on ``target`` by the current admin."""
    return audit.record(_actor(), action, target, before, after, label=label)


def log_changes(action: str, target: Any, before: Mapping[str, Any], after: Mapping[str, Any],
                label: str | None = None) -> AuditLog | None:
    """Record only the fields that changed; nothing when none did."""
    return audit.record_changes(_actor(), action, target, before, after, label=label)
