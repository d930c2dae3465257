"""The competency dictionary uploaded on /admin/competencies (no command line for admins):
all or nothing with every problem's line, each competency's change audited."""

from __future__ import annotations

from io import BytesIO

from sqlalchemy import select

from lms.core.models import Competency
from lms.core.models.audit import AuditLog
from lms.testing.helpers import csrf_from

DICTIONARY = """\
competencies:
  - code: tek-arsip
    name: Kearsipan Digital
    group: teknis
    levels:
      1: Menyimpan arsip digital sesuai aturan.
"""


def _upload(client, text: str, name: str = "kamus.yml"):
    page = client.get("/admin/competencies/")
    assert "lms competencies" not in page.text  # the page names no command
    return client.post("/admin/competencies/import", data={"csrf_token": csrf_from(page.text),
                                                           "file": (BytesIO(text.encode()), name)},
                       content_type="multipart/form-data")


def test_a_dictionary_file_adds_and_updates_competencies_with_audit(client, db, admin) -> None:
    response = _upload(client, DICTIONARY)
    assert response.status_code == 302
    assert db.session.get(Competency, "tek-arsip").name == "Kearsipan Digital"
    response = _upload(client, DICTIONARY.replace("Kearsipan Digital", "Arsip Digital"))
    assert response.status_code == 302
    actions = [(a.action, a.target_id) for a in db.session.scalars(select(AuditLog).order_by(AuditLog.id))
               if a.action.startswith("competency.")]
    assert actions == [("competency.create", "tek-arsip"), ("competency.update", "tek-arsip")]
    assert "1 diubah" in client.get("/admin/competencies/").text


def test_a_bad_file_lists_every_problem_with_its_line_and_imports_nothing(client, db, admin) -> None:
    bad = DICTIONARY + "  - code: tek-dua\n    group: teknis\n  - name: Tanpa Kode\n    group: bukan\n"
    response = _upload(client, bad)
    assert response.status_code == 422
    assert "baris 7" in response.text and "baris 9" in response.text and "kamus.yml" in response.text
    assert db.session.get(Competency, "tek-arsip") is None


def test_only_yaml_files_are_taken(client, db, admin) -> None:
    response = _upload(client, "a,b\n", name="kamus.csv")
    assert response.status_code == 422 and "Hanya berkas .yml atau .yaml." in response.text
