"""The design system's template helpers: icons from the sprite, progress rings, and which
stylesheets a page loads. Shown with examples at ``/_styleguide`` (development).

They return small, escaped markup and read no database, so any template (core or plugin,
page or fragment) can call them: ``{{ icon('book') }}``, ``{{ ring(40, _('Progres')) }}``.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from flask import current_app, request
from markupsafe import Markup

#: Every symbol of ``static/img/icons.svg`` (a test keeps the two in step).
ICONS = frozenset({
    "book", "grid", "history", "user", "users", "menu", "bell", "logout", "check", "x", "chevron-right",
    "chevron-left", "chevron-down", "arrow-right", "clock", "calendar", "award", "download", "share", "alert",
    "info", "search", "target", "globe", "chart", "edit", "shield", "file", "lock", "play", "expand", "compass",
    "flag", "refresh", "plus", "list", "link", "star", "settings",
})

#: Each area's stylesheet (``static/css/<area>.css``, after ``base.css``), by the blueprints whose
#: pages belong to the area. A survey answered with errors is shown again on the item page.
AREA_STYLESHEETS = {
    "learner": "css/learning.css", "survey": "css/learning.css", "records": "css/records.css",
    "competencies": "css/competencies.css", "team": "css/team.css", "notifications": "css/team.css",
    "author": "css/authoring.css", "admin": "css/admin.css",
}
#: The admin area is every page under /admin, core's and plugins' alike (the certificate
#: plugin's /admin/certificates, the sign-in plugin's /admin/sso).
ADMIN_PATH = "/admin"


class UnknownIconError(KeyError):
    pass


def icon(name: str, label: str | None = None, cls: str = "") -> Markup:
    """An icon of the sprite. Decorative (hidden from screen readers) unless ``label`` is
    given, which then is its accessible name. An unknown name is an error in development and
    tests, and an empty string (logged) in production."""
    from lms.web.templating import static_url

    if name not in ICONS:
        settings = current_app.extensions["lms.settings"]
        if settings.is_testing or settings.is_development:
            raise UnknownIconError(f"unknown icon {name!r}; known: {', '.join(sorted(ICONS))}")
        current_app.logger.error("template asked for unknown icon %r", name)
        return Markup("")
    href = f"{static_url('img/icons.svg')}#i-{name}"
    if current_app.debug:
        return _icon_markup(name, label, cls, href)
    return _remembered_icon(name, (label if isinstance(label, str) else str(label)) if label else None, cls, href)


@lru_cache(maxsize=1024)
def _remembered_icon(name: str, label: str | None, cls: str, href: str) -> Markup:
    """A page shows the same few icons on every request; building their escaped markup was
    a fortieth of a lesson page. Keyed by everything the markup is made of (the sprite's URL
    carries its content hash), so a cached icon is always the one that would be built."""
    return _icon_markup(name, label, cls, href)


def _icon_markup(name: str, label: str | None, cls: str, href: str) -> Markup:
    classes = f"icon {cls}".strip()
    if label:
        return Markup('<svg class="{}" role="img" aria-label="{}"><use href="{}"></use></svg>').format(
            classes, label, href)
    return Markup('<svg class="{}" aria-hidden="true" focusable="false"><use href="{}"></use></svg>').format(
        classes, href)


def ring(percent: float | int | None, label: str | None = None, size: str = "") -> Markup:
    """A progress ring (0-100) with the percentage in the middle. ``label`` is what a screen
    reader hears (for example "Progres: 40 %"); by default the percentage alone. The arc is
    an SVG attribute, not an inline style (the Content-Security-Policy allows none)."""
    from lms.web.formatting import format_percent

    value = max(0.0, min(100.0, float(percent or 0)))
    text = format_percent(value)
    classes = " ".join(c for c in ("ring", size, "zero" if value == 0 else "") if c)
    return Markup(
        '<span class="{}" role="img" aria-label="{}"><svg viewBox="0 0 36 36" aria-hidden="true" focusable="false">'
        '<circle class="ring-track" cx="18" cy="18" r="15.9155"></circle>'
        '<circle class="ring-value" cx="18" cy="18" r="15.9155" stroke-dasharray="{} 100"></circle></svg>'
        '<span class="ring-text" aria-hidden="true">{}</span></span>'
    ).format(classes, label or text, f"{value:.1f}", text)


def page_stylesheets() -> list[str]:
    """The stylesheets of this page after ``base.css``: its area's own (``AREA_STYLESHEETS``),
    none for pages made of shared components only (sign-in, jobs, errors outside an area). An
    activity's or plugin's own files come from the plugin (``lms.assets``). The design system's
    page shows every area's components, so it loads every area's file."""
    blueprint = request.blueprint or ""
    if blueprint == "styleguide":
        return list(dict.fromkeys(AREA_STYLESHEETS.values()))
    if request.path == ADMIN_PATH or request.path.startswith(ADMIN_PATH + "/"):
        blueprint = "admin"
    sheet = AREA_STYLESHEETS.get(blueprint)
    return [sheet] if sheet else []


#: Background and shape colours of generated covers (white text on each is AA large text).
_COVER_PALETTE = (("#0b5c8e", "#5fa3d3"), ("#1d6b35", "#62b07e"), ("#8a4b00", "#d08a3c"),
                  ("#5b3c88", "#9b7dc8"), ("#9b1c31", "#d9677a"), ("#0f6466", "#4fb0b2"))


def cover_art(title: str) -> Markup:
    """A cover for a course without an image: a pattern of circles and the title's initials,
    always the same for the same title (derived from its hash), so a card is recognisable."""
    digest = hashlib.sha256((title or "").encode("utf-8")).digest()
    background, shape = _COVER_PALETTE[digest[0] % len(_COVER_PALETTE)]
    circles = Markup("").join(
        Markup('<circle cx="{}" cy="{}" r="{}" fill="{}" fill-opacity="{}"></circle>').format(
            round(digest[1 + i] / 255 * 160), round(digest[7 + i] / 255 * 70), 10 + digest[13 + i] % 30, shape,
            f"{0.25 + (digest[19 + i] % 45) / 100:.2f}")
        for i in range(6))
    words = [w for w in (title or "").split() if w[:1].isalnum()]
    initials = "".join(w[0] for w in words[:2]).upper()
    return Markup(
        '<svg class="cover" viewBox="0 0 160 70" preserveAspectRatio="xMidYMid slice" aria-hidden="true" '
        'focusable="false"><rect width="160" height="70" fill="{}"></rect>{}'
        '<text x="12" y="58" font-size="30" font-weight="800" fill="#fff" '
        'font-family="system-ui, sans-serif">{}</text></svg>').format(background, circles, initials)
