"""The JP ledger: the one read of a person's learning hours (JP, *jam pelajaran*).

Every place that shows JP (the learner's dashboard and transcript, ``/api/v1/me``, the API
transcript, ``/api/v1/team``, Tim Saya, the reports and their exports) reads them here, so
they cannot disagree. A ledger line is one credit:

* a course completion (every cycle), on the day it was completed in the site's time zone;
* a VERIFIED external learning record, on its end date.

A later source of credit (a plugin's, e.g. attendance or mentoring) is one more entry of
:func:`_sources`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Date, Select, and_, case, func, literal, null, select, union_all

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


@dataclass(frozen=True)
class _Source:
    """One kind of credit: its columns, which rows count at all, and the period test."""

    user_id: Any
    ref_id: Any
    jp: Any
    counts: Any  # a condition (None: every row)
    within: Callable[[Period], Any]  # the condition "earned in the period"
    name: str
    earned_at: Any  # UTC instant (or a typed NULL)
    earned_on: Any  # local date (or a typed NULL)


def _completions(period: Period) -> Any:
    start, end = period.instants()
    return and_(Completion.completed_at >= start, Completion.completed_at < end)


def _records(period: Period) -> Any:
    return and_(ExternalRecord.end_date >= period.start, ExternalRecord.end_date <= period.end)


def _sources() -> list[_Source]:
    """Course completions (every cycle) and verified external records. A later kind of credit
    (a plugin's) is one more entry here."""
    return [
        _Source(Completion.user_id, Completion.id, Completion.jp, None, _completions, "course",
                Completion.completed_at, null().cast(Date)),
        _Source(ExternalRecord.user_id, ExternalRecord.id, ExternalRecord.jp,
                ExternalRecord.status == RecordStatus.VERIFIED.value, _records, "external",
                null().cast(UTCDateTime()), ExternalRecord.end_date),
    ]


def _narrowed(stmt: Select, source: _Source, members: Select | None) -> Select:
    if source.counts is not None:
        stmt = stmt.where(source.counts)
    if members is not None:
        stmt = stmt.where(source.user_id.in_(members))
    return stmt


def lines(period: Period | None = None, members: Select | None = None) -> Any:
    """Every credit in ``period`` (None: all time) of ``members`` (a ``select`` of user ids;
    None: everyone), as a subquery ``(user_id, source, ref_id, jp, earned_at, earned_on)``.
    Each kind is narrowed before the union, so each uses its own indexes."""
    selects = []
    for source in _sources():
        stmt = _narrowed(select(source.user_id.label("user_id"), literal(source.name).label("source"),
                                source.ref_id.label("ref_id"), source.jp.label("jp"),
                                source.earned_at.label("earned_at"), source.earned_on.label("earned_on")),
                         source, members)
        if period is not None:
            stmt = stmt.where(source.within(period))
        selects.append(stmt)
    return union_all(*selects).subquery("jp_lines")


def totals(period: Period, members: Select | None = None) -> Any:
    """JP per person in ``period``: a subquery ``(user_id, jp)`` to outer-join on ``User.id``
    (people without credit have no row: ``coalesce(jp, 0)``).

    Each kind is summed per person first, the period as a CASE rather than a WHERE: over a
    whole agency, the completions read in user order are one sequential pass, through the
    date index they would be random reads (``python -m bench reports``)."""
    per_kind = [_narrowed(select(source.user_id.label("user_id"),
                                 func.sum(case((source.within(period), source.jp), else_=0)).label("jp")),
                          source, members).group_by(source.user_id)
                for source in _sources()]
    union = union_all(*per_kind).subquery("jp_kinds")
    return select(union.c.user_id, func.sum(union.c.jp).label("jp")).group_by(union.c.user_id).subquery("jp_totals")


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
