"""Reads of the mentoring plugin: the relations a person sees, a relation's sessions, the JP
credits of confirmed sessions (capped per calendar year), and the pairs that need a nudge."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import g
from sqlalchemy import Date, case, func, or_, select, type_coerce
from sqlalchemy.orm import aliased

from lms.plugins import Competency, JpCredit, User, db, team_condition

from . import service
from .models import Caps, Relation, Session

JP_MINUTES = 45  # 45 minutes = 1 JP


def relation(relation_id: int) -> Relation | None:
    return db.session.get(Relation, relation_id)


def session_of(relation: Relation, session_id: int) -> Session | None:
    found = db.session.get(Session, session_id)
    return found if found is not None and found.relation_id == relation.id else None


def sessions(relation: Relation) -> list[Session]:
    return list(db.session.scalars(select(Session).where(Session.relation_id == relation.id)
                                   .order_by(Session.held_on.desc(), Session.id.desc())))


def mine(user: Any) -> list[Relation]:
    """The relations ``user`` is part of: open ones first, then the newest."""
    return list(db.session.scalars(
        select(Relation).where(or_(Relation.mentor_id == user.id, Relation.mentee_id == user.id))
        .order_by((Relation.state == "ended").asc(), Relation.starts_on.desc(), Relation.id.desc())).unique())


def of_team(actor: Any, limit: int = 200) -> list[Relation]:
    """The relations of ``actor``'s team (everyone's for an admin), the pair not being the actor."""
    mentee = aliased(User)
    stmt = (select(Relation).join(mentee, mentee.id == Relation.mentee_id)
            .where(Relation.mentee_id.in_(select(User.id).where(team_condition(actor))))
            .where(Relation.mentor_id != actor.id)
            .order_by((Relation.state == "ended").asc(), Relation.starts_on.desc(), Relation.id.desc()).limit(limit))
    return list(db.session.scalars(stmt).unique())


def team_people(actor: Any, limit: int = 300) -> list[tuple[str, str]]:
    """(NIP, name) of the people of ``actor``'s team, by name."""
    return list(db.session.execute(select(User.nip, User.name).where(team_condition(actor))
                                   .order_by(User.name).limit(limit)).tuples())


def of_person(person_id: int) -> list[Relation]:
    return list(db.session.scalars(select(Relation).where(Relation.mentee_id == person_id)
                                   .order_by(Relation.starts_on.desc(), Relation.id.desc())).unique())


@dataclass(frozen=True)
class Counts:
    confirmed: int = 0
    pending: int = 0
    minutes: int = 0
    last_confirmed: date | None = None


def counts(relation_ids: Iterable[int]) -> dict[int, Counts]:
    """Per relation: confirmed and waiting sessions, confirmed minutes, the last confirmed day."""
    ids = list(relation_ids)
    if not ids:
        return {}
    confirmed = Session.state == "confirmed"
    rows = db.session.execute(
        select(Session.relation_id,
               func.sum(case((confirmed, 1), else_=0)),
               func.sum(case((Session.state == "pending", 1), else_=0)),
               func.sum(case((confirmed, Session.minutes), else_=0)),
               type_coerce(func.max(case((confirmed, Session.held_on), else_=None)), Date))
        .where(Session.relation_id.in_(ids)).group_by(Session.relation_id)).all()
    return {rid: Counts(int(c or 0), int(p or 0), int(m or 0), last) for rid, c, p, m, last in rows}



def waiting_for(mentor_id: int) -> list[Session]:
    """Sessions logged with ``mentor_id`` that wait for their confirmation."""
    return list(db.session.scalars(
        select(Session).join(Relation, Relation.id == Session.relation_id)
        .where(Relation.mentor_id == mentor_id, Session.state == "pending")
        .order_by(Session.held_on, Session.id)))


def waiting_since(moment: datetime) -> list[Session]:
    """Sessions of active relations logged before ``moment`` and still waiting for confirmation."""
    return list(db.session.scalars(
        select(Session).join(Relation, Relation.id == Session.relation_id)
        .where(Relation.state == "active", Session.state == "pending", Session.logged_at <= moment)
        .order_by(Session.id)))


def competency_names(codes: Iterable[str]) -> dict[str, str]:
    codes = list(set(codes))
    if not codes:
        return {}
    return dict(db.session.execute(select(Competency.code, Competency.name).where(Competency.code.in_(codes)))
                .tuples().all())


def goal_choices(relation: Relation) -> list[tuple[str, str, int | None, bool]]:
    """(code, name, suggested level, is a gap) of the framework for the relation's goal form:
    the mentee's gaps first (with the level their position requires), then the rest."""
    profile = service_profile(relation.mentee)
    gaps = {r.competency.code: r.required for r in profile.gaps}
    out = []
    for row in profile.rows:
        if not row.competency.active:
            continue
        code = row.competency.code
        out.append((code, row.competency.name, gaps.get(code) or row.required, code in gaps))
    out.sort(key=lambda c: (not c[3],))
    return out


def service_profile(user: Any) -> Any:
    from lms.plugins import competency_profile

    return competency_profile(user, with_suggestions=False)


# --------------------------------------------------------------------------- JP


def credits(user_ids: list[int] | None, start: date | None, end: date | None) -> list[JpCredit]:
    """JP of confirmed sessions earned from ``start`` to ``end``: the mentee's (route
    mentoring/coaching, its own yearly cap) and the mentor's (a separate cap)."""
    return [c for c in _all_credits(user_ids)
            if (start is None or c.earned_on >= start) and (end is None or c.earned_on <= end)]


def _all_credits(user_ids: list[int] | None) -> list[JpCredit]:
    """Every credit of ``user_ids`` ever, read once per request: a page reads the ledger
    several times (the year, the target, all years) for the same people. The service
    forgets it when it confirms a session or changes the caps (``service.forget_credits``)."""
    cache = g.setdefault("mentoring_credits", {})
    key = None if user_ids is None else tuple(sorted(set(user_ids)))
    if key in cache:
        return cache[key]
    if None in cache:  # everyone was read already: narrow it
        wanted = set(key or ())
        found = [c for c in cache[None] if c.user_id in wanted]
    else:
        found = _read_credits(key)
    cache[key] = found
    return found


def _read_credits(user_ids: tuple[int, ...] | None) -> list[JpCredit]:
    """In the order the sessions were held; a session past a cap counts for what was left of
    it, then nothing. The cap is per calendar year, so everything is read (a few rows a
    person a month)."""
    mentee_default, mentor_default = service.default_caps()
    mentor, mentee = aliased(User), aliased(User)
    # the caps ride along in the same query: the ledger is read on every page that shows JP
    stmt = (select(Session.id, Session.held_on, Session.minutes, Relation.kind, Relation.mentee_id,
                   Relation.mentor_id, mentor.name, mentee.name,
                   func.coalesce(select(Caps.mentee_jp).limit(1).scalar_subquery(), mentee_default),
                   func.coalesce(select(Caps.mentor_jp).limit(1).scalar_subquery(), mentor_default))
            .join(Relation, Relation.id == Session.relation_id)
            .join(mentor, mentor.id == Relation.mentor_id).join(mentee, mentee.id == Relation.mentee_id)
            .where(Session.state == "confirmed"))
    if user_ids is not None:
        stmt = stmt.where(or_(Relation.mentee_id.in_(user_ids), Relation.mentor_id.in_(user_ids)))
    used: dict[tuple[int, int, str], float] = defaultdict(float)
    out = []
    for sid, held_on, minutes, kind, mentee_id, mentor_id, mentor_name, mentee_name, mentee_cap, mentor_cap in \
            db.session.execute(stmt.order_by(Session.held_on, Session.id)):
        jp = minutes / JP_MINUTES
        label = "Coaching" if kind == "coaching" else "Mentoring"
        for user_id, cap, role, title in (
                (mentee_id, mentee_cap, "mentee", f"{label}: {mentor_name}"),
                (mentor_id, mentor_cap, "mentor", f"{label} ({mentee_name})")):
            key = (user_id, held_on.year, role)
            granted = max(min(jp, cap - used[key]), 0.0)
            used[key] += granted
            if granted > 0 and (user_ids is None or user_id in user_ids):
                out.append(JpCredit(user_id=user_id, jp=round(granted, 2), earned_on=held_on, title=title,
                                    ref=f"{role}:{sid}", organiser=mentor_name if role == "mentee" else "",
                                    kind=label, started_on=held_on))
    return out


# --------------------------------------------------------------------------- nudges


@dataclass(frozen=True)
class Nudge:
    relation: Relation
    waiting: int  # logs waiting for the mentor's confirmation
    quiet: bool  # no confirmed session for 30 days (counted from the start when none yet)


def nudges(relations: list[Relation], today: date) -> list[Nudge]:
    """Of ``relations``, the active ones that wait for a confirmation or have been quiet."""
    active = [r for r in relations if r.state == "active"]
    by_id = counts(r.id for r in active)
    since = service.quiet_since(today)
    out = []
    for r in active:
        c = by_id.get(r.id, Counts())
        quiet = (c.last_confirmed or r.starts_on) <= since
        if c.pending or quiet:
            out.append(Nudge(r, c.pending, quiet))
    return out


def active_relations(extra: Any = None) -> list[Relation]:
    stmt = select(Relation).where(Relation.state == "active")
    if extra is not None:
        stmt = stmt.where(extra)
    return list(db.session.scalars(stmt.order_by(Relation.id)).unique())


def team_nudges(actor: Any, today: date) -> list[Nudge]:
    """The team's pairs that need a nudge, the ones the supervisor coaches included."""
    return nudges(active_relations(Relation.mentee_id.in_(select(User.id).where(team_condition(actor)))), today)
