"""Downloading the PDF: the owner, their direct supervisor and admins; the transcript links it;
the API's transcript names it."""

from __future__ import annotations

from lms.builtin.certificate import service
from lms.core import transaction
from lms.core.services.tokens import create_token


def _url(c) -> str:
    return f"/me/certificates/{c.id}.pdf"


def test_the_owner_downloads_the_pdf(client, login_as, complete, certificate_of, make_user, pdf_text) -> None:
    user = make_user(name="Wulan Sari")
    c = certificate_of(complete(user=user))
    login_as(user)
    response = client.get(_url(c))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    assert f'filename="{c.file_name}"' in response.headers["Content-Disposition"]
    assert c.file_name.startswith("sertifikat-SINAU-")
    assert response.headers["Cache-Control"] == "private, no-store"
    text = pdf_text(response.data)
    assert "Wulan Sari" in text and c.number in text and c.code in text


def test_someone_else_gets_404_as_if_it_did_not_exist(client, login_as, complete, certificate_of,
                                                      make_user) -> None:
    c = certificate_of(complete())
    login_as(make_user())
    assert client.get(_url(c)).status_code == 404
    assert client.get("/me/certificates/999999.pdf").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, complete, certificate_of) -> None:
    c = certificate_of(complete())
    response = client.get(_url(c))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_direct_supervisor_and_admins_may_download(client, login_as, complete, certificate_of,
                                                       make_user) -> None:
    boss = make_user(roles=["supervisor"])
    c = certificate_of(complete(user=make_user(supervisor=boss)))
    login_as(boss)
    assert client.get(_url(c)).status_code == 200
    login_as(make_user(roles=["supervisor"]))  # a supervisor, but not this person's
    assert client.get(_url(c)).status_code == 404
    login_as(make_user(roles=["admin"]))
    assert client.get(_url(c)).status_code == 200


def test_a_revoked_certificate_is_for_admins_only(client, login_as, complete, certificate_of, make_user) -> None:
    owner = make_user()
    admin = make_user(roles=["admin"])
    c = certificate_of(complete(user=owner))
    service.revoke(c, admin, "Salah peserta.")
    transaction.commit()
    login_as(owner)
    assert client.get(_url(c)).status_code == 404
    login_as(admin)
    assert client.get(_url(c)).status_code == 200


def test_the_transcript_links_each_certificate(client, login_as, complete, certificate_of, make_user) -> None:
    user = make_user()
    with_cert = certificate_of(complete(user=user))
    complete(user=user, extra="certificate: false\n")
    login_as(user)
    page = client.get("/me/transcript").text
    assert page.count('href="/me/certificates/') == 1
    assert f'href="{_url(with_cert)}"' in page and with_cert.number in page


def test_the_transcript_says_when_a_certificate_was_revoked(client, login_as, complete, certificate_of,
                                                            make_user) -> None:
    user = make_user()
    c = certificate_of(complete(user=user))
    service.revoke(c, make_user(roles=["admin"]), "Data salah.")
    transaction.commit()
    login_as(user)
    page = client.get("/me/transcript").text
    assert _url(c) not in page and "Sertifikat dicabut" in page


def test_the_api_transcript_gives_number_and_verify_url(client, db, complete, certificate_of, make_user) -> None:
    user = make_user()
    c = certificate_of(complete(user=user))
    complete(user=user, extra="certificate: false\n")
    _row, token = create_token(user)
    transaction.commit()
    body = client.get(f"/api/v1/users/{user.nip}/transcript", headers={"Authorization": f"Bearer {token}"}).json
    certificates = [entry["certificate"] for entry in body["completions"]]
    assert None in certificates
    assert {"number": c.number, "verify_url": service.verify_url(c.code), "status": "valid"} in certificates
