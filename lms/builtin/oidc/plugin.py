"""Built-in plugin ``oidc``: sign in with the agency's account (OpenID Connect single sign-on).

Admins add providers in ``/admin/sso`` (name, issuer, client id and secret, the claim that
carries the NIP, the button's label). The sign-in page shows one button per enabled provider;
the person comes back signed in to the account with the NIP the provider vouched for. An
unknown NIP is refused (accounts come from HR data) unless the admin allowed creation for that
provider. Once someone signed in through a provider, local passwords can be switched off per
role. Signing out of Sinau also signs out of the provider when it has an end-session endpoint.

Settings (``LMS_OIDC_*``): ``CLOCK_SKEW`` (seconds of clock difference tolerated on an ID
token, 120), ``TIMEOUT`` (seconds to wait for the provider, 10).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from flask import Blueprint, url_for
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lms.builtin.oidc import models as _models  # noqa: F401  (the plugin's tables)
from lms.builtin.oidc import service
from lms.plugins import SignInOption, commit, hookimpl, safe_next

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@hookimpl
def lms_register_blueprints() -> list[Blueprint]:
    from lms.builtin.oidc.views import admin_bp, bp

    return [bp, admin_bp]


@hookimpl
def lms_register_migrations() -> str:
    return str(MIGRATIONS)


@hookimpl
def lms_register_settings() -> dict[str, Any]:
    return dict(service.SETTINGS)


@hookimpl
def lms_register_cli_commands() -> list[click.Command]:
    return [oidc_group]


@hookimpl
def lms_audit_action_labels() -> dict[str, Any]:
    return {
        "oidc.provider.create": _l("Penyedia SSO ditambahkan"),
        "oidc.provider.update": _l("Penyedia SSO diubah"),
        "oidc.provider.delete": _l("Penyedia SSO dihapus"),
        "oidc.passwords": _l("Kata sandi Sinau per peran diatur"),
        "oidc.sign_in": _l("Masuk lewat SSO"),
        "oidc.user.create": _l("Akun dibuat saat masuk lewat SSO"),
    }


@hookimpl
def lms_sign_in_options(next_url: str) -> list[SignInOption]:
    back = None if next_url == safe_next(None) else next_url  # no "?next=" for the default page
    return [SignInOption(label=p.label, url=url_for("oidc.start", provider_id=p.id, next=back), weight=10 + i)
            for i, p in enumerate(service.providers(enabled_only=True))]


@hookimpl
def lms_password_sign_in_refused(user: Any) -> str | None:
    return service.password_refusal(user)


@hookimpl
def lms_sign_out_redirect(user: Any, signed_out_url: str) -> str | None:
    from lms.builtin.oidc.views import sign_out_url

    return sign_out_url(signed_out_url)


@click.group("oidc", help="Single sign-on (OpenID Connect).")
def oidc_group() -> None:
    pass


@oidc_group.command("passwords-on")
@with_appcontext
def passwords_on() -> None:
    """Let every role sign in with Sinau passwords again (when the provider is out of reach)."""
    service.set_password_off(None, set())
    commit()
    click.echo(_("Kata sandi Sinau berlaku lagi untuk semua peran."))
