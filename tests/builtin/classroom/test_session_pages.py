"""The session on the learner's item page (runs, seats, sign-up and cancel forms), the editor's
live preview, and export giving back the file it imported."""

from __future__ import annotations

from pathlib import Path

from lms.builtin.classroom import signups
from lms.core.models import CourseAuthor, Role
from lms.core.services import learning
from lms.extensions import db
from lms.plugins import published_items
from lms.testing.helpers import csrf_from

PAGE = "/courses/kursus-sesi/lokakarya"
SIGNUP = "/classroom/kursus-sesi/lokakarya/runs/angkatan-1/signup"
CANCEL = "/classroom/kursus-sesi/lokakarya/cancel"


def test_learner_sees_runs_signs_up_and_cancels(client, session_course, make_user, login_as):
    course = session_course(seats=1)
    ani = login_as(make_user())
    learning.enroll(ani, course)
    page = client.get(PAGE)
    assert page.status_code == 200
    text = page.text
    assert "Angkatan 1" in text and "Angkatan 2" in text
    assert "Aula BKPSDM Lt. 2" in text and "Dr. Ratna Wulandari" in text and "Universitas Gadjah Mada" in text
    assert "08.00" in text and "Sisa kursi: 1 dari 1" in text
    assert f'action="{SIGNUP}"' in text and "classroom.css" in text

    done = client.post(SIGNUP, data={"csrf_token": csrf_from(text)}, follow_redirects=True)
    assert done.status_code == 200
    assert "Terdaftar, kursi sudah dipesan" in done.text
    assert signups.signup_of(ani, course, "lokakarya").state == "booked"
    assert f'action="{CANCEL}"' in done.text and "Kursi penuh" in done.text

    cancelled = client.post(CANCEL, data={"csrf_token": csrf_from(done.text)}, follow_redirects=True)
    assert "Pendaftaran Anda dibatalkan." in cancelled.text
    assert signups.signup_of(ani, course, "lokakarya").state == "cancelled"


def test_page_in_english(client, session_course, make_user, login_as):
    course = session_course()
    ani = login_as(make_user())
    learning.enroll(ani, course)
    text = client.get(PAGE, query_string={"lang": "en"}).text
    assert "Choose a run" in text and "Seats left: 1 of 1" in text and "Sign up for Angkatan 1" in text
    assert "8:00" in text and "AM" in text  # the reader's way of writing the time


def test_forms_refuse_bad_requests(client, session_course, make_user, login_as):
    course = session_course()
    assert client.post(SIGNUP).status_code in (302, 401)  # signed out: to the sign-in page
    ani = login_as(make_user())
    learning.enroll(ani, course)
    token = csrf_from(client.get(PAGE).text)
    assert client.post(SIGNUP).status_code == 400  # no CSRF token
    assert client.post(SIGNUP.replace("angkatan-1", "angkatan-9"), data={"csrf_token": token}).status_code == 404
    assert client.post("/classroom/tidak-ada/lokakarya/cancel", data={"csrf_token": token}).status_code == 404
    refused = client.post(CANCEL, data={"csrf_token": token}, follow_redirects=True)
    assert refused.status_code == 200 and "tidak terdaftar" in refused.text
    outsider = login_as(make_user())
    refused = client.post(SIGNUP, data={"csrf_token": token}, follow_redirects=True)
    assert refused.status_code == 200
    assert signups.signup_of(outsider, course, "lokakarya") is None


def test_editor_preview_shows_runs(client, session_course, make_user, login_as):
    from tests.builtin.classroom.conftest import session_file

    course = session_course()
    trainer = login_as(make_user(roles=[Role.TRAINER]))
    db.session.add(CourseAuthor(course_id=course.id, user_id=trainer.id))
    db.session.flush()
    token = csrf_from(client.get("/author/kursus-sesi/files/01-pengantar.md").text)
    body = client.post("/author/kursus-sesi/preview", json={"path": "02-lokakarya.session.md", "text": session_file()},
                       headers={"X-CSRFToken": token}).get_json()
    assert body["ok"], body
    assert "Angkatan 1" in body["html"] and "Kapasitas: 1 orang" in body["html"]
    broken = client.post("/author/kursus-sesi/preview", json={"path": "02-lokakarya.session.md",
                                                                "text": "---\nruns: []\n---\n"},
                         headers={"X-CSRFToken": token}).get_json()
    assert not broken["ok"] and broken["diagnostics"][0]["line"] == 2


def test_export_round_trip(session_course, tmp_path: Path):
    from lms.core.importer.export import export_course
    from tests.builtin.classroom.conftest import session_file

    course = session_course()
    folder = export_course("kursus-sesi", tmp_path)
    exported = (folder / "02-lokakarya.session.md").read_text()
    assert exported == session_file()
    item = next(i for i in published_items(course) if i.key == "lokakarya")
    assert item.type == "session" and item.settings == {"approval": "none", "min_attendance": 100}
