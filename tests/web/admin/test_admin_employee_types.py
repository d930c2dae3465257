"""Employee types with their own JP target (issue 13, rules that were wrong 3): admins add and
rename types and set targets (audited); one rule, ``jp_target_for``, used by the dashboard,
Tim Saya, the person page, reports, the API and imports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from lms.core import site_settings
from lms.core.models import EmployeeType, EmployeeTypeRow, Role, User
from lms.core.models.audit import AuditLog
from lms.core.queries import employee_types, reports
from lms.core.queries.employee_types import jp_target_for
from lms.core.services import employee_types as service
from lms.core.services.users_import import import_users
from lms.testing.helpers import submit


def test_admin_adds_a_type_and_sets_targets_audited_in_words(client, db, admin) -> None:
    page = client.get("/admin/employee-types")
    assert page.status_code == 200 and "PNS" in page.text and "PPPK" in page.text
    response = submit(client, "/admin/employee-types", {"code": "honorer", "name": "Tenaga Honorer",
                                                        "jp_target": "12"})
    assert response.status_code == 302
    row = db.session.get(EmployeeTypeRow, "HONORER")
    assert (row.name, row.jp_target) == ("Tenaga Honorer", 12.0)
    assert jp_target_for("HONORER") == 12.0 and jp_target_for("PNS") == 20.0
    response = submit(client, "/admin/employee-types/PPPK/edit", {"name": "PPPK", "jp_target": "24,5"})
    assert response.status_code == 302
    assert jp_target_for("PPPK") == 24.5
    entry = db.session.scalars(select(AuditLog).where(AuditLog.action == "employee_type.update")).one()
    assert (entry.before, entry.after) == ({"jp_target": None}, {"jp_target": 24.5})
    history = client.get("/admin/employee-types/PPPK/edit").text
    assert "target bawaan" in history and "24,5 JP" in history
    # the default applies again when the field is emptied
    submit(client, "/admin/employee-types/PPPK/edit", {"name": "PPPK", "jp_target": ""})
    assert jp_target_for("PPPK") == 20.0


def test_bad_input_is_refused_per_field(client, db, admin) -> None:
    response = submit(client, "/admin/employee-types", {"code": "PNS", "name": "", "jp_target": "nol"})
    assert response.status_code == 422
    assert "Kode PNS sudah dipakai." in response.text and "Wajib diisi." in response.text
    assert "Tulis angka JP" in response.text
    assert client.get("/admin/employee-types/NOPE/edit").status_code == 404


def test_only_admins_manage_types(client, db, make_user, login_as) -> None:
    login_as(make_user(roles=[Role.SUPERVISOR]))
    assert client.get("/admin/employee-types").status_code == 403


def test_the_targets_follow_the_type_on_every_page(client, db, make_user, login_as) -> None:
    service.update("PPPK", "PPPK", "30")
    site_settings.update({"jp_target": "18"})
    employee_types.forget()
    boss = make_user(name="Kepala", roles=[Role.SUPERVISOR, Role.ADMIN])
    pns = make_user(name="Ani PNS", supervisor=boss)
    pppk = make_user(name="Budi PPPK", supervisor=boss, employee_type=EmployeeType.PPPK, golongan="IX")
    db.session.flush()
    assert (jp_target_for(pns), jp_target_for(pppk)) == (18.0, 30.0)
    login_as(pppk)
    assert "/ 30 JP" in client.get("/").text
    login_as(boss)
    team = client.get("/team").text
    assert "/ 30" in team and "/ 18" in team
    assert "/ 30" in client.get(f"/team/{pppk.nip}").text  # the person page
    people = reports.people_page(reports.ReportFilter(year=datetime.now().year), None, only="short").people
    assert {p.name: p.target for p in people if p.name in ("Ani PNS", "Budi PPPK")} == {
        "Ani PNS": 18.0, "Budi PPPK": 30.0}


def test_csv_import_takes_an_added_type_by_code_or_name(db) -> None:
    service.create("HONORER", "Tenaga Honorer", "")
    header = "nip,nama,email,unit,jabatan,nip_atasan,peran,jenis_pegawai,golongan\n"
    rows = ("199002142015032004,Siti,,Dinas A,Staf,,,honorer,\n"
            "199002142015032005,Sari,,Dinas A,Staf,,,Tenaga Honorer,-\n")
    import_users((header + rows).encode(), "pegawai.csv")
    types = dict(db.session.execute(select(User.name, User.employee_type)).tuples().all())
    assert types["Siti"] == "HONORER" and types["Sari"] == "HONORER"
    try:
        import_users((header + "199002142015032006,Tono,,Dinas A,Staf,,,kontrak,\n").encode(), "pegawai.csv")
    except Exception as exc:  # noqa: BLE001 - the importer's InputError
        assert "pegawai.csv:2" in str(exc) and "kontrak" in str(exc) and "HONORER" in str(exc)
    else:
        raise AssertionError("an unknown type was accepted")


def test_an_admin_creates_a_person_of_an_added_type(client, db, admin) -> None:
    service.create("HONORER", "Tenaga Honorer", "10")
    response = submit(client, "/admin/users/new", {
        "nip": "199203182015031002", "name": "Tono Sugiarto", "email": "tono@pemkot.example",
        "employee_type": "HONORER", "golongan": "", "password": "rajin-belajar-2026x"})
    assert response.status_code == 302
    tono = db.session.scalar(select(User).where(User.nip == "199203182015031002"))
    assert tono.employee_type == "HONORER" and jp_target_for(tono) == 10.0
