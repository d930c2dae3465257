"""Language and time zone of a request. ``?lang=id|en`` switches for the session."""

from __future__ import annotations

from flask import current_app, has_request_context, request, session

LANGUAGES = ("id", "en")


def remember_language() -> None:
    """``before_request``: keep ``?lang=`` in the session so later pages stay in it."""
    lang = request.args.get("lang")
    if lang in LANGUAGES:
        session["lang"] = lang


def select_locale() -> str:
    if not has_request_context():  # commands and background work: the site's language
        return current_app.extensions["lms.settings"].default_locale
    lang = request.args.get("lang")
    if lang in LANGUAGES:
        return lang
    stored = session.get("lang")
    if stored in LANGUAGES:
        return stored
    return current_app.extensions["lms.settings"].default_locale


def select_timezone() -> str:
    return current_app.extensions["lms.settings"].timezone
