"""The pages a signed-out visitor meets when something is wrong (an unknown address, an unknown
certificate) read well on a phone and a desktop, in both languages, and offer the sign-in page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lms.testing.browser import axe_violations, describe, page_problems

pytestmark = pytest.mark.e2e

PAGES = {"/halaman-yang-tidak-ada": 404, "/verify/" + "Z" * 24: 404}


@pytest.mark.parametrize(("width", "height", "lang"), [(360, 740, "id"), (360, 740, "en"),
                                                        (1280, 800, "id"), (1280, 800, "en")])
def test_error_pages_read_well_and_lead_to_sign_in(live_server, browser, request, width, height, lang) -> None:
    phone = width < 500
    context = browser.new_context(viewport={"width": width, "height": height}, locale=f"{lang}-ID",
                                  is_mobile=phone, has_touch=phone)
    page = context.new_page()
    shots = request.config.getoption("--screenshots")
    try:
        for url, status in PAGES.items():
            response = page.goto(f"{live_server.url}{url}?lang={lang}")
            assert response is not None and response.status == status
            assert page_problems(page, phone=phone) == [], url
            violations = axe_violations(page)
            assert not violations, describe(violations)
            sign_in = page.locator("main a[href='/login']")
            assert sign_in.count() == 1 and sign_in.is_visible()
            if shots:
                name = re.sub(r"[^a-z0-9]+", "-", url.lower()).strip("-")
                path = Path(shots) / "errors" / f"{name}-{width}-{lang}.png"
                path.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(path), full_page=True)
    finally:
        context.close()
