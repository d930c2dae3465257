"""What an admin sets for the whole site (the signer on certificates, the JP target, the base
URL...): one row per setting that differs from its default. The typed reading, the defaults
and the rules live in :mod:`lms.core.site_settings`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.models.base import UTCDateTime, utcnow
from lms.extensions import db


class SiteSetting(db.Model):
    __tablename__ = "site_setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # the canonical text form (see site_settings.Definition)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
