"""Front-matter settings of an item file: each key checked, errors naming the field and its
line. An unknown key is reported with the closest known one, since most unknown keys are typos
(``pas_score``). Used by the quiz and survey readers; any activity type may use it.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from lms.core.diagnostics import Diagnostics


class Invalid(Exception):
    """Raised by a setting's check; its message says what a valid value looks like."""


@dataclass(frozen=True)
class Setting:
    name: str
    check: Callable[[Any], Any]


def text_value(value: Any) -> str:
    if (
        isinstance(value, bool)
        or not isinstance(value, str | int | float)
        or not str(value).strip()
    ):
        raise Invalid(_("harus berupa teks yang tidak kosong"))
    return str(value).strip()


def bool_value(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid(_("harus true atau false"))
    return value


def number_between(low: float, high: float) -> Callable[[Any], float]:
    def check(value: Any) -> float:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            raise Invalid(_("harus bilangan dari %(low)s sampai %(high)s", low=low, high=high))
        return value

    return check


def int_at_least(low: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise Invalid(_("harus bilangan bulat paling kecil %(low)s", low=low))
        return value

    return check


def optional(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``null`` (or an empty value) means "not set", i.e. the default None."""

    def wrapper(value: Any) -> Any:
        return None if value is None else check(value)

    return wrapper


def one_of(*choices: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in choices:
            raise Invalid(_("harus salah satu dari: %(choices)s", choices=", ".join(choices)))
        return value

    return check


def report_unknown_key(
    key: str, known: list[str], path: str, line: int, diagnostics: Diagnostics
) -> None:
    close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
    if close:
        message = _(
            "pengaturan '%(key)s' tidak dikenal; maksud Anda '%(suggestion)s'?",
            key=key,
            suggestion=close[0],
        )
    else:
        message = _(
            "pengaturan '%(key)s' tidak dikenal; yang dikenal: %(known)s",
            key=key,
            known=", ".join(known),
        )
    diagnostics.error(path, line, message)


def read_settings(
    meta: dict[str, Any],
    key_lines: dict[str, int],
    settings: list[Setting],
    path: str,
    diagnostics: Diagnostics,
) -> dict[str, Any]:
    """The valid settings of ``meta`` by name; every unknown key and bad value is reported."""
    by_name = {s.name: s for s in settings}
    values: dict[str, Any] = {}
    for key, value in meta.items():
        line = key_lines.get(str(key), 1)
        setting = by_name.get(key) if isinstance(key, str) else None
        if setting is None:
            report_unknown_key(str(key), list(by_name), path, line, diagnostics)
            continue
        try:
            values[key] = setting.check(value)
        except Invalid as exc:
            diagnostics.error(
                path,
                line,
                _(
                    "nilai '%(field)s' tidak valid (%(value)s): %(expected)s",
                    field=key,
                    value=repr(value),
                    expected=str(exc),
                ),
            )
    return values
