"""A learner signs in on a phone in Indonesian and in English; the shell is accessible."""

import pytest

from lms.testing.browser import axe_violations, describe, layout_problems
from lms.testing.factories import DEFAULT_PASSWORD, make_user

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def learner(live_server):
    with live_server.data():
        user = make_user(name="Siti Rahmawati", nip="199002142015032004")
        return user.nip


def sign_in(page, base: str, nip: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("NIP atau e-mail").fill("19900214 201503 2 004" if nip == "199002142015032004" else nip)
    page.get_by_label("Kata sandi").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def test_learner_signs_in_on_a_phone_in_indonesian(live_server, phone, learner) -> None:
    page = phone
    page.goto(f"{live_server.url}/login")
    assert page.locator("html").get_attribute("lang") == "id"
    assert axe_violations(page) == [], describe(axe_violations(page))
    assert layout_problems(page) == []
    sign_in(page, live_server.url, learner)
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Belajar Saya").is_visible()
    assert "Siti Rahmawati" in page.content()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    assert layout_problems(page) == []


def test_learner_switches_to_english_and_it_stays(live_server, phone, learner) -> None:
    page = phone
    sign_in(page, live_server.url, learner)
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/?lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="My Learning").is_visible()
    page.get_by_role("link", name="Profile", exact=True).click()
    assert page.get_by_role("heading", name="Profile").is_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_error_page_in_both_languages(live_server, phone) -> None:
    page = phone
    response = page.goto(f"{live_server.url}/tidak-ada")
    assert response.status == 404
    assert page.get_by_role("heading", name="Halaman tidak ditemukan").is_visible()
    page.goto(f"{live_server.url}/tidak-ada?lang=en")
    assert page.get_by_role("heading", name="Page not found").is_visible()
    assert axe_violations(page) == []


# --------------------------------------------------------------------------- the shell (issue 12, item 1)


@pytest.fixture(scope="module")
def supervisor(live_server):
    from lms.core.models import Role

    with live_server.data():
        return make_user(name="Hendra Wijaya", nip="197604202000031001", roles=[Role.SUPERVISOR]).nip


def _box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_phone_shell_top_bar_tabs_and_sign_out_in_two_taps(live_server, browser, supervisor, javascript) -> None:
    from lms.testing.browser import PHONE

    context = browser.new_context(**PHONE, locale="id-ID", java_script_enabled=javascript)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/login")
        page.locator("#login").fill(supervisor)
        page.locator("#password").fill(DEFAULT_PASSWORD)
        page.locator("form button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/")
        assert _box(page, ".topbar")["height"] <= 56
        tabs = page.locator(".tabs a")
        assert tabs.count() == 5  # Belajar, Katalog, Riwayat, Profil, Tim
        assert [t.inner_text().strip() for t in tabs.all()] == ["Belajar", "Katalog", "Riwayat", "Profil", "Tim"]
        for tab in tabs.all():
            box = tab.bounding_box()
            assert box["height"] >= 44 and box["width"] >= 44
            assert box["y"] + box["height"] == pytest.approx(740, abs=1)  # at the bottom of the screen
        assert layout_problems(page) == []
        # "Lainnya" (a <details>) then "Keluar": two taps, JavaScript or not
        page.get_by_text("Lainnya").click()
        assert page.get_by_role("link", name="Profil kompetensi").is_visible()
        page.get_by_role("button", name="Keluar").click()
        page.wait_for_url(f"{live_server.url}/login")
        assert page.get_by_role("heading", name="Masuk ke Sinau").is_visible()
    finally:
        context.close()


def test_desktop_shell_is_a_normal_header(live_server, browser, supervisor) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="id-ID")
    page = context.new_page()
    try:
        sign_in(page, live_server.url, supervisor)
        page.wait_for_url(f"{live_server.url}/")
        header = _box(page, ".topbar")
        assert header["height"] <= 64
        tab = page.get_by_role("link", name="Tim Saya")
        assert tab.is_visible() and tab.bounding_box()["y"] < header["height"]
        assert page.get_by_role("link", name="Belajar Saya").is_visible()
        assert layout_problems(page) == []
        violations = axe_violations(page)
        assert violations == [], describe(violations)
        page.get_by_text("Lainnya").click()
        violations = axe_violations(page)  # the open menu too
        assert violations == [], describe(violations)
    finally:
        context.close()


@pytest.mark.parametrize("size", [(360, 740), (1280, 800)])
def test_the_styleguide_is_accessible_and_fits(live_server, browser, size) -> None:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="id-ID")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/_styleguide")
        assert page.get_by_role("heading", name="Sinau design system").is_visible()
        violations = axe_violations(page)
        assert violations == [], describe(violations)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
    finally:
        context.close()


@pytest.fixture(scope="module")
def course_admin(live_server):
    from lms.core.models import Role
    from lms.testing.factories import make_course

    with live_server.data():
        make_course("kursus-tab", title="Kursus Tab")
        return make_user(name="Admin Tab", roles=[Role.ADMIN]).nip


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_courses_four_author_tabs_share_one_row_on_a_phone(live_server, phone, course_admin, lang) -> None:
    page = phone
    sign_in(page, live_server.url, course_admin)
    page.wait_for_url("**/")
    page.goto(f"{live_server.url}/author/kursus-tab/results?lang={lang}")
    tops = {round(box["y"]) for box in (a.bounding_box() for a in page.locator(".author-tabs a").all())}
    assert page.locator(".author-tabs a").count() == 4 and len(tops) == 1, tops
    assert layout_problems(page) == []
