"""Single sign-on in a real browser: the sign-in page's button, the provider's own page (a real
OpenID Connect provider on 127.0.0.1), back on Belajar Saya; then signing out of both. The
sign-in page with the button is checked (axe, layout) on a phone and a desktop, in both
languages. Nothing leaves 127.0.0.1: the provider's page asks for a stylesheet on a CDN, and
the browser is not allowed to fetch it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from lms.testing.browser import axe_violations, describe, layout_problems
from lms.testing.factories import DEFAULT_PASSWORD, make_user
from lms.testing.oidc_provider import running_provider

MOCK_MODULES = ("oidc_provider_mock", "authlib.oidc.core.grants", "authlib.jose", "authlib.oauth2.rfc6749")
pytestmark = [pytest.mark.e2e,
              *(pytest.mark.filterwarnings(f"ignore::DeprecationWarning:{module}") for module in MOCK_MODULES)]
NIP = "197905122006042003"


@pytest.fixture(scope="module")
def sso_site(live_server: Any) -> Any:
    from lms.builtin.oidc import client, service
    from lms.builtin.oidc.models import OidcProvider
    from lms.extensions import db

    with running_provider() as idp:
        with live_server.data():
            make_user(nip=NIP, name="Rina Kartika")
            provider = service.save_provider(None, None, {
                "name": "ASN Digital", "label": "Masuk dengan ASN Digital", "issuer": idp.issuer,
                "client_id": "sinau", "nip_claim": "nip", "scopes": "openid profile", "allow_create": False,
                "enabled": True}, "rahasia-klien")
            provider_id = provider.id
            admin = make_user(roles=["admin"], name="Admin SSO")
            admin_nip = admin.nip
        idp.set_user("rina", {"nip": NIP, "name": "Rina Kartika"})
        idp.set_user("stranger", {"nip": "199002022015032002", "name": "Belum Terdaftar"})
        idp.admin_nip = admin_nip  # type: ignore[attr-defined]
        idp.provider_id = provider_id  # type: ignore[attr-defined]
        yield idp
        with live_server.data():  # other tests' sign-in page stays as it was
            db.session.delete(db.session.get(OidcProvider, provider_id))
        client.forget_cache()


def _local_only(page: Any) -> list[str]:
    """Requests to anything but 127.0.0.1 are refused (and listed)."""
    refused: list[str] = []

    def route(request_route: Any) -> None:
        if urlsplit(request_route.request.url).hostname == "127.0.0.1":
            request_route.continue_()
        else:
            refused.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    return refused


@pytest.mark.parametrize(("width", "height", "lang"), [(360, 740, "id"), (360, 740, "en"), (1280, 800, "id"),
                                                        (1280, 800, "en")])
def test_the_sign_in_page_with_the_sso_button(live_server, browser, sso_site, request, width, height, lang):
    phone = width < 500
    context = browser.new_context(viewport={"width": width, "height": height}, locale=f"{lang}-ID",
                                  is_mobile=phone, has_touch=phone, device_scale_factor=2 if phone else 1)
    page = context.new_page()
    _local_only(page)
    try:
        page.goto(f"{live_server.url}/login?lang={lang}")
        button = page.get_by_role("link", name="Masuk dengan ASN Digital")
        assert button.is_visible()
        box = button.bounding_box()
        assert box["height"] >= 44
        # the button comes before the password form, and above the fold on a phone
        assert box["y"] + box["height"] <= height
        assert box["y"] < page.locator("#login").bounding_box()["y"]
        divider = "atau dengan NIP dan kata sandi Sinau" if lang == "id" else "or with your NIP and Sinau password"
        assert page.get_by_text(divider).is_visible()
        assert layout_problems(page) == []
        violations = axe_violations(page)
        assert violations == [], describe(violations)
        shots = request.config.getoption("--screenshots")
        if shots:
            path = Path(shots) / "sso" / f"login-{width}-{lang}.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(path), full_page=True)
    finally:
        context.close()


def test_a_learner_signs_in_through_the_provider_and_out_of_both(live_server, phone, sso_site):
    refused = _local_only(phone)
    base = live_server.url
    phone.goto(f"{base}/login")
    phone.get_by_role("link", name="Masuk dengan ASN Digital").click()
    # the provider's own page
    phone.wait_for_url(re.compile(re.escape(sso_site.issuer) + r"/oauth2/authorize\?.*"))
    phone.locator("input[name=sub]").fill("rina")
    phone.get_by_role("button", name="Authorize").click()
    phone.wait_for_url(f"{base}/")
    assert phone.get_by_role("heading", name="Belajar Saya").is_visible()
    assert phone.get_by_text("Rina Kartika").first.is_visible() or "Rina" in phone.content()

    # signing out of Sinau also goes to the provider's end-session page, then back to sign-in
    phone.get_by_text("Lainnya").click()
    phone.get_by_role("button", name="Keluar").click()
    phone.wait_for_url(re.compile(re.escape(sso_site.issuer) + r"/oauth2/end_session\?.*"))
    assert "id_token_hint" in phone.url
    phone.get_by_role("button", name="End session").click()
    phone.wait_for_url(f"{base}/login")
    assert phone.get_by_role("heading", name="Masuk ke Sinau").is_visible()
    phone.goto(f"{base}/")
    assert urlsplit(phone.url).path == "/login"  # signed out for real
    assert all("127.0.0.1" not in url for url in refused)  # only the provider's CDN stylesheet was refused


def _shoot(page: Any, request: Any, name: str) -> None:
    shots = request.config.getoption("--screenshots")
    if shots:
        path = Path(shots) / "sso" / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=True)


def _check(page: Any) -> None:
    assert layout_problems(page) == []
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_an_unknown_nip_reads_clearly_on_a_phone(live_server, phone, sso_site, request):
    _local_only(phone)
    phone.goto(f"{live_server.url}/login")
    phone.get_by_role("link", name="Masuk dengan ASN Digital").click()
    phone.wait_for_url(re.compile(re.escape(sso_site.issuer) + r"/oauth2/authorize\?.*"))
    phone.locator("input[name=sub]").fill("stranger")
    phone.get_by_role("button", name="Authorize").click()
    phone.wait_for_url(re.compile(re.escape(live_server.url) + r"/sso/\d+/callback\?.*"))
    assert phone.get_by_role("heading", name="NIP belum terdaftar di Sinau").is_visible()
    assert phone.get_by_text("19900202 201503 2 002", exact=False).is_visible()
    assert phone.get_by_role("link", name="Kembali ke halaman masuk").is_visible()
    _check(phone)
    _shoot(phone, request, "unknown-nip-360-id")


def test_the_admin_pages_on_a_phone(live_server, phone, sso_site, request):
    _local_only(phone)
    base = live_server.url
    phone.goto(f"{base}/login")
    phone.locator("#login").fill(sso_site.admin_nip)
    phone.locator("#password").fill(DEFAULT_PASSWORD)
    phone.locator("form button[type=submit]").click()
    phone.wait_for_url(f"{base}/")
    phone.goto(f"{base}/admin/sso")
    assert phone.get_by_role("heading", name="Masuk dengan akun instansi (SSO)").is_visible()
    assert phone.get_by_role("link", name="ASN Digital").is_visible()
    _check(phone)
    _shoot(phone, request, "admin-index-360-id")
    phone.goto(f"{base}/admin/sso/{sso_site.provider_id}")
    assert phone.get_by_text(f"{base}/sso/{sso_site.provider_id}/callback").is_visible()
    _check(phone)
    _shoot(phone, request, "admin-form-360-id")
