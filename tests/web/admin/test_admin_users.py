"""Admin pages for accounts: search, edit (roles too), deactivate/reactivate, CSV import; each
change audited."""

from __future__ import annotations

from sqlalchemy import func, select

from lms.core.models import Role, User
from lms.core.models.audit import AuditLog
from lms.testing.factories import DEFAULT_PASSWORD
from lms.testing.helpers import csrf_from, submit


def _spaced(nip: str) -> str:
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def _audit(db, action: str) -> list[AuditLog]:
    return list(db.session.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))


def _form_values(user: User, **changes: str) -> dict[str, str]:
    values = {"name": user.name, "email": user.email or "", "unit_id": str(user.unit_id or ""),
              "position_id": str(user.position_id or ""), "supervisor_nip": user.supervisor.nip if user.supervisor
              else "", "golongan": user.golongan or "", "employee_type": str(user.employee_type)}
    values.update({f"role_{r.value}": "y" for r in user.roles if r != Role.LEARNER})
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def test_search_by_nip_with_or_without_spaces_name_and_email(client, admin, make_user, make_unit) -> None:
    unit = make_unit("Dinas Cari > Bidang Cari")
    wanted = make_user(name="Siti Rahayu", email="siti.rahayu@pemkot.example", unit=unit)
    make_user(name="Budi Santoso", email="budi@pemkot.example")
    for q in (wanted.nip, _spaced(wanted.nip), "rahayu", "SITI.RAHAYU@"):
        page = client.get("/admin/users/", query_string={"q": q}).text
        assert "Siti Rahayu" in page and "Budi Santoso" not in page, q
    by_unit = client.get("/admin/users/", query_string={"unit": unit.parent_id}).text
    assert "Siti Rahayu" in by_unit and "Budi Santoso" not in by_unit
    assert "Admin BKPSDM" in client.get("/admin/users/?role=admin").text
    assert "Siti Rahayu" not in client.get("/admin/users/?role=admin").text


def test_edit_changes_the_account_and_audits_only_what_changed(client, db, admin, make_user, make_unit,
                                                               make_position) -> None:
    old_unit, new_unit = make_unit("Dinas Lama"), make_unit("Dinas Baru > Bidang Baru")
    position = make_position("Analis Kebijakan Ahli Muda")
    boss = make_user(name="Atasan Baru")
    staff = make_user(name="Pegawai Ubah", unit=old_unit, roles=[Role.TRAINER])
    url = f"/admin/users/{staff.id}"
    old_email = staff.email
    response = submit(client, url, _form_values(
        staff, name="Pegawai Diubah", email="Ubah@Pemkot.Example", unit_id=str(new_unit.id),
        position_id=str(position.id), supervisor_nip=_spaced(boss.nip), golongan="III/c",
        role_trainer=None, role_supervisor="y"))
    assert response.status_code == 302, response.text
    db.session.expire_all()
    staff = db.session.get(User, staff.id)
    assert (staff.name, staff.email, staff.unit_id, staff.position_id, staff.supervisor_id, staff.golongan) == (
        "Pegawai Diubah", "ubah@pemkot.example", new_unit.id, position.id, boss.id, "III/c")
    assert staff.roles == {Role.LEARNER, Role.SUPERVISOR}
    update = _audit(db, "user.update")[-1]
    assert update.actor_id == admin.id and update.target_id == str(staff.id)
    assert update.before == {"name": "Pegawai Ubah", "email": old_email, "unit_id": old_unit.id,
                             "position_id": None, "supervisor_id": None, "golongan": "III/a"}
    assert update.after["unit_id"] == new_unit.id and update.after["golongan"] == "III/c"
    assert "employee_type" not in update.after  # unchanged
    assert [(e.before, e.after) for e in _audit(db, "role.grant")] == [({"role": None}, {"role": "supervisor"})]
    assert [(e.before, e.after) for e in _audit(db, "role.revoke")] == [({"role": "trainer"}, {"role": None})]
    page = client.get(url).text
    assert "Data pegawai diubah" in page  # the account's history

    count = db.session.scalar(select(func.count()).select_from(AuditLog))
    assert submit(client, url, _form_values(staff)).status_code == 302  # saved unchanged: nothing to log
    assert db.session.scalar(select(func.count()).select_from(AuditLog)) == count


def test_edit_refuses_bad_values_field_by_field(client, db, admin, make_user) -> None:
    taken = make_user(email="dipakai@pemkot.example")
    staff = make_user(name="Pegawai Salah")
    boss = make_user(name="Atasan", supervisor=staff)  # staff -> boss would loop
    cases = [({"email": "dipakai@pemkot.example"}, "sudah dipakai"),
             ({"golongan": "V/a"}, "tidak valid untuk PNS"),
             ({"employee_type": "PPPK", "golongan": "III/a"}, "tidak valid untuk PPPK"),
             ({"supervisor_nip": staff.nip}, "atasan dirinya sendiri"),
             ({"supervisor_nip": boss.nip}, "berputar"),
             ({"supervisor_nip": "199001012015011999"}, "tidak ada pegawai"),
             ({"name": ""}, "")]
    for changes, message in cases:
        response = submit(client, f"/admin/users/{staff.id}", _form_values(staff, **changes))
        assert response.status_code == 422, changes
        assert message in response.text, changes
    assert taken.email == "dipakai@pemkot.example"
    assert _audit(db, "user.update") == []


def test_an_admin_cannot_drop_their_own_admin_role_nor_deactivate_themselves(client, db, admin) -> None:
    response = submit(client, f"/admin/users/{admin.id}", _form_values(admin, role_admin=None))
    assert response.status_code == 422 and "peran admin Anda sendiri" in response.text
    response = submit(client, f"/admin/users/{admin.id}", {}, action=f"/admin/users/{admin.id}/deactivate")
    assert response.status_code == 302
    assert db.session.get(User, admin.id).active and _audit(db, "user.deactivate") == []


def test_a_deactivated_user_cannot_sign_in_and_their_session_ends(app, client, db, admin, make_user) -> None:
    staff = make_user(name="Pegawai Keluar")
    other = app.test_client()
    page = other.get("/login")
    signed_in = other.post("/login", data={"csrf_token": csrf_from(page.text), "login": staff.nip,
                                           "password": DEFAULT_PASSWORD})
    assert signed_in.status_code == 302 and other.get("/").status_code == 200
    version = staff.session_version

    response = submit(client, f"/admin/users/{staff.id}", {}, action=f"/admin/users/{staff.id}/deactivate")
    assert response.status_code == 302
    db.session.expire_all()
    staff = db.session.get(User, staff.id)
    assert not staff.active and staff.session_version == version + 1
    assert other.get("/").status_code == 302  # the open session ended
    again = app.test_client()
    page = again.get("/login")
    refused = again.post("/login", data={"csrf_token": csrf_from(page.text), "login": staff.nip,
                                         "password": DEFAULT_PASSWORD})
    assert refused.status_code == 200 and "salah" in refused.text
    entry = _audit(db, "user.deactivate")[-1]
    assert (entry.before, entry.after, entry.actor_id) == ({"active": True}, {"active": False}, admin.id)

    response = submit(client, f"/admin/users/{staff.id}", {}, action=f"/admin/users/{staff.id}/reactivate")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, staff.id).active
    assert _audit(db, "user.reactivate")[-1].after == {"active": True}


HEADER = "nip,name,email,unit,position,supervisor_nip,roles\n"


def _upload(client, text: str, name: str = "pegawai.csv"):
    from io import BytesIO

    page = client.get("/admin/users/import")
    return client.post("/admin/users/import", data={"csrf_token": csrf_from(page.text),
                                                    "file": (BytesIO(text.encode()), name)},
                       content_type="multipart/form-data")


def test_csv_import_page_lists_every_bad_row_and_imports_nothing(client, db, admin) -> None:
    text = HEADER + ("198001012006041001,Ani,ani@pemkot.example,Dinas Impor,Staf,,\n"
                     "12345,Budi,,Dinas Impor,Staf,,\n"
                     "198001012006041002,Citra,,Dinas Impor,Staf,,penyihir\n")
    response = _upload(client, text)
    assert response.status_code == 422
    assert "baris 3" in response.text and "baris 4" in response.text and "penyihir" in response.text
    assert db.session.scalar(select(User).where(User.nip == "198001012006041001")) is None
    assert _audit(db, "user.import") == []


def _confirm(client, preview):
    import re

    token = re.search(r'name="token" type="hidden" value="([^"]+)"', preview.text).group(1)
    fingerprint = re.search(r'name="fingerprint" type="hidden" value="([^"]+)"', preview.text).group(1)
    return client.post("/admin/users/import/confirm", data={"csrf_token": csrf_from(preview.text), "token": token,
                                                            "fingerprint": fingerprint})


def test_csv_import_page_imports_and_audits(client, db, admin) -> None:
    text = HEADER.replace(",", ";") + ("198001012006041001;Ani;ani@pemkot.example;Dinas Impor > Bidang Satu;"
                                       "Staf;;supervisor\n198001012006041002;Budi;;Dinas Impor;Staf;"
                                       "198001012006041001;\n")
    preview = _upload(client, text, "staf.csv")
    assert preview.status_code == 200 and "Periksa sebelum mengimpor" in preview.text
    assert db.session.scalar(select(User).where(User.nip == "198001012006041001")) is None  # nothing yet
    response = _confirm(client, preview)
    assert response.status_code == 302
    assert "2 akun baru" in client.get(response.headers["Location"]).text
    budi = db.session.scalar(select(User).where(User.nip == "198001012006041002"))
    assert budi.supervisor.name == "Ani"
    entry = _audit(db, "user.import")[-1]
    assert entry.target_label == "staf.csv" and entry.after == {"file": "staf.csv", "created": 2, "updated": 0}
    assert _upload(client, "").status_code == 422  # an empty file is an error too


def test_a_deactivated_users_api_token_stops_working(client, db, admin, make_user) -> None:
    from lms.core.services.tokens import create_token

    staff = make_user(name="Pegawai Token")
    _row, clear = create_token(staff, "skrip")
    headers = {"Authorization": f"Bearer {clear}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    submit(client, f"/admin/users/{staff.id}", {}, action=f"/admin/users/{staff.id}/deactivate")
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_an_admin_creates_one_account_and_it_is_audited(client, db, admin, make_user, make_unit, login_as) -> None:
    unit = make_unit("Dinas Baru")
    boss = make_user(name="Atasan Baru")
    assert "Tambah pegawai" in client.get("/admin/users/").text
    response = submit(client, "/admin/users/new", {
        "nip": "19850312 201001 2 004", "name": "  Rina   Wulandari ", "email": "Rina.W@pemkot.example",
        "unit_id": str(unit.id), "position_id": "", "supervisor_nip": _spaced(boss.nip), "golongan": "III/b",
        "employee_type": "PNS", "role_trainer": "y", "password": "kata-sandi-awal-99"})
    assert response.status_code == 302, response.text
    rina = db.session.scalar(select(User).where(User.nip == "198503122010012004"))
    assert (rina.name, rina.email, rina.unit_id, rina.supervisor_id, rina.golongan) == (
        "Rina Wulandari", "rina.w@pemkot.example", unit.id, boss.id, "III/b")
    assert Role.TRAINER in rina.roles
    entry = _audit(db, "user.create")[-1]
    assert entry.actor_id == admin.id and entry.after["name"] == "Rina Wulandari"
    assert entry.after["password_set"] is True and "kata-sandi" not in str(entry.after)
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/").text)})
    signed_in = client.post("/login", data={"csrf_token": csrf_from(client.get("/login").text),
                                            "login": "198503122010012004", "password": "kata-sandi-awal-99"})
    assert signed_in.status_code == 302


def test_create_account_lists_every_bad_field_and_creates_nothing(client, db, admin, make_user) -> None:
    taken = make_user(email="ada@pemkot.example")
    before = db.session.scalar(select(func.count()).select_from(User))
    response = submit(client, "/admin/users/new", {
        "nip": taken.nip, "name": "", "email": "ada@pemkot.example", "employee_type": "PNS", "golongan": "V/z",
        "supervisor_nip": "199001012015011999", "password": "pendek"})
    assert response.status_code == 422
    for message in ("sudah terdaftar", "sudah dipakai", "tidak valid untuk PNS", "tidak ada pegawai", "minimal"):
        assert message in response.text, message
    bad_nip = submit(client, "/admin/users/new", {"nip": "12345", "name": "X", "employee_type": "PNS"})
    assert bad_nip.status_code == 422 and "NIP" in bad_nip.text
    assert db.session.scalar(select(func.count()).select_from(User)) == before
    assert _audit(db, "user.create") == []


def test_an_admin_sets_a_lost_password_and_other_sessions_end(client, db, admin, make_user) -> None:
    staff = make_user(name="Lupa Sandi")
    version = staff.session_version
    short = submit(client, f"/admin/users/{staff.id}", {"password": "pendek"},
                   action=f"/admin/users/{staff.id}/password")
    assert short.status_code == 422 and "minimal" in short.text
    assert 'value="Lupa Sandi"' in short.text  # the edit form still shows the account as it is
    done = submit(client, f"/admin/users/{staff.id}", {"password": "kopi-pagi-yang-panjang-1"},
                  action=f"/admin/users/{staff.id}/password")
    assert done.status_code == 302
    db.session.refresh(staff)
    assert staff.session_version == version + 1
    assert _audit(db, "user.set_password")[-1].after == {"password_set": True, "tokens_revoked": 0}


def test_only_admins_create_accounts_or_set_passwords(client, make_user, login_as) -> None:
    staff = make_user()
    login_as(make_user(roles=[Role.SUPERVISOR]))
    assert client.get("/admin/users/new").status_code == 403
    assert client.post(f"/admin/users/{staff.id}/password", data={"password": "x" * 20}).status_code == 403


def test_an_admin_cannot_give_a_guessable_password(client, db, admin, make_user) -> None:
    staff = make_user(name="Rina Wulandari")
    for password in ("indonesia123", "rina-kantor-99", staff.nip[:8] + "xyz"):
        refused = submit(client, f"/admin/users/{staff.id}", {"password": password},
                         action=f"/admin/users/{staff.id}/password")
        assert refused.status_code == 422, password
    created = submit(client, "/admin/users/new", {"nip": "19850312 201001 2 004", "name": "Dewi Lestari",
                                                  "employee_type": "PNS", "password": "dewi-lestari-01"})
    assert created.status_code == 422 and "dewi" in created.text
