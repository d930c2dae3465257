"""Admins set up providers in /admin/sso (secret kept encrypted, every change audited), and
switch Sinau passwords off per role once single sign-on works."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from lms.builtin.oidc.models import OidcPasswordOff, OidcProvider
from lms.core.models import Role
from lms.core.models.audit import AuditLog
from lms.testing.factories import DEFAULT_PASSWORD
from tests.builtin.oidc.conftest import MOCK_MODULES, NIP
from tests.builtin.oidc.helpers import csrf_of

pytestmark = [pytest.mark.filterwarnings(f"ignore::DeprecationWarning:{module}") for module in MOCK_MODULES]


@pytest.fixture
def admin(make_user: Any, login_as: Any) -> Any:
    return login_as(make_user(roles=[Role.ADMIN]))


def _form(idp: Any, **changes: Any) -> dict[str, Any]:
    data = {"name": "SSO Provinsi", "label": "Masuk dengan SSO Provinsi", "issuer": idp.issuer,
            "client_id": "sinau-prov", "client_secret": "sangat-rahasia", "nip_claim": "nip",
            "scopes": "openid profile", "enabled": "y"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _post(client: Any, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data={**data, "csrf_token": csrf_of(client.get(url).text)})


def test_only_admins_reach_the_sso_pages(client, make_user, login_as, db):
    assert client.get("/admin/sso").status_code in (302, 401)
    login_as(make_user(roles=[Role.TRAINER]))
    assert client.get("/admin/sso").status_code == 403
    assert client.get("/admin/sso/new").status_code == 403


def test_the_admin_index_lists_the_section(client, admin):
    assert "/admin/sso" in client.get("/admin/").text


def test_an_admin_adds_a_provider_with_the_secret_encrypted(app, client, db, admin, idp):
    answer = _post(client, "/admin/sso/new", _form(idp))
    assert answer.status_code == 302
    saved = db.session.scalar(select(OidcProvider).where(OidcProvider.name == "SSO Provinsi"))
    assert b"sangat-rahasia" not in bytes(saved.client_secret_encrypted)
    from lms.builtin.oidc import service

    assert service.client_secret(saved) == "sangat-rahasia"
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "oidc.provider.create"))
    assert entry.actor_id == admin.id and entry.after["issuer"] == idp.issuer
    assert "sangat-rahasia" not in str(entry.after)
    page = client.get(answer.headers["Location"])
    assert f"http://localhost/sso/{saved.id}/callback" in page.text  # what to register at the provider
    assert "sangat-rahasia" not in page.text
    assert "Masuk dengan SSO Provinsi" in app.test_client().get("/login").text


def test_a_blank_secret_keeps_the_old_one_and_changes_are_audited(client, db, admin, idp, provider):
    answer = _post(client, f"/admin/sso/{provider.id}", _form(idp, name="ASN Digital", client_secret="",
                                                               label="Masuk pakai ASN Digital"))
    assert answer.status_code == 302
    db.session.refresh(provider)
    from lms.builtin.oidc import service

    assert service.client_secret(provider) == "rahasia-klien" and provider.label == "Masuk pakai ASN Digital"
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "oidc.provider.update"))
    assert entry.before["label"] == "Masuk dengan ASN Digital" and entry.after["label"] == "Masuk pakai ASN Digital"


@pytest.mark.parametrize(("changes", "message"), [
    ({"issuer": "http://sso.example.go.id"}, "https"),
    ({"issuer": "bukan alamat"}, "alamat web lengkap"),
    ({"issuer": "http://127.0.0.1:9"}, "tidak dapat dihubungi"),
    ({"client_secret": ""}, "Client secret wajib diisi"),
    ({"scopes": "profile email"}, "openid"),
    ({"nip_claim": "n i p"}, "Tanpa spasi"),
])
def test_bad_provider_settings_are_clear_errors(client, db, admin, idp, changes, message):
    answer = _post(client, "/admin/sso/new", _form(idp, **changes))
    assert answer.status_code == 422
    assert message in answer.text
    assert db.session.scalar(select(OidcProvider.id)) is None


def test_deleting_a_provider(client, db, admin, provider):
    page = client.get(f"/admin/sso/{provider.id}")
    answer = client.post(f"/admin/sso/{provider.id}/delete", data={"csrf_token": csrf_of(page.text)})
    assert answer.status_code == 302
    assert db.session.scalar(select(OidcProvider.id)) is None
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "oidc.provider.delete")) is not None


def _login(client: Any, nip: str) -> Any:
    page = client.get("/login")
    return client.post("/login", data={"login": nip, "password": DEFAULT_PASSWORD, "csrf_token": csrf_of(page.text)})


def test_passwords_cannot_be_switched_off_before_sso_works(client, db, admin, provider):
    answer = _post(client, "/admin/sso/passwords", {"roles": ["learner"]})
    assert answer.status_code == 422
    assert "setelah ada yang berhasil masuk" in answer.text
    assert db.session.scalar(select(OidcPasswordOff.role)) is None


def test_passwords_switched_off_for_learners(app, client, db, admin, make_user, provider):
    from lms.builtin.oidc import service
    from lms.core.models.base import utcnow

    make_user(nip=NIP)
    provider.last_sign_in_at = utcnow()  # someone signed in through it
    db.session.flush()
    answer = _post(client, "/admin/sso/passwords", {"roles": ["learner"]})
    assert answer.status_code == 302
    assert service.password_off_roles() == {"learner"}
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "oidc.passwords"))
    assert entry.before == {"off": []} and entry.after == {"off": ["learner"]}

    learner_browser, admin_browser = app.test_client(), app.test_client()
    refused = _login(learner_browser, NIP)
    assert refused.status_code == 200 and "bukan dengan kata sandi Sinau" in refused.text
    with learner_browser.session_transaction() as session:
        assert "_user_id" not in session
    # an admin is also a learner, but the admin role keeps passwords: the way back in
    assert _login(admin_browser, admin.nip).status_code == 302


def test_a_wrong_password_still_says_only_wrong(client, db, make_user, provider):
    from lms.builtin.oidc import service
    from lms.core.models.base import utcnow

    make_user(nip=NIP)
    provider.last_sign_in_at = utcnow()
    service.set_password_off(None, {"learner"})
    db.session.flush()
    page = client.get("/login")
    answer = client.post("/login", data={"login": NIP, "password": "salah-sekali", "csrf_token": csrf_of(page.text)})
    assert "NIP/e-mail atau kata sandi salah" in answer.text
    assert "bukan dengan kata sandi Sinau" not in answer.text


def test_passwords_come_back_from_the_command_line(runner, db, provider):
    from lms.builtin.oidc import service
    from lms.core.models.base import utcnow

    provider.last_sign_in_at = utcnow()
    service.set_password_off(None, {"learner", "admin"})
    db.session.flush()
    result = runner.invoke(args=["oidc", "passwords-on"])
    assert result.exit_code == 0, result.output
    assert "berlaku lagi" in result.output
    assert service.password_off_roles() == set()


def test_the_audit_log_names_single_sign_on_actions(client, db, admin, idp, provider):
    page = client.get("/admin/audit/")
    assert page.status_code == 200
    assert "Penyedia SSO ditambahkan" in page.text
    assert "oidc.provider.create" not in page.text.replace('value="oidc.provider.create"', "")
