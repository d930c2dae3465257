"""Signing in through a real local OpenID Connect provider: the happy path, and every way the
answer can be untrustworthy (a forged state, a token for another application, an expired
token) or the person unknown (a NIP without an account)."""

from __future__ import annotations

import base64
import hashlib
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from lms.core.models import User
from lms.core.models.audit import AuditLog
from lms.testing.factories import DEFAULT_PASSWORD
from tests.builtin.oidc.conftest import CLIENT_ID, MOCK_MODULES, NIP
from tests.builtin.oidc.helpers import csrf_of

pytestmark = [pytest.mark.filterwarnings(f"ignore::DeprecationWarning:{module}") for module in MOCK_MODULES]


def _signed_in_as(client: Any) -> str | None:
    with client.session_transaction() as session:
        return session.get("_user_id")


def test_the_sign_in_page_shows_the_providers_button(client, provider):
    page = client.get("/login")
    assert page.status_code == 200
    assert "Masuk dengan ASN Digital" in page.text
    assert f'href="/sso/{provider.id}/start"' in page.text


def test_without_providers_the_sign_in_page_is_as_before(client, db):
    page = client.get("/login")
    assert "/sso/" not in page.text
    assert 'class="button wide primary"' in page.text


def test_a_known_nip_signs_in_and_lands_on_belajar_saya(client, db, make_user, sso, provider):
    user = make_user(nip=NIP, name="Sri Lestari")
    answer = sso()
    assert answer.status_code == 302
    assert urlsplit(answer.headers["Location"]).path == "/"
    assert _signed_in_as(client) is not None and _signed_in_as(client).startswith(f"{user.id}:")
    assert client.get("/").status_code == 200
    db.session.refresh(provider)
    assert provider.last_sign_in_at is not None
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "oidc.sign_in"))
    assert entry.actor_id == user.id and entry.after == {"provider": "ASN Digital", "created": False}


def test_the_next_page_is_kept_across_the_provider(client, make_user, sso):
    make_user(nip=NIP)
    answer = sso(next_url="/me/transcript")
    assert answer.headers["Location"].endswith("/me/transcript")


def test_another_site_as_next_page_is_ignored(client, make_user, sso):
    make_user(nip=NIP)
    answer = sso(next_url="//evil.example/steal")
    assert urlsplit(answer.headers["Location"]).path == "/"


def test_the_request_uses_pkce_state_and_nonce(client, provider, idp):
    started = client.get(f"/sso/{provider.id}/start")
    query = parse_qs(urlsplit(started.headers["Location"]).query)
    assert urlsplit(started.headers["Location"]).netloc == urlsplit(idp.issuer).netloc
    assert query["response_type"] == ["code"] and query["client_id"] == [CLIENT_ID]
    assert "openid" in query["scope"][0].split()
    with client.session_transaction() as session:
        pending = session["oidc.pending"][query["state"][0]]
    assert query["nonce"] == [pending["nonce"]]
    assert query["code_challenge_method"] == ["S256"]
    digest = hashlib.sha256(pending["verifier"].encode()).digest()
    assert query["code_challenge"] == [base64.urlsafe_b64encode(digest).rstrip(b"=").decode()]
    assert query["redirect_uri"] == [f"http://localhost/sso/{provider.id}/callback"]


def test_the_session_is_regenerated_at_sign_in(client, make_user, sso):
    make_user(nip=NIP)
    with client.session_transaction() as session:
        session["planted"] = "before sign-in"
        session["lang"] = "en"
    sso()
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["lang"] == "en"  # the chosen language is all that survives
        assert "oidc.pending" not in session


def test_a_forged_state_is_refused(client, make_user, provider):
    make_user(nip=NIP)
    answer = client.get(f"/sso/{provider.id}/callback", query_string={"code": "anything", "state": "forged"})
    assert answer.status_code == 400
    assert "Permintaan masuk tidak dikenali" in answer.text
    assert _signed_in_as(client) is None


def test_a_state_from_another_browser_is_refused(app, client, make_user, sso):
    make_user(nip=NIP)
    other_browser = app.test_client()
    answer = sso(browser=other_browser)  # the provider's answer arrives in a browser that did not ask
    assert answer.status_code == 400
    assert _signed_in_as(other_browser) is None


def test_a_state_is_used_once(client, make_user, sso, provider, idp):
    make_user(nip=NIP)
    idp.set_user("pegawai-1", {"nip": NIP})
    started = client.get(f"/sso/{provider.id}/start")
    back = urlsplit(idp.authorize(started.headers["Location"], "pegawai-1"))
    assert client.get(back.path, query_string=back.query).status_code == 302
    client.post("/logout", data={})  # no CSRF token: nothing happens, but clear the session anyway
    with client.session_transaction() as session:
        session.clear()
    assert client.get(back.path, query_string=back.query).status_code == 400


def test_a_sign_in_started_long_ago_is_refused(client, make_user, provider, idp, monkeypatch):
    make_user(nip=NIP)
    idp.set_user("pegawai-1", {"nip": NIP})
    started = client.get(f"/sso/{provider.id}/start")
    back = urlsplit(idp.authorize(started.headers["Location"], "pegawai-1"))
    import time

    later = time.time() + 601
    monkeypatch.setattr("lms.builtin.oidc.views.time.time", lambda: later)
    answer = client.get(back.path, query_string=back.query)
    assert answer.status_code == 400
    assert _signed_in_as(client) is None


def test_a_token_for_another_application_is_refused(client, make_user, sso, idp, caplog):
    make_user(nip=NIP)
    idp.mode = "intruder"
    answer = sso()
    assert answer.status_code == 400
    assert "tidak dapat dipercaya" in answer.text
    assert _signed_in_as(client) is None
    assert any("audience" in r.getMessage() for r in caplog.records)


def test_an_expired_token_is_refused(client, make_user, sso, idp, caplog):
    make_user(nip=NIP)
    idp.mode = "expired"  # expired 300 s before it was issued; 120 s of skew tolerated
    answer = sso()
    assert answer.status_code == 400
    assert "kedaluwarsa" in answer.text
    assert _signed_in_as(client) is None
    assert any("expired" in r.getMessage() for r in caplog.records)


def test_a_slightly_fast_provider_clock_is_tolerated(client, make_user, sso, idp):
    make_user(nip=NIP)
    idp.mode, idp_before = "expired", idp.expired_by
    with pytest.MonkeyPatch.context() as patch:
        # expired 300 s ago by the provider's clock: within a tolerated skew of 10 minutes
        patch.setattr("lms.builtin.oidc.service.clock_skew", lambda: 600)
        answer = sso()
    assert idp_before == 300
    assert answer.status_code == 302


def test_an_unknown_nip_is_refused_with_a_clear_page(client, db, sso):
    answer = sso(claims={"nip": "199001012015031001", "name": "Orang Baru"})
    assert answer.status_code == 403
    assert "NIP belum terdaftar di Sinau" in answer.text
    assert '<span class="nip">19900101 201503 1 001</span>' in answer.text  # never broken across lines
    assert "data kepegawaian" in answer.text
    assert _signed_in_as(client) is None
    assert db.session.scalar(select(User).where(User.nip == "199001012015031001")) is None


def test_an_unknown_nip_gets_a_learner_account_where_the_admin_allowed_it(client, db, sso, provider):
    provider.allow_create = True
    db.session.flush()
    answer = sso(claims={"nip": "19900101 201503 1 001", "name": "Orang Baru", "email": "baru@example.go.id",
                         "email_verified": True})
    assert answer.status_code == 302
    made = db.session.scalar(select(User).where(User.nip == "199001012015031001"))
    assert made.name == "Orang Baru" and made.email == "baru@example.go.id"
    assert made.password_hash is None and {r.value for r in made.roles} == {"learner"}
    assert _signed_in_as(client).startswith(f"{made.id}:")
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "oidc.user.create")) is not None


def test_an_unverified_email_is_not_taken_for_a_new_account(client, db, sso, provider):
    provider.allow_create = True
    db.session.flush()
    sso(claims={"nip": "199001012015031001", "name": "Orang Baru", "email": "someone@example.go.id"})
    made = db.session.scalar(select(User).where(User.nip == "199001012015031001"))
    assert made.email is None


def test_no_nip_claim_is_refused(client, make_user, sso):
    make_user(nip=NIP, email="sri@example.go.id")
    # the e-mail matches an account, but accounts are matched by NIP only
    answer = sso(claims={"email": "sri@example.go.id", "email_verified": True})
    assert answer.status_code == 403
    assert "NIP tidak diterima" in answer.text
    assert _signed_in_as(client) is None


def test_a_deactivated_account_is_refused(client, make_user, sso):
    make_user(nip=NIP, active=False)
    answer = sso()
    assert answer.status_code == 403
    assert "dinonaktifkan" in answer.text
    assert _signed_in_as(client) is None


def test_a_cancelled_sign_in_says_so(client, provider):
    started = client.get(f"/sso/{provider.id}/start")
    state = parse_qs(urlsplit(started.headers["Location"]).query)["state"][0]
    answer = client.get(f"/sso/{provider.id}/callback", query_string={"error": "access_denied", "state": state})
    assert answer.status_code == 400
    assert "dibatalkan atau ditolak" in answer.text


def test_a_disabled_or_missing_provider_is_not_found(client, db, provider):
    provider.enabled = False
    db.session.flush()
    assert client.get(f"/sso/{provider.id}/start").status_code == 404
    assert client.get("/sso/999999/start").status_code == 404
    assert "/sso/" not in client.get("/login").text


def test_an_unreachable_provider_is_a_clear_page(client, db, provider):
    provider.issuer = "http://127.0.0.1:9"  # nothing listens on the discard port
    db.session.flush()
    answer = client.get(f"/sso/{provider.id}/start")
    assert answer.status_code == 502
    assert "tidak dapat dihubungi" in answer.text


def test_single_logout_goes_through_the_providers_end_session_page(client, make_user, sso, idp):
    make_user(nip=NIP)
    sso()
    page = client.get("/me")
    assert page.status_code == 200
    answer = client.post("/logout", data={"csrf_token": csrf_of(page.text)})
    assert answer.status_code == 200
    assert _signed_in_as(client) is None
    target = answer.text.split('http-equiv="refresh" content="0;url=', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    parts = urlsplit(target)
    assert f"{parts.scheme}://{parts.netloc}" == idp.issuer and parts.path == "/oauth2/end_session"
    query = parse_qs(parts.query)
    assert query["post_logout_redirect_uri"] == ["http://localhost/login"]
    assert query["client_id"] == [CLIENT_ID] and query["id_token_hint"][0].count(".") == 2


def test_password_sign_out_is_unchanged(client, make_user):
    user = make_user(nip=NIP)
    page = client.get("/login")
    client.post("/login", data={"login": user.nip, "password": DEFAULT_PASSWORD, "csrf_token": csrf_of(page.text)})
    answer = client.post("/logout", data={"csrf_token": csrf_of(client.get("/me").text)})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/login")
