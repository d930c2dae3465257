"""The standards CSV uploaded on /admin/positions (no command line for admins): every problem
with its file, line and column and nothing written; a good file sets the levels, audited."""

from __future__ import annotations

from io import BytesIO

from sqlalchemy import select

from lms.core.models.audit import AuditLog
from lms.core.models.competency import PositionStandard
from lms.testing.helpers import csrf_from


def _upload(client, text: str, name: str = "standar.csv"):
    page = client.get("/admin/positions/")
    assert page.status_code == 200 and "import-standards" not in page.text  # no command named
    return client.post("/admin/positions/import", data={"csrf_token": csrf_from(page.text),
                                                        "file": (BytesIO(text.encode()), name)},
                       content_type="multipart/form-data")


def test_a_standards_file_sets_required_levels_with_audit(client, db, admin, make_position) -> None:
    position = make_position("Analis Kepegawaian")
    db.session.flush()
    response = _upload(client, "position,competency,level\nAnalis Kepegawaian,integritas,3\n"
                               "Analis Kepegawaian,komunikasi,2\n")
    assert response.status_code == 302
    levels = dict(db.session.execute(select(PositionStandard.competency_code, PositionStandard.required_level)
                                     .where(PositionStandard.position_id == position.id)).tuples().all())
    assert levels == {"integritas": 3, "komunikasi": 2}
    entry = db.session.scalars(select(AuditLog).where(AuditLog.action == "standard.import")).one()
    assert entry.after == {"file": "standar.csv", "created": 2, "updated": 0, "unchanged": 0}
    assert entry.actor_id == admin.id


def test_a_bad_file_shows_every_problem_and_writes_nothing(client, db, admin, make_position) -> None:
    make_position("Analis Kepegawaian")
    db.session.flush()
    response = _upload(client, "position,competency,level\nAnalis Kepegawaian,integritas,3\n"
                               "Juru Masak,integritas,2\nAnalis Kepegawaian,komunikasi,9\n", name="jabatan.csv")
    assert response.status_code == 422
    text = response.text
    assert "2 masalah di jabatan.csv" in text
    assert "baris 3" in text and "kolom position" in text and "Juru Masak" in text
    assert "baris 4" in text and "kolom level" in text
    assert db.session.scalars(select(PositionStandard)).all() == []


def test_only_csv_files_and_only_admins(client, db, admin, make_user, login_as) -> None:
    response = _upload(client, "x", name="standar.xlsx")
    assert response.status_code == 422 and "Hanya berkas .csv." in response.text
    login_as(make_user())
    assert client.post("/admin/positions/import").status_code in (400, 403)
