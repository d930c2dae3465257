"""The hooks of the plugin ``kelas`` (its entry point in ``lms.plugins``)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from flask import Blueprint, g
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms.plugins import (
    JobSpec,
    JpCredit,
    NotificationKind,
    SlotContent,
    crontab,
    format_date,
    hookimpl,
    job,
    local_date,
    notify,
    render_fragment,
    utcnow,
)
from sinau_example import queries
from sinau_example.activity import Session

HERE = Path(__file__).parent
REMINDER = "kelas.besok"

# No routes: the blueprint carries the plugin's templates (templates/kelas/...).
bp = Blueprint("kelas", __name__, template_folder="templates")


@hookimpl
def lms_register_activity_types() -> list[Session]:
    return [Session()]


@hookimpl
def lms_register_blueprints() -> list[Blueprint]:
    return [bp]


# --------------------------------------------------------------------------- JP


@hookimpl
def lms_jp_credits(user_ids, start, end) -> list[JpCredit]:  # noqa: ANN001 - as the hookspec
    """Every confirmed session credits its JP on the day it was confirmed, as "Klasikal"."""
    return [JpCredit(a.user_id, a.jp, a.on, title=f"{a.course}: {a.title}", kind="Klasikal",
                     ref=f"{a.course_id}:{a.cycle}:{a.key}")
            for a in queries.attended(user_ids, start, end) if a.jp > 0]


# --------------------------------------------------------------------------- reminders


def _title(params: dict[str, Any]) -> str:
    return _("Sesi tatap muka besok: %(title)s", title=params.get("title", ""))


def _sentence(params: dict[str, Any]) -> str:
    day = format_date(date.fromisoformat(params["date"]), "long") if params.get("date") else ""
    if params.get("place"):
        return _("Sesi %(title)s berlangsung besok, %(date)s, di %(place)s.", title=params.get("title", ""),
                 date=day, place=params["place"])
    return _("Sesi %(title)s berlangsung besok, %(date)s.", title=params.get("title", ""), date=day)


@hookimpl
def lms_notification_kinds() -> list[NotificationKind]:
    return [NotificationKind(REMINDER, title=_title, sentence=_sentence,
                             link=lambda p: f"/courses/{p['slug']}/{p['key']}")]


@job("kelas.pengingat", schedule=crontab(minute="0", hour="7"), retries=2, retry_delay=300,
     label=_l("Pengingat sesi tatap muka"))
def remind(ctx: Any) -> dict[str, int]:
    """At 07:00: everyone enrolled in a session of tomorrow, not yet confirmed, hears of it once."""
    tomorrow = local_date(utcnow()) + timedelta(days=1)
    sent = 0
    for s in queries.sessions_on(tomorrow):
        sent += notify(s.user_id, REMINDER, key=f"{REMINDER}:{s.course_id}:{s.key}:{s.day}:{s.user_id}",
                       params={"title": s.title, "slug": s.slug, "key": s.key, "place": s.place,
                               "date": s.day.isoformat()})
    return {"sent": sent}


@hookimpl
def lms_register_jobs() -> list[JobSpec]:
    return [remind]


# --------------------------------------------------------------------------- pages


def _attended_by_course(user_id: int) -> dict[tuple[int, int], list[queries.Attended]]:
    """The signed-in learner's sessions per (course, cycle), read once per request."""
    found = g.get("kelas_attended")
    if found is None or found[0] != user_id:
        grouped: dict[tuple[int, int], list[queries.Attended]] = {}
        for a in queries.attended([user_id]):
            grouped.setdefault((a.course_id, a.cycle), []).append(a)
        found = g.kelas_attended = (user_id, grouped)
    return found[1]


@hookimpl
def lms_template_slot(name: str, context: dict[str, Any]) -> list[SlotContent] | None:
    """Under a completed course of Riwayat diklat: the sessions attended in that cycle."""
    completion = context.get("completion")
    if name != "transcript_row" or completion is None or not current_user.is_authenticated \
            or completion.user_id != current_user.id:
        return None
    sessions = _attended_by_course(completion.user_id).get((completion.course_id, completion.cycle))
    if not sessions:
        return None
    return [SlotContent(50, render_fragment("kelas/_transcript.html", sessions=sessions,
                                            jp=sum(s.jp for s in sessions)))]


@hookimpl
def lms_register_translations() -> tuple[str, str]:
    return str(HERE / "translations"), "kelas"
