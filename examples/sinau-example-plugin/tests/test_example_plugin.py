"""The example plugin ``kelas`` (sesi tatap muka), installed as a real package with its entry
point: an activity completed by the trainer's confirmation, JP in the one ledger, a periodic
reminder of its own notification kind, a line in Riwayat diklat, its own translation and CSS.
It runs on the suite's app (every installed plugin is enabled) with Sinau's pytest fixtures."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from importlib.metadata import entry_points

import pytest
from sqlalchemy import select

from lms.core.jobs import tick
from lms.core.models import CourseAuthor, Notification, Role
from lms.core.queries import jp_ledger
from lms.core.services import learning
from lms.core.services.notifications import render
from lms.plugins import local_date, utcnow
from lms.testing import factories

SESSION = """---
title: Praktik SKP di kelas
jp: 3
date: {day}
place: Aula BKPSDM
---
Bawa laptop dan draf SKP Anda.
"""


def _session_course(day: str) -> object:
    return factories.make_course("kelas-skp", title="Menyusun SKP", jp=2, files={
        "01-baca.md": "# Baca\n\nIsi.\n", "02-praktik.sesi.md": SESSION.format(day=day)})


@pytest.fixture
def people(db):  # noqa: ANN001, ANN201
    tomorrow = local_date(utcnow()) + timedelta(days=1)
    course = _session_course(tomorrow.isoformat())
    trainer = factories.make_user(name="Bu Pengajar", roles=[Role.TRAINER])
    db.session.add(CourseAuthor(course_id=course.id, user_id=trainer.id))
    learner = factories.make_user(name="Andi Peserta")
    learning.enroll(learner, course)
    learning.mark_done(learner, course, "baca")
    db.session.flush()
    return course, trainer, learner, tomorrow


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_it_is_a_real_package_found_by_its_entry_point(app) -> None:
    [ep] = [ep for ep in entry_points(group="lms.plugins") if ep.name == "kelas"]
    assert ep.value == "sinau_example.plugin" and ep.dist.name == "sinau-example-plugin"
    assert "kelas" in app.extensions["lms.host"].names
    assert "sesi" in app.extensions["lms.host"].activities


def test_attendance_confirmed_by_the_trainer_completes_and_credits_jp(client, db, login_as, people) -> None:  # noqa: ANN001
    course, trainer, learner, _tomorrow = people
    login_as(learner)
    page = client.get("/courses/kelas-skp/praktik").get_data(as_text=True)
    assert "Menunggu konfirmasi pengajar" in page and "Aula BKPSDM" in page
    with pytest.raises(learning.LearningError):
        learning.mark_done(learner, course, "praktik")

    login_as(trainer)
    page = client.get("/author/kelas-skp/confirmations").get_data(as_text=True)
    assert "Andi Peserta" in page
    assert client.post("/author/kelas-skp/confirmations", data={
        "csrf_token": _token(page), "key": "praktik", "user_id": learner.id}).status_code == 302

    year = datetime.now(UTC).year
    assert jp_ledger.jp_of(learner.id, jp_ledger.Period.year(year)) == 5  # course 2 + session 3
    login_as(learner)
    transcript = client.get("/me/transcript").get_data(as_text=True)
    assert "JP dari kegiatan lain" in transcript and "Menyusun SKP: Praktik SKP di kelas" in transcript
    assert "1 sesi tatap muka dihadiri (3 JP)" in transcript  # the slot under the completed course
    english = client.get("/me/transcript?lang=en").get_data(as_text=True)
    assert "1 classroom session attended (3 JP)" in english  # the plugin's own catalogue
    assert "Classroom session" in client.get("/courses/kelas-skp/praktik?lang=en").get_data(as_text=True)


def test_the_daily_job_reminds_the_learners_of_tomorrows_session(db, people) -> None:  # noqa: ANN001
    course, _trainer, learner, tomorrow = people
    seven = datetime(2026, 12, 3, 7, 0, 10, tzinfo=UTC) - timedelta(hours=7)  # 07:00 in Jakarta
    runs = {r.name: r for r in tick(seven)}
    run = runs["kelas.pengingat"]
    db.session.refresh(run)
    assert run.status == "done" and run.result == {"sent": 1}
    [note] = db.session.scalars(select(Notification).where(Notification.kind == "kelas.besok")).all()
    assert note.user_id == learner.id and note.link == "/courses/kelas-skp/praktik"
    title, sentence = render(note.kind, note.params)
    assert title == "Sesi tatap muka besok: Praktik SKP di kelas"
    assert "Aula BKPSDM" in sentence


def test_a_bad_session_file_is_reported_with_its_line(db) -> None:  # noqa: ANN001
    from lms.core.diagnostics import InputError

    with pytest.raises(InputError) as info:
        factories.make_course("kelas-salah", files={"01-sesi.sesi.md": "---\njp: nol\ndate: besok\n---\nIsi\n"})
    found = {(d.line, d.message.split(",")[0]) for d in info.value.diagnostics}
    assert any(line == 2 and "jp sesi harus angka" in message for line, message in found), found
    assert any(line == 3 and "TTTT-BB-HH" in message for line, message in found), found


def test_its_stylesheet_is_linked_by_the_session_page_only(client, login_as, people) -> None:  # noqa: ANN001
    _course, _trainer, learner, _tomorrow = people
    login_as(learner)
    page = client.get("/courses/kelas-skp/praktik").get_data(as_text=True)
    [href] = re.findall(r'href="(/static/plugins/kelas/kelas\.css\?v=[0-9a-f]+)"', page)
    css = client.get(href)
    status, body = css.status_code, css.get_data()
    css.close()  # a file response: close it, as the server does after sending
    assert status == 200 and b".kelas-facts" in body
    assert "kelas.css" not in client.get("/courses/kelas-skp/baca").get_data(as_text=True)


def test_the_session_page_links_the_stylesheet_and_it_is_served(client, db, login_as, people) -> None:  # noqa: ANN001
    _course, _trainer, learner, _day = people
    login_as(learner)
    page = client.get("/courses/kelas-skp/praktik").get_data(as_text=True)
    css = re.search(r'<link rel="stylesheet" href="(/static/plugins/kelas/kelas\.css\?v=[0-9a-f]{10})">', page)
    assert css, "the item page links the activity's stylesheet"
    served = client.get(css.group(1), buffered=True)
    assert served.status_code == 200 and b".kelas-facts" in served.data
    assert "/static/plugins/kelas/" not in client.get("/courses/kelas-skp").get_data(as_text=True)


@pytest.mark.parametrize("role", ["learner", "trainer", "boss", "admin"])
def test_every_page_works_with_the_plugin(app, client, db, login_as, people, role) -> None:  # noqa: ANN001
    course, trainer, learner, _tomorrow = people
    boss = factories.make_user(roles=[Role.SUPERVISOR])
    learner.supervisor = boss
    from lms.core.services.completion import confirm

    confirm(trainer, learner, course, "praktik")
    db.session.flush()
    who = {"learner": learner, "trainer": trainer, "boss": boss, "admin": factories.make_user(roles=[Role.ADMIN])}
    login_as(who[role])
    pages = sorted({rule.rule for rule in app.url_map.iter_rules()
                    if "GET" in rule.methods and not rule.arguments and not rule.rule.startswith(("/static", "/api"))
                    and "logout" not in rule.rule and "export" not in rule.rule
                    and not rule.rule.endswith((".csv", ".xlsx", ".zip"))})
    pages += ["/courses/kelas-skp", "/courses/kelas-skp/praktik", "/author/kelas-skp/", "/author/kelas-skp/results",
              "/author/kelas-skp/confirmations", f"/team/{learner.id}"]
    failures = {path: status for path in pages if (status := client.get(path).status_code) >= 500}
    assert not failures
