import io
import zipfile

from sqlalchemy import func, select

from lms.core.models import Course, CourseAuthor, CourseItem, Role
from lms.testing.helpers import csrf_from

COURSE_MD = """---
title: Kursus Unggahan
summary: Kursus kecil untuk menguji unggahan.
jp: 1
---
Deskripsi.
"""
LESSON = "# Pengantar\n\nIsi materi.\n"


def make_zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return buffer.getvalue()


def upload(client, data: bytes, name: str = "kursus.zip", draft: bool = False):
    page = client.get("/author/import")
    form = {"csrf_token": csrf_from(page.text), "archive": (io.BytesIO(data), name)}
    if draft:
        form["draft"] = "y"
    response = client.post("/author/import", data=form, content_type="multipart/form-data")
    if response.status_code != 303:
        return response
    # the import is a job: the upload page hands over and the job's page shows the outcome
    assert response.headers["Location"].startswith("/jobs/")
    return client.get(response.headers["Location"])


def test_trainer_uploads_a_course_and_becomes_its_author(client, db, make_user, login_as) -> None:
    trainer = login_as(make_user(roles=[Role.TRAINER]))
    response = upload(client, make_zip({"kursus-unggahan/course.md": COURSE_MD,
                                        "kursus-unggahan/01-pengantar.md": LESSON}))
    assert response.status_code == 200, response.text
    assert "kursus-unggahan" in response.text
    course = db.session.scalar(select(Course).where(Course.slug == "kursus-unggahan"))
    assert course.is_published
    assert [a.user_id for a in course.authors] == [trainer.id]
    assert "Kursus Unggahan" in client.get("/author/").text


def test_errors_are_listed_with_file_and_line_and_nothing_is_written(client, db, make_user, login_as) -> None:
    login_as(make_user(roles=[Role.TRAINER]))
    broken = COURSE_MD.replace("jp: 1", "jpp: 1")
    response = upload(client, make_zip({"rusak/course.md": broken, "rusak/01-a.md": LESSON}))
    assert response.status_code == 200 and "Tidak ada yang diimpor" in response.text
    assert "kursus.zip:rusak/course.md:4" in response.text and "jpp" in response.text
    assert db.session.scalar(select(func.count()).select_from(Course)) == 0


def test_zip_with_path_traversal_is_refused(client, db, make_user, login_as) -> None:
    login_as(make_user(roles=[Role.TRAINER]))
    response = upload(client, make_zip({"course.md": COURSE_MD, "01-a.md": LESSON, "../evil.md": "x"}))
    assert response.status_code == 200 and "Tidak ada yang diimpor" in response.text
    assert "path traversal" in response.text
    assert db.session.scalar(select(func.count()).select_from(CourseItem)) == 0


def test_a_trainer_cannot_replace_someone_elses_course_but_an_admin_can(app, client, db, make_user, login_as) -> None:
    files = {"milik-orang/course.md": COURSE_MD, "milik-orang/01-a.md": LESSON}
    owner = make_user(roles=[Role.TRAINER])
    login_as(owner)
    assert upload(client, make_zip(files)).status_code == 200
    other_client = app.test_client()
    with other_client.session_transaction() as session:
        session["_user_id"] = make_user(roles=[Role.TRAINER]).get_id()
    changed = {**files, "milik-orang/01-a.md": LESSON + "\nDiubah orang lain.\n"}
    response = upload(other_client, make_zip(changed))
    assert "Tidak ada yang diimpor" in response.text and "bukan milik Anda" in response.text
    with other_client.session_transaction() as session:
        session["_user_id"] = make_user(roles=[Role.ADMIN]).get_id()
    assert upload(other_client, make_zip(changed)).status_code == 200
    course = db.session.scalar(select(Course).where(Course.slug == "milik-orang"))
    assert db.session.scalar(select(func.count()).select_from(CourseAuthor)
                             .where(CourseAuthor.course_id == course.id)) == 2


def test_learners_cannot_upload(client, db, make_user, login_as) -> None:
    login_as(make_user())
    assert client.get("/author/import").status_code == 403
    assert client.get("/author/").status_code == 403


def test_non_zip_is_refused_by_the_form(client, db, make_user, login_as) -> None:
    login_as(make_user(roles=[Role.TRAINER]))
    response = upload(client, b"not a zip", name="kursus.txt")
    assert response.status_code == 400 and "zip" in response.text
