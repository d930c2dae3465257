"""Starting and ending a session, for the password form and for plugins that sign people in
on another site (single sign-on): both end in :func:`start_session`, so a session is
regenerated at sign-in however the person proved who they are."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app, g, session, url_for
from flask_login import login_user


def safe_next(target: str | None) -> str:
    """Only local paths: an open redirect would make the login page a phishing tool. Control
    characters (CR/LF would split the Location header) and backslashes (browsers read ``/\\host``
    as ``//host``) make the target ignored, as does anything over 2,000 characters."""
    if target and len(target) <= 2000 and target.isprintable() and "\\" not in target:
        try:
            parts = urlsplit(target)
        except ValueError:  # e.g. an unclosed "[" read as an IPv6 host
            parts = None
        if (parts is not None and not parts.scheme and not parts.netloc and target.startswith("/")
                and not target.startswith("//")):
            return target
    return url_for("learner.dashboard")


def start_session(user: Any, remember: bool) -> None:
    """A new session at sign-in: nothing from before it survives (a form token planted in a
    shared browser before sign-in is worthless after it), only the chosen language."""
    lang = session.get("lang")
    session.clear()
    g.pop("csrf_token", None)
    if lang:
        session["lang"] = lang
    login_user(user, remember=remember)


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
