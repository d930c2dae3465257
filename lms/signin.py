"""Starting a session, for the password form and for plugins that sign people in on another
site (single sign-on): both end in :func:`start_session`, so a session is regenerated at sign-in
however the person proved who they are. Below the web layer, like :mod:`lms.rendering`, so the
public plugin API (:mod:`lms.plugins.signin`) can offer it."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import g, session, url_for
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
