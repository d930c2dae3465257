"""Reads of the operational endpoints."""

from __future__ import annotations

from sqlalchemy import text

from lms.extensions import db


def database_answers() -> bool:
    """Whether the database answers a trivial query; a failed attempt is rolled back so the
    session stays usable."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        db.session.rollback()
        return False
    return True
