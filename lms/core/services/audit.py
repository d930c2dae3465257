"""Recording administrative actions in the audit log (append-only, see
:mod:`lms.core.models.audit`).

A service or view that changes something on an admin's behalf calls :func:`record` once per
action, in the same transaction as the change: the entry is committed with it or not at all.
``before``/``after`` hold plain JSON values of the fields that changed (:func:`changes`);
secrets (password hashes, tokens) never go in.

Where an action came from (``ip``): the client's address in a request; ``cli:<os user>`` for a
command run on the server, so "who" is never just "the system".
"""

from __future__ import annotations

import enum
import getpass
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import click
from flask import has_request_context, request
from sqlalchemy import inspect

from lms.core.models.audit import AuditLog
from lms.core.models.user import User
from lms.extensions import db

#: never written to the log, whatever a caller passes
SECRET_FIELDS = frozenset({"password", "password_hash", "token", "token_hash", "secret"})


CLI_PREFIX = "cli:"


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name for this uid (containers)
        return "?"


def origin() -> str | None:
    """The address of the request; ``cli:<os user>`` inside an ``lms`` command (every command,
    plugins' too: click's context says so); None otherwise (a script, a test)."""
    if has_request_context():
        return request.remote_addr
    if click.get_current_context(silent=True) is not None:
        return CLI_PREFIX + _os_user()
    return None


def plain(value: Any) -> Any:
    """A JSON-safe copy of ``value`` (enums by value, dates in ISO form, sets sorted)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items() if str(k) not in SECRET_FIELDS}
    if isinstance(value, set | frozenset):
        return sorted(plain(v) for v in value)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def snapshot(obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    """The named attributes of ``obj`` as plain values."""
    return {name: plain(getattr(obj, name)) for name in fields if name not in SECRET_FIELDS}


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose value differs, from both sides."""
    keys = [k for k in {**before, **after} if plain(before.get(k)) != plain(after.get(k))]
    return {k: plain(before.get(k)) for k in keys}, {k: plain(after.get(k)) for k in keys}


def _target(target: Any) -> tuple[str, str | None, str]:
    """(type, id, label) of a model instance or a ``(type, id[, label])`` tuple."""
    if isinstance(target, tuple):
        kind, key, *rest = target
        return str(kind), None if key is None else str(key), str(rest[0]) if rest else ""
    mapper = inspect(type(target))
    key = inspect(target).identity or tuple(getattr(target, c.key) for c in mapper.primary_key)
    label = getattr(target, "name", None) or getattr(target, "title", None) or ""
    if isinstance(target, User):
        label = f"{target.name} ({target.nip})"
    return mapper.local_table.name, "/".join(str(k) for k in key) if key else None, str(label)


def record(actor: User | None, action: str, target: Any, before: Mapping[str, Any] | None = None,
           after: Mapping[str, Any] | None = None, *, ip: str | None = None,
           label: str | None = None) -> AuditLog:
    """Append one entry: ``actor`` did ``action`` ("user.update") to ``target`` (a model
    instance, or ``("user_import", None, "pegawai.csv")``). Flushes; the caller commits."""
    kind, key, default_label = _target(target)
    where = ip or origin()
    entry = AuditLog(actor_id=actor.id if actor is not None else None, action=action[:50], target_type=kind[:50],
                     target_id=key[:100] if key else None, target_label=(label or default_label)[:300],
                     before=plain(dict(before)) if before is not None else None,
                     after=plain(dict(after)) if after is not None else None,
                     ip=where[:45] if where else None)
    db.session.add(entry)
    db.session.flush()
    return entry


def record_changes(actor: User | None, action: str, target: Any, before: Mapping[str, Any],
                   after: Mapping[str, Any], **kwargs: Any) -> AuditLog | None:
    """:func:`record` with only the changed fields; nothing when nothing changed."""
    old, new = changes(before, after)
    if not old and not new:
        return None
    return record(actor, action, target, old, new, **kwargs)
