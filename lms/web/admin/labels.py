"""Labels of the admin pages (roles, audit actions, values), given to their templates by
:func:`install` (a context processor of each blueprint; nothing here queries)."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, current_app
from flask_babel import lazy_gettext as _l

ROLE_LABELS = {"learner": _l("Peserta"), "trainer": _l("Pengajar"), "supervisor": _l("Atasan"),
               "admin": _l("Admin")}

ACTION_LABELS = {
    "user.update": _l("Data pegawai diubah"),
    "user.deactivate": _l("Akun dinonaktifkan"),
    "user.reactivate": _l("Akun diaktifkan kembali"),
    "user.import": _l("Impor CSV pegawai"),
    "user.import_change": _l("Peran atau atasan diubah lewat impor CSV"),
    "course.publish": _l("Kursus diterbitkan"),
    "course.rollback": _l("Kursus dikembalikan ke revisi lama"),
    "course.import": _l("Kursus diimpor"),
    "assignment.create": _l("Kursus wajib ditugaskan"),
    "assignment.deactivate": _l("Penugasan kursus dihentikan"),
    "certificate.issue": _l("Sertifikat diterbitkan"),
    "token.create": _l("Token akses dibuat"),
    "user.create": _l("Akun dibuat"),
    "user.set_password": _l("Kata sandi diatur"),
    "record.verify": _l("Catatan belajar diverifikasi"),
    "record.reject": _l("Catatan belajar ditolak"),
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
    "standard.import": _l("Standar kompetensi diimpor dari berkas"),
    "assessment.record": _l("Hasil penilaian dicatat"),
    "assessment.delete": _l("Hasil penilaian dihapus"),
    "certificate.revoke": _l("Sertifikat dicabut"),
    "webhook.create": _l("Webhook didaftarkan"),
    "webhook.update": _l("Webhook diubah"),
    "webhook.secret": _l("Rahasia webhook diganti"),
    "webhook.resend": _l("Pengiriman diulang"),
    "site_setting.update": _l("Pengaturan situs diubah"),
    "employee_type.create": _l("Jenis pegawai ditambahkan"),
    "employee_type.update": _l("Jenis pegawai diubah"),
    "item.confirm": _l("Kegiatan dikonfirmasi pengajar"),
}


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(str(role), role))


def action_label(action: str) -> str:
    """Core's label of an audit action, else the label its plugin gave
    (``lms_audit_action_labels``), else the action's own name."""
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    return str(plugin_action_labels().get(action, action))


def plugin_action_labels() -> dict[str, Any]:
    return current_app.extensions["lms.host"].audit_labels


def known_actions() -> set[str]:
    """Every labelled action: core's and the enabled plugins' (the audit log's filter)."""
    return set(ACTION_LABELS) | set(plugin_action_labels())


def check_plugin_labels(host: Any) -> None:
    """At start-up: a plugin may label its own actions only, never relabel core's."""
    from lms.plugins.errors import PluginError

    taken = sorted(set(host.audit_labels) & set(ACTION_LABELS))
    if taken:
        raise PluginError(f"a plugin labels core's audit action(s) {', '.join(taken)}: "
                          "name your actions with your plugin's prefix")


#: the audit log's field names as an admin reads them (unknown ones: underscores become spaces)
FIELD_LABELS = {
    "name": _l("Nama"), "email": _l("E-mail"), "unit": _l("Unit kerja"), "unit_id": _l("Unit kerja"),
    "position": _l("Jabatan"), "position_id": _l("Jabatan"), "supervisor": _l("Atasan langsung"),
    "supervisor_nip": _l("Atasan langsung"), "supervisor_id": _l("Atasan langsung"), "roles": _l("Peran"),
    "role": _l("Peran"), "active": _l("Aktif"), "golongan": _l("Golongan"), "employee_type": _l("Jenis pegawai"),
    "nip": _l("NIP"), "password_set": _l("Kata sandi diatur"), "course": _l("Kursus"), "course_id": _l("Kursus"),
    "target_kind": _l("Sasaran"), "target_id": _l("Sasaran"), "target": _l("Sasaran"),
    "include_subtree": _l("Termasuk unit di bawahnya"), "due_at": _l("Batas waktu"),
    "due_days": _l("Hari sampai batas waktu"), "recurrence": _l("Berulang"), "due_month": _l("Bulan batas waktu"),
    "due_day": _l("Tanggal batas waktu"), "file": _l("Berkas"), "created": _l("Dibuat"), "updated": _l("Diperbarui"),
    "code": _l("Kode"), "group": _l("Kelompok"), "parent_code": _l("Induk"), "levels": _l("Uraian level"),
    "level": _l("Level"), "source": _l("Sumber"), "assessed_on": _l("Tanggal penilaian"),
    "valid_until": _l("Berlaku sampai"), "reason": _l("Alasan"), "head_id": _l("Kepala unit"),
    "parent_id": _l("Unit induk"), "kind": _l("Jenis"), "jp": _l("JP"), "title": _l("Judul"),
    "competency": _l("Kompetensi"), "competency_code": _l("Kompetensi"), "required_level": _l("Level dibutuhkan"),
    "certificate_agency": _l("Instansi penerbit sertifikat"), "certificate_signer_name": _l("Nama penanda tangan"),
    "certificate_signer_title": _l("Jabatan penanda tangan"), "jp_target": _l("Target JP"),
    "base_url": _l("Alamat situs"),
    "revision": _l("Revisi"), "from_revision": _l("Dari revisi"), "outcome": _l("Hasil"), "draft": _l("Draf"),
    "status": _l("Status"),
    "enrolled": _l("Peserta baru terdaftar"), "token_id": _l("Token"),
}
#: values that are words of the code, as an admin reads them
VALUE_LABELS = {
    "person": _l("Pegawai"), "yearly": _l("Setiap tahun"), "none": _l("Tidak"), "PNS": "PNS", "PPPK": "PPPK",
    "teknis": _l("Teknis"), "manajerial": _l("Manajerial"), "sosial_kultural": _l("Sosial kultural"),
    "created": _l("baru"), "updated": _l("diperbarui"), "pending": _l("menunggu verifikasi"),
    "verified": _l("terverifikasi"), "rejected": _l("ditolak"),
}


def field_label(key: str) -> str:
    return str(FIELD_LABELS.get(key, key.replace("_", " ")))


def audit_field_value(key: str, value: Any) -> str:
    """A value of the audit log in words: roles and kinds by name, moments and dates in the
    reader's format, lists joined."""
    from datetime import date, datetime

    from lms.web.formatting import format_date, format_datetime

    if key in ("role", "roles"):
        if isinstance(value, list):
            return ", ".join(role_label(v) for v in value) or "—"
        if value is not None:
            return role_label(value)
    if key == "target_kind" and value in ("unit", "position"):
        return str({"unit": _l("Unit kerja"), "position": _l("Jabatan")}[value])
    if key == "base_url" and not value:
        return str(_l("otomatis (alamat server)"))
    if key == "jp_target" and value is None:
        return str(_l("target bawaan"))
    if isinstance(value, float | int) and key == "jp_target":
        from lms.web.formatting import format_jp

        return format_jp(value) + " JP"
    if isinstance(value, str) and value in VALUE_LABELS and key not in ("name", "title", "file"):
        return str(VALUE_LABELS[value])
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if len(value) == 10:
                return format_date(date.fromisoformat(value))
            return format_datetime(moment if moment.tzinfo else moment.replace(tzinfo=None), "short")
    if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
        return ", ".join(str(v) for v in value) or "—"
    return audit_value(value)


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
        return {"role_label": role_label, "audit_action_label": action_label, "audit_value": audit_value,
                "audit_field_label": field_label, "audit_field_value": audit_field_value}
