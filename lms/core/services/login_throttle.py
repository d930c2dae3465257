"""Sign-in throttling that holds across every worker and server: counters in the database.

Two budgets, each under every limit of ``LMS_LOGIN_RATE_LIMIT`` ("10 per minute;50 per hour"):

* the **account**: keyed on the resolved account, so ``1990 0202 ...``, ``1990.0202...`` and the
  e-mail share one budget; a login that matches no account is keyed on its normalised form,
  so probing unknown NIPs is limited too. Counted *before* the password is checked, inside the
  request's transaction: the counter row is locked until the request commits, so concurrent
  guesses on many workers queue on it and the limit holds exactly. A correct password clears it.
* the **client address**: only failures count (an office behind one address signs in all
  morning), added after a wrong password; checked before. Concurrent requests from one address
  can pass the check together, so it may be exceeded by at most the number of requests in
  flight at that moment; the per-account limit is the exact one.

Counting is a sliding window approximated from fixed windows (as the ``limits`` package's
"sliding window counter"): the previous window's failures weigh by the share of it still inside
the last period. Two rows per key and limit matter at any time; older ones are purged
(opportunistically here, and by :func:`purge_expired` for a scheduled job).

Why the database and not Redis: the database is the one store every deployment has, it is
shared by every process, and it cannot be "down" while sign-in itself works. Redis, when set,
still carries Flask-Limiter's other limits.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from lms.core import nip as nip_rules
from lms.core.models import LoginThrottle
from lms.core.models.base import utcnow
from lms.extensions import db

PURGE_CHANCE = 0.02  # about one failed attempt in fifty also removes old rows


@dataclass(frozen=True, order=True)
class Limit:
    amount: int
    period: int  # seconds


@cache
def parse_limits(text: str) -> tuple[Limit, ...]:
    """``"10 per minute;50 per hour"`` (Flask-Limiter's syntax, parsed by ``limits``)."""
    from limits import parse_many

    return tuple(sorted(Limit(item.amount, item.get_expiry()) for item in parse_many(text)))


class Throttled(Exception):  # noqa: N818 - a state, not a failure of the code
    """Too many failed attempts: wait ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after


@dataclass
class Attempt:
    """One sign-in (or password confirmation) in progress: what to count when it ends."""

    subject: str
    address: str | None
    limits: tuple[Limit, ...]
    at: float = field(default=0.0)


def now() -> datetime:
    return utcnow()


def subject_for(login: str, user_id: int | None) -> str:
    """The account's budget, or the normalised login's when no account matches it."""
    if user_id is not None:
        return f"account:{user_id}"
    login = (login or "").strip().lower()
    return f"login:{login if '@' in login else nip_rules.normalize(login)}"


def account_subject(user_id: int) -> str:
    return subject_for("", user_id)


def address_subject(address: str | None) -> str | None:
    return f"address:{address}" if address else None


def _digest(subject: str) -> str:
    return hashlib.sha256(subject.encode()).hexdigest()


def wait_seconds(limit: Limit, *, previous: int, current: int, elapsed: float) -> int:
    """Seconds until one more attempt fits under ``limit``, given the failures of the previous
    and the current window and how far into the current window we are."""
    target = limit.amount - 1
    period = limit.period
    if current <= target:
        if previous == 0 or previous * (1 - elapsed / period) + current <= target:
            return 0
        needed = period * (1 - (target - current) / previous)  # into this window
        return max(0, math.ceil(round(needed - elapsed, 6)))
    into_next = period * (1 - target / current)
    return math.ceil(round(period - elapsed + into_next, 6))


def _window(limit: Limit, at: float) -> tuple[int, float]:
    number = int(at // limit.period)
    return number, at - number * limit.period


def _expiry(limit: Limit, window_no: int) -> datetime:
    # the window's failures still weigh during the next one
    return datetime.fromtimestamp((window_no + 2) * limit.period, UTC)


def _count_failure(key: str, limit: Limit, window_no: int) -> int:
    """Add one failure, atomically; the window's new total."""
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(LoginThrottle)
        .values(key=key, period=limit.period, window_no=window_no, failures=1, expires_at=_expiry(limit, window_no))
        .on_conflict_do_update(index_elements=["key", "period", "window_no"],
                               set_={"failures": LoginThrottle.failures + 1})
        .returning(LoginThrottle.failures)
    )
    return db.session.execute(statement).scalar_one()


def _counts(key: str, limits: tuple[Limit, ...], at: float) -> dict[tuple[int, int], int]:
    """Failures of ``key`` in the current and previous window of every limit, in one query:
    ``{(period, window_no): failures}``."""
    windows = {(limit.period, n) for limit in limits for n in (_window(limit, at)[0] - 1, _window(limit, at)[0])}
    rows = db.session.execute(
        select(LoginThrottle.period, LoginThrottle.window_no, LoginThrottle.failures).where(
            LoginThrottle.key == key, LoginThrottle.period.in_({p for p, _ in windows}),
            LoginThrottle.window_no.in_({n for _, n in windows}))
    )
    return {(period, window_no): failures for period, window_no, failures in rows if (period, window_no) in windows}


def _over(limit: Limit, previous: int, current: int, elapsed: float) -> bool:
    return previous * (1 - elapsed / limit.period) + current > limit.amount


def begin(subject: str, address: str | None, limits: Iterable[Limit], at: float | None = None) -> Attempt:
    """Count this attempt against ``subject`` and check ``address``; raise :class:`Throttled`
    (counting nothing) when either is over a limit. Call before checking the password."""
    attempt = Attempt(subject, address_subject(address), tuple(sorted(limits)),
                      now().timestamp() if at is None else at)
    waits: list[int] = []
    savepoint = db.session.begin_nested()
    key = _digest(attempt.subject)
    current = {limit: _count_failure(key, limit, _window(limit, attempt.at)[0]) for limit in attempt.limits}
    counts = _counts(key, attempt.limits, attempt.at)
    for limit in attempt.limits:
        window_no, elapsed = _window(limit, attempt.at)
        previous = counts.get((limit.period, window_no - 1), 0)
        if _over(limit, previous, current[limit], elapsed):
            waits.append(wait_seconds(limit, previous=previous, current=current[limit] - 1, elapsed=elapsed))
    if attempt.address:
        counts = _counts(_digest(attempt.address), attempt.limits, attempt.at)
        for limit in attempt.limits:
            window_no, elapsed = _window(limit, attempt.at)
            previous, now_count = counts.get((limit.period, window_no - 1), 0), counts.get((limit.period, window_no), 0)
            if _over(limit, previous, now_count + 1, elapsed):
                waits.append(wait_seconds(limit, previous=previous, current=now_count, elapsed=elapsed))
    if waits:
        savepoint.rollback()
        raise Throttled(max(1, *waits))
    savepoint.commit()
    return attempt


def failed(attempt: Attempt) -> None:
    """The password was wrong: the client address's budget pays for it too."""
    if attempt.address:
        key = _digest(attempt.address)
        for limit in attempt.limits:
            _count_failure(key, limit, _window(limit, attempt.at)[0])
    if random.random() < PURGE_CHANCE:
        purge_expired()


def succeeded(attempt: Attempt) -> None:
    """The right password: the account's failures are forgiven (its owner is back)."""
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.key == _digest(attempt.subject)))


def purge_expired(now: datetime | None = None) -> int:
    """Remove counters that no longer weigh in any limit; how many. Safe to run any time."""
    result = db.session.execute(
        delete(LoginThrottle).where(LoginThrottle.expires_at < (now or utcnow()))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0

