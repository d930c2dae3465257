"""``/admin/plugins``: installed plugins, which are enabled (``LMS_PLUGINS``), what each
registered and its settings (``LMS_<PLUGIN>_<KEY>``). Read-only: plugins are enabled and
configured in the environment. Values of keys that look secret are masked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, current_app, render_template
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


@dataclass(frozen=True)
class PluginRow:
    name: str
    installed: bool
    enabled: bool
    blueprints: list[str]
    commands: list[str]
    settings: list[tuple[str, str]]


def plugin_rows() -> list[PluginRow]:
    host = current_app.extensions["lms.host"]
    names = sorted(set(host.installed) | set(host.names))
    rows = []
    for name in names:
        rows.append(PluginRow(
            name=name, installed=name in host.installed, enabled=name in host.names,
            blueprints=[bp_.name for owner, bp_ in host.blueprints if owner == name],
            commands=[cmd.name or "" for owner, cmd in host.commands if owner == name],
            settings=masked(host.settings_of(name))))
    return rows


@bp.get("/")
@roles_required(Role.ADMIN)
def index() -> str:
    configured = current_app.extensions["lms.settings"].plugins
    return render_template("admin/plugins.html", plugins=plugin_rows(), configured=configured)
