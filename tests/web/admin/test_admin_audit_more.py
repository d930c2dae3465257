"""The audit log also keeps (issue 13, security 7): role and supervisor changes of a staff CSV
import, row by row with old and new; course publish, rollback and import (web and command
line); the verification and rejection of an external learning record. And an admin cannot
take their own admin role away through the import (nor the command line the last admin's)."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

from sqlalchemy import select

from lms.core.models import CourseAuthor, Role, User
from lms.core.models.audit import AuditLog
from lms.core.services import authoring
from lms.testing.helpers import csrf_from

HEADER = "NIP;Nama;Unit Kerja;Jabatan;NIP Atasan;Peran;E-mail\n"


def _entries(db, action: str) -> list[AuditLog]:
    return list(db.session.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))


def _upload(client, text: str):
    page = client.get("/admin/users/import")
    return client.post("/admin/users/import", data={"csrf_token": csrf_from(page.text),
                                                    "file": (BytesIO(text.encode()), "pegawai.csv")},
                       content_type="multipart/form-data")


def _confirm(client, preview):
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', preview.text).group(1)
    fingerprint = re.search(r'name="fingerprint" type="hidden" value="([^"]+)"', preview.text).group(1)
    return client.post("/admin/users/import/confirm", data={"csrf_token": csrf_from(preview.text), "token": token,
                                                             "fingerprint": fingerprint})


def test_the_csv_import_audits_each_role_and_supervisor_change(client, db, admin, make_user, make_unit) -> None:
    unit = make_unit("Dinas Audit > Bidang Satu")
    boss = make_user(name="Atasan Lama", nip="197001012000031001", unit=unit)
    new_boss = make_user(name="Atasan Baru", nip="197001012000031002", unit=unit)
    ani = make_user(name="Ani", nip="198001012006041001", unit=unit, supervisor=boss, roles=[Role.TRAINER])
    same = make_user(name="Tetap", nip="198001012006041003", unit=unit, supervisor=boss)
    db.session.commit()
    text = HEADER + (f"{ani.nip};Ani;Dinas Audit > Bidang Satu;;{new_boss.nip};atasan;\n"
                     f"{same.nip};Tetap;Dinas Audit > Bidang Satu;;{boss.nip};;\n"
                     f"198001012006041004;Baru;Dinas Audit > Bidang Satu;;{boss.nip};pengajar;baru@x.example\n")
    assert _confirm(client, _upload(client, text)).status_code == 302
    entries = {e.target_label.split(" (")[0]: e for e in _entries(db, "user.import_change")}
    assert set(entries) == {"Ani", "Baru"}  # "Tetap" changed neither
    assert entries["Ani"].before == {"roles": ["trainer"], "supervisor_nip": boss.nip}
    assert entries["Ani"].after == {"roles": ["supervisor"], "supervisor_nip": new_boss.nip}
    assert entries["Ani"].actor_id == admin.id
    assert entries["Baru"].before == {"roles": [], "supervisor_nip": None}
    assert entries["Baru"].after == {"roles": ["trainer"], "supervisor_nip": boss.nip}
    log = client.get("/admin/audit/").text
    assert "Peran atau atasan diubah lewat impor CSV" in log


def test_an_admin_cannot_take_their_own_admin_role_away_by_import(client, db, admin) -> None:
    text = HEADER + f"{admin.nip};{admin.name};Dinas Audit;;;pengajar;\n"
    response = _upload(client, text)
    assert response.status_code == 422
    assert "pegawai.csv:2" in response.text or "baris 2" in response.text.lower()
    assert "peran admin Anda sendiri" in response.text
    db.session.expire_all()
    assert db.session.get(User, admin.id).has_role(Role.ADMIN)


def test_the_command_line_cannot_remove_the_last_admin(runner, db, make_user, tmp_path: Path) -> None:
    only = make_user(name="Satu-satunya Admin", roles=[Role.ADMIN])
    db.session.commit()
    csv_file = tmp_path / "pegawai.csv"
    csv_file.write_text(HEADER + f"{only.nip};{only.name};Dinas Audit;;;pengajar;\n", encoding="utf-8")
    result = runner.invoke(args=["users", "import", str(csv_file)])
    assert result.exit_code != 0
    assert "pegawai.csv:2" in result.output and "semua admin" in result.output
    db.session.expire_all()
    assert db.session.get(User, only.id).has_role(Role.ADMIN)


def test_publish_rollback_and_import_are_audited(db, make_user, make_course) -> None:
    trainer = make_user(name="Widyaiswara", roles=[Role.TRAINER])
    course = make_course("kursus-audit", files={"01-a.md": "# A\n\nSatu.\n"})
    db.session.add(CourseAuthor(course_id=course.id, user_id=trainer.id))
    [imported] = [e for e in _entries(db, "course.import") if e.target_label == course.title]
    assert imported.after["revision"] == 1 and imported.after["outcome"] == "created"
    authoring.save_file(trainer, course, "01-a.md", "# A\n\nDua.\n")
    authoring.publish(trainer, course)
    [published] = _entries(db, "course.publish")
    assert published.actor_id == trainer.id and (published.before, published.after) == (
        {"revision": 1}, {"revision": 2})
    authoring.rollback(trainer, course, 1)
    [rolled] = _entries(db, "course.rollback")
    assert rolled.before == {"revision": 2} and rolled.after == {"revision": 3, "from_revision": 1}
    assert _entries(db, "course.publish") == [published]  # a rollback is one entry of its own


def test_the_command_line_import_is_audited_with_its_origin(runner, db, tmp_path: Path) -> None:
    folder = tmp_path / "kursus-cli"
    folder.mkdir()
    (folder / "course.md").write_text("---\ntitle: Kursus CLI\nsummary: x\njp: 1\n---\nIsi.\n", encoding="utf-8")
    (folder / "01-a.md").write_text("# A\n\nIsi.\n", encoding="utf-8")
    result = runner.invoke(args=["courses", "import", str(folder)])
    assert result.exit_code == 0, result.output
    [entry] = [e for e in _entries(db, "course.import") if e.target_label == "Kursus CLI"]
    assert entry.ip.startswith("cli:") and entry.actor_id is None


def test_a_folder_named_like_its_course_is_not_repeated_as_the_file(runner, db, tmp_path: Path) -> None:
    folder = tmp_path / "kursus-sama"
    folder.mkdir()
    (folder / "course.md").write_text("---\ntitle: Kursus Sama\nsummary: x\njp: 1\n---\n", encoding="utf-8")
    (folder / "01-a.md").write_text("# A\n\nIsi.\n", encoding="utf-8")
    result = runner.invoke(args=["courses", "import", str(folder)])
    assert result.exit_code == 0, result.output
    [same] = [e for e in _entries(db, "course.import") if e.target_label == "Kursus Sama"]
    assert same.after["outcome"] == "created"
    assert "file" not in same.after  # the folder is the slug, no word for an admin; the label names the course


def test_the_audit_page_names_every_action_in_words(client, db, admin) -> None:
    from lms.core.services import audit

    audit.record(admin, "assignment.create", admin, None, {"enrolled": 3})
    db.session.commit()
    page = client.get("/admin/audit/")
    assert page.status_code == 200
    text = re.sub(r"<[^>]+>", " ", page.text)  # what the admin reads (codes stay in the form's values)
    assert "assignment.create" not in text and "Kursus wajib ditugaskan" in text
    assert "Peserta baru terdaftar" in text and "enrolled" not in text
    assert "user.update" not in text  # the action picker shows words, not codes
