"""Reading job runs: the admins' page, ``lms jobs list``, a person's own runs."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select

from lms.core.models import JobRun, User
from lms.core.models.job import STATUSES
from lms.extensions import db


def status_counts() -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    counts.update(db.session.execute(select(JobRun.status, func.count()).group_by(JobRun.status)).tuples().all())
    return counts


def runs(statuses: Iterable[str] = STATUSES, limit: int = 100) -> list[tuple[JobRun, str | None]]:
    """Runs of these statuses, newest first, with the name of who asked (None: the system)."""
    stmt = (select(JobRun, User.name).outerjoin(User, User.id == JobRun.user_id)
            .where(JobRun.status.in_(list(statuses)))
            .order_by(JobRun.created_at.desc(), JobRun.id.desc()).limit(limit))
    return [(run, name) for run, name in db.session.execute(stmt).tuples()]
