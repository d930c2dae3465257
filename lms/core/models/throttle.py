"""Sign-in attempt counters shared by every worker and server (the database is the one store
they all see; see ``lms.core.services.login_throttle``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.models.base import UTCDateTime
from lms.extensions import db


class LoginThrottle(db.Model):
    """Failed sign-ins of one key (an account, an unknown login, a client address) in one
    fixed window of one limit. Two windows per key and limit matter at any time (the current
    and the one before, weighted); older rows are purged, so the table stays small."""

    __tablename__ = "login_throttle"

    # SHA-256 of "scope:value": never the typed login itself (people type passwords there)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    period: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # seconds
    window_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # epoch // period
    failures: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
