"""Language and time zone of a request. ``?lang=id|en`` switches for the session."""

from __future__ import annotations

from functools import cache

from babel import Locale
from flask import current_app, has_request_context, request, session

LANGUAGES = ("id", "en")


def remember_language() -> None:
    """``before_request``: keep ``?lang=`` in the session so later pages stay in it."""
    lang = request.args.get("lang")
    if lang in LANGUAGES:
        session["lang"] = lang


@cache
def _locale(code: str) -> Locale:
    return Locale.parse(code)


def select_locale() -> Locale:
    """Flask-Babel's locale selector. It returns the parsed ``Locale``, made once per language:
    parsing one looks for Babel's data file on disk, on every request otherwise."""
    return _locale(_language())


def _language() -> str:
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
