"""The one formatter of numbers, percentages, scores, JP and dates shown to people.

Everything goes through Babel in the reader's language (Flask-Babel's locale and the site's
time zone): ``2,5 JP``, ``50 %``, ``66,67``, ``3 Des 2026`` in Indonesian; ``2.5 JP``, ``50%``,
``66.67``, ``Dec 3, 2026`` in English. Templates use the filters of the same names
(``|jp``, ``|number``, ``|percent``, ``|score``, ``|date``, ``|datetime``); views and
charts call these functions. Exports keep machine-readable numbers (``lms.web.spreadsheets``).
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from functools import lru_cache

from flask_babel import format_date as babel_date
from flask_babel import format_datetime as babel_datetime
from flask_babel import format_decimal, format_timedelta, get_locale

#: Percent patterns where the language's own writing differs from Babel's data: Indonesian
#: writes a space before the sign (``50 %``, as the product's wording guide asks).
_PERCENT_PATTERNS = {"id": "#,##0\u00a0%"}
_DATE_FORMATS = ("short", "medium", "long", "full")


def format_number(value: float | int | None, decimals: int = 1) -> str:
    """A number with at most ``decimals`` decimals, grouped: ``1.234,5`` / ``1,234.5``."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _remembered_number(str(get_locale() or "id"), value, decimals)
    return format_decimal(value, format="#,##0" + ("." + "#" * decimals if decimals else ""))


@lru_cache(maxsize=4096)
def _remembered_number(locale: str, value: float | int, decimals: int) -> str:
    """Pages show the same small numbers again and again (positions, JP, counts), and Babel
    parses the pattern and the locale's symbols for each: a fiftieth of a lesson page."""
    from babel.numbers import format_decimal as babel_decimal

    return babel_decimal(value, format="#,##0" + ("." + "#" * decimals if decimals else ""), locale=locale)


def format_jp(value: float | int | None) -> str:
    """Learning hours have at most one decimal (docs/glossary.md, "JP"): ``2,5``."""
    return format_number(value, 1)


def format_score(value: float | int | None) -> str:
    """A quiz or course score (0-100) or a question's points, as people write it: ``66,67``,
    ``70``. The same on the quiz page, Belajar Saya and the transcript."""
    return format_number(value, 2)


def format_percent(value: float | int | None) -> str:
    """A share given in percent (0-100, not 0-1): ``50 %`` / ``50%``. Whole numbers."""
    if value is None:
        return ""
    from babel.numbers import format_percent as babel_percent

    locale = get_locale()
    code = str(locale or "id").split("_")[0]
    return babel_percent(round(float(value)) / 100, format=_PERCENT_PATTERNS.get(code), locale=locale)


def format_date(value: date | datetime | None, fmt: str = "medium") -> str:
    """A date (a moment is shown as its date in the site's time zone): ``3 Des 2026``."""
    if value is None:
        return ""
    if isinstance(value, datetime) and fmt not in _DATE_FORMATS:
        return ""
    return babel_date(value, fmt)


def format_day_month(value: date | datetime | None) -> str:
    """A day and a short month, as a chart's axis says it: ``3 Des`` / ``Dec 3``."""
    if value is None:
        return ""
    from babel.dates import format_skeleton

    return format_skeleton("MMMd", value, locale=get_locale())


def format_datetime(value: datetime | None, fmt: str = "medium") -> str:
    """``moment``: the month as a word and minutes, no seconds (``3 Des 2026 22.49`` /
    ``Dec 3, 2026, 10:49 PM``); Babel's ``short`` (``3/12/26``) reads as March to some."""
    if not value:
        return ""
    if fmt == "moment":
        from babel.dates import get_datetime_format
        from flask_babel import format_time

        # the language's own joining of a date and a time; both in the site's time zone (naive = UTC)
        return get_datetime_format("medium", locale=get_locale()).format(format_time(value, "short"),
                                                                         babel_date(value, "medium"))
    return babel_datetime(value, fmt)


def format_time(value: datetime | None) -> str:
    """A time of day in the reader's language and the site's time zone: ``08.00`` / ``8:00 AM``."""
    if not value:
        return ""
    from flask_babel import format_time as babel_time

    return babel_time(value, "short")


def format_wait(seconds: float) -> str:
    """A wait in whole minutes, rounded up (never "0"): ``3 menit`` / ``3 minutes``."""
    minutes = max(1, math.ceil(seconds / 60))
    return format_timedelta(timedelta(minutes=minutes), granularity="minute", threshold=1.0)


def end_sentence(text: str) -> str:
    """A sentence ends with one period, also when it ends with a name that ends with one
    ("Selamat datang, Siti Rahmawati, S.T." not "S.T.."). Keeps a Markup a Markup."""
    if not text.endswith(".."):
        return text
    from markupsafe import Markup

    trimmed = str(text)[:-1]
    return Markup(trimmed) if isinstance(text, Markup) else trimmed  # noqa: S704 - already escaped
