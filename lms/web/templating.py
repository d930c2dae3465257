"""Template helpers: formatting, static URLs with content hashes, plugin slots and menus.

Nothing here queries the database: templates get computed values from their views.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g, url_for
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_login import current_user
from markupsafe import Markup

from lms.core.nip import format_nip
from lms.plugins.pages import MenuItem
from lms.plugins.slots import UnknownSlotError, check_slot


@lru_cache(maxsize=256)
def _file_version(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


def static_url(filename: str) -> str:
    """A static URL carrying the file's content hash, so it can be cached for a year."""
    full = Path(current_app.static_folder or "") / filename
    try:
        version = _file_version(str(full), full.stat().st_mtime)
    except OSError:
        version = "0"
    return url_for("static", filename=filename, v=version)


def slot(name: str, **context: Any) -> Markup:
    try:
        check_slot(name)
    except UnknownSlotError:
        settings = current_app.extensions["lms.settings"]
        if settings.is_testing or settings.is_development:
            raise
        current_app.logger.error("template asked for unknown slot %r", name)
        return Markup("")
    host = current_app.extensions["lms.host"]
    parts = [p for result in host.hook.lms_template_slot(name=name, context=context) if result
             for p in result]
    # SlotContent.html is declared safe HTML by the plugin contract
    return Markup("").join(Markup(p.html) for p in sorted(parts, key=lambda p: p.weight))  # noqa: S704


def menu_items() -> list[MenuItem]:
    if "lms_menu" not in g:
        items: list[MenuItem] = []
        if current_user.is_authenticated:
            host = current_app.extensions["lms.host"]
            for result in host.hook.lms_menu_items(user=current_user._get_current_object()):
                items.extend(result or [])
        g.lms_menu = sorted(items)
    return g.lms_menu


def _fmt_date(value: date | datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_date(value, fmt) if fmt in ("short", "medium", "long", "full") else ""
    return format_date(value, fmt)


def _fmt_datetime(value: datetime | None, fmt: str = "medium") -> str:
    return format_datetime(value, fmt) if value else ""


def _fmt_jp(value: float | int | None) -> str:
    if value is None:
        return ""
    return format_decimal(value, format="#,##0.#")


def init_templating(app: Flask) -> None:
    app.jinja_env.globals.update(
        static_url=static_url, slot=slot, menu_items=menu_items,
        current_locale=lambda: str(get_locale() or "id"),
    )
    app.jinja_env.filters.update(
        nip=format_nip, date=_fmt_date, datetime=_fmt_datetime, jp=_fmt_jp
    )
    app.jinja_env.autoescape = True
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
