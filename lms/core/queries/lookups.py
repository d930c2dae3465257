"""One row by its key, for the views that answer 404 when it is missing.

Each lookup is one primary-key ``get`` (answered from the session's identity map when the row
is already loaded, so no query at all) or one query on a unique column. Reads of more than one
row belong to the area's own queries module.
"""

from __future__ import annotations

from sqlalchemy import select

from lms.core.models import (
    Assignment,
    Competency,
    CourseRevision,
    JobRun,
    OutboxDelivery,
    Position,
    Unit,
    User,
    WebhookEndpoint,
)
from lms.core.models.competency import CompetencyAssessment
from lms.core.nip import normalize
from lms.extensions import db


def user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def user_by_nip(nip: str) -> User | None:
    """The account of a NIP as typed (spaces and dots allowed); None for an empty one."""
    nip = normalize(nip or "")
    return db.session.scalar(select(User).where(User.nip == nip)) if nip else None


def unit(unit_id: int) -> Unit | None:
    return db.session.get(Unit, unit_id)


def position(position_id: int) -> Position | None:
    return db.session.get(Position, position_id)


def assignment(rule_id: int) -> Assignment | None:
    return db.session.get(Assignment, rule_id)


def competency(code: str) -> Competency | None:
    return db.session.get(Competency, code)


def competency_assessment(assessment_id: int) -> CompetencyAssessment | None:
    return db.session.get(CompetencyAssessment, assessment_id)


def course_revision(revision_id: int | None) -> CourseRevision | None:
    return db.session.get(CourseRevision, revision_id) if revision_id else None


def job_run(run_id: int) -> JobRun | None:
    return db.session.get(JobRun, run_id)


def webhook_endpoint(endpoint_id: int) -> WebhookEndpoint | None:
    return db.session.get(WebhookEndpoint, endpoint_id)


def outbox_delivery(delivery_id: int) -> OutboxDelivery | None:
    return db.session.get(OutboxDelivery, delivery_id)
