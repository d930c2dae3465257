"""Built-in plugin ``mentoring``: coaching (by the direct supervisor) and mentoring (by a senior
colleague) as a route of development (Peraturan LAN 10/2018; SE Kepala BKN 3/2022).

An admin or a supervisor pairs two people for 4 weeks to 12 months with goals taken from the
mentee's competency gaps; the mentee logs each meeting and the mentor confirms it in one tap.
Confirmed minutes become JP (45 minutes = 1 JP) on both ledgers, each up to its own yearly cap
(``/admin/mentoring``; first values ``LMS_MENTORING_MENTEE_CAP_JP``/``MENTOR_CAP_JP``), and
evidence of the goals' competencies. Tim Saya and a daily reminder name the pairs that need a
nudge. Notes are for the pair and admins; a supervisor sees that sessions happened.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from flask import Blueprint
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms.plugins import (
    JobSpec,
    JpCredit,
    MenuItem,
    NotificationKind,
    SlotContent,
    crontab,
    hookimpl,
    job,
    notify,
    render_fragment,
    utcnow,
)

from . import models as _models  # noqa: F401  (the plugin's tables)
from . import queries, service

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@hookimpl
def lms_register_blueprints() -> list[Blueprint]:
    from .api import api_bp
    from .views import admin_bp, bp

    return [bp, admin_bp, api_bp]


@hookimpl
def lms_register_migrations() -> str:
    return str(MIGRATIONS)


@hookimpl
def lms_register_settings() -> dict[str, Any]:
    return dict(service.SETTINGS)


@hookimpl
def lms_menu_items(user: Any) -> list[MenuItem]:
    # everyone: the mentee logs, the mentor confirms, whatever their role
    return [MenuItem(weight=45, label=_("Coaching"), endpoint="mentoring.index", icon="users")]


@hookimpl
def lms_jp_credits(user_ids: list[int] | None, start: date | None, end: date | None) -> list[JpCredit]:
    return queries.credits(user_ids, start, end)


# --------------------------------------------------------------------------- Tim Saya


@hookimpl
def lms_template_slot(name: str, context: dict[str, Any]) -> list[SlotContent] | None:
    if name == "team_top" and current_user.is_authenticated:
        nudges = queries.team_nudges(current_user, service.today())
        if not nudges:
            return None
        return [SlotContent(30, render_fragment("mentoring/_nudges.html", nudges=nudges))]
    if name == "team_person_card" and context.get("person") is not None:
        relations = queries.of_person(context["person"].id)
        if not relations:
            return None
        return [SlotContent(30, render_fragment("mentoring/_person_card.html", relations=relations,
                                                counts=queries.counts(r.id for r in relations)))]
    return None


# --------------------------------------------------------------------------- notifications and reminders


def _relation_link(params: dict[str, Any]) -> str:
    return f"/mentoring/{int(params.get('relation_id', 0))}"


@hookimpl
def lms_notification_kinds() -> list[NotificationKind]:
    return [
        NotificationKind("mentoring.proposed", title=lambda p: _("Anda diminta menjadi pembimbing"),
                         sentence=lambda p: _("%(name)s dipasangkan dengan Anda. Setujui untuk mulai.",
                                              name=p.get("name", "")), link=_relation_link),
        NotificationKind("mentoring.waiting", title=lambda p: _("Catatan pertemuan menunggu konfirmasi"),
                         sentence=lambda p: _("%(name)s mencatat pertemuan. Konfirmasi dengan satu ketukan.",
                                              name=p.get("name", "")), link=_relation_link),
        NotificationKind("mentoring.quiet", title=lambda p: _("Sudah 30 hari tanpa pertemuan"),
                         sentence=lambda p: _("Belum ada pertemuan yang dikonfirmasi dengan %(name)s "
                                              "selama 30 hari.", name=p.get("name", "")), link=_relation_link),
    ]


@hookimpl
def lms_audit_action_labels() -> dict[str, Any]:
    return {
        "mentoring.create": _l("Pasangan coaching/mentoring dibuat"),
        "mentoring.goal": _l("Tujuan coaching/mentoring disimpan"),
        "mentoring.start": _l("Pasangan coaching/mentoring dimulai"),
        "mentoring.end": _l("Pasangan coaching/mentoring diakhiri"),
        "mentoring.log": _l("Pertemuan coaching/mentoring dicatat"),
        "mentoring.confirm": _l("Pertemuan coaching/mentoring dikonfirmasi"),
        "mentoring.return": _l("Catatan pertemuan dikembalikan"),
        "mentoring.caps": _l("Batas JP coaching/mentoring diubah"),
    }


@job("mentoring.nudges", schedule=crontab(minute="30", hour="7"), retries=2, retry_delay=300,
     label=_l("Pengingat coaching dan mentoring"))
def send_nudges(ctx: Any) -> dict[str, int]:
    """Every morning: a mentor is reminded once more of a log waiting for 3 days (the log
    itself told them at once), and both of a quiet pair hear once per 30 quiet days."""
    today = service.today()
    sent = 0
    for s in queries.waiting_since(utcnow() - timedelta(days=3)):
        r = s.relation
        sent += notify(r.mentor_id, "mentoring.waiting", key=f"mentoring.waiting:{s.id}:again",
                       params={"relation_id": r.id, "name": r.mentee.name})
    for nudge in queries.nudges(queries.active_relations(), today):
        r = nudge.relation
        if nudge.quiet:
            period = (today - r.starts_on).days // service.QUIET_DAYS  # once per 30 quiet days
            for user_id, other in ((r.mentee_id, r.mentor.name), (r.mentor_id, r.mentee.name)):
                sent += notify(user_id, "mentoring.quiet", key=f"mentoring.quiet:{r.id}:{user_id}:{period}",
                               params={"relation_id": r.id, "name": other})
    return {"sent": sent}


@hookimpl
def lms_register_jobs() -> list[JobSpec]:
    return [send_nudges]
