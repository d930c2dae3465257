"""A learner takes a quiz on a phone (Chromium, 360 px): accessible pages (axe: no serious or
critical issue), no horizontal scroll, big tap targets, autosave that survives a reload, the
countdown, and the result."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lms.testing.browser import (
    PHONE,
    LiveServer,
    axe_violations,
    chromium_path,
    describe,
    layout_problems,
    serve,
)
from lms.testing.factories import DEFAULT_PASSWORD, make_user
from lms.testing.plugin import IsolatedClient, settings_for, skip_or_fail

pytestmark = pytest.mark.e2e

GIFT = """\
::tf::Pelayanan publik wajib memiliki standar pelayanan.{T}

::pasangan::Pasangkan istilah dengan artinya. {
=Maklumat -> janji tertulis penyelenggara
=Pengaduan -> keluhan pengguna layanan
=SP4N-LAPOR! -> kanal pengaduan nasional
}

::isian::Undang-undang pelayanan publik bernomor {=25} tahun 2009.

::angka::Berapa hari kerja batas tindak lanjut pengaduan dalam contoh? {#14}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[tuple[LiveServer, str]]:
    if chromium_path() is None:
        skip_or_fail(request, "require_browser", "browser tests need Debian's chromium (/usr/bin/chromium)")
    from lms.app import create_app
    from lms.core.importer.service import import_paths
    from lms.core.models import Course
    from lms.core.services import learning
    from lms.extensions import db

    tmp: Path = tmp_path_factory.mktemp("quiz-live")
    folder = tmp / "kursus" / "kuis-ponsel"
    folder.mkdir(parents=True)
    (folder / "course.md").write_text("---\ntitle: Kuis di Ponsel\nsummary: Uji kuis.\njp: 1\n---\nDeskripsi.\n",
                                      encoding="utf-8")
    (folder / "01-kuis.quiz.md").write_text(
        "---\ntitle: Kuis Akhir\ntime_limit_minutes: 20\nmax_attempts: 3\nquestions_from: bank.gift\n---\n"
        "Kerjakan dengan teliti.\n\n"
        "## Asas manakah yang termasuk asas pelayanan publik? Pilih semua yang benar. {#asas points=2}\n"
        "- [x] Kepastian hukum\n- [x] Keterbukaan\n- [ ] Kerahasiaan\n\n"
        "## Siapa yang mengawasi pelayanan publik? {#pengawas}\n"
        "- [x] Ombudsman Republik Indonesia\n- [ ] Komisi Yudisial\n- [ ] Badan Pusat Statistik\n",
        encoding="utf-8")
    (folder / "bank.gift").write_text(GIFT, encoding="utf-8")
    app = create_app(settings_for(tmp, f"sqlite:///{tmp / 'live.db'}", LMS_LOGIN_RATE_LIMIT="1000 per minute"))
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.create_all()
    with serve(app) as server:
        with server.data():
            import_paths([folder])
            user = make_user(name="Budi Santoso")
            learning.enroll(user, db.session.query(Course).filter_by(slug="kuis-ponsel").one())
            nip = user.nip
        yield server, nip
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(**PHONE, locale="id-ID")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def check(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    assert layout_problems(page) == []


def test_learner_takes_a_quiz_on_a_phone(site, phone) -> None:
    server, nip = site
    page = phone
    page.goto(f"{server.url}/login")
    page.get_by_label("NIP atau e-mail").fill(nip)
    page.get_by_label("Kata sandi").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{server.url}/")

    page.goto(f"{server.url}/courses/kuis-ponsel/kuis")
    assert page.get_by_text("Kerjakan dengan teliti.").is_visible()
    check(page)
    page.get_by_role("button", name="Mulai kuis").click()
    page.wait_for_url("**/quiz/attempts/*")
    attempt_url = page.url
    check(page)

    countdown = page.locator("[data-countdown]")
    first = countdown.inner_text()
    page.wait_for_timeout(1500)
    assert countdown.inner_text() != first and first.startswith(("20:", "19:"))

    page.get_by_label("Ombudsman Republik Indonesia").check()
    page.get_by_label("Kepastian hukum").check()
    page.get_by_label("Keterbukaan").check()
    page.get_by_label("Jawaban Anda").first.fill("25")
    page.get_by_text("Jawaban tersimpan otomatis.").wait_for()

    page.goto(attempt_url)  # reload: the saved answers come back from the server
    assert page.get_by_label("Ombudsman Republik Indonesia").is_checked()
    assert page.get_by_label("Keterbukaan").is_checked()
    assert not page.get_by_label("Kerahasiaan").is_checked()

    # a question is left unanswered: the page asks first; "cancel" stays on the form
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Kirim jawaban").click()
    page.wait_for_timeout(300)
    assert asked and "belum dijawab" in asked[0] and page.url == attempt_url
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Kirim jawaban").click()
    page.wait_for_url("**/result")
    assert page.get_by_text("Nilai", exact=False).first.is_visible()
    assert page.get_by_role("heading", name="Pembahasan").is_visible()
    check(page)
    page.get_by_role("link", name="Kembali ke kuis").click()
    assert page.get_by_role("heading", name="Percobaan sebelumnya").is_visible()
    check(page)
