"""``/admin/plugins``: the features (plugins) installed, which are on, what each does and the
values it was given. Read-only: plugins are switched on and configured by whoever runs the
server (``LMS_PLUGINS``, ``LMS_<PLUGIN>_<KEY>``, docs/deploy.md), so the page names no setting
or command: an admin reads what is on, in words. Values of keys that look secret are masked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, current_app, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lms.core.models import Role
from lms.web.access import roles_required
from lms.web.admin.sections import AdminSection

bp = Blueprint("admin_plugins", __name__, url_prefix="/admin/plugins")
bp.admin_sections = [AdminSection(80, _l("Plugin"), "admin_plugins.index",
                                  _l("Plugin terpasang dan aktif, serta pengaturannya."))]

SECRET_WORDS = ("secret", "password", "token", "key")
MASK = "••••••"


def is_secret(key: str) -> bool:
    return any(word in key.lower() for word in SECRET_WORDS)


def masked(settings: dict[str, Any]) -> list[tuple[str, str]]:
    """(key, shown value) sorted by key; secret-looking values masked (an empty one shows as
    empty, so an admin sees whether it is set)."""
    rows = []
    for key in sorted(settings):
        value = settings[key]
        text = "" if value is None else str(value)
        rows.append((key, MASK if is_secret(key) and text else text))
    return rows


def features() -> dict[str, tuple[str, str]]:
    """What the built-in plugins are to an admin: (name, what it does), in the reader's language."""
    return {
        "lesson": (_("Materi bacaan"), _("Materi kursus berupa teks, gambar dan video.")),
        "quiz": (_("Kuis"), _("Soal yang dinilai otomatis, dengan nilai kelulusan dan percobaan ulang.")),
        "survey": (_("Survei dan evaluasi"), _("Umpan balik peserta di akhir kursus.")),
        "certificate": (_("Sertifikat"), _("Sertifikat bernomor dengan kode QR untuk verifikasi, dan ekspor SIASN.")),
        "evidence": (_("Bukti kompetensi"), _("Kursus yang selesai menjadi bukti di profil kompetensi.")),
    }


@dataclass(frozen=True)
class PluginRow:
    name: str
    label: str
    description: str
    installed: bool
    enabled: bool
    blueprints: list[str]
    commands: list[str]
    settings: list[tuple[str, str]]


def plugin_rows() -> list[PluginRow]:
    host = current_app.extensions["lms.host"]
    names = sorted(set(host.installed) | set(host.names))
    rows = []
    known = features()
    for name in names:
        label, description = known.get(name, (name.replace("_", " ").capitalize(), ""))
        rows.append(PluginRow(
            name=name, label=label, description=description, installed=name in host.installed,
            enabled=name in host.names,
            blueprints=[bp_.name for owner, bp_ in host.blueprints if owner == name],
            commands=[cmd.name or "" for owner, cmd in host.commands if owner == name],
            settings=masked(host.settings_of(name))))
    return rows


@bp.get("/")
@roles_required(Role.ADMIN)
def index() -> str:
    return render_template("admin/plugins.html", plugins=plugin_rows())
