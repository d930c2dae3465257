"""Reads for the external learning record pages, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from lms.core.models import Competency, CompetencyGroup, User
from lms.core.models.external import ExternalRecord, ExternalRecordDecision, RecordStatus
from lms.core.services.records import is_admin
from lms.extensions import db

REVIEW_PAGE = 50


def records_of(user_id: int) -> list[ExternalRecord]:
    """A user's records, the ones waiting or rejected first, then the newest."""
    order = (ExternalRecord.status == RecordStatus.VERIFIED)
    return list(db.session.scalars(select(ExternalRecord).where(ExternalRecord.user_id == user_id)
                                   .order_by(order, ExternalRecord.submitted_at.desc())))


def record(record_id: int) -> ExternalRecord | None:
    """One record with its owner (one query); whether the viewer may see it is the caller's
    check (``services.records.can_view``)."""
    return db.session.get(ExternalRecord, record_id)


def decisions(record_id: int) -> list[ExternalRecordDecision]:
    return list(db.session.scalars(select(ExternalRecordDecision)
                                   .where(ExternalRecordDecision.record_id == record_id)
                                   .order_by(ExternalRecordDecision.at, ExternalRecordDecision.id)))


def _reviewable(reviewer: User):  # noqa: ANN202
    stmt = (select(ExternalRecord).join(User, ExternalRecord.user_id == User.id)
            .where(ExternalRecord.status == RecordStatus.PENDING, ExternalRecord.user_id != reviewer.id))
    if not is_admin(reviewer):
        stmt = stmt.where(User.supervisor_id == reviewer.id)
    return stmt


@dataclass(frozen=True)
class ReviewQueue:
    records: list[ExternalRecord]  # the oldest submissions first
    total: int
    has_staff: bool


def review_queue(reviewer: User, limit: int = REVIEW_PAGE) -> ReviewQueue:
    """Pending records the reviewer may decide on: their direct staff's, or everyone's for an
    admin (three queries whatever the number of records)."""
    stmt = _reviewable(reviewer)
    records = list(db.session.scalars(stmt.options(contains_eager(ExternalRecord.user))
                                      .order_by(ExternalRecord.submitted_at, ExternalRecord.id).limit(limit)))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    return ReviewQueue(records, total, is_admin(reviewer) or has_staff(reviewer.id))


def pending_review_count(reviewer: User) -> int | None:
    """How many records wait for the reviewer, or ``None`` when they review nobody's."""
    if not (is_admin(reviewer) or has_staff(reviewer.id)):
        return None
    return db.session.scalar(select(func.count()).select_from(_reviewable(reviewer).subquery())) or 0


def has_staff(user_id: int) -> bool:
    return db.session.scalar(select(User.id).where(User.supervisor_id == user_id).limit(1)) is not None


def competency_choices() -> list[tuple[str, str]]:
    """Active competencies for the form, national ones first."""
    rows = db.session.execute(select(Competency.code, Competency.name, Competency.group)
                              .where(Competency.active.is_(True))).all()
    order = {g: n for n, g in enumerate(CompetencyGroup)}
    return [(code, name) for code, name, group in sorted(rows, key=lambda r: (order.get(r[2], 9), r[1]))]


def competency_names(codes: list[str]) -> dict[str, str]:
    if not codes:
        return {}
    return dict(db.session.execute(select(Competency.code, Competency.name).where(Competency.code.in_(codes))).all())


def pending_count() -> int:
    """Records waiting for a decision, agency-wide (the admin's home page)."""
    return db.session.scalar(select(func.count()).select_from(ExternalRecord)
                             .where(ExternalRecord.status == RecordStatus.PENDING)) or 0
