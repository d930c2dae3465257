"""The certificate is served by its record's route only, to those allowed, with safe headers."""

from lms.core import filetype


def test_a_pdf_is_downloaded_never_rendered_in_the_sites_origin(client, org, kit, login_as) -> None:
    record = kit.make_record(org.staff)
    login_as(org.supervisor)
    response = client.get(f"/records/{record.id}/certificate")
    assert response.status_code == 200 and response.data == kit.PDF
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="sertifikat.pdf"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "sandbox" in csp and "script-src" not in csp
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response.headers["Cache-Control"].startswith("private")


def test_an_image_is_shown_inline_under_its_sniffed_type(client, org, kit, login_as) -> None:
    record = kit.make_record(org.staff, data=kit.files["jpeg"], name="foto sertifikat.PDF")
    login_as(org.staff)
    response = client.get(f"/records/{record.id}/certificate")
    assert response.mimetype == "image/jpeg"
    assert response.headers["Content-Disposition"] == 'inline; filename="foto_sertifikat.jpg"'
    assert "sandbox" in response.headers["Content-Security-Policy"]
    page = client.get(f"/records/{record.id}").text
    assert f'<img class="record-certificate" src="/records/{record.id}/certificate"' in page


def test_a_hostile_file_name_never_reaches_the_header(client, org, kit, login_as) -> None:
    record = kit.make_record(org.staff, name='..\\..\\a"; filename=evil.html\r\nX-Injected: 1.pdf')
    login_as(org.staff)
    response = client.get(f"/records/{record.id}/certificate")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="') and disposition.endswith('.pdf"')
    assert disposition.count('"') == 2 and "\r" not in disposition and "X-Injected" not in response.headers


def test_revalidation_answers_only_those_allowed(client, org, kit, login_as) -> None:
    record = kit.make_record(org.staff)
    login_as(org.staff)
    etag = client.get(f"/records/{record.id}/certificate").headers["ETag"]
    assert client.get(f"/records/{record.id}/certificate", headers={"If-None-Match": etag}).status_code == 304
    login_as(org.learner)
    assert client.get(f"/records/{record.id}/certificate", headers={"If-None-Match": etag}).status_code == 404


def test_pages_never_reveal_the_stored_hash(client, org, kit, login_as) -> None:
    """/media serves any blob by its hash to any signed-in user: the hash of a certificate must
    not leak through our pages."""
    record = kit.make_record(org.staff)
    for user, path in ((org.staff, "/records"), (org.staff, f"/records/{record.id}"),
                       (org.staff, f"/records/{record.id}/edit"), (org.supervisor, "/records/review"),
                       (org.supervisor, f"/records/{record.id}")):
        login_as(user)
        assert record.certificate_sha256 not in client.get(path).text


def test_the_stored_type_is_the_sniffed_one(db, org, kit) -> None:
    record = kit.make_record(org.staff, data=kit.files["webp"], name="scan.pdf")
    assert record.certificate_type == filetype.WEBP.mime == "image/webp"
