"""Which passwords are too easy to guess: too short, among the most common (Indonesian ones
too), or containing what anyone can learn about the person (the NIP, its birth date, a part of
the name). One place for the rule; ``accounts.check_password_strength`` applies it wherever a
password is set (profile, admin pages, ``lms users``, the demo).

Following NIST SP 800-63B: a length minimum and a blocklist instead of composition rules
("one capital, one digit"), which push people to ``Password1!``.
"""

from __future__ import annotations

import gzip
import re
from functools import cache
from pathlib import Path

from flask_babel import gettext as _

from lms.core.passwords import MIN_PASSWORD_LENGTH

LIST_PATH = Path(__file__).with_name("data") / "common-passwords.txt.gz"

# What people add to a common word to pass a rule: "sayang123", "jakarta2024!", "bismillah1".
_AFFIX = re.compile(r"^[\W\d_]{1,4}|[\W\d_]{1,4}$")
_SPACES = re.compile(r"\s+")
_NON_DIGITS = re.compile(r"\D+")
_LETTERS = re.compile(r"[^\W\d_]+")
MIN_NAME_PART = 3


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list, read on first use (most requests never set a password)."""
    with gzip.open(LIST_PATH, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _is_common(password: str) -> bool:
    words = common_passwords()
    lowered = password.lower()
    candidates = {lowered, _SPACES.sub("", lowered)}
    for candidate in list(candidates):
        core = _AFFIX.sub("", candidate)
        if len(core) >= 4:
            candidates.add(core)
    return any(candidate in words for candidate in candidates)


def _nip_parts(nip: str) -> list[str]:
    """The NIP, and its birth date as written in it (YYYYMMDD) and as people write it (DDMMYYYY)."""
    digits = _NON_DIGITS.sub("", nip or "")
    if len(digits) < 8:
        return [digits] if digits else []
    born = digits[:8]
    return [digits, born, born[6:8] + born[4:6] + born[:4]]


def name_parts(name: str) -> list[str]:
    """Name words of 3+ letters, lower case. Titles and degrees written with a dot
    ("Dra.", "S.Kom.", "M.Pd.") are not part of the name."""
    parts = []
    for word in (name or "").replace(",", " ").split():
        if "." in word:
            continue
        parts.extend(p.lower() for p in _LETTERS.findall(word) if len(p) >= MIN_NAME_PART)
    return parts


def problem(password: str, *, nip: str | None = None, name: str | None = None,
            email: str | None = None) -> str | None:
    """Why ``password`` is refused for this person (a sentence in the reader's language), or
    None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Kata sandi minimal %(n)d karakter.", n=MIN_PASSWORD_LENGTH)
    digits = _NON_DIGITS.sub("", password)
    if any(part and part in digits for part in _nip_parts(nip or "")):
        return _("Kata sandi tidak boleh memuat NIP atau tanggal lahir yang ada di NIP.")
    if email and password.replace(" ", "").lower() == email.lower():
        return _("Kata sandi tidak boleh sama dengan e-mail.")
    lowered = password.lower()
    for part in name_parts(name or ""):
        if part in lowered:
            return _("Kata sandi tidak boleh memuat nama pemilik akun (%(part)s).", part=part)
    if _is_common(password):
        return _("Kata sandi ini termasuk yang paling sering dipakai sehingga mudah ditebak. Pilih yang lain, "
                 "misalnya tiga kata yang mudah Anda ingat.")
    return None
