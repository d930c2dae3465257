"""Disabling the plugin (``LMS_PLUGINS`` without ``kelas``) leaves every page working: its
items stay in the courses (core stores every item generically) and say they are unavailable,
its progress and notifications stay in the database, no page fails. The same sweep with the
plugin enabled is in test_example_plugin.py."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.app import create_app
from lms.core.models import CourseAuthor, CourseItem, ItemProgress, Notification, ProgressStatus, Role
from lms.core.services import learning
from lms.extensions import db as _db
from lms.plugins.manager import discover
from lms.testing import factories
from lms.testing.plugin import IsolatedClient


@pytest.fixture(scope="module")
def app(app_settings):  # noqa: ANN001, ANN201 - this module's app: every installed plugin but kelas
    enabled = ",".join(sorted(name for name in discover() if name != "kelas"))
    application = create_app({**app_settings, "LMS_PLUGINS": enabled})
    application.test_client_class = IsolatedClient
    with application.app_context():
        _db.create_all()
        from lms.core.competency_framework import ensure_national_competencies
        from lms.core.services.employee_types import ensure_builtin

        ensure_national_competencies()
        ensure_builtin()
        _db.session.commit()
    yield application
    with application.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def site(db):  # noqa: ANN001, ANN201
    """A course with a session item written while the plugin was enabled, attended by a learner."""
    course = factories.make_course("kelas-mati", title="Kursus dengan sesi", jp=2)
    db.session.add(CourseItem(revision_id=course.published_revision_id, key="praktik", type="sesi",
                              title="Praktik di kelas", position=99, source_path="02-praktik.sesi.md",
                              settings={"jp": 3, "date": None, "place": ""}, content={"html": "<p>Isi</p>"},
                              required=True))
    boss = factories.make_user(name="Atasan", roles=[Role.SUPERVISOR])
    learner = factories.make_user(name="Peserta", supervisor=boss)
    trainer = factories.make_user(roles=[Role.TRAINER])
    admin = factories.make_user(roles=[Role.ADMIN])
    db.session.add(CourseAuthor(course_id=course.id, user_id=trainer.id))
    enrollment = learning.enroll(learner, course)
    db.session.add(ItemProgress(user_id=learner.id, course_id=course.id, cycle=enrollment.cycle, item_key="praktik",
                                status=ProgressStatus.DONE))
    db.session.add(Notification(user_id=learner.id, kind="kelas.besok", params={"title": "Praktik"},
                                link="/courses/kelas-mati/praktik", dedup_key="kelas.besok:mati"))
    db.session.flush()
    return {"learner": learner, "trainer": trainer, "boss": boss, "admin": admin, "course": course}


def _pages_without_arguments(app) -> list[str]:  # noqa: ANN001
    return sorted({rule.rule for rule in app.url_map.iter_rules()
                   if "GET" in rule.methods and not rule.arguments and not rule.rule.startswith(("/static", "/api"))
                   and "logout" not in rule.rule and not _download(rule.rule)})


def _download(path: str) -> bool:
    """Streamed downloads (exports) are left out: a test client cannot end their stream in the
    request's own context; the pages that offer them are in."""
    return path.endswith((".csv", ".xlsx", ".zip")) or "export" in path


def test_the_plugin_is_disabled_here(app) -> None:  # noqa: ANN001
    host = app.extensions["lms.host"]
    assert "kelas" in host.installed and "kelas" not in host.names and "sesi" not in host.activities


@pytest.mark.parametrize("role", ["learner", "trainer", "boss", "admin"])
def test_every_page_works_without_the_plugin(app, client, login_as, site, role) -> None:  # noqa: ANN001
    login_as(site[role])
    pages = _pages_without_arguments(app) + [
        "/courses/kelas-mati", "/courses/kelas-mati/praktik", "/author/kelas-mati/", "/author/kelas-mati/results",
        "/author/kelas-mati/confirmations", f"/team/{site['learner'].id}"]
    failures = {}
    for path in pages:
        response = client.get(path)
        if response.status_code >= 500:
            failures[path] = response.status_code
    assert not failures


def test_the_session_item_says_it_is_unavailable_and_counts_no_jp(client, db, login_as, site) -> None:  # noqa: ANN001
    from datetime import UTC, datetime

    from lms.core.queries import jp_ledger

    login_as(site["learner"])
    page = client.get("/courses/kelas-mati/praktik")
    assert page.status_code == 200
    assert client.get("/notifications").status_code == 200
    year = datetime.now(UTC).year
    assert jp_ledger.jp_of(site["learner"].id, jp_ledger.Period.year(year)) == 0  # its credits went with it
    assert db.session.scalar(select(ItemProgress.status).where(ItemProgress.item_key == "praktik")) == "done"
