"""The JP ledger: the one read of a person's learning hours (JP, *jam pelajaran*).

Every place that shows JP (the learner's dashboard and transcript, ``/api/v1/me``, the API
transcript, ``/api/v1/team``, Tim Saya, the reports and their exports) reads them here, so
they cannot disagree. A ledger line is one credit:

* a course completion (every cycle), on the day it was completed in the site's time zone;
* a VERIFIED external learning record, on its end date;
* a plugin's credit (``lms_jp_credits``: a classroom session, mentoring), on the day it gives.

Plugins answer in Python, for everyone a read shows at once (one hook call per read, never
per person); their credits join the SQL as a ``VALUES`` list (numbers and dates written into
the statement, so a whole agency's credits never hit a bind-parameter limit), so the reports'
sorting and filtering by JP stay in the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import (
    Date,
    Float,
    Integer,
    Select,
    and_,
    case,
    cast,
    column,
    func,
    literal,
    null,
    select,
    type_coerce,
    union_all,
    values,
)

from lms.core.models import Completion, User
from lms.core.models.base import UTCDateTime
from lms.core.models.external import ExternalRecord, RecordStatus
from lms.extensions import db
from lms.plugins.credits import JpCredit, has_credits, jp_credits


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


def lines(period: Period | None = None, members: Select | None = None, user_ids: list[int] | None = None) -> Any:
    """Every credit in ``period`` (None: all time) of ``members`` (a ``select`` of user ids;
    None: everyone), as a subquery ``(user_id, source, ref_id, jp, earned_at, earned_on)``.
    Each kind is narrowed before the union, so each uses its own indexes. Plugins' credits
    have no ``ref_id`` and ``source`` "plugin"."""
    selects = []
    for source in _sources():
        stmt = _narrowed(select(source.user_id.label("user_id"), literal(source.name).label("source"),
                                source.ref_id.label("ref_id"), source.jp.label("jp"),
                                source.earned_at.label("earned_at"), source.earned_on.label("earned_on")),
                         source, members)
        if period is not None:
            stmt = stmt.where(source.within(period))
        selects.append(stmt)
    credits = plugin_credits(period, members, user_ids)
    if credits:
        rows = _values([(c.user_id, float(c.jp), c.earned_on) for c in credits],
                       [("user_id", Integer()), ("jp", Float()), ("earned_on", Date())])
        selects.append(select(cast(rows.c.user_id, Integer).label("user_id"), literal("plugin").label("source"),
                              null().cast(Integer).label("ref_id"), cast(rows.c.jp, Float).label("jp"),
                              null().cast(UTCDateTime()).label("earned_at"),
                              _as_date(rows.c.earned_on).label("earned_on")))
    return union_all(*selects).subquery("jp_lines")


def plugin_credits(period: Period | None, members: Select | None,
                   user_ids: list[int] | None = None) -> list[JpCredit]:
    """The plugins' credits of ``members`` (None: everyone) in ``period``: one hook call for
    the whole read. The members' ids are read once, only when a plugin credits JP at all and
    the caller did not give them (``user_ids``, the same people as ``members``)."""
    if not has_credits():
        return []
    if user_ids is None and members is not None:
        user_ids = list(db.session.scalars(members))
    if user_ids == []:
        return []
    start, end = (period.start, period.end) if period is not None else (None, None)
    return jp_credits(user_ids, start, end)


def _values(rows: list[tuple[Any, ...]], columns: list[tuple[str, Any]]) -> Any:
    """``rows`` as ``WITH plugin_jp(...) AS (VALUES ...)`` (SQLite names a VALUES list's
    columns only so), literals written into the statement: ints, floats and dates of our own
    making, nothing a person typed, and no bind-parameter limit for a whole agency."""
    return values(*[column(name, type_) for name, type_ in columns], name="plugin_jp",
                  literal_binds=True).data(rows).cte("plugin_jp")


def _as_date(value: Any) -> Any:
    """A date literal of the VALUES list as a date: PostgreSQL reads it as text (a UNION with
    a date column needs the cast); SQLite stores dates as text, and its CAST AS DATE would
    make a number of it."""
    if db.session.get_bind().dialect.name == "sqlite":
        return type_coerce(value, Date)
    return cast(value, Date)


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
    credits = plugin_credits(period, members)
    if credits:
        per_person: dict[int, float] = {}
        for credit in credits:
            per_person[credit.user_id] = per_person.get(credit.user_id, 0.0) + float(credit.jp)
        rows = _values(sorted(per_person.items()), [("user_id", Integer()), ("jp", Float())])
        per_kind.append(select(cast(rows.c.user_id, Integer).label("user_id"), cast(rows.c.jp, Float).label("jp")))
    union = union_all(*per_kind).subquery("jp_kinds")
    return select(union.c.user_id, func.sum(union.c.jp).label("jp")).group_by(union.c.user_id).subquery("jp_totals")


def jp_of(user_id: int, period: Period) -> float:
    """JP of one person in ``period``, in one query."""
    ledger = lines(period, select(literal(user_id)), [user_id])
    return float(db.session.scalar(select(func.coalesce(func.sum(ledger.c.jp), 0))) or 0)


def jp_of_many(user_ids: list[int], period: Period) -> dict[int, float]:
    """JP of each of ``user_ids`` in ``period`` (absent: 0), in one query."""
    if not user_ids:
        return {}
    ledger = lines(period, select(User.id).where(User.id.in_(user_ids)), list(user_ids))
    rows = db.session.execute(select(ledger.c.user_id, func.sum(ledger.c.jp))
                              .group_by(ledger.c.user_id)).tuples()
    return {user_id: float(jp or 0) for user_id, jp in rows}


def jp_by_year(user_id: int) -> dict[int, float]:
    """JP per local calendar year of one person, every year with a credit, in one query."""
    ledger = lines(None, select(literal(user_id)), [user_id])
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
