"""Built-in plugin ``classroom``: classroom sessions (workshops, bimtek, seminars) with runs,
sign-up, waiting list and promotion (issue 16)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lms.builtin.classroom import models  # noqa: F401  (registers the tables on db.metadata)
from lms.builtin.classroom.activity import Session
from lms.builtin.classroom.signups import PROMOTED
from lms.builtin.classroom.views import bp
from lms.plugins import NotificationKind, SlotContent, hookimpl, published_items, render_fragment

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


@hookimpl
def lms_audit_action_labels() -> dict[str, Any]:
    return {"classroom.register_closed": _l("Daftar hadir sesi ditutup")}


@hookimpl
def lms_template_slot(name: str, context: dict[str, Any]) -> list[SlotContent] | None:
    """The attendance registers of the course's sessions, on the author's course results page."""
    if name != "author_results":
        return None
    from lms.builtin.classroom.activity import runs_for_page

    course = context["course"]
    sessions = [(item, runs_for_page(item.content)) for item in published_items(course) if item.type == "session"]
    if not sessions:
        return None
    return [SlotContent(weight=40, html=render_fragment("classroom/_registers.html", course=course,
                                                        sessions=sessions))]

