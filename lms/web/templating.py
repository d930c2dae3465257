"""Template helpers: formatting, static URLs with content hashes (``lms.assets``), plugin slots and menus.

Nothing here queries the database: templates get computed values from their views.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g, has_request_context, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from lms.assets import _remembered_urls, asset_url, page_assets, static_url
from lms.core.nip import format_nip
from lms.plugins.pages import MenuItem
from lms.plugins.slots import UnknownSlotError, check_slot
from lms.rendering import csrf_token, render_fragment, request_helpers
from lms.web import formatting, ui

__all__ = ["csrf_token", "init_templating", "render_fragment", "slot", "static_url"]


def slot(name: str, **context: Any) -> Markup:
    try:
        check_slot(name)
    except UnknownSlotError:
        settings = current_app.extensions["lms.settings"]
        if settings.is_testing or settings.is_development:
            raise
        current_app.logger.error("template asked for unknown slot %r", name)
        return Markup("")
    host = current_app.extensions["lms.host"]
    if not host.hook.lms_template_slot.get_hookimpls():  # no plugin fills slots: every page has four
        return Markup("")
    parts = [p for result in host.hook.lms_template_slot(name=name, context=context) if result
             for p in result]
    # SlotContent.html is declared safe HTML by the plugin contract
    return Markup("").join(Markup(p.html) for p in sorted(parts, key=lambda p: p.weight))  # noqa: S704


def activity_label(type_name: str) -> str:
    """What an item's type is called on pages (``Materi``, ``Kuis``, a plugin's own word): the
    activity type's ``label()``; a type whose plugin is disabled is just "Kegiatan"."""
    activity = current_app.extensions["lms.host"].activities.get(type_name)
    return activity.label() if activity is not None else _("Kegiatan")


def activity_statistics(type_name: str) -> bool:
    """Whether items of this type have a "Statistik soal" page (``ActivityType.statistics``)."""
    return current_app.extensions["lms.host"].activities.has_statistics(type_name)


def menu_items() -> list[MenuItem]:
    if "lms_menu" not in g:
        items: list[MenuItem] = []
        if current_user.is_authenticated:
            host = current_app.extensions["lms.host"]
            for result in host.hook.lms_menu_items(user=current_user._get_current_object()):
                items.extend(result or [])
        g.lms_menu = sorted(items)
    return g.lms_menu


URL_CACHE_SIZE = 4096


def template_url_for(endpoint: str, **values: Any) -> str:
    """``url_for`` for templates, remembering what it built: a URL depends only on the endpoint,
    its values and the mount point, and building one walks the URL map (a lesson page has about
    twenty). Only plain values (text and whole numbers) are remembered, at most
    ``URL_CACHE_SIZE`` URLs per process (then the store starts over); relative endpoints,
    ``_external``/``_anchor``-style options, and apps with URL-default functions always go
    through ``url_for``."""
    if endpoint.startswith(".") or current_app.url_default_functions or not has_request_context() \
            or not all(type(v) in (str, int) and not k.startswith("_") for k, v in values.items()):
        return url_for(endpoint, **values)
    known = _remembered_urls()
    key = ("endpoint", request.script_root, endpoint, *sorted(values.items()))
    url = known.get(key)
    if url is None:
        if len(known) >= URL_CACHE_SIZE:
            known.clear()
        url = known[key] = url_for(endpoint, **values)
    return url


NAV_CACHE_SIZE = 2048


@pass_context
def nav_links(context: Context, part: str = "tabs") -> Markup:
    """A part of the main navigation for this page (``_nav_links.html``): ``tabs`` (the main
    places and the notifications bell) or ``more`` (the "Lainnya" menu's links).

    They are a tenth of a lesson page's work and depend on a handful of values, so the HTML is
    kept per combination of them: the part, locale, mount point, roles, the plugins' menu items
    for this user, the page's endpoint and blueprint, and the unread count the nav shows. The
    template reads nothing else. At most ``NAV_CACHE_SIZE`` combinations are kept per process
    (then the store starts over); in debug mode nothing is kept, so template edits show at once."""
    menu = menu_items()
    unread = context.get("unread_notifications") or 0

    def render() -> Markup:
        template = context.environment.get_template("_nav_links.html")
        return Markup(template.render({**context.get_all(), "nav_menu": menu, "part": part}))  # noqa: S704 - escaped template

    if current_app.debug:
        return render()
    key = (part, context["current_locale"](), request.script_root, current_user.roles,
           tuple((m.weight, str(m.label), m.endpoint, m.icon, repr(sorted(m.values.items()))) for m in menu),
           request.endpoint, request.blueprint, min(unread, 100))
    store = current_app.extensions.setdefault("lms.nav_links", {})
    html = store.get(key)
    if html is None:
        if len(store) >= NAV_CACHE_SIZE:
            store.clear()
        html = store[key] = render()
    return html


def init_templating(app: Flask) -> None:
    app.jinja_env.globals.update(
        static_url=static_url, slot=slot, url_for=template_url_for, csrf_token=csrf_token, nav_links=nav_links,
        current_locale=lambda: str(get_locale() or "id"), icon=ui.icon, ring=ui.ring, cover_art=ui.cover_art,
        page_stylesheets=ui.page_stylesheets, activity_label=activity_label,
        activity_statistics=activity_statistics, asset_url=asset_url,
        page_assets=page_assets,
    )
    app.context_processor(request_helpers)  # after Flask-WTF's: ours win
    # the one formatter of numbers and dates (lms.web.formatting)
    app.jinja_env.filters.update(
        nip=format_nip, date=formatting.format_date, datetime=formatting.format_datetime,
        jp=formatting.format_jp, number=formatting.format_number, percent=formatting.format_percent,
        score=formatting.format_score, end_sentence=formatting.end_sentence, day_month=formatting.format_day_month,
    )
    app.jinja_env.autoescape = True
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
