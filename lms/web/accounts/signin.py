"""The sign-in page's side of signing in elsewhere (single sign-on): the plugins' buttons, their
refusal of passwords, their sign-out pages. Sessions start in :mod:`lms.signin`."""

from __future__ import annotations

from typing import Any

from flask import current_app

from lms.signin import safe_next, start_session

__all__ = ["password_refusal", "safe_next", "sign_in_options", "sign_out_redirect", "start_session"]


def _hook() -> Any:
    return current_app.extensions["lms.host"].hook


def sign_in_options(next_url: str) -> list[Any]:
    """The plugins' sign-in buttons (``lms_sign_in_options``), lightest first."""
    found = [option for result in _hook().lms_sign_in_options(next_url=next_url) for option in (result or ())]
    return sorted(found, key=lambda option: (option.weight, str(option.label)))


def password_refusal(user: Any) -> str | None:
    """Why this account may not use its password here (``lms_password_sign_in_refused``),
    or None."""
    reasons = [reason for reason in _hook().lms_password_sign_in_refused(user=user) if reason]
    return " ".join(str(reason) for reason in reasons) or None


def sign_out_redirect(user: Any, signed_out_url: str) -> str | None:
    """A plugin's sign-out page on another site (``lms_sign_out_redirect``), or None."""
    return _hook().lms_sign_out_redirect(user=user, signed_out_url=signed_out_url)
