"""Employee types and their JP targets: :func:`jp_target_for` is the one answer to "what is
this person's yearly JP target" (the type's own target, else the site's default from
``/admin/settings``); :func:`target_sql` is the same rule inside a query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, case, literal, select

from lms.core import site_settings
from lms.core.models import EmployeeType, EmployeeTypeRow, SiteSetting
from lms.extensions import db

_CACHE = "_lms_employee_types"


@dataclass(frozen=True)
class TypeInfo:
    code: str
    name: str
    own_target: float | None  # None: the site's default
    target: float  # what applies


def _load() -> list[TypeInfo]:
    """The types and the default target in one query (pages that show a JP target stay one
    query over their budget, not two)."""
    stored_default = select(SiteSetting.value).where(SiteSetting.key == "jp_target").scalar_subquery()
    result = db.session.execute(select(EmployeeTypeRow, stored_default.label("default"))
                                .order_by(EmployeeTypeRow.position, EmployeeTypeRow.name)).all()
    if result:
        definition = site_settings.DEFINITIONS["jp_target"]
        try:
            default = definition.load(result[0].default) if result[0].default is not None else definition.default()
        except site_settings.SettingError:
            default = definition.default()
    else:
        default = site_settings.default_jp_target()
    rows = {r.EmployeeTypeRow.code: r.EmployeeTypeRow for r in result}
    found = [TypeInfo(r.code, r.name, r.jp_target, r.jp_target or default) for r in rows.values()]
    # PNS and PPPK exist whatever the table holds (a database made without the migrations' rows)
    builtin = [TypeInfo(t.value, t.value, None, default) for t in EmployeeType if t.value not in rows]
    return builtin + found


def all_types() -> list[TypeInfo]:
    """Every type, PNS and PPPK first; read once per request."""
    return site_settings.per_request(_CACHE, _load)


def forget() -> None:
    site_settings.forget(_CACHE)


def by_code() -> dict[str, TypeInfo]:
    return {t.code: t for t in all_types()}


def label(code: str | None) -> str:
    info = by_code().get(str(code or ""))
    return info.name if info else str(code or "")


def targets() -> dict[str, float]:
    return {t.code: t.target for t in all_types()}


def jp_target_for(user_or_code: Any) -> float:
    """The yearly JP target of a person (anything with ``employee_type``) or of a type's code."""
    code = getattr(user_or_code, "employee_type", user_or_code)
    code = str(getattr(code, "value", code) or "")
    found = targets()
    return found[code] if code in found else site_settings.default_jp_target()


def target_sql(column: Any) -> ColumnElement[float]:
    """:func:`jp_target_for` of ``column`` (an employee type code) as SQL."""
    default = site_settings.default_jp_target()
    own = {t.code: t.target for t in all_types() if t.target != default}
    if not own:
        return literal(default)
    return case(own, value=column, else_=literal(default))


def resolve(raw: str | None) -> str | None:
    """The code of the type written ``raw`` (its code or its name, any case); None if unknown."""
    text = " ".join(str(raw or "").split()).lower()
    for t in all_types():
        if text in (t.code.lower(), t.name.lower()):
            return t.code
    return None


def choices_text() -> str:
    """``PNS, PPPK, HONORER``: the codes an admin may write, for messages."""
    return ", ".join(t.code for t in all_types())
