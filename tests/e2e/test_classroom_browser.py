"""A classroom session on a phone and a desktop, in Indonesian and English: the runs read
without sideways scrolling, the sign-up button is one thumb tap and gives the booked state,
axe finds nothing serious. ``--screenshots DIR`` writes the pages to ``DIR/classroom/``."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from lms.builtin.classroom.models import Signup
from lms.core.importer.service import import_sources
from lms.core.importer.source import CourseSource
from lms.core.models import Course
from lms.core.services import learning
from lms.extensions import db
from lms.testing.browser import axe_violations, describe, layout_problems
from lms.testing.factories import DEFAULT_PASSWORD, make_user
from tests.builtin.classroom.conftest import FILES, session_file

pytestmark = pytest.mark.e2e

COURSE_MD = "---\ntitle: Penyusunan SOP\nsummary: Kursus campuran.\njp: 2\nenrollment: open\n---\nIsi.\n"
VIEWS = ((360, 740, "id"), (360, 740, "en"), (1280, 800, "id"), (1280, 800, "en"))


@pytest.fixture(scope="module")
def learners(live_server):
    with live_server.data():
        nips = {}
        for width, _height, lang in VIEWS:
            slug = f"sesi-{width}-{lang}"
            files = {"course.md": COURSE_MD, **FILES, "02-lokakarya.session.md": session_file(seats=2)}
            import_sources([CourseSource(slug, {path: text.encode() for path, text in files.items()})])
            course = db.session.scalar(select(Course).where(Course.slug == slug))
            user = make_user(name=f"Peserta Sesi {width} {lang}")
            learning.enroll(user, course)
            nips[(width, lang)] = user.nip
        return nips


@pytest.mark.parametrize(("width", "height", "lang"), VIEWS)
def test_sign_up_for_a_run(browser, live_server, learners, request, width, height, lang) -> None:
    phone = width < 400
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone,
                                  device_scale_factor=2 if phone else 1)
    context.set_default_timeout(10_000)
    page = context.new_page()
    base = live_server.url
    try:
        page.goto(f"{base}/login?lang={lang}")
        page.locator("#login").fill(learners[(width, lang)])
        page.locator("#password").fill(DEFAULT_PASSWORD)
        page.locator("form button[type=submit]").click()
        page.wait_for_url(f"{base}/")
        page.goto(f"{base}/courses/sesi-{width}-{lang}/lokakarya?lang={lang}")
        shots = request.config.getoption("--screenshots")
        if shots:
            Path(shots, "classroom").mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(shots, "classroom", f"session-{width}-{lang}.png")), full_page=True)
        assert layout_problems(page) == []
        if phone and lang == "id":
            violations = axe_violations(page)
            assert not violations, describe(violations)
        button = page.get_by_role("button", name="Daftar di Angkatan 1" if lang == "id" else "Sign up for Angkatan 1")
        box = button.bounding_box()
        assert box is not None and box["height"] >= 44
        button.click()
        page.wait_for_load_state()
        status = "Terdaftar, kursi sudah dipesan" if lang == "id" else "Booked, your seat is reserved"
        assert status in page.locator("main").inner_text()
        if shots:
            page.screenshot(path=str(Path(shots, "classroom", f"session-booked-{width}-{lang}.png")), full_page=True)
        assert layout_problems(page) == []
    finally:
        context.close()
    with live_server.app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == f"sesi-{width}-{lang}"))
        states = db.session.scalars(select(Signup.state).where(Signup.course_id == course.id)).all()
    assert states == ["booked"]


@pytest.fixture(scope="module")
def register_course(live_server):
    """A session that started this morning, with two booked people and its trainer."""
    from datetime import timedelta

    from lms.builtin.classroom import signups
    from lms.core.clock import utcnow
    from lms.core.models import CourseAuthor, Role

    with live_server.data():
        files = {"course.md": COURSE_MD, **FILES, "02-lokakarya.session.md": session_file(seats=5, days_ahead=0)}
        import_sources([CourseSource("sesi-daftar-hadir", {p: t.encode() for p, t in files.items()})])
        course = db.session.scalar(select(Course).where(Course.slug == "sesi-daftar-hadir"))
        trainer = make_user(name="Widyaiswara Sesi", roles=[Role.TRAINER])
        db.session.add(CourseAuthor(course_id=course.id, user_id=trainer.id))
        for name in ("Siti Rahmawati, S.Sos.", "Bambang Hermawan"):
            person = make_user(name=name)
            learning.enroll(person, course)
            signups.sign_up(person, course, "lokakarya", "angkatan-1", now=utcnow() - timedelta(days=2))
        return trainer.nip


def test_register_on_a_phone(browser, live_server, register_course, request) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    context.set_default_timeout(10_000)
    page = context.new_page()
    base = live_server.url
    shots = request.config.getoption("--screenshots")
    try:
        page.goto(f"{base}/login?lang=id")
        page.locator("#login").fill(register_course)
        page.locator("#password").fill(DEFAULT_PASSWORD)
        page.locator("form button[type=submit]").click()
        page.wait_for_url(f"{base}/")
        page.goto(f"{base}/classroom/sesi-daftar-hadir/lokakarya/runs/angkatan-1/register")
        assert layout_problems(page) == []
        violations = axe_violations(page)
        assert not violations, describe(violations)
        row = page.locator(".register-row", has_text="Siti Rahmawati")
        row.get_by_role("button", name="Hadir", exact=True).click()
        page.wait_for_load_state()
        row = page.locator(".register-row", has_text="Siti Rahmawati")
        assert row.get_by_role("button", name="Hadir", exact=True).get_attribute("aria-pressed") == "true"
        if shots:
            Path(shots, "classroom").mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(shots, "classroom", "register-360-id.png")), full_page=True)
        page.get_by_role("button", name="Tutup daftar hadir").click()
        page.wait_for_load_state()
        assert "1 peserta menuntaskan sesi ini" in page.locator("main").inner_text()
        if shots:
            page.screenshot(path=str(Path(shots, "classroom", "register-closed-360-id.png")), full_page=True)
        assert layout_problems(page) == []
    finally:
        context.close()
