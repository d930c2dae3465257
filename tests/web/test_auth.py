import pytest

from lms.core.models import User
from lms.extensions import db as _db
from lms.testing.factories import DEFAULT_PASSWORD
from lms.testing.helpers import csrf_from, submit


def login(client, login: str, password: str = DEFAULT_PASSWORD, **extra):
    return submit(client, "/login", {"login": login, "password": password, **extra})


def test_sign_in_with_nip_typed_with_spaces(client, make_user) -> None:
    user = make_user(nip="196608011988031001")
    response = login(client, "19660801 198803 1 001")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert user.name in client.get("/").text


def test_sign_in_with_email_in_any_case(client, make_user) -> None:
    make_user(email="siti@kominfo.example")
    assert login(client, "Siti@Kominfo.Example").status_code == 302


@pytest.mark.parametrize("password", ["salah-sekali", ""])
def test_wrong_password_is_refused_without_saying_which_part(client, make_user, password) -> None:
    user = make_user()
    response = login(client, user.nip, password)
    assert response.status_code == 200
    assert client.get("/").status_code == 302  # still signed out
    if password:
        assert "NIP/e-mail atau kata sandi salah" in response.text


def test_unknown_and_inactive_accounts_cannot_sign_in(client, make_user) -> None:
    inactive = make_user(active=False)
    assert login(client, inactive.nip).status_code == 200
    assert login(client, "199001012015031999").status_code == 200
    assert client.get("/").status_code == 302


def test_sign_in_without_csrf_token_is_refused(client, make_user) -> None:
    user = make_user()
    response = client.post("/login", data={"login": user.nip, "password": DEFAULT_PASSWORD})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_next_parameter_cannot_redirect_elsewhere(client, make_user) -> None:
    user = make_user()
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        client.get("/login")
        page = client.get(f"/login?next={target}")
        response = client.post(f"/login?next={target}",
                               data={"csrf_token": csrf_from(page.text), "login": user.nip,
                                     "password": DEFAULT_PASSWORD})
        assert response.headers["Location"] == "/"
        submit(client, "/me", {}, action="/logout")
    page = client.get("/login?next=/me")
    response = client.post("/login?next=/me", data={"csrf_token": csrf_from(page.text),
                                                    "login": user.nip, "password": DEFAULT_PASSWORD})
    assert response.headers["Location"] == "/me"


def test_remember_me_sets_a_secure_long_lived_cookie(client, make_user) -> None:
    user = make_user()
    response = login(client, user.nip, remember="y")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("sinau_remember="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie


def test_sign_out_needs_a_post_with_csrf(client, make_user, login_as) -> None:
    login_as(make_user())
    assert client.get("/logout").status_code == 405
    client.post("/logout", data={})
    assert client.get("/").status_code == 200  # no token: still signed in
    submit(client, "/", {}, action="/logout")
    assert client.get("/").status_code == 302


def test_login_attempts_are_rate_limited(client, make_user) -> None:
    user = make_user()
    statuses = [login(client, user.nip, "salah-sekali").status_code for _ in range(11)]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429


def test_change_password_ends_other_sessions(app, client, make_user, login_as) -> None:
    user = make_user()
    other_device = app.test_client()
    login(other_device, user.nip)
    assert other_device.get("/").status_code == 200
    login_as(user)
    response = submit(client, "/me/password", {"current": DEFAULT_PASSWORD,
                                               "new": "kata-sandi-baru-1", "confirm": "kata-sandi-baru-1"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # this device stays signed in
    assert other_device.get("/").status_code == 302  # the other one is signed out
    _db.session.expire_all()
    assert login(app.test_client(), user.nip, "kata-sandi-baru-1").status_code == 302


def test_change_password_checks_current_and_length(client, make_user, login_as) -> None:
    login_as(make_user())
    response = submit(client, "/me/password", {"current": "salah", "new": "kata-sandi-baru-1",
                                               "confirm": "kata-sandi-baru-1"})
    assert "Kata sandi saat ini salah" in response.text
    response = submit(client, "/me/password", {"current": DEFAULT_PASSWORD, "new": "pendek",
                                               "confirm": "pendek"})
    assert response.status_code == 200 and "8" in response.text


def test_tokens_are_shown_once_and_stored_hashed(client, make_user, login_as) -> None:
    user = login_as(make_user())
    response = submit(client, "/me", {"name": "laporan", "lifetime": "365", "password": DEFAULT_PASSWORD},
                      action="/me/tokens")
    token = response.text.split('<code class="token">')[1].split("</code>")[0]
    assert token.startswith("sinau_")
    stored = _db.session.get(User, user.id)
    from lms.core.models import ApiToken

    row = _db.session.query(ApiToken).filter_by(user_id=stored.id).one()
    assert token not in row.token_hash
    assert token not in client.get("/me").text
