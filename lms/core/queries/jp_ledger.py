"""The JP ledger: the one read of a person's learning hours (JP, *jam pelajaran*).

Every place that shows JP (the learner's dashboard and transcript, ``/api/v1/me``, the API
transcript, ``/api/v1/team``, Tim Saya, the reports and their exports) reads them here, so
they cannot disagree. A ledger line is one credit:

* a course completion (every cycle), on the day it was completed in the site's time zone;
* a VERIFIED external learning record, on its end date.

A later source of credit (a plugin's, e.g. attendance or mentoring) is one more ``select`` in
:func:`_sources`, with the same columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Date, Select, func, literal, null, select, union_all

from lms.core.models import Completion, User
from lms.core.models.base import UTCDateTime
from lms.core.models.external import ExternalRecord, RecordStatus
from lms.extensions import db


@dataclass(frozen=True)
class Period:
    """Local calendar days ``start`` to ``end``, both included."""

    start: date
    end: date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    def instants(self) -> tuple[datetime, datetime]:
        """The period as UTC instants ``[from, to)``: a course finished at 01:00 WIB on
        1 January counts for the new year."""
        zone = _zone()
        start = datetime.combine(self.start, datetime.min.time(), tzinfo=zone).astimezone(UTC)
        end = datetime.combine(self.end + timedelta(days=1), datetime.min.time(), tzinfo=zone).astimezone(UTC)
        return start, end


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.extensions["lms.settings"].timezone)


def _sources(period: Period | None, members: Select | None) -> list[Select]:
    """One ``select`` per kind of credit, each narrowed before the union (so each uses its own
    indexes): ``user_id, source, ref_id, jp, earned_at`` (UTC, completions) and ``earned_on``
    (a local date, records)."""
    courses = select(Completion.user_id.label("user_id"), literal("course").label("source"),
                     Completion.id.label("ref_id"), Completion.jp.label("jp"),
                     Completion.completed_at.label("earned_at"), null().cast(Date).label("earned_on"))
    external = select(ExternalRecord.user_id.label("user_id"), literal("external").label("source"),
                      ExternalRecord.id.label("ref_id"), ExternalRecord.jp.label("jp"),
                      null().cast(UTCDateTime()).label("earned_at"), ExternalRecord.end_date.label("earned_on")
                      ).where(ExternalRecord.status == RecordStatus.VERIFIED.value)
    if period is not None:
        start, end = period.instants()
        courses = courses.where(Completion.completed_at >= start, Completion.completed_at < end)
        external = external.where(ExternalRecord.end_date >= period.start, ExternalRecord.end_date <= period.end)
    if members is not None:
        courses = courses.where(Completion.user_id.in_(members))
        external = external.where(ExternalRecord.user_id.in_(members))
    return [courses, external]


def lines(period: Period | None = None, members: Select | None = None) -> Any:
    """Every credit in ``period`` (None: all time) of ``members`` (a ``select`` of user ids;
    None: everyone), as a subquery."""
    return union_all(*_sources(period, members)).subquery("jp_lines")


def totals(period: Period, members: Select | None = None) -> Any:
    """JP per person in ``period``: a subquery ``(user_id, jp)`` to outer-join on ``User.id``
    (people without credit have no row: ``coalesce(jp, 0)``)."""
    ledger = lines(period, members)
    return (select(ledger.c.user_id, func.sum(ledger.c.jp).label("jp"))
            .group_by(ledger.c.user_id).subquery("jp_totals"))


def jp_of(user_id: int, period: Period) -> float:
    """JP of one person in ``period``, in one query."""
    ledger = lines(period, select(literal(user_id)))
    return float(db.session.scalar(select(func.coalesce(func.sum(ledger.c.jp), 0))) or 0)


def jp_of_many(user_ids: list[int], period: Period) -> dict[int, float]:
    """JP of each of ``user_ids`` in ``period`` (absent: 0), in one query."""
    if not user_ids:
        return {}
    ledger = lines(period, select(User.id).where(User.id.in_(user_ids)))
    rows = db.session.execute(select(ledger.c.user_id, func.sum(ledger.c.jp))
                              .group_by(ledger.c.user_id)).tuples()
    return {user_id: float(jp or 0) for user_id, jp in rows}


def jp_by_year(user_id: int) -> dict[int, float]:
    """JP per local calendar year of one person, every year with a credit, in one query."""
    ledger = lines(None, select(literal(user_id)))
    zone = _zone()
    years: dict[int, float] = {}
    for jp, earned_at, earned_on in db.session.execute(select(ledger.c.jp, ledger.c.earned_at, ledger.c.earned_on)):
        year = _aware(earned_at).astimezone(zone).year if earned_at is not None else _day(earned_on).year
        years[year] = years.get(year, 0.0) + float(jp or 0)
    return years


def _aware(value: Any) -> datetime:
    """A UTC instant from a union column (SQLite may hand back text or a naive datetime)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _day(value: Any) -> date:
    return date.fromisoformat(value[:10]) if isinstance(value, str) else value
