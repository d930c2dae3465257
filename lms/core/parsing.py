"""Bounded parsing of numbers and dates typed by people (addresses, forms, files).

``str.isdigit()`` is true for ``²`` and ``٣`` (which ``int()`` then refuses or reads), ``int()``
takes 23-digit ids the database cannot compare, ``float()`` takes ``nan`` and ``inf``, and
``date.fromisoformat`` takes ``0001-01-01``, which overflows the moment it is turned into a
time in Jakarta. Every reader of such input goes through here: ASCII digits only, bounded,
finite; ``None`` when the text is not usable. The web layer's request helpers are in
:mod:`lms.web.params`.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

#: what a database integer column holds (PostgreSQL ``integer``)
MAX_ID = 2**31 - 1
#: the dates a person means (courses, records, filters): older or later is a typing mistake
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2199, 12, 31)

_DIGITS = re.compile(r"[0-9]{1,18}")
_FLOAT = re.compile(r"[+-]?(?:[0-9]{1,15}(?:[.,][0-9]{0,15})?|[.,][0-9]{1,15})")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def parse_int(text: Any, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """``text`` as an integer in ``[minimum, maximum]`` (ASCII digits, an optional leading
    minus when ``minimum`` is negative), else ``None``."""
    value = str(text if text is not None else "").strip()
    negative = value.startswith("-") and minimum < 0
    if negative:
        value = value[1:]
    if not _DIGITS.fullmatch(value):
        return None
    number = -int(value) if negative else int(value)
    return number if minimum <= number <= maximum else None


def parse_float(text: Any, *, minimum: float = 0.0, maximum: float = 1e9) -> float | None:
    """``text`` as a finite number in ``[minimum, maximum]`` (a dot or an Indonesian comma
    for decimals), else ``None``; never ``nan`` or ``inf``."""
    value = str(text if text is not None else "").strip()
    if not _FLOAT.fullmatch(value):
        return None
    number = float(value.replace(",", "."))
    return number if math.isfinite(number) and minimum <= number <= maximum else None


def parse_date(text: Any, *, minimum: date = MIN_DATE, maximum: date = MAX_DATE) -> date | None:
    """``YYYY-MM-DD`` (ASCII digits) as a date in ``[minimum, maximum]``, else ``None``."""
    match = _DATE.fullmatch(str(text if text is not None else "").strip())
    if not match:
        return None
    try:
        day = date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
    return day if minimum <= day <= maximum else None
