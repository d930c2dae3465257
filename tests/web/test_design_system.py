"""The design system: tokens with AA contrast, the icon sprite, rings, the shell's navigation,
the stylesheets each page loads, the styleguide (development only) and the one formatter."""

import re
from datetime import date
from pathlib import Path

import pytest
from flask_babel import force_locale

from lms import paths
from lms.core.models import Role
from lms.testing.helpers import csrf_from
from lms.web import formatting, ui
from lms.web.styleguide import colour_tokens

CSS = Path(paths.STATIC) / "css"


def _luminance(hex_colour: str) -> float:
    hex_colour = hex_colour.lstrip("#")
    if len(hex_colour) == 3:
        hex_colour = "".join(c * 2 for c in hex_colour)
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_helper_knows_the_extremes() -> None:
    assert round(contrast("#000", "#fff"), 1) == 21.0
    assert contrast("#777", "#fff") < 4.5 < contrast("#767676", "#fff") + 0.1


def test_colour_tokens_meet_wcag_aa(app) -> None:
    with app.test_request_context():
        tokens = {name: value for name, value, _note in colour_tokens()}
    for text in ("--fg", "--muted", "--brand", "--brand-dark", "--ok", "--warn", "--bad", "--info"):
        for ground in ("--card", "--bg"):
            assert contrast(tokens[text], tokens[ground]) >= 4.5, (text, ground)
    for text, ground in (("--ok", "--ok-soft"), ("--warn", "--warn-soft"), ("--bad", "--bad-soft"),
                         ("--info", "--info-soft"), ("--brand-dark", "--brand-soft")):
        assert contrast(tokens[text], tokens[ground]) >= 4.5, (text, ground)  # badges and notices
    assert contrast("#ffffff", tokens["--brand"]) >= 4.5  # primary buttons, the top bar
    assert contrast("#ffffff", tokens["--brand-dark"]) >= 4.5
    assert contrast(tokens["--line-strong"], tokens["--card"]) >= 3  # control borders (WCAG 1.4.11)


def test_every_icon_is_in_the_sprite_and_nothing_else() -> None:
    sprite = (Path(paths.STATIC) / "img" / "icons.svg").read_text()
    assert set(re.findall(r'<symbol id="i-([a-z-]+)"', sprite)) == set(ui.ICONS)


def test_icons_are_decorative_unless_named(app) -> None:
    with app.test_request_context():
        plain = str(ui.icon("book"))
        named = str(ui.icon("bell", "Pemberitahuan <3>"))
        with pytest.raises(ui.UnknownIconError):
            ui.icon("no-such-icon")
    assert 'aria-hidden="true"' in plain and re.search(r'href="/static/img/icons\.svg\?v=\w+#i-book"', plain)
    assert 'role="img" aria-label="Pemberitahuan &lt;3&gt;"' in named


def test_a_ring_draws_its_share_and_says_it(app) -> None:
    with app.test_request_context(), force_locale("id"):
        half = str(ui.ring(40, "Progres: 40 %"))
        over = str(ui.ring(140))
        none = str(ui.ring(None))
    assert 'stroke-dasharray="40.0 100"' in half and 'aria-label="Progres: 40 %"' in half
    assert 'stroke-dasharray="100.0 100"' in over and ">100\u00a0%<" in over
    assert "ring zero" in none and 'aria-label="0\u00a0%"' in none


def test_generated_covers_are_stable_per_title_and_escape_it(app) -> None:
    with app.test_request_context():
        first, again = str(ui.cover_art("Pelayanan Publik")), str(ui.cover_art("Pelayanan Publik"))
        other = str(ui.cover_art("Literasi Digital"))
        hostile = str(ui.cover_art("<script>x</script> & co"))
    assert first == again != other
    assert ">PP</text>" in first and 'aria-hidden="true"' in first
    assert "<script>" not in hostile


@pytest.mark.parametrize(("lang", "expected"), [
    ("id", ("2,5", "50\u00a0%", "66,67", "1.234.567", "3 Des 2026")),
    ("en", ("2.5", "50%", "66.67", "1,234,567", "Dec 3, 2026")),
])
def test_the_one_formatter_speaks_the_readers_language(app, lang, expected) -> None:
    with app.test_request_context(), force_locale(lang):
        got = (formatting.format_jp(2.5), formatting.format_percent(50), formatting.format_score(66.666),
               formatting.format_number(1234567), formatting.format_date(date(2026, 12, 3)))
    assert got == expected
    with app.test_request_context():
        assert formatting.format_jp(None) == formatting.format_percent(None) == formatting.format_date(None) == ""


# --------------------------------------------------------------------------- the shell


def _nav(page: str) -> str:
    return re.search(r'<nav class="main-nav".*?</nav>', page, re.S).group(0)


def test_the_main_places_are_tabs_and_the_rest_is_behind_lainnya(client, db, make_user, login_as) -> None:
    login_as(make_user())
    nav = _nav(client.get("/").text)
    tabs = re.search(r'<ul class="tabs">(.*?)</ul>', nav, re.S).group(1)
    assert re.findall(r'<a href="([^"]+)"', tabs) == ["/", "/courses", "/me/transcript", "/me"]
    more = re.search(r'<details class="more">(.*?)</details>', nav, re.S).group(1)
    assert "<summary" in more and "Lainnya" in more
    for place in ("/me/competencies", "/records", "/notifications"):
        assert f'href="{place}"' in more
    # sign-out is inside the menu (two taps: Lainnya, Keluar), a POST form with the CSRF token
    form = re.search(r'<form method="post" action="/logout">(.*?)</form>', more, re.S).group(1)
    assert 'name="csrf_token"' in form and "Keluar" in form


def test_supervisors_get_a_team_tab_and_admins_their_menu(client, db, make_user, login_as) -> None:
    login_as(make_user(roles=[Role.SUPERVISOR]))
    tabs = re.search(r'<ul class="tabs">(.*?)</ul>', client.get("/").text, re.S).group(1)
    assert 'href="/team"' in tabs and "Tim Saya" in tabs
    login_as(make_user(roles=[Role.ADMIN, Role.TRAINER]))
    more = re.search(r'<details class="more">(.*?)</details>', client.get("/").text, re.S).group(1)
    assert 'href="/admin/' in more and 'href="/author/' in more and 'href="/admin/certificates"' in more


def test_the_kept_navigation_never_carries_another_persons_token(app, client, db, make_user, login_as) -> None:
    def sign_out_token(page: str) -> str:
        return re.search(r'action="/logout">\s*<input type="hidden" name="csrf_token" value="([^"]+)"', page).group(1)

    login_as(make_user())
    first = client.get("/").text
    other = app.test_client()
    with other.session_transaction() as session:
        session["_user_id"] = make_user().get_id()
    second = other.get("/").text
    assert sign_out_token(first) == csrf_from(first)
    assert sign_out_token(second) == csrf_from(second) != sign_out_token(first)


def test_the_profile_tab_marks_its_section(client, db, make_user, login_as) -> None:
    login_as(make_user())
    tabs = re.search(r'<ul class="tabs">(.*?)</ul>', client.get("/me/competencies").text, re.S).group(1)
    assert re.search(r'href="/me" aria-current="true"', tabs)


def test_a_signed_out_visitor_gets_a_way_to_sign_in(client) -> None:
    page = client.get("/tidak-ada").text
    assert 'class="main-nav"' not in page and 'href="/login"' in page


def _sheets(client, url: str) -> list[str]:  # noqa: ANN001
    page = client.get(url, follow_redirects=True)
    assert page.status_code == 200, url
    return re.findall(r'<link rel="stylesheet" href="/static/(?:plugins/)?([^"?]+)', page.text)


def test_pages_load_base_and_the_stylesheet_of_their_area_only(client, db, make_user, login_as) -> None:
    login_as(make_user(roles=[Role.SUPERVISOR, Role.ADMIN, Role.TRAINER]))
    assert _sheets(client, "/") == ["css/base.css", "css/learning.css"]
    assert _sheets(client, "/team") == ["css/base.css", "css/team.css"]
    assert _sheets(client, "/notifications") == ["css/base.css", "css/team.css"]
    assert _sheets(client, "/records") == ["css/base.css", "css/records.css"]
    assert _sheets(client, "/me/competencies") == ["css/base.css", "css/competencies.css"]
    assert _sheets(client, "/author") == ["css/base.css", "css/authoring.css"]
    assert _sheets(client, "/admin") == ["css/base.css", "css/admin.css"]
    assert _sheets(client, "/admin/users") == ["css/base.css", "css/admin.css"]
    assert _sheets(client, "/admin/certificates") == ["css/base.css", "css/admin.css"]  # a plugin's admin page
    assert _sheets(client, "/admin/sso") == ["css/base.css", "css/admin.css"]  # another plugin's
    assert _sheets(client, "/me") == ["css/base.css"]  # the profile: shared components only


def test_static_css_is_base_and_one_file_per_area() -> None:
    areas = {sheet.removeprefix("css/") for sheet in ui.AREA_STYLESHEETS.values()}
    assert {p.name for p in CSS.glob("*.css")} == {"base.css", "styleguide.css", *areas}


def test_stylesheets_hold_no_unknown_tokens() -> None:
    """Every ``var(--x)`` used by a stylesheet is defined in base.css's tokens."""
    base = (CSS / "base.css").read_text()
    defined = set(re.findall(r"(--[a-z0-9-]+)\s*:", base))
    for sheet in CSS.glob("*.css"):
        used = set(re.findall(r"var\((--[a-z0-9-]+)", sheet.read_text()))
        assert used <= defined, (sheet.name, used - defined)


# --------------------------------------------------------------------------- styleguide


def test_the_styleguide_shows_every_component(client) -> None:
    page = client.get("/_styleguide")
    assert page.status_code == 200
    for piece in ("class=\"button primary", "class=\"badge", "class=\"card", "class=\"ring", "class=\"empty-state",
                  "table class=\"stack\"", "class=\"table-wrap\"", "choice-card", "#i-book", "--brand", "choice-reveal",
                  "data-picker", "sort-link", "class=\"hbar", "stat-value", "error_summary"):
        assert piece in page.text, piece


def test_the_styleguide_is_not_served_in_production(tmp_path) -> None:
    from lms.app import create_app

    app = create_app({"LMS_ENV": "production", "LMS_SECRET_KEY": "s" * 32, "LMS_INSTANCE_PATH": str(tmp_path),
                      "LMS_DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}"})
    assert "styleguide.index" not in app.view_functions
    assert app.test_client().get("/_styleguide").status_code == 404


def test_a_form_of_several_fieldsets_is_not_a_card_around_cards() -> None:
    """A fieldset is a card of its own; a card around several of them leaves a phone's inputs
    two borders and two paddings narrower (long values cut off)."""
    root = Path(paths.STATIC).parent
    nested = []
    for path in [*root.glob("templates/**/*.html"), *root.glob("lms/builtin/*/templates/**/*.html")]:
        for form in re.findall(r'<form[^>]*class="[^"]*\bcard\b[^"]*"[^>]*>(.*?)</form>', path.read_text(), re.S):
            if form.count('class="fieldset') > 1:
                nested.append(str(path.relative_to(root)))
    assert nested == []
