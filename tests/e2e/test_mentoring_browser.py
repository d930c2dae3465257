"""Issue 17, "done when": a supervisor starts a coaching relation with a staff member on a
phone, the staff logs two sessions, the supervisor confirms them with one tap each, and the
JP and the competency evidence appear. axe and the layout checks on the pages on the way."""

import re
from datetime import timedelta

import pytest

from lms.core.models.competency import PositionStandard
from lms.core.services.competencies import local_today
from lms.extensions import db
from lms.testing.browser import axe_violations, describe, layout_problems
from lms.testing.factories import DEFAULT_PASSWORD, make_competency, make_position, make_user

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def team(live_server):
    with live_server.data():
        make_competency("pelayanan-publik", "Pelayanan Publik")
        position = make_position("Analis Pelayanan Loket")
        db.session.add(PositionStandard(position_id=position.id, competency_code="pelayanan-publik",
                                        required_level=3))
        boss = make_user(name="Rina Kusumawati", roles=["supervisor"])
        staff = make_user(name="Yoga Pratama", supervisor=boss, position=position)
        return {"boss": boss.nip, "staff": staff.nip, "today": local_today()}


def check(page) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    assert layout_problems(page) == []


def sign_in(page, base: str, nip: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login?lang=id")
    page.locator("#login").fill(nip)
    page.locator("#password").fill(DEFAULT_PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{base}/")


def test_coaching_from_pairing_to_jp_and_evidence_on_a_phone(live_server, phone, team) -> None:
    base, page, today = live_server.url, phone, team["today"]
    sign_in(page, base, team["boss"])
    page.goto(f"{base}/mentoring/new")
    check(page)
    page.locator("#mentee").fill(team["staff"])
    page.locator("#starts_on").fill((today - timedelta(days=14)).isoformat())
    page.locator("#ends_on").fill((today + timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Pasangkan").click()
    page.wait_for_url(re.compile(r"/mentoring/\d+$"))
    relation_url = page.url
    page.locator("#competency").select_option("pelayanan-publik")
    page.locator("#level").select_option("3")
    page.get_by_role("button", name="Simpan tujuan").click()
    assert page.get_by_text("Tujuan disimpan.").is_visible()
    check(page)

    sign_in(page, base, team["staff"])
    for days_ago, minutes in ((7, "60"), (2, "75")):
        page.goto(relation_url)
        page.locator("#held_on").fill((today - timedelta(days=days_ago)).isoformat())
        page.locator("#minutes").fill(minutes)
        page.get_by_label("Pelayanan Publik").check()
        page.locator("#notes").fill("Membahas antrean loket yang panjang.")
        page.get_by_role("button", name="Kirim untuk dikonfirmasi").click()
        assert page.get_by_text("Pertemuan dicatat.").is_visible()
    check(page)

    sign_in(page, base, team["boss"])
    page.goto(relation_url)
    for _ in range(2):  # one tap each
        page.get_by_role("button", name="Konfirmasi").first.click()
        assert page.get_by_text("Pertemuan dikonfirmasi.").is_visible()
    assert page.get_by_role("button", name="Konfirmasi").count() == 0
    check(page)

    sign_in(page, base, team["staff"])
    page.goto(f"{base}/me/transcript")
    assert page.get_by_text("Coaching: Rina Kusumawati").first.is_visible()
    page.goto(f"{base}/me/competencies")
    evidence = page.locator("details.comp-details", has_text="Coaching dengan Rina Kusumawati")
    evidence.locator("summary").click()  # "Bukti (2)": the two confirmed sessions
    assert evidence.locator("summary").inner_text().strip() == "Bukti (2)"
    assert evidence.get_by_text("Coaching dengan Rina Kusumawati").first.is_visible()
