"""The learner's journey on a phone: sign in, continue a course, read a lesson, fail the
quiz, retake and pass it, see the course completed and the JP grow. Indonesian and English;
axe finds no serious or critical violation on the pages on the way."""

import re

import pytest

from lms.core.models import Course, User
from lms.core.queries import learning as learning_queries
from lms.core.services import learning
from lms.extensions import db
from lms.testing.browser import axe_violations, describe, layout_problems
from lms.testing.factories import DEFAULT_PASSWORD, make_course, make_user

pytestmark = pytest.mark.e2e

QUIZ = """---
title: Kuis Singkat
pass_score: 100
max_attempts: 3
shuffle_options: false
---
## Berapa JP minimal pengembangan kompetensi PNS setahun?
- [x] 20 JP
- [ ] 10 JP
"""
FILES = {
    "01-pengantar.md": "# Pengantar\n\nSetiap PNS berhak dan wajib mengembangkan kompetensi.\n",
    "02-hak-dan-kewajiban.md": "# Hak dan kewajiban\n\nPaling sedikit 20 JP dalam setahun.\n",
    "03-kuis.quiz.md": QUIZ,
}


@pytest.fixture(scope="module")
def journey(live_server):
    with live_server.data():
        nips = {}
        for lang in ("id", "en"):
            course = make_course(f"jalan-{lang}", files=FILES, title="Pengembangan Kompetensi PNS", jp=2)
            user = make_user(name=f"Peserta {lang}")
            learning.enroll(user, course)
            learning.mark_done(user, course, "pengantar")  # started earlier: the journey continues
            nips[lang] = user.nip
        return nips


def check(page) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    assert layout_problems(page) == []


def sign_in(page, base: str, nip: str, lang: str) -> None:
    page.goto(f"{base}/login?lang={lang}")
    page.locator("#login").fill(nip)
    page.locator("#password").fill(DEFAULT_PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{base}/")


TEXT = {
    "id": {"continue": "Lanjutkan", "done": "Selesai, lanjutkan", "start": "Mulai kuis", "submit": "Kirim jawaban",
           "failed": "Tidak lulus", "passed": "Lulus", "retry": "remedial", "completed": "Selesai", "jp": "2 / 20 JP"},
    "en": {"continue": "Continue", "done": "Done, continue", "start": "Start the quiz", "submit": "Submit answers",
           "failed": "Not passed", "passed": "Passed", "retry": "remedial", "completed": "Completed",
           "jp": "2 / 20 JP"},
}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_whole_journey_on_a_phone(live_server, phone, journey, lang) -> None:
    t, base, page = TEXT[lang], live_server.url, phone
    sign_in(page, base, journey[lang], lang)
    assert page.locator("html").get_attribute("lang") == lang
    check(page)

    page.get_by_role("link", name=t["continue"]).first.click()
    page.wait_for_url(re.compile(r"/courses/jalan-\w+/hak-dan-kewajiban$"))
    assert page.get_by_role("heading", name="Hak dan kewajiban", level=1).is_visible()
    assert page.locator("h1").count() == 1  # the lesson's own "# " heading is the page title
    check(page)
    page.get_by_role("button", name=t["done"]).click()
    page.wait_for_url(re.compile(r"/kuis$"))
    check(page)

    page.get_by_role("button", name=t["start"]).click()
    page.wait_for_url(re.compile(r"/quiz/attempts/\d+$"))
    check(page)
    page.get_by_label("10 JP").check()
    page.get_by_role("button", name=t["submit"]).click()
    page.wait_for_url(re.compile(r"/result$"))
    assert page.locator(".verdict strong").inner_text() == t["failed"]
    check(page)

    page.get_by_role("button", name=re.compile(t["retry"])).click()
    page.wait_for_url(re.compile(r"/quiz/attempts/\d+$"))
    page.get_by_label("20 JP").check()
    page.get_by_role("button", name=t["submit"]).click()
    page.wait_for_url(re.compile(r"/result$"))
    assert page.locator(".verdict strong").inner_text() == f"✓ {t['passed']}"
    check(page)

    page.goto(f"{base}/")
    assert t["jp"] in page.inner_text("main").replace("\xa0", " ")
    assert page.get_by_role("heading", name=t["completed"], exact=True).is_visible()
    check(page)

    with live_server.app.app_context():
        user = db.session.scalar(db.select(User).where(User.nip == journey[lang]))
        course = db.session.scalar(db.select(Course).where(Course.slug == f"jalan-{lang}"))
        assert learning_queries.course_state(user, course, learning_queries.enrollment_of(user, course)).status == "completed"
