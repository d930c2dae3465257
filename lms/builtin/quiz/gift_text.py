"""GIFT's text conventions: backslash escapes, ``[format]`` tags, ``%weight%`` prefixes.

Escaped control characters are swapped for private-use placeholders before any parsing and
swapped back in every text the parser returns, exactly as Moodle's importer does, so that
``\\=`` or ``\\{`` never act as syntax. Replacing one escape (two characters) by one
placeholder changes offsets but never the number of newlines, so line numbers stay right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _

#: ``\\X`` -> placeholder; ``\\n`` is Moodle's escape for a line break.
_ESCAPED = {"\\": "\ue000", "~": "\ue001", "=": "\ue002", "#": "\ue003", "{": "\ue004",
            "}": "\ue005", ":": "\ue006", "n": "\ue007"}  # fmt: skip
_RESTORED = {v: ("\n" if k == "n" else k) for k, v in _ESCAPED.items()}
_ESCAPE_RE = re.compile(r"\\([\\~=#{}:n])")
_RESTORE_RE = re.compile("[" + "".join(_RESTORED) + "]")

#: GIFT text formats and what Sinau stores for them. Moodle's auto-format is plain text
#: in which HTML is allowed; Markdown is the closest of our formats.
FORMATS = {"markdown": "markdown", "html": "html", "plain": "plain", "moodle": "markdown"}
_FORMAT_RE = re.compile(r"^\[([a-zA-Z]+)\]", re.ASCII)
_WEIGHT_RE = re.compile(r"^%([^%\n]*)%")


def protect(text: str) -> str:
    """Replace escaped control characters by placeholders (see the module docstring)."""
    return _ESCAPE_RE.sub(lambda m: _ESCAPED[m.group(1)], text)


def restore(text: str) -> str:
    """Placeholders back to the literal characters they stand for; outer spaces stripped."""
    return _RESTORE_RE.sub(lambda m: _RESTORED[m.group(0)], text.strip())


@dataclass(frozen=True)
class Formatted:
    text: str
    format: str | None  # None: no tag, the default applies
    unknown_tag: str | None = None


def split_format(text: str) -> Formatted:
    """``"[html]<b>x</b>"`` -> text ``"<b>x</b>"``, format ``"html"``; unknown tags reported."""
    stripped = text.strip()
    match = _FORMAT_RE.match(stripped)
    if not match:
        return Formatted(stripped, None)
    tag = match.group(1).lower()
    if tag not in FORMATS:
        return Formatted(stripped, None, match.group(1))
    return Formatted(stripped[match.end() :].strip(), FORMATS[tag])


def unknown_format_message(tag: str) -> str:
    return _(
        "format teks '[%(tag)s]' tidak dikenal; yang dikenal: %(known)s",
        tag=tag,
        known="[markdown], [html], [plain], [moodle]",
    )


@dataclass(frozen=True)
class Weighted:
    text: str
    weight: float | None  # None: no %weight% prefix
    bad_weight: str | None = None


def split_weight(text: str) -> Weighted:
    """``"%50%Grant"`` -> weight 0.5; a weight outside -100..100 % is reported as bad."""
    stripped = text.strip()
    match = _WEIGHT_RE.match(stripped)
    if not match:
        return Weighted(stripped, None)
    raw = match.group(1).strip().replace(",", ".")
    try:
        percent = float(raw)
    except ValueError:
        percent = float("nan")
    if not -100 <= percent <= 100:
        return Weighted(stripped, None, match.group(0))
    return Weighted(stripped[match.end() :].strip(), percent / 100)


def split_feedback(text: str) -> tuple[str, str]:
    """``"Grant#He is not"`` -> ``("Grant", "He is not")`` (at the first unescaped ``#``)."""
    head, _sep, tail = text.partition("#")
    return head.strip(), tail.strip()
