"""Reads of sign-in: the account behind a session, on every signed-in request."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Row, Select, bindparam, func, select
from sqlalchemy.orm import defer, lazyload

from lms.core.models import User, UserRole
from lms.extensions import db


@cache
def _user_statement() -> Select:
    """Built once: SQLAlchemy memoizes a statement's cache key on the object, so every request
    skips building the query and its key (a tenth of a signed-in page's database time).
    Roles are read with the user (every page's navigation needs them); unit and position are read by the
    few pages that show them (the model joins them by default, a third of this load's cost).
    Roles come as one string column beside the user's (``"admin,trainer"``) rather than as
    joined rows: joined rows made the ORM de-duplicate and build a row object per role, which
    made this the costliest query of a lesson page."""
    roles = (select(func.aggregate_strings(UserRole.role, ",")).where(UserRole.user_id == User.id)
             .correlate(User).scalar_subquery())
    # when the account was made or last changed is shown on no page a user opens themselves
    # (converting the two timestamps was a tenth of this load)
    return (select(User, roles).options(lazyload(User.role_rows), lazyload(User.unit), lazyload(User.position),
                                        defer(User.created_at), defer(User.updated_at))
            .where(User.id == bindparam("user_id")))


def session_user(user_id: int) -> Row[tuple[User, str | None]] | None:
    """The account and its roles as one string (``"admin,trainer"``), in one query: the row as
    it comes (every signed-in request runs this; no copy)."""
    return db.session.execute(_user_statement(), {"user_id": user_id}).one_or_none()
