"""Reading the audit log: newest first, filtered by actor, action and dates, a page at a time
(one query for the page, no COUNT over a log that only grows)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select

from lms.core import nip as nip_rules
from lms.core.models import User
from lms.core.models.audit import AuditLog
from lms.extensions import db

PER_PAGE = 50


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""  # NIP (with or without spaces) or part of a name
    action: str = ""  # "user.update", or a prefix ending with "." ("user.")
    target_type: str = ""
    target_id: str = ""
    start: date | None = None  # local dates, inclusive
    end: date | None = None
    page: int = 1


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditLog]
    page: int
    has_next: bool


def _local_midnight(day: date) -> datetime:
    zone = ZoneInfo(current_app.extensions["lms.settings"].timezone)
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def search(f: AuditFilter, per_page: int = PER_PAGE) -> AuditPage:
    stmt = select(AuditLog)
    if f.actor:
        digits = nip_rules.normalize(f.actor)
        if digits.isdigit():
            who = select(User.id).where(User.nip.like(f"{digits}%"))
        else:
            who = select(User.id).where(func.lower(User.name).like(f"%{f.actor.lower()}%"))
        stmt = stmt.where(AuditLog.actor_id.in_(who))
    if f.action:
        stmt = stmt.where(AuditLog.action.like(f"{f.action}%") if f.action.endswith(".")
                          else AuditLog.action == f.action)
    if f.target_type:
        stmt = stmt.where(AuditLog.target_type == f.target_type)
        if f.target_id:
            stmt = stmt.where(AuditLog.target_id == f.target_id)
    if f.start:
        stmt = stmt.where(AuditLog.at >= _local_midnight(f.start))
    if f.end:
        stmt = stmt.where(AuditLog.at < _local_midnight(f.end + timedelta(days=1)))
    page = max(1, f.page)
    rows = list(db.session.scalars(stmt.order_by(AuditLog.at.desc(), AuditLog.id.desc())
                                   .offset((page - 1) * per_page).limit(per_page + 1)))
    return AuditPage(rows[:per_page], page, len(rows) > per_page)


def actions() -> list[str]:
    """The actions found in the log (for the filter's choices)."""
    return list(db.session.scalars(select(AuditLog.action).distinct().order_by(AuditLog.action)))


def of_target(target_type: str, target_id: str | int, limit: int = 20) -> list[AuditLog]:
    """The newest entries about one thing (a user's page shows its history)."""
    return list(db.session.scalars(
        select(AuditLog).where(AuditLog.target_type == target_type, AuditLog.target_id == str(target_id))
        .order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(limit)))


__all__ = ["PER_PAGE", "AuditFilter", "AuditPage", "actions", "of_target", "search"]
