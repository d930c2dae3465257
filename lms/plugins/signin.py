"""Signing people in through another site (single sign-on), for plugins.

A plugin shows a button on the sign-in page (``lms_sign_in_options`` returning
:class:`SignInOption`), sends the browser to the other site from its own view, and when the
browser comes back with proof of who the person is, finds the account and calls
:func:`complete_sign_in`. The session is regenerated there, as for a password; the plugin
never touches Flask-Login. Accounts come from HR data: :func:`account_by_nip` finds one,
:func:`create_account` makes one where an admin allowed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import redirect
from werkzeug.wrappers import Response

from lms.core.outbox.secrets import SecretUnreadable

__all__ = ["AccountRefused", "SecretUnreadable", "SignInOption", "account_by_nip", "complete_sign_in",
           "create_account", "decrypt_secret", "encrypt_secret", "normalize_nip", "safe_next"]


@dataclass(frozen=True)
class SignInOption:
    """A button on the sign-in page: ``label`` (translated), ``url`` (a view of the plugin
    that starts the sign-in), ordered by ``weight`` (low first)."""

    label: str
    url: str
    weight: int = 50


class AccountRefused(Exception):
    """The account cannot be signed in or created (inactive, or invalid data); the message
    is translated and may be shown."""


def safe_next(target: str | None) -> str:
    """``target`` when it is a local path of this site, else Belajar Saya: the page to return
    to after signing in, never another site."""
    from lms.signin import safe_next as core_safe_next

    return core_safe_next(target)


def complete_sign_in(user: Any, *, next_url: str | None = None, remember: bool = False) -> Response:
    """Sign ``user`` in, in a new session (nothing of the old session survives but the
    language), and redirect to ``next_url`` when it is local. Raises :class:`AccountRefused`
    for a deactivated account."""
    from flask_babel import gettext as _

    from lms.signin import start_session

    if not getattr(user, "active", False):
        raise AccountRefused(_("Akun ini sudah dinonaktifkan. Hubungi admin Sinau di instansi Anda."))
    start_session(user, remember=remember)
    return redirect(safe_next(next_url))


def normalize_nip(raw: str) -> str:
    """A NIP's bare digits (spaces, dots and dashes removed; not validated)."""
    from lms.core.nip import normalize

    return normalize(raw)


def account_by_nip(nip: str) -> Any | None:
    """The account with this NIP (typed with or without separators), or None."""
    from lms.core.services.accounts import get_by_nip

    return get_by_nip(nip)


def create_account(*, nip: str, name: str, email: str | None = None) -> Any:
    """A new learner account without a password (it signs in through single sign-on only).
    Raises :class:`AccountRefused` with the reason (an invalid NIP, an e-mail in use)."""
    from lms.core.services.accounts import AccountError, create_user

    try:
        return create_user(nip=nip, name=name, email=email)
    except AccountError as exc:
        raise AccountRefused(str(exc)) from None


def encrypt_secret(secret: str, purpose: str) -> bytes:
    """A secret a plugin must read back later (a client secret), encrypted under a key derived
    from the site's secret key and ``purpose`` (e.g. ``"oidc client secret"``), so a copy of
    the database alone does not give it away."""
    from lms.core.outbox.secrets import encrypt

    return encrypt(secret, purpose=purpose)


def decrypt_secret(token: bytes, purpose: str) -> str:
    """The secret :func:`encrypt_secret` encrypted; raises :class:`SecretUnreadable` when the
    site's secret key changed since."""
    from lms.core.outbox.secrets import decrypt

    return decrypt(token, purpose=purpose)

