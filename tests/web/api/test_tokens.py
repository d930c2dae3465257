"""API tokens expire (default one year), say so when made and in the list, and making one on the
web asks for the password again (issue #13, Security 1)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.core.models import ApiToken
from lms.core.models.base import utcnow
from lms.core.services import tokens
from lms.testing.factories import DEFAULT_PASSWORD
from lms.testing.helpers import submit


def _shown_token(html: str) -> str:
    return html.split('<code class="token">')[1].split("</code>")[0]


def test_making_a_token_asks_for_the_password_again(client, db, make_user, login_as) -> None:
    user = login_as(make_user())
    missing = submit(client, "/me", {"name": "laporan", "lifetime": "365"}, action="/me/tokens")
    wrong = submit(client, "/me", {"name": "laporan", "lifetime": "365", "password": "tebakan"}, action="/me/tokens")
    assert missing.status_code == 422
    assert wrong.status_code == 200  # like a wrong sign-in: the request commits, so the guess is counted
    for response in (missing, wrong):
        assert '<code class="token">' not in response.text
    assert "Kata sandi salah" in wrong.text
    assert db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id)) is None
    made = submit(client, "/me", {"name": "laporan", "lifetime": "365", "password": DEFAULT_PASSWORD},
                  action="/me/tokens")
    assert made.status_code == 200 and _shown_token(made.text).startswith("sinau_")


@pytest.mark.parametrize(("lang", "fragment"), [("id", "berlaku sampai"), ("en", "valid until")])
def test_a_new_token_expires_in_a_year_and_says_when(client, db, make_user, login_as, lang, fragment) -> None:
    from flask_babel import format_date

    user = login_as(make_user())
    client.get(f"/me?lang={lang}")
    made = submit(client, "/me", {"name": "laporan", "lifetime": "365", "password": DEFAULT_PASSWORD},
                  action="/me/tokens")
    row = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    assert timedelta(days=364) < row.expires_at - row.created_at <= timedelta(days=366)
    from flask import current_app

    with current_app.test_request_context(f"/?lang={lang}"):
        shown, listed = format_date(row.expires_at, "long"), format_date(row.expires_at, "medium")
    assert fragment in made.text and shown in made.text
    assert listed in client.get("/me").text  # and in the list afterwards


def test_a_shorter_lifetime_can_be_chosen(client, db, make_user, login_as) -> None:
    user = login_as(make_user())
    submit(client, "/me", {"name": "uji coba", "lifetime": "30", "password": DEFAULT_PASSWORD}, action="/me/tokens")
    row = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    assert timedelta(days=29) < row.expires_at - row.created_at <= timedelta(days=31)
    refused = submit(client, "/me", {"name": "x", "lifetime": "99999", "password": DEFAULT_PASSWORD},
                     action="/me/tokens")
    assert refused.status_code == 422


def test_an_expired_token_is_a_401_that_says_so(client, db, make_user, error_of) -> None:
    row, clear = tokens.create_token(make_user(), "lama")
    headers = {"Authorization": f"Bearer {clear}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    row.expires_at = utcnow() - timedelta(minutes=1)
    db.session.flush()
    response = client.get("/api/v1/me", headers=headers)
    error_of(response, 401, "unauthorized")
    assert "kedaluwarsa" in response.get_json()["error"]["message"]
    english = client.get("/api/v1/me?lang=en", headers=headers)
    assert "expired" in english.get_json()["error"]["message"]


def test_an_expired_token_is_listed_as_expired(client, db, make_user, login_as) -> None:
    user = login_as(make_user())
    row, _clear = tokens.create_token(user, "lama")
    row.expires_at = utcnow() - timedelta(days=1)
    db.session.flush()
    assert "kedaluwarsa" in client.get("/me").text


def test_lms_tokens_create_prints_the_expiry(runner, db, make_user) -> None:
    user = make_user()
    result = runner.invoke(args=["tokens", "create", user.nip, "--name", "integrasi", "--days", "90"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("sinau_")
    row = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    assert timedelta(days=89) < row.expires_at - row.created_at <= timedelta(days=91)
    assert row.expires_at.strftime("%Y-%m-%d") in result.output
    bad = runner.invoke(args=["tokens", "create", user.nip, "--days", "0"])
    assert bad.exit_code != 0


def test_tokens_expiring_soon_are_listed_for_a_reminder_job(db, make_user) -> None:
    user = make_user()
    soon, _ = tokens.create_token(user, "segera", lifetime=timedelta(days=5))
    tokens.create_token(user, "lama", lifetime=timedelta(days=300))
    assert [t.id for t in tokens.expiring_within(timedelta(days=14))] == [soon.id]


def test_guessing_the_password_on_the_token_form_is_throttled(client, db, make_user, login_as) -> None:
    login_as(make_user())
    statuses = [submit(client, "/me", {"name": "x", "lifetime": "365", "password": f"tebakan-{n}"},
                       action="/me/tokens").status_code for n in range(11)]
    assert statuses == [200] * 10 + [429]
    # the right password is refused too until the wait is over: guessing gains nothing
    last = submit(client, "/me", {"name": "x", "lifetime": "365", "password": DEFAULT_PASSWORD}, action="/me/tokens")
    assert last.status_code == 429 and "Kembali ke Profil" in last.text
    assert db.session.scalar(select(ApiToken)) is None
