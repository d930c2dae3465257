"""Built-in plugin ``classroom``: classroom sessions (workshops, bimtek, seminars) with runs,
sign-up, waiting list and promotion (issue 16)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint
from flask_babel import gettext as _

from lms.builtin.classroom import models  # noqa: F401  (registers the tables on db.metadata)
from lms.builtin.classroom.activity import Session
from lms.builtin.classroom.signups import PROMOTED
from lms.builtin.classroom.views import bp
from lms.plugins import NotificationKind, hookimpl

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@hookimpl
def lms_register_activity_types() -> list[Session]:
    return [Session()]


@hookimpl
def lms_register_blueprints() -> list[Blueprint]:
    return [bp]


@hookimpl
def lms_register_migrations() -> str:
    return str(MIGRATIONS)


def _promoted_link(params: dict[str, Any]) -> str:
    return f"/courses/{params.get('slug', '')}/{params.get('key', '')}"


@hookimpl
def lms_notification_kinds() -> list[NotificationKind]:
    return [
        NotificationKind(
            name=PROMOTED,
            title=lambda p: _("Anda mendapat kursi"),
            sentence=lambda p: _("Ada kursi kosong di %(session)s (%(course)s): Anda sekarang terdaftar.",
                                 session=p.get("session", ""), course=p.get("course", "")),
            link=_promoted_link,
        )
    ]
