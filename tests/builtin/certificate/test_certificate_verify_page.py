"""``/verify/<code>``: public; valid, expired or revoked; minimum personal data; unknown 404."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from lms.builtin.certificate import service
from lms.core import transaction
from lms.core.models.base import utcnow


def test_a_valid_certificate_for_anyone_without_signing_in(client, complete, certificate_of, make_user) -> None:
    user = make_user(name="Andi Pratama", nip="199002142010011004")
    c = certificate_of(complete(user=user, jp=4))
    response = client.get(f"/verify/{c.code}")
    assert response.status_code == 200
    page = response.text
    assert "Sertifikat ini asli dan masih berlaku." in page
    assert c.number in page and "Andi Pratama" in page and c.course_title in page and "4 JP" in page
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_the_nip_is_masked_birth_date_and_gender_hidden(client, complete, certificate_of, make_user) -> None:
    user = make_user(nip="199002142010011004")
    c = certificate_of(complete(user=user))
    page = client.get(f"/verify/{c.code}").text
    assert "******** ****** * 004" in page
    assert "19900214" not in page and "199002142010011004" not in page
    assert service.mask_nip("199002142010011004") == "******** ****** * 004"


def test_position_score_and_unit_are_not_shown(client, complete, certificate_of, make_user, make_position,
                                               make_unit) -> None:
    user = make_user(position=make_position("Jabatan Rahasia Uji"), unit=make_unit("Unit Rahasia Uji"))
    c = certificate_of(complete(user=user))
    page = client.get(f"/verify/{c.code}").text
    assert "Jabatan Rahasia Uji" not in page and "Unit Rahasia Uji" not in page


def test_an_expired_certificate_says_so(client, db, complete, certificate_of) -> None:
    c = certificate_of(complete(extra="valid_months: 12\n"))
    c.expires_at = utcnow() - timedelta(days=1)
    transaction.commit()
    page = client.get(f"/verify/{c.code}").text
    assert "Kedaluwarsa" in page and "masa berlakunya berakhir" in page
    assert "masih berlaku" not in page


def test_a_revoked_certificate_shows_the_reason(client, db, complete, certificate_of, make_user) -> None:
    c = certificate_of(complete())
    service.revoke(c, make_user(roles=["admin"]), "Nilai kuis diperoleh dengan curang.")
    transaction.commit()
    page = client.get(f"/verify/{c.code}").text
    assert "telah dicabut" in page and "Nilai kuis diperoleh dengan curang." in page
    assert "masih berlaku" not in page


def test_unknown_and_malformed_codes_are_404(client, db) -> None:
    assert client.get("/verify/" + "A" * 24).status_code == 404
    assert client.get("/verify/short").status_code == 404
    assert client.get("/verify/" + "%27%20OR%201%3D1" * 3).status_code == 404


def test_verification_is_rate_limited(client, db) -> None:
    statuses = [client.get("/verify/" + "B" * 24).status_code for _ in range(31)]
    assert statuses[:30] == [404] * 30
    assert statuses[30] == 429


@pytest.mark.parametrize(("lang", "words"), [("id", "tidak ditemukan atau tidak sah"), ("en", "was not found or is not valid")])
def test_an_unknown_code_has_its_own_page(client, db, lang, words) -> None:
    response = client.get(f"/verify/{'D' * 24}?lang={lang}")
    assert response.status_code == 404
    assert words in response.text
    main = response.text.split("<main", 1)[1].split("</main>", 1)[0]
    assert "D" * 24 not in main  # the address cannot make the page say anything
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert 'href="/login"' in response.text


def test_the_verify_page_links_the_plugins_stylesheet(client, complete, certificate_of) -> None:
    page = client.get(f"/verify/{certificate_of(complete()).code}").text
    css = re.search(r'href="(/static/plugins/certificate/certificate\.css\?v=[0-9a-f]{10})"', page)
    assert css and client.get(css.group(1), buffered=True).status_code == 200
