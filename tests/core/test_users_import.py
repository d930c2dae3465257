import pytest
from sqlalchemy import select

from lms.core.diagnostics import InputError
from lms.core.models import EmployeeType, Role, User
from lms.core.services.org import unit_label
from lms.core.services.users_import import import_users

HEADER = "nip,name,email,unit,position,supervisor_nip,roles,golongan,employee_type\n"
STAFF = "199002142015032004,Siti Rahmawati,siti@contoh.go.id,Dinas Komunikasi dan Informatika > Bidang Aplikasi Informatika,Pranata Komputer Ahli Pertama,197604202000031001,,III/b,PNS\n"
BOSS = "197604202000031001,Hendra Wijaya,hendra@contoh.go.id,Dinas Komunikasi dan Informatika > Bidang Aplikasi Informatika,Kepala Bidang Aplikasi Informatika,,supervisor;trainer,IV/a,PNS\n"


def users(db) -> dict[str, User]:
    return {u.nip: u for u in db.session.scalars(select(User))}


def test_supervisor_later_in_the_file_units_and_positions_are_created(db) -> None:
    result = import_users((HEADER + STAFF + BOSS).encode(), "pegawai.csv")
    assert (result.created, result.updated) == (2, 0)
    people = users(db)
    siti, hendra = people["199002142015032004"], people["197604202000031001"]
    assert siti.supervisor_id == hendra.id
    assert unit_label(siti.unit) == "Dinas Komunikasi dan Informatika > Bidang Aplikasi Informatika"
    assert siti.unit_id == hendra.unit_id
    assert siti.position.name == "Pranata Komputer Ahli Pertama"
    assert hendra.roles == {Role.LEARNER, Role.SUPERVISOR, Role.TRAINER}
    assert siti.golongan == "III/b" and siti.employee_type == EmployeeType.PNS


def test_reimport_updates_instead_of_duplicating(db) -> None:
    import_users((HEADER + STAFF + BOSS).encode(), "pegawai.csv")
    changed = STAFF.replace("Siti Rahmawati", "\"Siti Rahmawati, S.T.\"").replace(",III/b,", ",III/c,")
    result = import_users((HEADER + changed + BOSS).encode(), "pegawai.csv")
    assert (result.created, result.updated) == (0, 2)
    people = users(db)
    assert len(people) == 2
    assert people["199002142015032004"].name == "Siti Rahmawati, S.T."
    assert people["199002142015032004"].golongan == "III/c"


def test_semicolon_separator_and_bom_from_indonesian_spreadsheets(db) -> None:
    text = "\ufeff" + (HEADER + BOSS).replace(",", ";").replace("supervisor;trainer", '"supervisor;trainer"')
    assert import_users(text.encode("utf-8"), "excel.csv").created == 1
    assert users(db)["197604202000031001"].has_role(Role.TRAINER)


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_imported(db) -> None:
    rows = [
        HEADER,
        BOSS,  # line 2: fine
        STAFF.replace("199002142015032004", "19900214201503200"),  # 3: 17 digits
        STAFF.replace("siti@contoh.go.id", "bukan-email"),  # 4
        STAFF.replace(",,III/b", ",kepala,III/b"),  # 5: unknown role
        STAFF.replace("197604202000031001", "198001012005011999"),  # 6: supervisor nowhere
        STAFF.replace(",III/b,PNS", ",III/z,PNS"),  # 7: bad golongan
        BOSS.replace("hendra@", "hendra2@"),  # 8: duplicate NIP of line 2
        "199511232019032002,Dewi,,,Staf,,,\n",  # 9: no unit, wrong column count
        STAFF.replace(",PNS", ",HONORER"),  # 10
    ]
    with pytest.raises(InputError) as info:
        import_users("".join(rows).encode(), "pegawai.csv")
    lines = sorted({d.line for d in info.value.diagnostics})
    assert lines == [3, 4, 5, 6, 7, 8, 9, 10]
    assert all(str(d).startswith(f"pegawai.csv:{d.line}: ") for d in info.value.diagnostics)
    assert users(db) == {}


def test_missing_columns_and_encoding_errors_are_reported(db) -> None:
    with pytest.raises(InputError, match="kolom wajib tidak ada: supervisor_nip, roles"):
        import_users(b"nip,name,email,unit,position\n", "x.csv")
    with pytest.raises(InputError, match="UTF-8"):
        import_users((HEADER + BOSS).encode("utf-16"), "x.csv")


def test_supervisor_cycle_is_refused(db) -> None:
    a = BOSS.replace(",,supervisor", ",199002142015032004,supervisor")
    with pytest.raises(InputError, match="berputar"):
        import_users((HEADER + STAFF + a).encode(), "x.csv")


def test_a_column_left_out_keeps_what_the_account_had(db) -> None:
    """Re-importing without golongan or employee_type must not wipe them (a PPPK stays PPPK)."""
    import_users((HEADER + "198001012006041001,Ani,,Dinas Uji,Staf,,,IX,PPPK\n").encode(), "a.csv")
    short = "nip,name,email,unit,position,supervisor_nip,roles\n198001012006041001,Ani S,,Dinas Uji,Staf,,\n"
    import_users(short.encode(), "b.csv")
    ani = db.session.scalar(select(User).where(User.nip == "198001012006041001"))
    assert (ani.name, ani.golongan, ani.employee_type) == ("Ani S", "IX", EmployeeType.PPPK)


def test_indonesian_column_names_and_role_words(db) -> None:
    text = ("NIP;Nama;Surel;Unit Kerja;Jabatan;NIP Atasan;Peran\n"
            '198001012006041002;Budi;;Dinas Uji;Staf;;"pengajar; atasan"\n'
            "198001012006041003;Citra;;Dinas Uji;Staf;198001012006041002;Peserta\n")
    result = import_users(text.encode("utf-8-sig"), "pegawai.csv")
    assert result.created == 2
    budi = db.session.scalar(select(User).where(User.nip == "198001012006041002"))
    assert set(budi.roles) == {Role.LEARNER, Role.TRAINER, Role.SUPERVISOR}
    with pytest.raises(InputError) as info:
        import_users(text.replace("Peserta", "penyihir").encode(), "pegawai.csv")
    assert "penyihir" in str(info.value.diagnostics[0]) and "pengajar" in str(info.value.diagnostics[0])
