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
