"""The site's clock: now in UTC, and days as the site's people count them.

Everything is stored in UTC; a *day* (a due date, a certificate's date, a JP year) is a day of
the site's time zone (``LMS_TIMEZONE``, Asia/Jakarta by default), never of the server.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app

from lms.core.models.base import utcnow

__all__ = ["end_of_local_day", "local_date", "site_zone", "utcnow"]


def site_zone() -> ZoneInfo:
    """The site's time zone (``LMS_TIMEZONE``)."""
    return ZoneInfo(current_app.extensions["lms.settings"].timezone)


def local_date(moment: datetime) -> date:
    """The site's calendar day of an aware ``moment``."""
    return moment.astimezone(site_zone()).date()


def end_of_local_day(day: date) -> datetime:
    """23:59:59 of ``day`` in the site's time zone: something due on 31 December may be done
    on 31 December."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=site_zone())
