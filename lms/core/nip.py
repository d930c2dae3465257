"""NIP (Nomor Induk Pegawai): 18 digits, stored bare, shown grouped.

Digits 1-8 are the birth date (YYYYMMDD), 9-14 the year and month of first appointment
(YYYYMM), 15 the gender (1 or 2), 16-18 a sequence. PPPK numbers have the same length, but
digits 13-14 are a code rather than a month, so the month is not validated (docs/glossary.md, "NIP").
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from flask_babel import gettext as _

_SEPARATORS = re.compile(r"[\s.\-]+")


class InvalidNIP(ValueError):
    pass


def normalize(raw: str) -> str:
    """Bare digits of a NIP typed with spaces, dots or dashes (not validated)."""
    return _SEPARATORS.sub("", raw or "")


def validate(raw: str) -> str:
    """Return the bare 18-digit NIP or raise :class:`InvalidNIP` with a reason."""
    nip = normalize(raw)
    if not nip:
        raise InvalidNIP(_("NIP wajib diisi"))
    if not nip.isdigit():
        raise InvalidNIP(_("NIP hanya boleh berisi angka: %(nip)s", nip=raw))
    if len(nip) != 18:
        raise InvalidNIP(_("NIP harus 18 digit, bukan %(count)d: %(nip)s", count=len(nip), nip=raw))
    try:
        born = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise InvalidNIP(_("8 digit pertama NIP bukan tanggal lahir yang valid: %(nip)s", nip=raw)) from None
    if not 1900 <= born.year <= date.today().year - 15:
        raise InvalidNIP(_("tahun lahir pada NIP tidak masuk akal: %(nip)s", nip=raw))
    appointed = int(nip[8:12])
    if not born.year + 15 <= appointed <= date.today().year + 1:
        raise InvalidNIP(_("tahun pengangkatan pada NIP tidak masuk akal: %(nip)s", nip=raw))
    if nip[14] not in "12":
        raise InvalidNIP(_("digit ke-15 NIP (jenis kelamin) harus 1 atau 2: %(nip)s", nip=raw))
    return nip


def is_valid(raw: str) -> bool:
    try:
        validate(raw)
    except InvalidNIP:
        return False
    return True


@lru_cache(maxsize=4096)  # every signed-in page shows its reader's NIP in the menu
def format_nip(nip: str | None) -> str:
    """``196608011988031001`` -> ``19660801 198803 1 001``; anything else unchanged."""
    if not nip or len(nip) != 18 or not nip.isdigit():
        return nip or ""
    return f"{nip[0:8]} {nip[8:14]} {nip[14]} {nip[15:18]}"
