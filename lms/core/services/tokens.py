"""API bearer tokens: shown once, stored as a SHA-256 digest, revocable, and ending on a date
(one year unless a shorter life is chosen)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from lms.core.models import ApiToken, User
from lms.core.models.base import utcnow
from lms.core.passwords import new_token, token_digest
from lms.core.services import audit
from lms.extensions import db

DEFAULT_LIFETIME = timedelta(days=365)
MAX_LIFETIME = timedelta(days=365)
#: The lives offered on the profile page and accepted by ``lms tokens create --days``.
LIFETIME_CHOICES_DAYS = (30, 90, 180, 365)


class TokenError(ValueError):
    """A token cannot be made as asked; the message is shown to the user."""


@dataclass(frozen=True)
class Resolved:
    """What a presented token turned out to be: ``user`` when it may be used, else why not."""

    user: User | None = None
    expired_at: datetime | None = None


def create_token(user: User, name: str = "", lifetime: timedelta = DEFAULT_LIFETIME, *,
                 actor: User | None = None) -> tuple[ApiToken, str]:
    """Create a token, audited (``token.create``, by ``actor``: the user themselves on their
    profile, None from the command line); returns the row and the clear token (never stored)."""
    if not timedelta(days=1) <= lifetime <= MAX_LIFETIME:
        raise TokenError("token lifetime must be between 1 and 365 days")
    clear = "sinau_" + new_token()
    now = utcnow()
    row = ApiToken(user_id=user.id, name=name.strip()[:100], token_hash=token_digest(clear), created_at=now,
                   expires_at=now + lifetime)
    db.session.add(row)
    db.session.flush()
    audit.record(actor, "token.create", user, None, {"token_id": row.id, "name": row.name,
                                                      "expires_at": row.expires_at.isoformat()})
    return row, clear


def check_token(clear: str) -> Resolved:
    """The active user owning this unrevoked, unexpired token; an expired one says when it
    ended (so the API can say so instead of a bare "unauthorized")."""
    if not clear:
        return Resolved()
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == token_digest(clear)))
    if row is None or row.revoked_at is not None or not row.user.active:
        return Resolved()
    now = utcnow()
    if row.expires_at <= now:
        return Resolved(expired_at=row.expires_at)
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 300:
        row.last_used_at = now  # written at most every 5 minutes: no write per API call
    return Resolved(user=row.user)


def resolve_token(clear: str) -> User | None:
    """The user a token may act for, or None."""
    return check_token(clear).user


def revoke_token(user: User, token_id: int) -> bool:
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id or row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    db.session.flush()
    return True


def revoke_all(user: User) -> int:
    """Revoke every live token of ``user`` (an admin reset their password); how many."""
    result = db.session.execute(
        update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow()).execution_options(synchronize_session="fetch")
    )
    db.session.flush()
    return result.rowcount or 0


def tokens_of(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc())
        )
    )


def expiring_within(within: timedelta, now: datetime | None = None) -> list[ApiToken]:
    """Live tokens that end within ``within`` from now, soonest first: for a reminder job
    ("your token for X stops working on ...")."""
    now = now or utcnow()
    return list(
        db.session.scalars(
            select(ApiToken)
            .join(User, User.id == ApiToken.user_id)
            .where(ApiToken.revoked_at.is_(None), User.active.is_(True), ApiToken.expires_at > now,
                   ApiToken.expires_at <= now + within)
            .order_by(ApiToken.expires_at, ApiToken.id)
        )
    )
