"""Sessions end on the server: a copied cookie is worth nothing after sign-out or a password
change, and signing in starts a new session (issue #13, Security 1)."""

from __future__ import annotations

from lms.core.models import ApiToken, User
from lms.core.services.tokens import create_token
from lms.extensions import db as _db
from lms.testing.factories import DEFAULT_PASSWORD
from lms.testing.helpers import csrf_from, submit


def _sign_in(client, user, remember: bool = False):
    data = {"login": user.nip, "password": DEFAULT_PASSWORD}
    if remember:
        data["remember"] = "y"
    response = submit(client, "/login", data)
    assert response.status_code == 302, response.text
    return response


def _cookie(client, name: str) -> str:
    cookie = client.get_cookie(name)
    assert cookie is not None, f"no {name} cookie"
    return cookie.value


def _thief(app, **cookies: str):
    """Another browser holding copies of the victim's cookies."""
    other = app.test_client()
    for name, value in cookies.items():
        other.set_cookie(name, value)
    return other


def test_a_copied_session_cookie_is_dead_after_sign_out(app, client, make_user) -> None:
    _sign_in(client, make_user())
    copied = _cookie(client, "sinau_session")
    assert _thief(app, sinau_session=copied).get("/").status_code == 200  # the copy works while signed in
    submit(client, "/", {}, action="/logout")
    assert client.get("/").status_code == 302
    assert _thief(app, sinau_session=copied).get("/").status_code == 302


def test_a_copied_remember_cookie_is_dead_after_sign_out(app, client, make_user) -> None:
    _sign_in(client, make_user(), remember=True)
    copied = _cookie(client, "sinau_remember")
    assert _thief(app, sinau_remember=copied).get("/").status_code == 200  # restores a session by itself
    submit(client, "/", {}, action="/logout")
    assert _thief(app, sinau_remember=copied).get("/").status_code == 302


def test_a_copied_remember_cookie_is_dead_after_a_password_change(app, client, make_user) -> None:
    _sign_in(client, make_user(), remember=True)
    copied = {"sinau_remember": _cookie(client, "sinau_remember"), "sinau_session": _cookie(client, "sinau_session")}
    response = submit(client, "/me/password", {"current": DEFAULT_PASSWORD, "new": "kebun-teh-berkabut-7",
                                               "confirm": "kebun-teh-berkabut-7"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # the device that changed it stays signed in
    assert _thief(app, **copied).get("/").status_code == 302


def test_sign_out_ends_the_accounts_other_sessions_too(app, client, make_user) -> None:
    user = make_user()
    phone = app.test_client()
    _sign_in(phone, user, remember=True)
    _sign_in(client, user)
    submit(client, "/", {}, action="/logout")
    assert phone.get("/").status_code == 302


def test_signing_in_starts_a_new_session_with_a_new_form_token(client, make_user) -> None:
    user = make_user()
    page = client.get("/login?lang=en")
    before = csrf_from(page.text)
    response = client.post("/login", data={"csrf_token": before, "login": user.nip, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    after = csrf_from(client.get("/me").text)
    assert after != before
    # the token an attacker might have planted before sign-in no longer passes
    refused = client.post("/me/tokens", data={"csrf_token": before, "name": "x", "password": DEFAULT_PASSWORD})
    assert refused.status_code == 400
    assert "Profile" in client.get("/me").text  # the chosen language survives the new session


def test_an_admin_password_reset_ends_sessions_and_revokes_api_tokens(app, client, db, make_user, login_as) -> None:
    from lms.core.models import Role

    staff = make_user(name="Lupa Sandi")
    _row, clear = create_token(staff, "skrip")
    headers = {"Authorization": f"Bearer {clear}"}
    device = app.test_client()
    _sign_in(device, staff, remember=True)
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    login_as(make_user(roles=[Role.ADMIN]))
    done = submit(client, f"/admin/users/{staff.id}", {"password": "jembatan-merah-sore-4"},
                  action=f"/admin/users/{staff.id}/password")
    assert done.status_code == 302
    assert device.get("/").status_code == 302
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    _db.session.expire_all()
    assert all(t.revoked_at is not None for t in _db.session.query(ApiToken).filter_by(user_id=staff.id))


def test_lms_users_set_password_revokes_api_tokens(runner, db, make_user) -> None:
    from lms.core.services.tokens import resolve_token

    staff = make_user()
    _row, clear = create_token(staff, "skrip")
    result = runner.invoke(args=["users", "set-password", staff.nip, "--password-stdin"],
                           input="jembatan-merah-sore-4\n")
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert resolve_token(clear) is None
    assert db.session.get(User, staff.id).session_version > 1
