"""The trainer's attendance register of one run: one tap per person (attended / did not
attend), from 15 minutes before the first day starts; closing it marks the unmarked as no-show
and completes the item (``complete_item``) for everyone whose attendance reaches
``min_attendance``. A closed register is final: marks are refused afterwards."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from lms.builtin.classroom.models import ATTENDED, BOOKED, NO_SHOW, PARTIAL, SEATED, RunLock, Signup
from lms.builtin.classroom.signups import _change, _lock, _run, session_item
from lms.builtin.classroom.times import moment
from lms.plugins import LearningError, User, audit_record, complete_item, db, may_teach, utcnow

OPENS_BEFORE = timedelta(minutes=15)
MARKS = (ATTENDED, PARTIAL, NO_SHOW)
MINUTES_PER_JP = 45  # 1 JP = 45 minutes (PerLAN 10/2018)


def require_teacher(user: Any, course: Any) -> None:
    if not may_teach(user, course):
        raise LearningError("denied", _("Hanya pengajar kursus ini yang dapat mengisi daftar hadir."))


def run_lock(course: Any, item_key: str, run_id: str) -> RunLock | None:
    return db.session.scalar(select(RunLock).where(
        RunLock.course_id == course.id, RunLock.item_key == item_key, RunLock.run_id == run_id))


def attendees(course: Any, item_key: str, run_id: str) -> list[tuple[Signup, Any]]:
    """The people holding a seat of the run, by name: (sign-up, user)."""
    return list(db.session.execute(
        select(Signup, User).join(User, User.id == Signup.user_id)
        .where(Signup.course_id == course.id, Signup.item_key == item_key, Signup.run_id == run_id,
               Signup.state.in_(SEATED))
        .order_by(User.name, User.id)).tuples())


def opens_at(run: dict[str, Any]) -> datetime:
    return moment(run["days"][0]["start"]) - OPENS_BEFORE


def mark(trainer: Any, course: Any, item_key: str, run_id: str, user_id: int, state: str,
         *, minutes: int | None = None, now: datetime | None = None) -> Signup:
    """Mark one person: attended (all the run's minutes), partly (``minutes`` present) or not."""
    now = now or utcnow()
    require_teacher(trainer, course)
    item = session_item(course, item_key)
    run = _run(item, run_id)
    if state not in MARKS:
        raise LearningError("invalid", _("Pilihan kehadiran tidak dikenal."))
    if state == PARTIAL and (minutes is None or not 1 <= minutes < run["minutes"]):
        raise LearningError("invalid", _("Isi menit kehadiran antara 1 dan %(max)s.", max=run["minutes"] - 1))
    if now < opens_at(run):
        raise LearningError("conflict", _("Daftar hadir dibuka 15 menit sebelum sesi dimulai."))
    _lock(course, item_key, run_id)
    lock = run_lock(course, item_key, run_id)
    if lock is not None and lock.closed_at is not None:
        raise LearningError("conflict", _("Daftar hadir sudah ditutup."))
    signup = db.session.scalar(select(Signup).where(
        Signup.course_id == course.id, Signup.item_key == item_key, Signup.run_id == run_id,
        Signup.user_id == user_id, Signup.state.in_(SEATED)))
    if signup is None:
        raise LearningError("not_found", _("Peserta ini tidak terdaftar di angkatan ini."))
    if signup.state != state:
        _change(signup, state, trainer, now)
    signup.minutes = {ATTENDED: run["minutes"], NO_SHOW: 0}.get(state, minutes)
    return signup


def close(trainer: Any, course: Any, item_key: str, run_id: str, *, now: datetime | None = None) -> int:
    """Close the register; returns how many people completed the session."""
    now = now or utcnow()
    require_teacher(trainer, course)
    item = session_item(course, item_key)
    run = _run(item, run_id)
    if now < opens_at(run):
        raise LearningError("conflict", _("Daftar hadir dibuka 15 menit sebelum sesi dimulai."))
    _lock(course, item_key, run_id)
    lock = run_lock(course, item_key, run_id)
    if lock.closed_at is not None:
        raise LearningError("conflict", _("Daftar hadir sudah ditutup."))
    completed = 0
    needed = (item.settings or {}).get("min_attendance", 100)
    for signup, user in attendees(course, item_key, run_id):
        if signup.state == BOOKED:
            _change(signup, NO_SHOW, trainer, now)
            signup.minutes = 0
            continue
        present = signup.minutes or 0
        if signup.state in (ATTENDED, PARTIAL) and present * 100 >= needed * run["minutes"]:
            complete_item(user, course, item_key, by="activity")
            completed += 1
        elif signup.state == PARTIAL:
            # not enough for the session (so never the course's JP): the minutes count pro rata
            signup.jp = round(present / MINUTES_PER_JP, 1)
    lock.closed_at = now
    lock.closed_by_id = trainer.id
    audit_record(trainer, "classroom.register_closed", course,
                 after={"item": item_key, "run": run_id, "completed": completed})
    return completed


def partial_credits(user_ids: list[int] | None) -> list[tuple[Signup, RunLock, str]]:
    """Partial attendances credited with JP, with their run's closed register and the course's
    title: one query for everyone asked about."""
    from lms.plugins import Course

    query = (select(Signup, RunLock, Course.title)
             .join(RunLock, (RunLock.course_id == Signup.course_id) & (RunLock.item_key == Signup.item_key)
                   & (RunLock.run_id == Signup.run_id))
             .join(Course, Course.id == Signup.course_id)
             .where(Signup.jp.is_not(None), Signup.jp > 0, RunLock.closed_at.is_not(None)))
    if user_ids is not None:
        query = query.where(Signup.user_id.in_(user_ids))
    return list(db.session.execute(query).tuples())
