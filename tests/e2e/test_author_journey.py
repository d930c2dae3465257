"""The trainer's journey on a tablet: create a course in the browser, add a lesson and a quiz,
type a quiz with a mistake and see the error appear with its line, fix it, publish; a learner
on a phone takes the quiz; the trainer sees the results and the item statistics. axe finds no
serious or critical violation on the trainers' pages. The course built in the browser, exported
as .zip and imported into another Sinau, is the same course."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import pytest
from sqlalchemy import select

from lms.core.models import Course, CourseItem, Role
from lms.testing.browser import axe_violations, describe, layout_problems
from lms.testing.factories import DEFAULT_PASSWORD, make_user

pytestmark = pytest.mark.e2e

TABLET = {"viewport": {"width": 768, "height": 1024}, "device_scale_factor": 2, "is_mobile": True,
          "has_touch": True}
SLUG = "etika-pelayanan"
LESSON = "# Pengantar\n\nPelayanan publik yang **beretika** dimulai dari sikap melayani.\n"
QUIZ_WITH_MISTAKE = """---
title: Kuis Etika
pass_score: 100
shuffle_options: false
---
## Apa sikap utama pelayan publik? {#sikap}
- [ ] Dilayani
- [ ] Menunda
"""
QUIZ_FIXED = QUIZ_WITH_MISTAKE.replace("- [ ] Dilayani", "- [x] Melayani")


@pytest.fixture(scope="module")
def people(live_server) -> dict[str, str]:
    with live_server.data():
        trainer = make_user(name="Widyaiswara Etika", roles=[Role.TRAINER])
        learner = make_user(name="Peserta Etika")
        return {"trainer": trainer.nip, "learner": learner.nip}


@pytest.fixture
def tablet(browser: Any):
    context = browser.new_context(**TABLET, locale="id-ID")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, base: str, nip: str) -> None:
    page.goto(f"{base}/login?lang=id")
    page.locator("#login").fill(nip)
    page.locator("#password").fill(DEFAULT_PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{base}/")


def check(page) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    assert layout_problems(page) == []


def test_a_trainer_builds_and_publishes_a_course_and_a_learner_takes_it(live_server, tablet, phone, people):
    base, page = live_server.url, tablet
    sign_in(page, base, people["trainer"])
    page.locator("details.more > summary").click()  # "Lainnya": the places beyond the main tabs
    page.get_by_role("link", name="Ruang Pengajar").click()
    check(page)
    page.get_by_role("link", name="Buat kursus baru").click()
    check(page)
    page.locator("#slug").fill(SLUG)
    page.locator("#title").fill("Etika Pelayanan Publik")
    page.locator("#summary").fill("Sikap melayani dalam pelayanan publik.")
    page.locator("#jp").fill("2")
    page.get_by_label("Kompetensi 1").select_option("pelayanan-publik")
    page.get_by_label("Level 1").select_option("2")
    page.get_by_role("button", name="Buat kursus").click()
    page.wait_for_url(f"{base}/author/{SLUG}/")
    check(page)

    # the lesson the course starts with
    page.get_by_role("link", name="Sunting Pengantar").click()
    page.wait_for_url(re.compile(r"/files/01-pengantar\.md$"))
    page.locator("#text").fill(LESSON)
    page.locator("[data-preview] strong", has_text="beretika").wait_for()
    page.get_by_role("button", name="Simpan ke draf").click()
    page.wait_for_url(re.compile(r"/files/01-pengantar\.md$"))
    assert "Tersimpan di draf" in page.inner_text(".flashes")

    # a quiz, first with a mistake
    page.goto(f"{base}/author/{SLUG}/")
    page.locator("#type").select_option("quiz")
    page.locator("#slug").fill("kuis-etika")
    page.locator("#title").fill("Kuis Etika")
    page.get_by_role("button", name="Tambah aktivitas").click()
    page.wait_for_url(re.compile(r"/files/02-kuis-etika\.quiz\.md$"))
    page.locator("#text").fill(QUIZ_WITH_MISTAKE)
    problem = page.locator("[data-diagnostics] li.error")
    problem.wait_for()
    assert re.match(r"Baris 6: soal tanpa jawaban benar", problem.inner_text())
    assert page.locator("[data-preview-status]").inner_text().startswith("Ada kesalahan")
    check(page)
    problem.get_by_role("link").click()  # the error's line is selected in the textarea
    assert page.evaluate("() => document.activeElement.id") == "text"
    selected = page.evaluate("() => { const t = document.activeElement; return t.value.slice(t.selectionStart, t.selectionEnd); }")
    assert selected.startswith("## Apa sikap utama")

    page.locator("#text").fill(QUIZ_FIXED)
    page.locator("[data-preview] .is-correct", has_text="Melayani").wait_for()
    assert page.locator("[data-diagnostics] li").count() == 0
    check(page)
    page.get_by_role("button", name="Simpan ke draf").click()
    page.wait_for_url(re.compile(r"/files/02-kuis-etika\.quiz\.md$"))

    # publish
    page.goto(f"{base}/author/{SLUG}/")
    page.locator("#message").fill("Terbit pertama")
    page.get_by_role("button", name="Terbitkan").click()
    page.wait_for_url(f"{base}/author/{SLUG}/")
    assert "Revisi 1 terbit" in page.inner_text(".flashes")
    check(page)
    for tab in ("Pengaturan", "Riwayat"):
        page.get_by_role("navigation", name="Bagian kursus").get_by_role("link", name=tab).click()
        check(page)

    # a learner on a phone takes the quiz
    sign_in(phone, base, people["learner"])
    phone.goto(f"{base}/courses/{SLUG}")
    phone.get_by_role("button", name="Ikuti kursus ini").click()
    phone.goto(f"{base}/courses/{SLUG}/pengantar")
    assert "beretika" in phone.inner_text("main")
    phone.goto(f"{base}/courses/{SLUG}/kuis-etika")
    phone.get_by_role("button", name="Mulai kuis").click()
    phone.wait_for_url(re.compile(r"/quiz/attempts/\d+$"))
    phone.get_by_label("Melayani").check()
    phone.get_by_role("button", name="Kirim jawaban").click()
    phone.wait_for_url(re.compile(r"/result$"))
    assert phone.locator(".verdict strong").inner_text() == "✓ Lulus"

    # the trainer sees the results and the item statistics
    page.get_by_role("navigation", name="Bagian kursus").get_by_role("link", name="Hasil").click()
    assert "1 dari 1 selesai" in page.inner_text("main")
    check(page)
    page.get_by_role("link", name=re.compile("Statistik per soal")).click()
    assert "1 percobaan" in page.inner_text("main")
    check(page)


def snapshot(app, slug: str) -> dict[str, Any]:
    from lms.extensions import db

    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == slug))
        items = db.session.scalars(select(CourseItem).where(CourseItem.revision_id == course.published_revision_id)
                                   .order_by(CourseItem.position)).all()
        return {
            "course": {k: getattr(course, k) for k in ("title", "summary", "jp", "language", "certificate")},
            "competencies": [(c.code, c.level) for c in course.competencies],
            "items": [(i.key, i.type, i.title, i.position, i.settings, i.content) for i in items],
        }


def test_the_course_built_in_the_browser_exports_and_imports_elsewhere_unchanged(
        live_server, tablet, people, tmp_path) -> None:
    from lms.app import create_app
    from lms.core import transaction
    from lms.core.diagnostics import Diagnostics
    from lms.core.importer.service import import_sources
    from lms.core.importer.source import zip_courses
    from lms.extensions import db
    from lms.testing.plugin import settings_for

    base, page = live_server.url, tablet
    sign_in(page, base, people["trainer"])
    response = page.request.get(f"{base}/author/{SLUG}/export.zip")
    assert response.status == 200
    data = response.body()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == [f"{SLUG}/01-pengantar.md", f"{SLUG}/02-kuis-etika.quiz.md",
                                              f"{SLUG}/course.md"]

    elsewhere = create_app(settings_for(tmp_path, f"sqlite:///{tmp_path / 'lain.db'}"))
    with elsewhere.app_context():
        db.create_all()
        diagnostics = Diagnostics()
        sources = zip_courses(f"{SLUG}.zip", data, diagnostics, 10**8)
        assert not diagnostics.has_errors()
        import_sources(sources)
        transaction.commit()
    assert snapshot(elsewhere, SLUG) == snapshot(live_server.app, SLUG)
    with elsewhere.app_context():
        db.session.remove()
        db.engine.dispose()
