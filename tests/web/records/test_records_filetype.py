"""Certificates are judged by their content: magic bytes, never the name or the browser's type."""

import pytest
from sqlalchemy import func, select

from lms.core import filetype
from lms.core.models import ExternalRecord

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
HTML = b"<!doctype html><script>alert(1)</script>"


@pytest.mark.parametrize(("name", "mime"), [("pdf", "application/pdf"), ("png", "image/png"),
                                            ("jpeg", "image/jpeg"), ("webp", "image/webp")])
def test_accepted_types_are_recognised_by_their_magic_bytes(kit, name, mime) -> None:
    assert filetype.sniff(kit.files[name]).mime == mime


@pytest.mark.parametrize("data", [
    HTML, b'<svg xmlns="http://www.w3.org/2000/svg"/>', b"", b"%PDF", b"GIF89a" + b"\x00" * 20,
    b"PK\x03\x04" + b"\x00" * 20,
    b"<html>" + PDF,  # a PDF signature further down does not count
    b"\xef\xbb\xbf" + PDF,  # nor one after a byte-order mark
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 8,  # a PNG signature without its header chunk
    b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 16,  # RIFF, but audio
])
def test_anything_else_is_refused(data) -> None:
    assert filetype.sniff(data) is None


def _count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(ExternalRecord))


def test_a_pdf_named_png_is_accepted_as_a_pdf(client, db, org, kit, login_as) -> None:
    login_as(org.staff)
    response = kit.post_new(client, file=(kit.PDF, "foto-sertifikat.png"), content_type="image/png")
    assert response.status_code == 302, response.text
    record = db.session.scalar(select(ExternalRecord))
    assert record.certificate_type == "application/pdf"
    assert record.certificate_name == "foto-sertifikat.png"
    served = client.get(f"/records/{record.id}/certificate")
    assert served.mimetype == "application/pdf"
    assert served.headers["Content-Disposition"] == 'attachment; filename="foto-sertifikat.pdf"'


@pytest.mark.parametrize(("name", "data"), [("png", "webp"), ("jpeg", "jpeg"), ("foto", "png")])
def test_images_are_accepted_whatever_their_name(client, db, org, kit, login_as, name, data) -> None:
    login_as(org.staff)
    response = kit.post_new(client, file=(kit.files[data], f"{name}.pdf"), content_type="application/pdf")
    assert response.status_code == 302, response.text
    assert db.session.scalar(select(ExternalRecord.certificate_type)) == filetype.sniff(kit.files[data]).mime


@pytest.mark.parametrize(("data", "name"), [("html", "sertifikat.pdf"), ("svg", "sertifikat.pdf"), ("svg", "gambar.png"),
                                            ("html", "sertifikat.jpg")])
def test_html_or_svg_under_an_innocent_name_is_refused(client, db, org, kit, login_as, data, name) -> None:
    login_as(org.staff)
    response = kit.post_new(client, file=(kit.files[data], name), content_type="application/pdf")
    assert response.status_code == 422
    assert "bukan PDF atau gambar" in response.text
    assert 'aria-describedby="certificate-err" aria-invalid="true"' in response.text
    assert _count(db) == 0


def test_an_oversized_file_is_refused_with_a_clear_message(client, db, org, kit, login_as) -> None:
    login_as(org.staff)
    big = kit.PDF + b"0" * (5 * 1024 * 1024)
    response = kit.post_new(client, file=(big, "besar.pdf"))
    assert response.status_code == 422
    assert "terlalu besar: paling besar 5 MB" in response.text
    assert _count(db) == 0


def test_a_file_of_exactly_the_limit_is_accepted(client, db, org, kit, login_as) -> None:
    login_as(org.staff)
    data = kit.PDF + b"0" * (5 * 1024 * 1024 - len(kit.PDF))
    assert kit.post_new(client, file=(data, "pas.pdf")).status_code == 302


def test_an_empty_file_is_refused(client, db, org, kit, login_as) -> None:
    login_as(org.staff)
    response = kit.post_new(client, file=(b"", "kosong.pdf"))
    assert response.status_code == 422
    assert _count(db) == 0


def test_a_certificate_is_required(client, db, org, kit, login_as) -> None:
    login_as(org.staff)
    response = kit.post_new(client, file=None)
    assert response.status_code == 422
    assert "Unggah sertifikat" in response.text
    assert _count(db) == 0
