"""Adding and changing employee types (``/admin/employee-types``). A type's code is what
users carry and never changes; its name and JP target do. Flushes; the caller commits and audits."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.core import site_settings
from lms.core.models import EmployeeType, EmployeeTypeRow, User
from lms.core.queries import employee_types as queries
from lms.core.services import audit
from lms.extensions import db

#: what the audit log keeps of a type
AUDITED = ("name", "jp_target")

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,19}$")


class EmployeeTypeError(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(" ".join(errors.values()))
        self.errors = errors


def parse_target(raw: str | None) -> float | None:
    """Empty: the site's default. Raises ``ValueError`` with the reader's message."""
    text = str(raw or "").strip()
    if not text:
        return None
    return float(site_settings.DEFINITIONS["jp_target"].parse("jp_target", text))


def _check(name: str, raw_target: str | None, errors: dict[str, str]) -> tuple[str, float | None]:
    name = " ".join((name or "").split())
    if not name:
        errors["name"] = _("Wajib diisi.")
    elif len(name) > 100:
        errors["name"] = _("Paling banyak %(n)d karakter.", n=100)
    target = None
    try:
        target = parse_target(raw_target)
    except site_settings.SettingError as exc:
        errors["jp_target"] = exc.message
    return name, target


def ensure_builtin() -> None:
    """PNS and PPPK as rows before any change (a database made without the migration's rows)."""
    have = set(db.session.scalars(select(EmployeeTypeRow.code)))
    for n, t in enumerate(EmployeeType, start=1):
        if t.value not in have:
            db.session.add(EmployeeTypeRow(code=t.value, name=t.value, jp_target=None, position=n))
    db.session.flush()


def create(code: str, name: str, raw_target: str | None, *, actor: User | None = None) -> EmployeeTypeRow:
    errors: dict[str, str] = {}
    code = " ".join((code or "").split()).upper()
    if not _CODE.match(code):
        errors["code"] = _("Kode 1-20 huruf atau angka, misalnya HONORER.")
    elif code in queries.by_code() or db.session.get(EmployeeTypeRow, code) is not None:
        errors["code"] = _("Kode %(code)s sudah dipakai.", code=code)
    name, target = _check(name, raw_target, errors)
    if not errors and db.session.scalar(select(EmployeeTypeRow.code).where(
            func.lower(EmployeeTypeRow.name) == name.lower())) is not None:
        errors["name"] = _("Sudah ada jenis pegawai bernama %(name)s.", name=name)
    if errors:
        raise EmployeeTypeError(errors)
    ensure_builtin()
    last = db.session.scalar(select(func.max(EmployeeTypeRow.position))) or 0
    row = EmployeeTypeRow(code=code, name=name, jp_target=target, position=last + 1)
    db.session.add(row)
    db.session.flush()
    queries.forget()
    audit.record(actor, "employee_type.create", (row.__tablename__, row.code, row.name), None,
                 audit.snapshot(row, AUDITED))
    return row


def update(code: str, name: str, raw_target: str | None, *, actor: User | None = None) -> EmployeeTypeRow:
    existing = db.session.get(EmployeeTypeRow, code)
    shown = queries.by_code().get(code)
    before = audit.snapshot(existing, AUDITED) if existing is not None else {
        "name": shown.name if shown else code, "jp_target": None}
    ensure_builtin()
    row = db.session.get(EmployeeTypeRow, code)
    if row is None:
        raise LookupError(code)
    errors: dict[str, str] = {}
    name, target = _check(name, raw_target, errors)
    if not errors and db.session.scalar(select(EmployeeTypeRow.code).where(
            func.lower(EmployeeTypeRow.name) == name.lower(), EmployeeTypeRow.code != code)) is not None:
        errors["name"] = _("Sudah ada jenis pegawai bernama %(name)s.", name=name)
    if errors:
        raise EmployeeTypeError(errors)
    row.name, row.jp_target = name, target
    db.session.flush()
    queries.forget()
    audit.record_changes(actor, "employee_type.update", (row.__tablename__, row.code, row.name), before,
                         audit.snapshot(row, AUDITED))
    return row
