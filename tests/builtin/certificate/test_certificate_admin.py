"""Admins list, search and revoke certificates (a reason is required; the revocation is logged)."""

from __future__ import annotations

import logging

from lms.core import transaction
from lms.testing.helpers import csrf_from


def test_only_admins_see_the_list(client, login_as, make_user, db) -> None:
    login_as(make_user(roles=["supervisor", "trainer"]))
    assert client.get("/admin/certificates").status_code == 403
    assert client.get("/admin/siasn").status_code == 403
    login_as(make_user(roles=["admin"]))
    assert client.get("/admin/certificates").status_code == 200


def test_the_list_searches_by_name_nip_and_number(client, login_as, complete, certificate_of, make_user) -> None:
    a = certificate_of(complete(user=make_user(name="Yohanes Kristianto")))
    b = certificate_of(complete(user=make_user(name="Fatimah Azzahra")))
    login_as(make_user(roles=["admin"]))
    page = client.get("/admin/certificates", query_string={"q": "yohanes"}).text
    assert a.number in page and b.number not in page
    page = client.get("/admin/certificates", query_string={"q": b.number}).text
    assert b.number in page and a.number not in page
    spaced = f"{b.nip[0:8]} {b.nip[8:14]} {b.nip[14]} {b.nip[15:]}"
    page = client.get("/admin/certificates", query_string={"q": spaced}).text
    assert b.number in page and a.number not in page


def test_the_list_filters_by_status(client, login_as, complete, certificate_of, make_user) -> None:
    from lms.builtin.certificate import service

    admin = make_user(roles=["admin"])
    kept, revoked = certificate_of(complete()), certificate_of(complete())
    service.revoke(revoked, admin, "Salah input.")
    transaction.commit()
    login_as(admin)
    page = client.get("/admin/certificates", query_string={"status": "revoked"}).text
    assert revoked.number in page and kept.number not in page
    page = client.get("/admin/certificates", query_string={"status": "valid"}).text
    assert kept.number in page and revoked.number not in page


def _revoke(client, c, reason):
    url = f"/admin/certificates/{c.id}"
    token = csrf_from(client.get(url).text)
    return client.post(f"{url}/revoke", data={"csrf_token": token, "reason": reason})


def test_revoking_needs_a_reason(client, db, login_as, complete, certificate_of, make_user) -> None:
    c = certificate_of(complete())
    login_as(make_user(roles=["admin"]))
    response = _revoke(client, c, "   ")
    assert response.status_code == 422
    db.session.expire_all()
    assert c.revoked_at is None


def test_revoking_records_who_when_why_and_logs_it(client, db, login_as, complete, certificate_of, make_user,
                                                   caplog) -> None:
    c = certificate_of(complete())
    admin = login_as(make_user(roles=["admin"]))
    with caplog.at_level(logging.INFO, logger="lms.builtin.certificate.service"):
        response = _revoke(client, c, "Peserta  terbukti\nmenyalin jawaban.")
    assert response.status_code == 302
    db.session.expire_all()
    assert c.revoked_at is not None and c.revoked_by_id == admin.id
    assert c.revoke_reason == "Peserta terbukti menyalin jawaban."
    assert c.number in caplog.text and "revoked" in caplog.text and "menyalin jawaban" in caplog.text
    page = client.get(f"/admin/certificates/{c.id}").text
    assert "Peserta terbukti menyalin jawaban." in page and 'action="/admin/certificates' not in page


def test_revoking_twice_changes_nothing(client, db, login_as, complete, certificate_of, make_user) -> None:
    from lms.builtin.certificate import service

    c = certificate_of(complete())
    admin = make_user(roles=["admin"])
    service.revoke(c, admin, "Pertama.")
    transaction.commit()
    login_as(admin)
    token = csrf_from(client.get(f"/admin/certificates/{c.id}").text)  # the sign-out form's token
    response = client.post(f"/admin/certificates/{c.id}/revoke", data={"csrf_token": token, "reason": "Kedua."})
    assert response.status_code == 302
    assert "sudah dicabut" in client.get(response.headers["Location"]).text
    db.session.expire_all()
    assert c.revoke_reason == "Pertama."


def test_revoking_without_the_form_token_is_refused(client, db, login_as, complete, certificate_of,
                                                    make_user) -> None:
    c = certificate_of(complete())
    login_as(make_user(roles=["admin"]))
    assert client.post(f"/admin/certificates/{c.id}/revoke", data={"reason": "Tanpa token."}).status_code == 400
    db.session.expire_all()
    assert c.revoked_at is None


def test_revoking_requires_the_admin_role(client, db, login_as, complete, certificate_of, make_user) -> None:
    c = certificate_of(complete())
    login_as(make_user(roles=["supervisor"]))
    assert client.post(f"/admin/certificates/{c.id}/revoke", data={"reason": "x"}).status_code in (400, 403)
    db.session.expire_all()
    assert c.revoked_at is None


def test_admins_get_a_menu_entry(client, login_as, make_user, db) -> None:
    login_as(make_user())
    assert 'href="/admin/certificates"' not in client.get("/me/transcript").text
    login_as(make_user(roles=["admin"]))
    assert 'href="/admin/certificates"' in client.get("/me/transcript").text
