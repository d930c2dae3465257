"""A SCORM 1.2 package in a real browser on a phone: the package finds window.API, its commits
reach the server, a reload resumes where the learner was, and passing completes the item.
Indonesian and English; axe finds nothing serious on the player page."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from lms.builtin.scorm.models import ScormAttempt
from lms.core.importer.service import import_sources
from lms.core.importer.source import CourseSource
from lms.core.models import Course, ItemProgress, ProgressStatus
from lms.core.services import learning
from lms.extensions import db
from lms.testing.browser import axe_violations, describe, layout_problems
from lms.testing.factories import DEFAULT_PASSWORD, make_user

pytestmark = pytest.mark.e2e

_spec = importlib.util.spec_from_file_location(
    "scorm_sample_e2e", Path(__file__).resolve().parents[1] / "builtin" / "scorm" / "build_sample.py")
sample = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sample)  # type: ignore[union-attr]

COURSE_MD = "---\ntitle: Kursus Paket\nsummary: Kursus dengan paket SCORM.\njp: 1\nenrollment: open\n---\nIsi.\n"
ITEM = "---\npackage: media/paket.zip\n---\nKerjakan modul di bawah ini.\n"


@pytest.fixture(scope="module")
def learners(live_server):
    with live_server.data():
        nips = {}
        for lang in ("id", "en"):
            slug = f"paket-{lang}"
            import_sources([CourseSource(slug, {"course.md": COURSE_MD.encode(), "01-modul.scorm.md": ITEM.encode(),
                                                "media/paket.zip": sample.package_bytes()})])
            course = db.session.scalar(select(Course).where(Course.slug == slug))
            user = make_user(name=f"Peserta Paket {lang}")
            learning.enroll(user, course)
            nips[lang] = user.nip
        return nips


def sign_in(page, base: str, nip: str, lang: str) -> None:
    page.goto(f"{base}/login?lang={lang}")
    page.locator("#login").fill(nip)
    page.locator("#password").fill(DEFAULT_PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{base}/")


def attempt(live_server, lang: str) -> ScormAttempt | None:
    with live_server.app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == f"paket-{lang}"))
        row = db.session.scalar(select(ScormAttempt).where(ScormAttempt.course_id == course.id))
        if row is not None:
            db.session.expunge(row)
        return row


def item_progress(live_server, lang: str) -> ItemProgress | None:
    with live_server.app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == f"paket-{lang}"))
        row = db.session.scalar(select(ItemProgress).where(ItemProgress.course_id == course.id,
                                                           ItemProgress.item_key == "modul"))
        if row is not None:
            db.session.expunge(row)
        return row


def wait_for(predicate, page, tries: int = 50):
    for _ in range(tries):
        value = predicate()
        if value:
            return value
        page.wait_for_timeout(100)
    raise AssertionError("the server never got the package's commit")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_package_plays_commits_resumes_and_completes_on_a_phone(live_server, phone, learners, lang, request) -> None:
    base, page = live_server.url, phone
    shots = request.config.getoption("--screenshots")
    sign_in(page, base, learners[lang], lang)
    page.goto(f"{base}/courses/paket-{lang}/modul")
    frame = page.frame_locator("#scorm-frame")
    assert frame.get_by_role("heading", name="Apa itu phishing?").is_visible()
    assert frame.locator("#progress").inner_text() == "Halaman 1 dari 4"
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    assert layout_problems(page) == []
    if shots:
        page.screenshot(path=f"{shots}/scorm-player-360-{lang}.png", full_page=True)

    frame.get_by_role("button", name="Berikutnya").click()  # the package commits on each page
    row = wait_for(lambda: (r := attempt(live_server, lang)) and r.lesson_location == "2" and r, page)
    assert row.lesson_status == "incomplete" and '"page":2' in row.suspend_data

    page.reload()  # resumes from suspend_data and lesson_location
    frame = page.frame_locator("#scorm-frame")
    assert frame.locator("#progress").inner_text() == "Halaman 2 dari 4"
    for _ in range(2):
        frame.get_by_role("button", name="Berikutnya").click()
    for label in ("Domain pengirim bukan bkn.go.id", "Menolak dan melaporkannya ke tim TIK lewat saluran resmi",
                  "Tahan jari pada tautan tanpa membukanya", "Segera mengganti kata sandi dan memberi tahu tim TIK"):
        frame.get_by_label(label).check()
    frame.get_by_role("button", name="Periksa jawaban").click()
    assert "Anda lulus modul ini" in frame.locator("#result").inner_text()

    done = wait_for(lambda: (p := item_progress(live_server, lang)) and p.status == ProgressStatus.DONE and p, page)
    assert done.score == 100
    row = attempt(live_server, lang)
    assert row.lesson_status == "passed" and row.score_raw == 100 and row.session_seconds >= 0

    page.reload()
    status = page.locator("#scorm-status").inner_text()
    assert re.search(r"(Selesai|Done)\.", status) and "100" in status
    if shots:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=f"{shots}/scorm-player-1280-{lang}.png", full_page=True)


def test_a_dropped_connection_loses_nothing(live_server, phone, learners, request) -> None:
    """Offline, the package's commit stays on the device and the learner is told; back online,
    it reaches the server without the learner doing anything."""
    base, page = live_server.url, phone
    with live_server.data():
        slug = "paket-luring"
        import_sources([CourseSource(slug, {"course.md": COURSE_MD.encode(), "01-modul.scorm.md": ITEM.encode(),
                                            "media/paket.zip": sample.package_bytes()})])
        user = make_user(name="Peserta Luring")
        learning.enroll(user, db.session.scalar(select(Course).where(Course.slug == slug)))
        nip = user.nip
    sign_in(page, base, nip, "id")
    page.goto(f"{base}/courses/{slug}/modul")
    frame = page.frame_locator("#scorm-frame")
    frame.get_by_role("button", name="Berikutnya").click()

    def location() -> str | None:
        with live_server.app.app_context():
            course = db.session.scalar(select(Course).where(Course.slug == slug))
            row = db.session.scalar(select(ScormAttempt).where(ScormAttempt.course_id == course.id))
            return row.lesson_location if row else None

    wait_for(lambda: location() == "2", page)
    page.context.set_offline(True)
    frame.get_by_role("button", name="Berikutnya").click()
    assert frame.locator("#progress").inner_text() == "Halaman 3 dari 4"
    assert "Koneksi terputus" in page.locator("#scorm-save").inner_text()
    assert location() == "2"
    page.context.set_offline(False)
    wait_for(lambda: location() == "3", page)
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('sinau-scorm:')).length") == 0
