"""One person of Tim Saya (``/team/<nip>``): their assigned courses, JP this year against
their target, open competency gaps and learning records waiting for verification.

The same reads as the team list (:class:`lms.core.queries.team.TeamQuery`), narrowed to one
person, so the figures on the person page always agree with their row in the list. Who may
open whom: anyone of the caller's team in any of their scopes (direct reports, the subtrees of
the units they head; everyone for an admin). Anyone else is ``None`` (the view answers 404,
whether the NIP exists or not).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select

from lms.core.models import User
from lms.core.models.external import ExternalRecord, RecordStatus
from lms.core.queries import competencies
from lms.core.queries.team import CourseLine, PersonRow, TeamFilter, TeamQuery
from lms.extensions import db


@dataclass
class PersonPage:
    user: User
    row: PersonRow
    open_courses: list[CourseLine]  # overdue and soonest due first
    done_courses: list[CourseLine]
    gaps: list[competencies.CompetencyRow]
    pending_records: list[ExternalRecord]  # the oldest submission first


def _team_query(actor: User, now: datetime, year: int, **filters: object) -> TeamQuery:
    query = TeamQuery(actor, TeamFilter(), now, year)
    # "all": every scope together (direct reports and headed subtrees; everyone for an admin)
    query.filters = replace(query.filters, scope="all", **filters)  # type: ignore[arg-type]
    return query


def person_page(actor: User, nip: str, now: datetime, year: int) -> PersonPage | None:
    """The page of the team member with this (bare) NIP, or None when they are not in
    ``actor``'s team. A fixed number of queries."""
    query = _team_query(actor, now, year)
    found = db.session.execute(query.people_select().where(User.nip == nip)).first()
    if found is None:
        return None
    row = query.row(found)
    # status "completed" makes courses_of list every assigned course, finished ones included
    lines = _team_query(actor, now, year, status="completed").courses_of([row.id])[row.id]
    open_courses = sorted((c for c in lines if c.status != "completed"),
                          key=lambda c: (not c.is_overdue, c.due_at is None, c.due_at or now, c.title))
    done_courses = [c for c in lines if c.status == "completed"]
    user = db.session.get(User, row.id)
    assert user is not None  # the row was just read
    profile = competencies.profile(user, with_suggestions=False, now=now)
    pending = list(db.session.scalars(
        select(ExternalRecord).where(ExternalRecord.user_id == row.id, ExternalRecord.status == RecordStatus.PENDING)
        .order_by(ExternalRecord.submitted_at, ExternalRecord.id)))
    return PersonPage(user, row, open_courses, done_courses, profile.gaps, pending)
