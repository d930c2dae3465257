"""Labels of the admin pages (roles, audit actions, values), given to their templates by
:func:`install` (a context processor of each blueprint; nothing here queries)."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint
from flask_babel import lazy_gettext as _l

ROLE_LABELS = {"learner": _l("Peserta"), "trainer": _l("Pengajar"), "supervisor": _l("Atasan"),
               "admin": _l("Admin")}

ACTION_LABELS = {
    "user.update": _l("Data pegawai diubah"),
    "user.deactivate": _l("Akun dinonaktifkan"),
    "user.reactivate": _l("Akun diaktifkan kembali"),
    "user.import": _l("Impor CSV pegawai"),
    "role.grant": _l("Peran diberikan"),
    "role.revoke": _l("Peran dicabut"),
    "unit.create": _l("Unit dibuat"),
    "unit.rename": _l("Unit diganti nama"),
    "unit.move": _l("Unit dipindahkan"),
    "unit.set_head": _l("Kepala unit ditetapkan"),
    "position.create": _l("Jabatan dibuat"),
    "position.update": _l("Jabatan diubah"),
    "competency.create": _l("Kompetensi dibuat"),
    "competency.update": _l("Kompetensi diubah"),
    "standard.set": _l("Standar kompetensi jabatan diubah"),
    "assessment.record": _l("Hasil penilaian dicatat"),
    "assessment.delete": _l("Hasil penilaian dihapus"),
    "certificate.revoke": _l("Sertifikat dicabut"),
}


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(str(role), role))


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def audit_value(value: Any) -> str:
    if value is None:
        return "—"
    if value is True:
        return str(_l("ya"))
    if value is False:
        return str(_l("tidak"))
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def install(bp: Blueprint) -> None:
    @bp.context_processor
    def _labels() -> dict[str, Any]:
        return {"role_label": role_label, "audit_action_label": action_label, "audit_value": audit_value}
