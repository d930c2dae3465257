"""The PDF: a valid A4-landscape document with the certificate's fields, deterministic, whose
QR code encodes the verify URL."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import segno

from lms.builtin.certificate import pdf, service
from lms.builtin.certificate.models import Certificate
from lms.core import transaction

JAKARTA = ZoneInfo("Asia/Jakarta")
URL = "https://sinau.example.go.id/verify/AbCdEfGhIjKlMnOpQrStUvWx"


def sample(**changes) -> Certificate:
    values = {
        "number": "SINAU/2026/000123", "code": "AbCdEfGhIjKlMnOpQrStUvWx", "name": "Ni Luh Putu Ayu", "nip": "199002142010011004",
        "rank": "Penata Muda (III/a)", "position": "Analis Kebijakan", "unit": "Bidang Aplikasi Informatika",
        "agency": "Dinas Komunikasi dan Informatika", "course_title": "Pelayanan Publik Prima", "jp": 10.0,
        "started_on": date(2026, 2, 14), "finished_on": date(2026, 3, 20), "score": 87.5,
        "competencies": [{"code": "pelayanan-publik", "name": "Pelayanan Publik", "level": 2}],
        "expires_at": None, "issuer": "BKPSDM Kota Uji", "signer_name": "Dr. Bambang", "signer_title": "Kepala BKPSDM",
        "issued_at": datetime(2026, 3, 20, 3, 0, tzinfo=UTC)}
    values.update(changes)
    return Certificate(**values)


def qr_matrix_drawn(text: str, modules: int) -> list[list[bool]]:
    """Rebuild the QR code from the filled rectangles of the page: the white square first
    (the code with its quiet zone), then the dark runs inside it."""
    rects = [tuple(map(float, m)) for m in re.findall(
        r"(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re f", text)]
    x0, top, size, _ = next(r for r in rects if abs(r[2] + r[3]) < 0.05 and r[2] > 50)
    step = size / (modules + 8)
    grid = [[False] * modules for _ in range(modules)]
    for x, y, w, _h in rects:
        if not (x0 <= x < x0 + size and top - size < y <= top) or w >= size:
            continue
        row, col = round((top - y) / step) - 4, round((x - x0) / step) - 4
        for c in range(col, col + round(w / step)):
            grid[row][c] = True
    return grid


def test_a_valid_a4_landscape_pdf_with_the_fields(pdf_text) -> None:
    data = pdf.render(sample(), URL, JAKARTA)
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert b"/MediaBox [0 0 841.89 595.28]" in data  # A4 landscape, in points
    text = pdf_text(data)
    for expected in ("SERTIFIKAT", "Nomor: SINAU/2026/000123", "Ni Luh Putu Ayu", "NIP 19900214 201001 1 004",
                     "Penata Muda \\(III/a\\) - Analis Kebijakan", "Pelayanan Publik Prima",
                     "14 Februari 2026 s.d. 20 Maret 2026", "10 JP", "nilai 87,5",
                     "Pelayanan Publik \\(level 2\\)", "Dr. Bambang", "Kepala BKPSDM", "BKPSDM KOTA UJI",
                     "Diterbitkan pada 20 Maret 2026"):
        assert expected in text, expected


def test_the_same_certificate_gives_the_same_bytes() -> None:
    assert pdf.render(sample(), URL, JAKARTA) == pdf.render(sample(), URL, JAKARTA)


def test_the_qr_code_encodes_the_verify_url_and_links_to_it(pdf_text) -> None:
    data = pdf.render(sample(), URL, JAKARTA)
    expected = segno.make(URL, error="m", micro=False)
    drawn = qr_matrix_drawn(pdf_text(data), len(expected.matrix))
    assert drawn == [[bool(v) for v in row] for row in expected.matrix]
    assert f"/URI ({URL})".encode() in data  # a link annotation over the code and the printed URL


def test_names_outside_latin1_are_mapped_not_fatal(pdf_text) -> None:
    data = pdf.render(sample(name="Dewi O’Brien – Nguyễn Thị", signer_name="Łukasz “Ahmad”",
                            course_title="Etika ASN…"), URL, JAKARTA)
    text = pdf_text(data)
    assert "Dewi O'Brien - Nguyen Thi" in text
    assert 'Lukasz "Ahmad"' in text and "Etika ASN..." in text


def test_latin1_keeps_what_it_can() -> None:
    assert pdf.latin1("José Müller") == "José Müller"
    assert pdf.latin1("O’Brien") == "O'Brien"
    assert pdf.latin1("Şükrü 李") == "Sükrü ?"
    assert pdf.latin1(None) == ""


def test_expiry_and_a_missing_score(pdf_text) -> None:
    text = pdf_text(pdf.render(sample(score=None, expires_at=datetime(2028, 3, 19, 18, 0, tzinfo=UTC)),
                               URL, JAKARTA))
    assert "nilai" not in text
    assert "Berlaku sampai dengan 20 Maret 2028" in text  # 01:00 in Jakarta


def test_the_pdf_shows_the_snapshot_after_the_person_changed(db, complete, certificate_of, make_user,
                                                              pdf_text) -> None:
    user = make_user(name="Rina Marlina")
    completion = complete(user=user)
    user.name = "Rina Marlina Kusuma"
    transaction.commit()
    c = certificate_of(completion)
    text = pdf_text(pdf.render(c, service.verify_url(c.code), service.site_zone()))
    assert "Rina Marlina" in text and "Rina Marlina Kusuma" not in text
    assert c.number in text


def test_the_verify_url_uses_the_base_url_setting(app, db) -> None:
    """The admin's base URL wins; without one, the address ``lms run`` serves on; else the default."""
    from lms.core import site_settings

    assert service.verify_url("abc") == f"{site_settings.FALLBACK_URL}/verify/abc"
    app.extensions["lms.served_url"] = "http://127.0.0.1:5201"
    try:
        assert service.verify_url("abc") == "http://127.0.0.1:5201/verify/abc"
        site_settings.update({"base_url": "https://elearning.sukamaju.go.id/"})
        assert service.verify_url("abc") == "https://elearning.sukamaju.go.id/verify/abc"
    finally:
        del app.extensions["lms.served_url"]
        site_settings.forget()
