"""Rendering helpers shared by the web layer and plugins (activity fragments): per-request
``gettext``/``ngettext`` bound to one catalogue, the cached CSRF token, and
:func:`render_fragment`.

A neutral place: :mod:`lms.plugins` needs fragment rendering without importing the web layer
(``lms.web.templating`` installs these helpers on the app and adds the page-wide ones).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import current_app, g, request, session
from flask_babel import get_locale, get_translations
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from itsdangerous import URLSafeTimedSerializer
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup


@lru_cache(maxsize=4096)
def _signed_csrf(secret_key: str | bytes, raw: str) -> str:
    return URLSafeTimedSerializer(secret_key, salt="wtf-csrf-token").dumps(raw)


def csrf_token() -> str:
    """Flask-WTF's ``csrf_token()``, signing each session's token once per process.

    Our tokens never expire on their own (``WTF_CSRF_TIME_LIMIT`` is None: a token lives as long
    as its session), so the signed form of a session's token is as good on every page; Flask-WTF
    signs it afresh on each request (a tenth of a lesson page's render). With a time limit set
    the signature carries the time it was made, so each request signs again as Flask-WTF does."""
    config = current_app.config
    field = config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    raw = session.get(field)
    if raw is None or config.get("WTF_CSRF_TIME_LIMIT") is not None or config.get("WTF_CSRF_SECRET_KEY"):
        return generate_csrf()
    token = _signed_csrf(current_app.secret_key, raw)
    setattr(g, field, token)  # as generate_csrf() leaves it
    return token


def _newstyle_gettext(translate: Any) -> Any:
    """Jinja's "newstyle" ``gettext`` (autoescaped, always %-formatted), bound to one catalogue."""

    @pass_eval_context
    def gettext(eval_ctx: EvalContext, string: str, /, **variables: Any) -> str:
        text = translate(string)
        return (Markup(text) if eval_ctx.autoescape else text) % variables  # noqa: S704 - the catalogue is ours; variables are escaped by %

    return gettext


def _newstyle_ngettext(translate: Any) -> Any:
    @pass_eval_context
    def ngettext(eval_ctx: EvalContext, singular: str, plural: str, num: int, /, **variables: Any) -> str:
        variables.setdefault("num", num)
        text = translate(singular, plural, num)
        return (Markup(text) if eval_ctx.autoescape else text) % variables  # noqa: S704 - the catalogue is ours; variables are escaped by %

    return ngettext


def request_helpers() -> dict[str, Any]:
    """Each render gets ``gettext``/``ngettext`` bound to this request's catalogue, and its
    locale. Flask-Babel's global callables find the locale and the catalogue again through
    several context-locals for every string: on a lesson page that was a fifth of the render.
    Templates imported without context still reach Flask-Babel's (same result, slower).
    ``csrf_token`` is ours too: Flask-WTF puts its own in every context, so a global alone
    would not replace it. Made once per request and locale (a page with an activity renders
    two templates; ``force_locale`` switches the locale for a while)."""
    locale = get_locale()
    made = g.get("lms_template_helpers")
    if made is None or made[0] is not locale:
        translations = get_translations()
        code = str(locale or "id")
        gettext = _newstyle_gettext(translations.ugettext)
        # ``_`` too: Jinja's own ``_`` is an alias that looks ``gettext`` up again on each call
        made = g.lms_template_helpers = (locale, {
            "gettext": gettext, "_": gettext, "ngettext": _newstyle_ngettext(translations.ungettext),
            "current_locale": lambda: code, "csrf_token": csrf_token})
    # the signed-in user itself, not Flask-Login's proxy: a page reads ``current_user`` a dozen
    # times, and each read through the proxy looked the user up again in the request context
    # (a twentieth of a lesson page). Fresh for every render: signing in or out changes it.
    return {**made[1], "current_user": current_user._get_current_object()}



def render_fragment(template_name: str, **context: Any) -> str:
    """A part of the page being built (an activity's main area): the template sees the same
    helpers as the page (``_``, ``url_for``, ``csrf_token``, ``static_url``, ``current_user``,
    ``request``) and its own ``context``, without running every context processor and signal a
    second time as ``render_template`` does. Use ``render_template`` for whole pages."""
    template = current_app.jinja_env.get_template(template_name)
    return template.render({"request": request, "session": session, "g": g,
                            "current_user": current_user._get_current_object(),
                            **request_helpers(), **context})
