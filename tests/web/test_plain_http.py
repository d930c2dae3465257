"""A production site opened over plain http:// (issue #13, Rules 6): the browser drops the
HTTPS-only session cookie, so every sign-in fails its form check. The page says what is wrong
in plain words, the log names the fix; reloading (the old advice) could never help."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from lms.app import create_app
from lms.testing.helpers import csrf_from


@pytest.fixture
def production(tmp_path: Path):
    app = create_app({"LMS_ENV": "production", "LMS_SECRET_KEY": "s" * 32, "LMS_INSTANCE_PATH": str(tmp_path),
                      "LMS_DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}"})
    from lms.extensions import db

    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _browser_over_http(app):
    """Like a real browser on http://: a cookie marked Secure is never stored."""
    client = app.test_client()
    page = client.get("/login", base_url="http://sinau.example")
    assert "Secure" in page.headers["Set-Cookie"]
    client.delete_cookie("sinau_session", domain="sinau.example")
    return client, csrf_from(page.text)


@pytest.mark.parametrize(("lang", "visitor"), [("id", "https://"), ("en", "https://")])
def test_sign_in_over_plain_http_says_what_is_wrong(production, caplog, lang, visitor) -> None:
    client, token = _browser_over_http(production)
    with caplog.at_level(logging.WARNING):
        response = client.post(f"/login?lang={lang}", data={"csrf_token": token, "login": "x", "password": "y"},
                               base_url="http://sinau.example", headers={"Origin": "http://sinau.example"})
    assert response.status_code == 400
    text = response.text
    assert "Muat ulang halaman" not in text and "Reload the page" not in text
    assert visitor in text and "https://sinau.example/login" in text
    assert "LMS_" not in text  # settings are for the person who runs the server: in the log
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "LMS_SECURE_COOKIES" in logged and "HTTPS" in logged


def test_an_ordinary_expired_form_keeps_the_reload_advice(production) -> None:
    client = production.test_client()
    client.get("/login", base_url="https://sinau.example")
    response = client.post("/login", data={"csrf_token": "basi", "login": "x", "password": "y"},
                           base_url="https://sinau.example")
    assert response.status_code == 400 and "Muat ulang halaman" in response.text
