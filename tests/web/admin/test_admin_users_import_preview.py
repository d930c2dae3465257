"""Admins see before they change: the staff CSV import shows what it would create and update,
the units, positions and roles it would add or take, and imports only after a confirmation
of exactly what was shown (issue #12, item 10)."""

from __future__ import annotations

import csv
import io
import re
from io import BytesIO

from sqlalchemy import func, select

from lms.core.models import Position, Role, Unit, User
from lms.core.models.audit import AuditLog
from lms.testing.helpers import csrf_from

# Indonesian column names and role words, in another order, with ";" as Excel writes it
HEADER = "NIP;Nama;Unit Kerja;Jabatan;NIP Atasan;Peran;E-mail\n"


def _upload(client, text: str, name: str = "pegawai.csv"):
    page = client.get("/admin/users/import")
    return client.post("/admin/users/import", data={"csrf_token": csrf_from(page.text),
                                                    "file": (BytesIO(text.encode()), name)},
                       content_type="multipart/form-data")


def _confirm(client, preview, **override):
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', preview.text).group(1)
    fingerprint = re.search(r'name="fingerprint" type="hidden" value="([^"]+)"', preview.text).group(1)
    data = {"csrf_token": csrf_from(preview.text), "token": token, "fingerprint": fingerprint, **override}
    return client.post("/admin/users/import/confirm", data=data)


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_preview_shows_creates_updates_units_positions_and_roles_and_writes_nothing(
        client, db, admin, make_user, make_unit, make_position) -> None:
    unit = make_unit("Dinas Kominfo > Bidang Aplikasi")
    old = make_position("Staf Lama")
    ani = make_user(name="Ani", nip="198001012006041001", unit=unit, position=old, roles=[Role.TRAINER])
    before = (_count(db, User), _count(db, Unit), _count(db, Position), _count(db, AuditLog))
    text = HEADER + ("198001012006041001;Ani Lestari;Dinas Kominfo > Bidang Aplikasi;Analis Data;;atasan;\n"
                     "198001012006041002;Budi;Dinas Kominfo > Bidang Baru > Seksi Satu;Analis Data;"
                     "198001012006041001;\"peserta; admin\";budi@pemkot.example\n")
    preview = _upload(client, text)
    assert preview.status_code == 200, re.findall(r"<li>baris.*</li>", preview.text)
    page = preview.text
    assert (_count(db, User), _count(db, Unit), _count(db, Position), _count(db, AuditLog)) == before
    created = page.split('id="create-h"')[1].split("</table>")[0]
    assert "Budi" in created and "Ani" not in created
    updated = page.split('id="update-h"')[1].split("</table>")[0]
    assert "Ani Lestari" in updated and "<del>Ani</del>" in updated and "<ins>Analis Data</ins>" in updated
    units = page.split('id="units-h"')[1].split("</section>")[0]
    assert "Dinas Kominfo &gt; Bidang Baru" in units and "Dinas Kominfo &gt; Bidang Baru &gt; Seksi Satu" in units
    assert "Bidang Aplikasi<" not in units  # exists already
    assert "Analis Data" in page.split('id="positions-h"')[1].split("</section>")[0]
    roles = page.split('id="roles-h"')[1].split("</section>")[0]
    assert "Atasan" in roles and "dicabut: Pengajar" in roles  # Ani: supervisor given, trainer taken
    assert "Admin" in roles and "akun baru" in roles  # Budi comes in as an admin: shown
    response = _confirm(client, preview)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, ani.id).name == "Ani Lestari"
    assert {r.value for r in db.session.get(User, ani.id).roles} == {"learner", "supervisor"}
    budi = db.session.scalar(select(User).where(User.nip == "198001012006041002"))
    assert budi.has_role(Role.ADMIN) and budi.supervisor_id == ani.id


def test_a_confirmation_after_the_data_changed_shows_the_new_preview(client, db, admin, make_user) -> None:
    text = HEADER + "198001012006041003;Citra;Dinas Uji;Staf;;;\n"
    preview = _upload(client, text)
    make_user(name="Citra Lama", nip="198001012006041003")  # someone adds her meanwhile
    response = _confirm(client, preview)
    assert response.status_code == 409
    assert "Data berubah sejak pratinjau sebelumnya." in response.text
    assert db.session.scalar(select(User.name).where(User.nip == "198001012006041003")) == "Citra Lama"
    assert _confirm(client, response).status_code == 302  # confirming what is shown now works


def test_a_tampered_confirmation_imports_nothing(client, db, admin) -> None:
    preview = _upload(client, HEADER + "198001012006041004;Dodi;Dinas Uji;Staf;;admin;\n")
    response = _confirm(client, preview, token="eyJuYW1lIjoieCJ9.bukan.tanda-tangan")
    assert response.status_code == 302
    assert "tidak sah" in client.get(response.headers["Location"]).text
    assert db.session.scalar(select(User).where(User.nip == "198001012006041004")) is None


def test_a_file_that_changes_nothing_has_no_confirm_button(client, db, admin, make_user, make_unit) -> None:
    make_user(name="Eka", nip="198001012006041005", unit=make_unit("Dinas Uji"), email="")
    preview = _upload(client, HEADER + "198001012006041005;Eka;Dinas Uji;;;;\n")
    assert "tidak mengubah apa pun" in preview.text, re.findall(r"<(?:del|ins)>.*?</", preview.text)
    assert "import/confirm" not in preview.text


def test_english_columns_still_work_and_unknown_roles_are_explained(client, db, admin) -> None:
    response = _upload(client, "nip,name,email,unit,position,supervisor_nip,roles\n"
                               "198001012006041006,Fajar,,Dinas Uji,Staf,,penyihir\n")
    assert response.status_code == 422
    assert "baris 2" in response.text and "penyihir" in response.text and "peserta, pengajar, atasan, admin" in response.text


def test_the_template_is_a_csv_the_import_accepts(client, db, admin) -> None:
    template = client.get("/admin/users/import/template.csv")
    assert template.status_code == 200 and template.mimetype == "text/csv"
    text = template.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["nip", "nama", "email"] and len(rows) == 3
    preview = _upload(client, text, "contoh.csv")
    assert preview.status_code == 200 and "Siti Rahmawati" in preview.text


def test_only_admins_import(client, make_user, login_as) -> None:
    login_as(make_user(roles=[Role.SUPERVISOR]))
    assert client.get("/admin/users/import/template.csv").status_code == 403
    assert client.post("/admin/users/import/confirm", data={}).status_code in (400, 403)
