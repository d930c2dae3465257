"""Template slots where plugins extend core pages (``lms.plugins.slots.SLOTS``).

A throwaway plugin fills every slot of the pages below and each page shows its part, with the
context the slot promises; without that plugin, and without the certificate plugin that fills
the learner's certificate slots, every page still answers 200 (and shows no certificate).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask, url_for
from markupsafe import escape

from lms.core.models import Role
from lms.plugins import SlotContent, hookimpl
from lms.plugins.slots import SLOTS
from lms.testing.plugin import settings_for

#: the slots of the pages this file visits, and the context value each part shows
FILLED = {
    "transcript_row": lambda c: f"completion {c['completion'].id}",
    "completed_course_card": lambda c: f"completion {c['completion'].id}",
    "completion_page": lambda c: f"completion {c['completion'].id}",
    "team_person_card": lambda c: f"person {c['person'].nip}",
    "author_course_settings": lambda c: f"course {c['course'].slug}",
    "author_results": lambda c: f"course {c['course'].slug}",
    "course_outline_item": lambda c: f"item {c['item'].key} done={c['done']}",
}
SURVEY = "---\ntitle: Evaluasi\n---\n## Materi mudah dipahami.\nscale: 1-5\n"


class SlotFiller:
    """Fills the slots of :data:`FILLED` with a marker naming the slot and its context."""

    @hookimpl
    def lms_template_slot(self, name: str, context: dict[str, Any]) -> list[SlotContent] | None:
        if name not in FILLED:
            return None
        return [SlotContent(weight=10, html=escape(f"[{name}: {FILLED[name](context)}]"))]


class CertificateListener:
    """A third party's handler of the certificate plugin's own event (optional: start-up works
    with the certificate plugin disabled, and then it is never called)."""

    def __init__(self) -> None:
        self.issued: list[int] = []

    @hookimpl(optionalhook=True)
    def lms_on_certificate_issued(self, certificate_id: int) -> None:
        self.issued.append(certificate_id)


def _site(tmp: Path, **kwargs: Any) -> tuple[Flask, dict[str, Any]]:
    """An app of its own (plugins are chosen at start-up) with a supervisor, their learner who
    completed a course with a certificate, and the course's author."""
    from lms.app import create_app
    from lms.core import transaction
    from lms.core.models import CourseAuthor
    from lms.core.services import learning
    from lms.extensions import db
    from lms.testing.factories import make_course, make_user

    app = create_app(settings_for(tmp, **{k: v for k, v in kwargs.items() if k != "plugins"}),
                     plugins=kwargs.get("plugins", ()))
    with app.app_context():
        db.create_all()
        supervisor = make_user(name="Hendra Wijaya", roles=[Role.SUPERVISOR])
        learner = make_user(name="Siti Rahmawati", supervisor=supervisor)
        author = make_user(name="Endang Lestari", roles=[Role.TRAINER])
        with_survey = "survey" in app.extensions["lms.host"].names  # a .survey.md is no item without it
        files = {"01-materi.md": "# Materi\n\nIsi.\n", **({"02-evaluasi.survey.md": SURVEY} if with_survey else {})}
        course = make_course("kursus-slot", files, title="Kursus Slot", extra="certificate: true\n")
        db.session.add(CourseAuthor(course_id=course.id, user_id=author.id))
        learning.enroll(learner, course)
        learning.mark_done(learner, course, "materi")
        transaction.commit()
        if with_survey:
            from lms.builtin.survey.responses import submit_response
            from lms.plugins.formats.ids import derived_question_id

            submit_response(learner, course, "evaluasi", {derived_question_id("Materi mudah dipahami."): "4"})
            transaction.commit()
        from lms.core.models import Completion

        completion = db.session.query(Completion).filter_by(user_id=learner.id).one_or_none()
        with app.test_request_context():
            urls = {
                "transcript": url_for("learner.transcript"), "dashboard": url_for("learner.dashboard"),
                "course": url_for("learner.course", slug=course.slug),
                "person": url_for("team.person", nip=learner.nip),
                "settings": url_for("author.settings", slug=course.slug),
                "results": url_for("author.results", slug=course.slug),
            }
            if completion is not None:
                urls["completed"] = url_for("learner.completed", slug=course.slug)
        from lms.core.services.tokens import create_token

        token = create_token(learner, "uji")[1]
        transaction.commit()
        people = {"learner": learner.get_id(), "supervisor": supervisor.get_id(), "author": author.get_id()}
        return app, {"urls": urls, "people": people, "slug": course.slug, "nip": learner.nip, "token": token,
                     "completion_id": completion.id if completion else None}


def _get(app: Flask, who: str, site: dict[str, Any], page: str) -> Any:
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = site["people"][who]
    return client.get(site["urls"][page])


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Flask, dict[str, Any]]:
    listener = CertificateListener()
    app, site = _site(tmp_path_factory.mktemp("slots"),
                      plugins=[("slotfiller", SlotFiller()), ("listener", listener)])
    return app, {**site, "listener": listener}


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory) -> tuple[Flask, dict[str, Any]]:
    """Neither the slot filler nor the certificate plugin (nor the survey plugin)."""
    listener = CertificateListener()
    app, site = _site(tmp_path_factory.mktemp("bare"), LMS_PLUGINS="lesson,quiz,evidence",
                      plugins=[("listener", listener)])
    return app, {**site, "listener": listener}


def test_every_slot_filled_here_is_declared_and_every_slot_is_documented() -> None:
    from lms.plugins.hookspecs import lms_template_slot

    assert set(FILLED) <= set(SLOTS)
    undocumented = [name for name in SLOTS if f"``{name}``" not in (lms_template_slot.__doc__ or "")]
    assert undocumented == [], "list each slot and its context in lms_template_slot's docstring"


@pytest.mark.parametrize(("who", "page", "slots"), [
    ("learner", "transcript", ["transcript_row"]),
    ("learner", "dashboard", ["completed_course_card"]),
    ("learner", "completed", ["completion_page"]),
    ("learner", "course", ["course_outline_item"]),
    ("supervisor", "person", ["team_person_card"]),
    ("author", "settings", ["author_course_settings"]),
    ("author", "results", ["author_results"]),
])
def test_a_plugin_fills_the_slots_of_a_page(filled, who, page, slots) -> None:
    app, site = filled
    response = _get(app, who, site, page)
    assert response.status_code == 200
    expected = {
        "transcript_row": f"[transcript_row: completion {site['completion_id']}]",
        "completed_course_card": f"[completed_course_card: completion {site['completion_id']}]",
        "completion_page": f"[completion_page: completion {site['completion_id']}]",
        "course_outline_item": "[course_outline_item: item materi done=True]",
        "team_person_card": f"[team_person_card: person {site['nip']}]",
        "author_course_settings": f"[author_course_settings: course {site['slug']}]",
        "author_results": f"[author_results: course {site['slug']}]",
    }
    for name in slots:
        assert expected[name] in response.text


def test_the_certificate_plugin_fills_the_learner_s_slots(filled) -> None:
    app, site = filled
    for page in ("transcript", "dashboard", "completed"):
        assert "Unduh sertifikat (PDF)" in _get(app, "learner", site, page).text, page
    assert "Tautan verifikasi" in _get(app, "learner", site, "completed").text


def test_the_survey_plugin_fills_the_author_s_results(filled) -> None:
    app, site = filled
    page = _get(app, "author", site, "results").text
    assert "Survei: Evaluasi" in page and "1 responden" in page


@pytest.mark.parametrize(("who", "page"), [
    ("learner", "transcript"), ("learner", "dashboard"), ("learner", "completed"), ("learner", "course"),
    ("supervisor", "person"), ("author", "settings"), ("author", "results"),
])
def test_without_the_filling_plugins_every_page_still_works(bare, who, page) -> None:
    app, site = bare
    assert "certificate" not in app.extensions["lms.host"].names
    response = _get(app, who, site, page)
    assert response.status_code == 200
    assert "[" + page not in response.text
    assert "Unduh sertifikat" not in response.text and "Survei:" not in response.text


def _api_transcript(app: Flask, site: dict[str, Any]) -> dict[str, Any]:
    response = app.test_client().get(f"/api/v1/users/{site['nip']}/transcript",
                                     headers={"Authorization": f"Bearer {site['token']}"})
    assert response.status_code == 200
    return response.get_json()


def test_the_api_transcript_has_the_certificate_from_its_plugin(filled) -> None:
    app, site = filled
    [entry] = _api_transcript(app, site)["completions"]
    assert entry["certificate"]["number"] and entry["certificate"]["status"] == "valid"


def test_without_the_certificate_plugin_the_api_transcript_has_no_certificates(bare) -> None:
    app, site = bare
    [entry] = _api_transcript(app, site)["completions"]
    assert entry["certificate"] is None


def test_the_certificate_s_own_event_reaches_another_plugin(filled) -> None:
    app, site = filled
    from lms.builtin.certificate.models import Certificate
    from lms.extensions import db

    with app.app_context():
        issued = db.session.query(Certificate.id).filter_by(completion_id=site["completion_id"]).scalar()
    assert site["listener"].issued == [issued]


def test_without_the_certificate_plugin_its_event_is_gone_and_its_listeners_still_start(bare) -> None:
    app, site = bare
    assert app.extensions["lms.host"].hook.lms_on_certificate_issued.spec is None  # only the listener's
    assert site["listener"].issued == []


def test_item_types_are_named_by_their_plugins(filled, bare) -> None:
    """The outline says what each item is in its activity type's own word, so a plugin's type is
    not called "Materi"; a type whose plugin is disabled is just "Kegiatan"."""
    from lms.web.templating import activity_label

    app, _site_ = filled
    with app.test_request_context():
        assert [activity_label(t) for t in ("lesson", "quiz", "survey", "forum")] == [
            "Materi", "Kuis", "Survei", "Kegiatan"]
    app, site = bare
    with app.test_request_context():
        assert activity_label("survey") == "Kegiatan"
    assert "Materi · " in _get(app, "learner", site, "course").text
