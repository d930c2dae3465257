"""API bearer tokens: shown once, stored as a SHA-256 digest, revocable."""

from __future__ import annotations

from sqlalchemy import select

from lms.core.models import ApiToken, User
from lms.core.models.base import utcnow
from lms.core.passwords import new_token, token_digest
from lms.extensions import db


def create_token(user: User, name: str = "") -> tuple[ApiToken, str]:
    """Create a token; returns the row and the clear token (never stored)."""
    clear = "sinau_" + new_token()
    row = ApiToken(user_id=user.id, name=name.strip()[:100], token_hash=token_digest(clear))
    db.session.add(row)
    db.session.flush()
    return row, clear


def resolve_token(clear: str) -> User | None:
    """The active user owning this unrevoked token, or None."""
    if not clear:
        return None
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == token_digest(clear)))
    if row is None or row.revoked_at is not None or not row.user.active:
        return None
    now = utcnow()
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 300:
        row.last_used_at = now  # written at most every 5 minutes: no write per API call
    return row.user


def revoke_token(user: User, token_id: int) -> bool:
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id or row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    db.session.flush()
    return True


def tokens_of(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc())
        )
    )
