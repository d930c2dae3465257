"""Site settings: what an admin sets in ``/admin/settings`` (the certificate's signer and
issuing agency, the default JP target, the site's address), stored in the database.

The environment (``lms.config``) stays for deployment and gives each setting its first value:
a key without a row reads its default from the settings (or from the certificate plugin's
``LMS_CERTIFICATE_*``). Rows hold a canonical text form; :func:`get` returns typed values.
The rows are read once per request (one query) and kept for the rest of it.

Changes go through :func:`update`, which checks every value first (nothing is written when one
is wrong), audits what changed (``site_setting.update``) and returns it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import current_app, g, has_request_context, request
from flask_babel import gettext as _
from sqlalchemy import select

from lms.core.models.site import SiteSetting
from lms.core.services import audit
from lms.extensions import db

#: where the development server listens when nothing else says so
FALLBACK_URL = "http://127.0.0.1:5000"
_CACHE = "_lms_site_settings"
T = TypeVar("T")
MAX_JP_TARGET = 1000.0


class SettingError(ValueError):
    """A value an admin typed cannot be used; ``key`` names the field."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


def _settings() -> Any:
    return current_app.extensions["lms.settings"]


def _certificate(name: str) -> Callable[[], str]:
    def default() -> str:
        host = current_app.extensions.get("lms.host")
        conf = host.settings_of("certificate") if host is not None else {}
        return str(conf.get(name) or "")

    return default


def _text(limit: int, required: bool) -> Callable[[str, str], str]:
    def parse(key: str, raw: str) -> str:
        value = " ".join(str(raw or "").split())
        if required and not value:
            raise SettingError(key, _("Wajib diisi."))
        if len(value) > limit:
            raise SettingError(key, _("Paling banyak %(n)d karakter.", n=limit))
        return value

    return parse


def _jp(key: str, raw: str) -> float:
    text = str(raw or "").strip().replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        raise SettingError(key, _("Tulis angka JP, misalnya 20 atau 24,5.")) from None
    if not 0 < value <= MAX_JP_TARGET or value != value:
        raise SettingError(key, _("Target JP harus lebih dari 0 dan paling banyak %(n)d.", n=int(MAX_JP_TARGET)))
    return round(value, 1)


def clean_url(key: str, raw: str) -> str:
    """``https://elearning.example.go.id`` (a scheme and a host, an optional port and path; no
    query or fragment); empty means "automatic"."""
    value = str(raw or "").strip().rstrip("/")
    if not value:
        return ""
    try:
        parts = urlsplit(value)
        _port = parts.port  # a port that is not a number raises here
    except ValueError:
        parts = None
    if (parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.query
            or parts.fragment or parts.username or " " in value):
        raise SettingError(key, _("Tulis alamat lengkap situs, misalnya https://elearning.sukamaju.go.id."))
    return value


@dataclass(frozen=True)
class Definition:
    key: str
    parse: Callable[[str, str], Any]  # (key, typed text) -> value; raises SettingError
    default: Callable[[], Any]

    def text(self, value: Any) -> str:
        """The canonical stored form of a parsed value."""
        if isinstance(value, float):
            return repr(value)
        return str(value)

    def load(self, stored: str) -> Any:
        return self.parse(self.key, stored)


DEFINITIONS: dict[str, Definition] = {d.key: d for d in (
    Definition("certificate_agency", _text(200, required=True), _certificate("agency")),
    Definition("certificate_signer_name", _text(200, required=False), _certificate("signer_name")),
    Definition("certificate_signer_title", _text(200, required=False), _certificate("signer_title")),
    Definition("jp_target", _jp, lambda: float(_settings().jp_target)),
    Definition("base_url", clean_url, lambda: _settings().base_url.rstrip("/")),
)}


def per_request(name: str, load: Callable[[], T]) -> T:
    """``load()`` once per request, kept in ``g`` under ``name``; :func:`forget` drops it.
    Outside a request (commands, jobs) every call reads again: nothing tells a long command
    that another process changed a setting. Tests run many requests in one app context: the
    request object is part of the key."""
    if not has_request_context():
        return load()
    scope = request._get_current_object()  # noqa: SLF001 - identity only
    cached = g.get(name)
    if cached is not None and cached[0] is scope:
        return cached[1]
    value = load()
    setattr(g, name, (scope, value))
    return value


def _stored() -> dict[str, str]:
    """The rows, read once per request."""
    return per_request(_CACHE, lambda: {row.key: row.value for row in db.session.scalars(select(SiteSetting))})


def forget(name: str = _CACHE) -> None:
    """Read again next time (after a change or a rollback)."""
    g.pop(name, None)


def get(key: str) -> Any:
    definition = DEFINITIONS[key]
    stored = _stored().get(key)
    if stored is not None:
        try:
            return definition.load(stored)
        except SettingError:  # a row written by an older rule: the default is the safe reading
            pass
    return definition.default()


def is_stored(key: str) -> bool:
    return key in _stored()


def values() -> dict[str, Any]:
    return {key: get(key) for key in DEFINITIONS}


def update(raw: Mapping[str, str], *, actor: Any = None) -> dict[str, tuple[Any, Any]]:
    """Check and store the given settings (typed text by key). A value equal to the default
    removes the row, so a later change of the environment applies again. Raises
    :class:`SettingError` listing the first bad field (see :func:`check`); writes nothing then.
    Returns ``{key: (old, new)}`` of what changed, audited as done by ``actor``. Flushes; the
    caller commits."""
    errors = check(raw)
    if errors:
        key, message = next(iter(errors.items()))
        raise SettingError(key, message)
    changed: dict[str, tuple[Any, Any]] = {}
    for key, text in raw.items():
        definition = DEFINITIONS[key]
        new = definition.parse(key, text)
        old = get(key)
        row = db.session.get(SiteSetting, key)
        if new == definition.default():
            if row is not None:
                db.session.delete(row)
        elif row is None:
            db.session.add(SiteSetting(key=key, value=definition.text(new)))
        else:
            row.value = definition.text(new)
        if new != old:
            changed[key] = (old, new)
    db.session.flush()
    forget()
    if changed:
        audit.record(actor, "site_setting.update", ("site_setting", "site", _("Pengaturan situs")),
                     {k: old for k, (old, _new) in changed.items()}, {k: new for k, (_old, new) in changed.items()})
    return changed


def check(raw: Mapping[str, str]) -> dict[str, str]:
    """Every problem of the given values, by key (empty when all are good)."""
    errors: dict[str, str] = {}
    for key, text in raw.items():
        if key not in DEFINITIONS:
            errors[key] = _("Pengaturan tidak dikenal.")
            continue
        try:
            DEFINITIONS[key].parse(key, text)
        except SettingError as exc:
            errors[key] = exc.message
    return errors


def default_jp_target() -> float:
    """The JP target of an employee whose type has none of its own."""
    return float(get("jp_target"))


def served_url() -> str | None:
    """The address ``lms run --host --port`` serves on (None under another server)."""
    return current_app.extensions.get("lms.served_url")


def base_url() -> str:
    """The site's address for e-mails, the certificate's QR code and printed links: the admin's
    setting; else ``LMS_BASE_URL``; else where ``lms run`` listens; else the development default."""
    return get("base_url") or served_url() or FALLBACK_URL
