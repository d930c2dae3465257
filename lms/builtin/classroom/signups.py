"""Sign-up rules: a learner picks a run; it is booked while seats last, else waitlisted; a run
that asks for approval starts at ``requested``. A cancellation of a seat promotes the first
person on the waiting list and tells them. Every change is appended to ``classroom_signup_event``.

Capacity holds under concurrency because every change to a run's seats first locks that run's
``classroom_run`` row (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite takes its write lock at
BEGIN for a POST), so two people racing for the last seat are counted one after the other.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.builtin.classroom.models import (
    APPROVED,
    BOOKED,
    CANCELLED,
    ENDED,
    REQUESTED,
    SEATED,
    WAITLISTED,
    RunLock,
    Signup,
    SignupEvent,
)
from lms.builtin.classroom.times import moment
from lms.plugins import (
    LearningError,
    db,
    get_or_create,
    notify,
    published_items,
    require_enrollment,
    utcnow,
)

TYPE = "session"
PROMOTED = "classroom.promoted"  # notification kind


def session_item(course: Any, key: str) -> Any:
    item = next((i for i in published_items(course) if i.key == key and i.type == TYPE), None)
    if item is None:
        raise LearningError("not_found", _("Sesi tidak ditemukan."))
    return item


def _run(item: Any, run_id: str) -> dict[str, Any]:
    run = next((r for r in item.content.get("runs", []) if r["id"] == run_id), None)
    if run is None:
        raise LearningError("not_found", _("Angkatan tidak ditemukan."))
    return run


def window(run: dict[str, Any], now: datetime) -> str:
    """``open``, ``not_yet`` (before signup_opens) or ``closed`` (after signup_closes or the start)."""
    if run.get("signup_opens") and now < moment(run["signup_opens"]):
        return "not_yet"
    closes = run.get("signup_closes") or run["days"][0]["start"]
    if now >= moment(closes):
        return "closed"
    return "open"


def _lock(course: Any, item_key: str, run_id: str) -> None:
    lock = get_or_create(
        lambda: RunLock(course_id=course.id, item_key=item_key, run_id=run_id),
        lambda: db.session.scalar(select(RunLock).where(
            RunLock.course_id == course.id, RunLock.item_key == item_key, RunLock.run_id == run_id)),
    )
    db.session.execute(select(RunLock.id).where(RunLock.id == lock.id).with_for_update())


def seats_taken(course_id: int, item_key: str, run_id: str) -> int:
    return db.session.scalar(select(func.count()).select_from(Signup).where(
        Signup.course_id == course_id, Signup.item_key == item_key, Signup.run_id == run_id,
        Signup.state.in_(SEATED))) or 0


def signup_of(user: Any, course: Any, item_key: str) -> Signup | None:
    return db.session.scalar(select(Signup).where(
        Signup.user_id == user.id, Signup.course_id == course.id, Signup.item_key == item_key))


def _change(signup: Signup, state: str, by: Any, now: datetime) -> None:
    signup.state = state
    signup.updated_at = now
    if state == WAITLISTED:
        signup.queued_at = now
    db.session.flush()
    db.session.add(SignupEvent(signup_id=signup.id, run_id=signup.run_id, state=state,
                               by_id=getattr(by, "id", None), at=now))


def sign_up(user: Any, course: Any, item_key: str, run_id: str, *, now: datetime | None = None) -> Signup:
    """The learner's sign-up for a run: ``requested``, ``booked`` or ``waitlisted``."""
    now = now or utcnow()
    require_enrollment(user, course)
    item = session_item(course, item_key)
    run = _run(item, run_id)
    state = window(run, now)
    if state == "not_yet":
        raise LearningError("conflict", _("Pendaftaran angkatan ini belum dibuka."))
    if state == "closed":
        raise LearningError("conflict", _("Pendaftaran angkatan ini sudah ditutup."))
    _lock(course, item_key, run_id)
    signup = signup_of(user, course, item_key)
    if signup is not None and signup.state not in ENDED:
        raise LearningError("conflict", _("Anda sudah terdaftar di sesi ini."))
    if signup is None:
        signup = get_or_create(
            lambda: Signup(user_id=user.id, course_id=course.id, item_key=item_key, run_id=run_id,
                           state=REQUESTED, updated_at=now),
            lambda: signup_of(user, course, item_key),
        )
    signup.run_id = run_id
    if (item.settings or {}).get("approval", "none") != "none":
        _change(signup, REQUESTED, user, now)
    elif seats_taken(course.id, item_key, run_id) < run["capacity"]:
        _change(signup, BOOKED, user, now)
    else:
        _change(signup, WAITLISTED, user, now)
    return signup


def cancel(user: Any, course: Any, item_key: str, *, by: Any = None, now: datetime | None = None) -> Signup:
    """Cancel the learner's sign-up; a freed seat goes to the first waitlisted person."""
    now = now or utcnow()
    item = session_item(course, item_key)
    signup = signup_of(user, course, item_key)
    if signup is None or signup.state not in (REQUESTED, APPROVED, BOOKED, WAITLISTED):
        raise LearningError("conflict", _("Anda tidak terdaftar di sesi ini."))
    run = _run(item, signup.run_id)
    if now >= moment(run["days"][0]["start"]):
        raise LearningError("conflict", _("Sesi sudah dimulai; pembatalan tidak dapat dilakukan lagi."))
    _lock(course, item_key, signup.run_id)
    db.session.refresh(signup)
    held_seat = signup.state == BOOKED
    _change(signup, CANCELLED, by or user, now)
    if held_seat:
        promote(course, item, run, now)
    return signup


def promote(course: Any, item: Any, run: dict[str, Any], now: datetime) -> Signup | None:
    """Give free seats of the run to the waiting list, first come first served (the run is locked)."""
    promoted = None
    while seats_taken(course.id, item.key, run["id"]) < run["capacity"]:
        first = db.session.scalar(
            select(Signup).where(Signup.course_id == course.id, Signup.item_key == item.key,
                                 Signup.run_id == run["id"], Signup.state == WAITLISTED)
            .order_by(Signup.queued_at, Signup.id).limit(1))
        if first is None:
            break
        _change(first, BOOKED, None, now)
        notify(first.user_id, PROMOTED, key=f"{PROMOTED}:{first.id}:{now.isoformat()}",
               params={"course": course.title, "slug": course.slug, "key": item.key,
                       "session": item.title, "run": run["id"]})
        promoted = first
    return promoted


def history(signup: Signup) -> list[SignupEvent]:
    return list(db.session.scalars(select(SignupEvent).where(SignupEvent.signup_id == signup.id)
                                   .order_by(SignupEvent.at, SignupEvent.id)))


def runs_with_seats(course: Any, item: Any, user: Any, now: datetime | None = None) -> list[dict[str, Any]]:
    """The runs of a session item as the learner's page shows them: seats left, whether sign-up
    is open, and the learner's own state (on their run only)."""
    from lms.builtin.classroom.activity import runs_for_page

    now = now or utcnow()
    taken = dict(db.session.execute(
        select(Signup.run_id, func.count()).where(
            Signup.course_id == course.id, Signup.item_key == item.key, Signup.state.in_(SEATED))
        .group_by(Signup.run_id)).all())
    mine = signup_of(user, course, item.key) if user is not None and user.is_authenticated else None
    active = mine is not None and mine.state not in ENDED
    runs = []
    for run in runs_for_page(item.content):
        runs.append({
            **run,
            "seats_left": max(run["capacity"] - taken.get(run["id"], 0), 0),
            "window": window(run, now),
            "my_state": mine.state if mine is not None and mine.run_id == run["id"] else None,
            "may_sign_up": not active and window(run, now) == "open",
            "may_cancel": active and mine.run_id == run["id"] and now < moment(run["days"][0]["start"]),
            "elsewhere": active and mine.run_id != run["id"],
        })
    return runs
