"""The rules of single sign-on: providers as an admin sets them up, who a returning person is
(by the NIP claim, never by e-mail or name), and which roles keep their Sinau passwords.
Services flush, never commit; every change an admin makes is audited."""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from lms.builtin.oidc import client
from lms.builtin.oidc.models import SECRET_PURPOSE, OidcPasswordOff, OidcProvider
from lms.plugins import (
    Role,
    account_by_nip,
    audit_record,
    create_account,
    db,
    decrypt_secret,
    encrypt_secret,
    normalize_nip,
    plugin_settings,
    utcnow,
)

#: ``LMS_OIDC_CLOCK_SKEW`` (seconds of clock difference tolerated on an ID token's times) and
#: ``LMS_OIDC_TIMEOUT`` (seconds to wait for the provider).
SETTINGS = {"clock_skew": "120", "timeout": "10"}
#: the fields of a provider written to the audit log (never the secret)
AUDITED = ("name", "label", "issuer", "client_id", "nip_claim", "scopes", "allow_create", "enabled")


class ProviderError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class UnknownNip(Exception):
    """The provider vouched for a NIP that has no account here (and creation is not allowed)."""

    def __init__(self, nip: str) -> None:
        super().__init__(nip)
        self.nip = nip


class NoNip(Exception):
    """The provider sent no usable NIP in the configured claim."""


def _setting(key: str) -> float:
    try:
        return float(plugin_settings("oidc").get(key, SETTINGS[key]))
    except (TypeError, ValueError):
        return float(SETTINGS[key])


def clock_skew() -> int:
    return max(0, int(_setting("clock_skew")))


def timeout() -> float:
    return max(1.0, _setting("timeout"))


# --------------------------------------------------------------------------- providers


def providers(enabled_only: bool = False) -> list[OidcProvider]:
    query = select(OidcProvider).order_by(OidcProvider.name)
    if enabled_only:
        query = query.where(OidcProvider.enabled.is_(True))
    return list(db.session.scalars(query))


def get(provider_id: int) -> OidcProvider | None:
    return db.session.get(OidcProvider, provider_id)


def client_secret(provider: OidcProvider) -> str:
    return decrypt_secret(provider.client_secret_encrypted, SECRET_PURPOSE)


def _snapshot(provider: OidcProvider) -> dict[str, Any]:
    return {field: getattr(provider, field) for field in AUDITED}


def check_issuer(issuer: str) -> str:
    """An issuer address: https, or http only on this machine (a provider under test)."""
    issuer = issuer.strip()
    try:
        parts = urlsplit(issuer)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("https", "http") or not parts.hostname:
        raise ProviderError("issuer", _("Alamat penerbit harus berupa alamat web lengkap, misalnya https://sso.example.go.id."))
    if parts.scheme == "http" and not _loopback(parts.hostname):
        raise ProviderError("issuer", _("Alamat penerbit harus memakai https (koneksi terenkripsi)."))
    if parts.query or parts.fragment:
        raise ProviderError("issuer", _("Alamat penerbit tidak boleh berisi tanda ? atau #."))
    return issuer


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def save_provider(actor: Any, provider: OidcProvider | None, data: dict[str, Any], secret: str | None) -> OidcProvider:
    """Create (``provider`` None) or change a provider. ``secret`` None or empty keeps the
    stored one (it is never shown back). The issuer is asked for its discovery document first,
    so a typo is caught here and not by the first person who tries to sign in."""
    issuer = check_issuer(data["issuer"])
    name = data["name"].strip()
    clash = db.session.scalar(select(OidcProvider.id).where(OidcProvider.name == name))
    if clash is not None and (provider is None or clash != provider.id):
        raise ProviderError("name", _("Nama ini sudah dipakai penyedia lain."))
    if provider is None and not secret:
        raise ProviderError("client_secret", _("Client secret wajib diisi."))
    if "openid" not in data["scopes"].split():
        raise ProviderError("scopes", _("Cakupan harus memuat openid."))
    try:
        client.forget_cache()
        client.discover(issuer, timeout())
    except client.OidcError as exc:
        current_app.logger.warning("oidc: discovery of %s failed: %s", issuer, exc)
        raise ProviderError("issuer", _("Penyedia tidak dapat dihubungi atau alamat penerbit salah. "
                                        "Periksa alamatnya, lalu coba lagi.")) from None
    before = _snapshot(provider) if provider is not None else None
    if provider is None:
        provider = OidcProvider()
        db.session.add(provider)
    provider.name = name
    provider.label = data["label"].strip()
    provider.issuer = issuer
    provider.client_id = data["client_id"].strip()
    provider.nip_claim = data["nip_claim"].strip()
    provider.scopes = " ".join(data["scopes"].split())
    provider.allow_create = bool(data["allow_create"])
    provider.enabled = bool(data["enabled"])
    if secret:
        provider.client_secret_encrypted = encrypt_secret(secret, SECRET_PURPOSE)
    db.session.flush()
    after = _snapshot(provider)
    if before is None:
        audit_record(actor, "oidc.provider.create", provider, None, after)
    else:
        changed = {k for k in AUDITED if before[k] != after[k]}
        if secret:
            changed.add("secret_replaced")  # that it changed; the secret itself never goes in the log
            before["secret_replaced"], after["secret_replaced"] = False, True
        if changed:
            audit_record(actor, "oidc.provider.update", provider, {k: before[k] for k in changed},
                         {k: after[k] for k in changed})
    return provider


def delete_provider(actor: Any, provider: OidcProvider) -> None:
    audit_record(actor, "oidc.provider.delete", provider, _snapshot(provider), None)
    db.session.delete(provider)
    db.session.flush()
    if not sso_works():  # nobody could sign in at all otherwise
        for row in db.session.scalars(select(OidcPasswordOff)):
            db.session.delete(row)
        db.session.flush()


# --------------------------------------------------------------------------- who signs in


def nip_from(claims: dict[str, Any], claim: str) -> str:
    value = claims.get(claim)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not normalize_nip(value):
        raise NoNip(claim)
    return normalize_nip(value)


def resolve_account(provider: OidcProvider, claims: dict[str, Any]) -> tuple[Any, bool]:
    """The account for the NIP the provider vouched for, and whether it was just created.
    Raises :class:`NoNip`, :class:`UnknownNip` or :class:`AccountRefused`."""
    nip = nip_from(claims, provider.nip_claim)
    user = account_by_nip(nip)
    if user is not None:
        return user, False
    if not provider.allow_create:
        raise UnknownNip(nip)
    name = claims.get("name") if isinstance(claims.get("name"), str) else None
    # an e-mail only when the provider says it checked it: an account must not claim someone else's address
    email = claims.get("email") if claims.get("email_verified") is True else None
    email = email if isinstance(email, str) else None
    user = create_account(nip=nip, name=(name or nip).strip()[:200], email=email)
    audit_record(None, "oidc.user.create", user, None,
                 {"provider": provider.name, "nip": user.nip, "name": user.name})
    return user, True


def signed_in(provider: OidcProvider, user: Any, created: bool) -> None:
    provider.last_sign_in_at = utcnow()
    audit_record(user, "oidc.sign_in", user, None, {"provider": provider.name, "created": created})


# --------------------------------------------------------------------------- local passwords


def sso_works() -> bool:
    """At least one enabled provider has signed someone in: only then may passwords go."""
    query = select(OidcProvider.id).where(OidcProvider.enabled.is_(True), OidcProvider.last_sign_in_at.is_not(None))
    return db.session.scalar(query.limit(1)) is not None


def password_off_roles() -> set[str]:
    return set(db.session.scalars(select(OidcPasswordOff.role)))


def set_password_off(actor: Any, roles: set[str]) -> None:
    roles = {Role(r).value for r in roles}
    before = password_off_roles()
    if roles - before and not sso_works():
        raise ProviderError("roles", _("Kata sandi baru boleh dimatikan setelah ada yang berhasil masuk lewat "
                                       "penyedia yang aktif."))
    if roles == before:
        return
    for row in db.session.scalars(select(OidcPasswordOff)):
        if row.role not in roles:
            db.session.delete(row)
    for role in roles - before:
        db.session.add(OidcPasswordOff(role=role))
    db.session.flush()
    audit_record(actor, "oidc.passwords", ("oidc_password_off", None, _("Masuk dengan kata sandi")),
                 {"off": sorted(before)}, {"off": sorted(roles)})


def password_refusal(user: Any) -> str | None:
    """Refused when every role of the account has passwords off: someone who is also, say,
    an admin whose role keeps passwords can still use theirs (the way back in when the
    provider is down)."""
    off = password_off_roles()
    if not off or not sso_works():
        return None
    if all(role.value in off for role in user.roles):
        names = ", ".join(p.name for p in providers(enabled_only=True))
        return _("Akun ini masuk dengan akun instansi (%(names)s), bukan dengan kata sandi Sinau. "
                 "Gunakan tombol di atas.", names=names)
    return None
