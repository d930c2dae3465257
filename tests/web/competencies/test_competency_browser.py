"""The profile and the admin sections in a real browser at phone size: no serious or critical
axe violations, no CSP errors in the console, the chart drawn."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from lms.testing.browser import PHONE, LiveServer, axe_violations, describe, serve
from lms.testing.plugin import settings_for

pytestmark = pytest.mark.e2e

EMPLOYEE, ADMIN = "198506152010012002", "198001012005011001"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    from lms.app import create_app
    from lms.core.competency_framework import ensure_national_competencies
    from lms.core.models import Role
    from lms.core.queries import learning as learning_queries
    from lms.core.services import learning
    from lms.core.services.competencies import local_today, record_assessment, set_position_standards
    from lms.extensions import db
    from lms.testing import factories

    tmp: Path = tmp_path_factory.mktemp("competency-live")
    app = create_app(settings_for(tmp, f"sqlite:///{tmp / 'live.db'}", LMS_LOGIN_RATE_LIMIT="1000 per minute"))
    with serve(app) as server:
        with server.data():
            db.create_all()
            ensure_national_competencies()
            position = factories.make_position("Analis SDM Aparatur Ahli Muda")
            set_position_standards(position, {"integritas": 3, "komunikasi": 2, "kerja-sama": 2})
            boss = factories.make_user(name="Atasan", nip=ADMIN, roles=[Role.SUPERVISOR, Role.ADMIN])
            user = factories.make_user(name="Dewi Lestari", nip=EMPLOYEE, position=position, supervisor=boss)
            front = "competencies:\n  - code: integritas\n    level: 1\n  - code: komunikasi\n    level: 2\n"
            course = factories.make_course("etika-dasar", title="Etika ASN", jp=4, extra=front)
            factories.make_course("etika-madya", title="Integritas Madya",
                                  extra="competencies:\n  - code: integritas\n    level: 2\n")
            learning.enroll(user, course)
            for item in learning_queries.published_items(course):
                learning.mark_done(user, course, item.key)
            record_assessment(user, "kerja-sama", 2, "assessment_center", local_today() - timedelta(days=100), boss)
            record_assessment(user, "komunikasi", 1, "uji_kompetensi", local_today() - timedelta(days=1300), boss)
        yield server
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def _signed_in(browser: Any, site: LiveServer, nip: str) -> tuple[Any, list[str]]:
    from lms.testing.factories import DEFAULT_PASSWORD

    context = browser.new_context(**PHONE, locale="id-ID")
    context.set_default_timeout(10_000)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(f"{site.url}/login")
    page.fill("#login", nip)
    page.fill("#password", DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{site.url}/")
    return page, console


def test_profile_on_a_phone(browser, site: LiveServer) -> None:
    page, console = _signed_in(browser, site, EMPLOYEE)
    page.click("details.more > summary")  # "Lainnya"
    page.click("text=Profil kompetensi")
    assert page.locator("h1").inner_text() == "Profil kompetensi"
    assert page.locator("svg.comp-chart rect.chart-evidence").count() == 2  # integritas, komunikasi
    assert page.locator("svg.comp-chart rect.chart-assessed").count() == 1  # kerja sama
    page.click("text=Lihat sebagai tabel")
    assert page.locator("details.chart-table table").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
    assert describe(axe_violations(page)) == ""
    assert console == []
    page.context.close()


def test_supervisor_and_admin_pages(browser, site: LiveServer) -> None:
    from lms.core.models import Position
    from lms.extensions import db

    with site.data():
        position_id = db.session.query(Position.id).filter_by(name="Analis SDM Aparatur Ahli Muda").scalar()
    page, console = _signed_in(browser, site, ADMIN)
    for path in (f"/team/{EMPLOYEE}/competencies", "/admin/", "/admin/competencies/", "/admin/competencies/new",
                 "/admin/competencies/integritas/edit", "/admin/positions/",
                 f"/admin/positions/{position_id}/standards", f"/admin/assessments/?nip={EMPLOYEE}"):
        response = page.goto(site.url + path)
        assert response.status == 200, path
        assert describe(axe_violations(page)) == "", path
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    assert console == []
    page.context.close()
