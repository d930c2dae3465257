"""The rules of mentoring and coaching: who pairs whom, the states of a relation, logging and
confirming sessions, the evidence a confirmed session becomes. Views and the API call these;
each raises :class:`MentoringError` (a translated message and an HTTP status) when a rule
refuses, and writes its audit entry. The request commits."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import g
from flask_babel import gettext as _
from sqlalchemy import select

from lms.plugins import (
    Competency,
    EvidenceSource,
    Role,
    User,
    audit_record,
    db,
    end_of_local_day,
    local_date,
    notify,
    plugin_settings,
    record_evidence,
    remove_evidence,
    team_condition,
    utcnow,
)

from .models import KINDS, Caps, Goal, Relation, Session

MIN_DAYS = 28  # four weeks
MAX_DAYS = 366  # twelve months
MAX_MINUTES = 480
MAX_GOALS = 5
SETTINGS = {"mentee_cap_jp": 20, "mentor_cap_jp": 10}


class MentoringError(Exception):
    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.message, self.status = message, status


def today() -> date:
    return local_date(utcnow())


def _audit(actor: Any, action: str, relation: Relation, after: dict[str, Any]) -> None:
    audit_record(actor, action, relation, after=after,
                 label=f"{relation.mentor.name} \u2192 {relation.mentee.name}" if relation.mentor else "")


# --------------------------------------------------------------------------- who may


def is_admin(user: Any) -> bool:
    return bool(user.has_role(Role.ADMIN))


def in_team(actor: Any, person_id: int) -> bool:
    return db.session.scalar(select(User.id).where(User.id == person_id, team_condition(actor))) is not None


def may_see(user: Any, relation: Relation) -> bool:
    return relation.role_of(user) is not None or is_admin(user) or in_team(user, relation.mentee_id)


def may_read_notes(user: Any, relation: Relation) -> bool:
    """Notes and agreed actions: the pair and admins; a supervisor sees that sessions happened."""
    return relation.role_of(user) is not None or is_admin(user)


def may_manage(user: Any, relation: Relation) -> bool:
    """Set goals, start or end: admins, the one who paired them, and the mentor."""
    return is_admin(user) or relation.created_by_id == user.id or relation.mentor_id == user.id


def may_pair(user: Any) -> bool:
    return bool(user.has_role(Role.ADMIN, Role.SUPERVISOR))


# --------------------------------------------------------------------------- relations


def create(actor: Any, kind: str, mentee: User | None, mentor: User | None, starts_on: date | None,
           ends_on: date | None) -> Relation:
    if not may_pair(actor):
        raise MentoringError(_("Hanya admin atau atasan yang dapat memasangkan."), 403)
    if kind not in KINDS:
        raise MentoringError(_("Pilih coaching atau mentoring."))
    if mentee is None or not mentee.active:
        raise MentoringError(_("Pegawai yang dibimbing tidak ditemukan."))
    if not is_admin(actor) and not in_team(actor, mentee.id):
        raise MentoringError(_("Anda hanya dapat memasangkan pegawai di tim Anda."), 403)
    if mentor is None and kind == "coaching":
        mentor = mentee.supervisor  # the coach is the direct supervisor unless someone else is named
    if mentor is None or not mentor.active:
        raise MentoringError(_("Pembimbing tidak ditemukan."))
    if mentor.id == mentee.id:
        raise MentoringError(_("Pembimbing dan yang dibimbing harus dua orang berbeda."))
    if starts_on is None or ends_on is None:
        raise MentoringError(_("Isi tanggal mulai dan selesai."))
    days = (ends_on - starts_on).days
    if days < MIN_DAYS or days > MAX_DAYS:
        raise MentoringError(_("Jangka waktu antara 4 minggu dan 12 bulan."))
    open_pair = db.session.scalar(select(Relation.id).where(
        Relation.mentor_id == mentor.id, Relation.mentee_id == mentee.id, Relation.kind == kind,
        Relation.state.in_(("proposed", "active"))))
    if open_pair is not None:
        raise MentoringError(_("Pasangan ini sudah berjalan."), 409)
    relation = Relation(kind=kind, mentor_id=mentor.id, mentee_id=mentee.id, created_by_id=actor.id,
                        starts_on=starts_on, ends_on=ends_on,
                        # the mentor pairing themselves has nothing left to agree to
                        state="active" if actor.id == mentor.id else "proposed")
    db.session.add(relation)
    db.session.flush()
    _audit(actor, "mentoring.create", relation, {"kind": kind, "mentor_id": mentor.id,
                                                         "mentee_id": mentee.id, "state": relation.state})
    if relation.state == "proposed":
        notify(mentor.id, "mentoring.proposed", key=f"mentoring.proposed:{relation.id}",
               params={"relation_id": relation.id, "name": mentee.name, "kind": kind})
    return relation


def set_goal(actor: Any, relation: Relation, code: str, level: int | None) -> Goal:
    if not may_manage(actor, relation):
        raise MentoringError(_("Anda tidak dapat mengubah tujuan pasangan ini."), 403)
    if relation.state == "ended":
        raise MentoringError(_("Pasangan ini sudah selesai."), 409)
    competency = db.session.get(Competency, code) if code else None
    if competency is None:
        raise MentoringError(_("Pilih kompetensi dari kamus kompetensi."))
    if level is None or not 1 <= level <= 5:
        raise MentoringError(_("Level antara 1 dan 5."))
    goal = next((g for g in relation.goals if g.competency_code == code), None)
    if goal is None:
        if len(relation.goals) >= MAX_GOALS:
            raise MentoringError(_("Paling banyak %(n)d tujuan.", n=MAX_GOALS))
        goal = Goal(competency_code=code, level=level)
        relation.goals.append(goal)
    goal.level = level
    db.session.flush()
    _audit(actor, "mentoring.goal", relation, {"competency": code, "level": level})
    return goal


def start(actor: Any, relation: Relation) -> None:
    if not (is_admin(actor) or actor.id == relation.mentor_id):
        raise MentoringError(_("Hanya pembimbing atau admin yang dapat memulai."), 403)
    if relation.state != "proposed":
        raise MentoringError(_("Pasangan ini tidak menunggu persetujuan."), 409)
    relation.state = "active"
    _audit(actor, "mentoring.start", relation, {})


def end(actor: Any, relation: Relation, reason: str) -> None:
    """End now (early or on time): the confirmed sessions keep counting."""
    if not (may_manage(actor, relation) or actor.id == relation.mentee_id):
        raise MentoringError(_("Anda tidak dapat mengakhiri pasangan ini."), 403)
    if relation.state == "ended":
        raise MentoringError(_("Pasangan ini sudah selesai."), 409)
    relation.state, relation.ended_on, relation.end_reason = "ended", today(), reason.strip()[:500]
    _audit(actor, "mentoring.end", relation, {"early": relation.ended_on < relation.ends_on})


# --------------------------------------------------------------------------- sessions


def log_session(actor: Any, relation: Relation, held_on: date | None, minutes: int | None,
                competencies: list[str], notes: str, actions: str) -> Session:
    if actor.id != relation.mentee_id:
        raise MentoringError(_("Hanya yang dibimbing yang mencatat pertemuan."), 403)
    if relation.state != "active":
        raise MentoringError(_("Pertemuan hanya dicatat selama pasangan berjalan."), 409)
    if held_on is None or held_on > today():
        raise MentoringError(_("Tanggal pertemuan tidak boleh di masa depan."))
    last = min(relation.ends_on, relation.ended_on or relation.ends_on)
    if held_on < relation.starts_on or held_on > last:
        raise MentoringError(_("Tanggal pertemuan di luar jangka waktu pasangan."))
    if minutes is None or not 1 <= minutes <= MAX_MINUTES:
        raise MentoringError(_("Lama pertemuan antara 1 dan %(n)d menit.", n=MAX_MINUTES))
    goal_codes = {g.competency_code for g in relation.goals}
    unknown = [c for c in competencies if c not in goal_codes]
    if unknown:
        raise MentoringError(_("Pilih kompetensi dari tujuan pasangan ini."))
    session = Session(relation_id=relation.id, held_on=held_on, minutes=minutes,
                      competencies=sorted(set(competencies)), notes=notes.strip(), actions=actions.strip())
    db.session.add(session)
    db.session.flush()
    _audit(actor, "mentoring.log", relation, {"session_id": session.id, "minutes": minutes})
    notify(relation.mentor_id, "mentoring.waiting", key=f"mentoring.waiting:{session.id}",
           params={"relation_id": relation.id, "name": relation.mentee.name})
    return session


def confirm(actor: Any, session: Session) -> None:
    relation = session.relation
    if actor.id != relation.mentor_id:
        raise MentoringError(_("Hanya pembimbing yang mengonfirmasi pertemuan."), 403)
    if session.state == "confirmed":
        return  # a second tap changes nothing
    session.state, session.confirmed_at, session.return_comment = "confirmed", utcnow(), ""
    forget_credits()
    record_session_evidence(session)
    _audit(actor, "mentoring.confirm", relation, {"session_id": session.id})


def send_back(actor: Any, session: Session, comment: str) -> None:
    relation = session.relation
    if actor.id != relation.mentor_id:
        raise MentoringError(_("Hanya pembimbing yang mengembalikan catatan."), 403)
    if session.state != "pending":
        raise MentoringError(_("Catatan ini tidak menunggu konfirmasi."), 409)
    if not comment.strip():
        raise MentoringError(_("Tulis alasan pengembalian."))
    session.state, session.return_comment = "returned", comment.strip()[:500]
    _audit(actor, "mentoring.return", relation, {"session_id": session.id})


def evidence_ref(session: Session) -> str:
    return f"mentoring:{session.id}"


def record_session_evidence(session: Session) -> None:
    """A confirmed session is evidence of each competency worked on, at the goal's level."""
    relation = session.relation
    levels = {g.competency_code: g.level for g in relation.goals}
    wanted = [{"code": c, "level": levels[c]} for c in session.competencies if c in levels]
    if not wanted:
        remove_evidence(evidence_ref(session))
        return
    title = (_("Coaching dengan %(name)s", name=relation.mentor.name) if relation.kind == "coaching"
             else _("Mentoring dengan %(name)s", name=relation.mentor.name))
    record_evidence(relation.mentee_id, EvidenceSource.MENTORING, evidence_ref(session), title, wanted,
                    earned_at=end_of_local_day(session.held_on))


# --------------------------------------------------------------------------- caps


def forget_credits() -> None:
    """The JP read earlier in this request (``queries.credits``) no longer hold."""
    g.pop("mentoring_credits", None)


def caps() -> tuple[int, int]:
    row = db.session.scalar(select(Caps).limit(1))
    if row is not None:
        return row.mentee_jp, row.mentor_jp
    return default_caps()


def default_caps() -> tuple[int, int]:
    """The caps before an admin sets them: ``LMS_MENTORING_MENTEE_CAP_JP``/``MENTOR_CAP_JP``."""
    settings = plugin_settings("mentoring")
    return int(settings["mentee_cap_jp"]), int(settings["mentor_cap_jp"])


def set_caps(actor: Any, mentee_jp: int | None, mentor_jp: int | None) -> None:
    if mentee_jp is None or mentor_jp is None or not (0 <= mentee_jp <= 200 and 0 <= mentor_jp <= 200):
        raise MentoringError(_("Batas JP antara 0 dan 200."))
    row = db.session.scalar(select(Caps).limit(1))
    if row is None:
        row = Caps(mentee_jp=mentee_jp, mentor_jp=mentor_jp)
        db.session.add(row)
    row.mentee_jp, row.mentor_jp = mentee_jp, mentor_jp
    forget_credits()
    audit_record(actor, "mentoring.caps", ("mentoring_caps", None, "JP"),
                 after={"mentee_jp": mentee_jp, "mentor_jp": mentor_jp})


QUIET_DAYS = 30


def quiet_since(day: date) -> date:
    return day - timedelta(days=QUIET_DAYS)
