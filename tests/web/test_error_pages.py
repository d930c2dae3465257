"""Error pages offer a way on that works for whoever reads them, in both languages; the
rate limit's page says how long to wait."""

import pytest


@pytest.mark.parametrize(("lang", "title", "sign_in"), [("id", "Halaman tidak ditemukan", "Ke halaman masuk"),
                                                        ("en", "Page not found", "Go to the sign-in page")])
def test_a_signed_out_visitor_is_offered_the_sign_in_page(client, db, lang, title, sign_in) -> None:
    page = client.get(f"/tidak-ada?lang={lang}")
    assert page.status_code == 404
    assert title in page.text and sign_in in page.text and 'href="/login"' in page.text


def test_a_signed_in_reader_is_offered_belajar_saya(client, db, make_user, login_as) -> None:
    login_as(make_user())
    page = client.get("/tidak-ada")
    assert page.status_code == 404 and "Kembali ke Belajar Saya" in page.text and 'href="/"' in page.text
    page = client.get("/admin/")  # 403 for a learner: the same way on
    assert page.status_code == 403 and "Kembali ke Belajar Saya" in page.text


def test_a_server_error_offers_the_sign_in_page_to_a_visitor(app, db, monkeypatch) -> None:
    def broken() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("lms.web.accounts.views.LoginForm", broken)
    monkeypatch.setitem(app.config, "LMS_RAISE_ERRORS", False)
    page = app.test_client().get("/login?lang=en")
    assert page.status_code == 500
    assert "Go to the sign-in page" in page.text and 'href="/login"' in page.text and "boom" not in page.text


@pytest.mark.parametrize(("lang", "wait", "sign_in"), [("id", "1 menit", "Ke halaman masuk"),
                                                       ("en", "1 minute", "Go to the sign-in page")])
def test_the_rate_limit_page_says_how_long_to_wait(client, db, lang, wait, sign_in) -> None:
    statuses = [client.get(f"/verify/{'C' * 24}?lang={lang}") for _ in range(31)]
    limited = statuses[30]
    assert limited.status_code == 429
    assert 0 < int(limited.headers["Retry-After"]) <= 60
    assert wait in limited.text and sign_in in limited.text and 'href="/login"' in limited.text
