"""The national framework: nine competencies with level descriptions 1-5 in both languages,
shipped by ensure_national_competencies; admin pages to list, add and edit competencies."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.core.competency_framework import NATIONAL_CODES, ensure_national_competencies
from lms.core.competency_levels import NATIONAL_COMPETENCIES, NATIONAL_LEVELS
from lms.core.models import Competency, CompetencyGroup, Role
from lms.core.services.competencies import CompetencyError, save_competency
from lms.testing.helpers import csrf_from


def test_the_data_module_has_five_levels_in_both_languages_for_each_national_competency() -> None:
    assert [code for code, _n, _g in NATIONAL_COMPETENCIES] == list(NATIONAL_LEVELS)
    assert len(NATIONAL_LEVELS) == 9
    seen: set[str] = set()
    for code, levels in NATIONAL_LEVELS.items():
        assert list(levels) == ["1", "2", "3", "4", "5"], code
        for level, texts in levels.items():
            assert set(texts) == {"id", "en"}, (code, level)
            assert all(len(t.strip()) > 20 for t in texts.values()), (code, level)
            assert texts["id"] != texts["en"]
            assert texts["id"] not in seen  # every level is described in its own words
            seen.add(texts["id"])


def test_ensure_national_competencies_inserts_them_with_their_levels(db) -> None:
    ensure_national_competencies()
    rows = {c.code: c for c in db.session.scalars(select(Competency).where(Competency.code.in_(NATIONAL_CODES)))}
    assert set(rows) == set(NATIONAL_CODES)
    assert rows["perekat-bangsa"].group == CompetencyGroup.SOSIAL_KULTURAL
    assert rows["integritas"].group == CompetencyGroup.MANAJERIAL
    for code, row in rows.items():
        assert row.levels == NATIONAL_LEVELS[code]
    assert "jujur" in rows["integritas"].level_text(1, "id")
    assert "honestly" in rows["integritas"].level_text(1, "en")


def test_existing_rows_without_levels_get_them_and_written_levels_are_kept(db) -> None:
    ensure_national_competencies()
    db.session.get(Competency, "komunikasi").levels = {}
    custom = {"1": {"id": "Uraian lokal."}}
    db.session.get(Competency, "kerja-sama").levels = custom
    db.session.flush()
    ensure_national_competencies()
    assert db.session.get(Competency, "komunikasi").levels == NATIONAL_LEVELS["komunikasi"]
    assert db.session.get(Competency, "kerja-sama").levels == custom


def test_level_text_falls_back_to_indonesian(technical) -> None:
    row = technical("tek-a", levels={"2": {"id": "Menerapkan."}})
    assert row.level_text(2, "en") == "Menerapkan."
    assert row.level_text(3, "id") == ""


def test_national_competencies_cannot_be_changed_by_the_service(db) -> None:
    ensure_national_competencies()
    with pytest.raises(CompetencyError) as info:
        save_competency("integritas", "Integritas Baru", "manajerial", {}, create=False)
    assert "" in info.value.fields
    assert db.session.get(Competency, "integritas").name == "Integritas"


def test_codes_are_checked_and_a_rename_keeps_the_code(db, technical) -> None:
    with pytest.raises(CompetencyError) as info:
        save_competency("bad code!", "X", "teknis", {}, create=True)
    assert "code" in info.value.fields
    technical("tek-data", "Analisis Data")
    with pytest.raises(CompetencyError):
        save_competency("tek-data", "Lagi", "teknis", {}, create=True)  # taken
    row = save_competency("tek-data", "Analitik Data", "teknis", {"1": {"id": "Membaca data.", "en": ""}},
                          create=False)
    assert row.code == "tek-data" and row.name == "Analitik Data"
    assert row.levels == {"1": {"id": "Membaca data."}}


def test_parents_must_exist_and_must_not_loop(db, technical) -> None:
    technical("tek-induk")
    save_competency("tek-anak", "Anak", "teknis", {}, "tek-induk", create=True)
    with pytest.raises(CompetencyError) as info:
        save_competency("tek-induk", "Induk", "teknis", {}, "tek-anak", create=False)
    assert "parent_code" in info.value.fields
    with pytest.raises(CompetencyError):
        save_competency("tek-x", "X", "teknis", {}, "tidak-ada", create=True)


def test_admin_pages_list_add_and_edit(client, db, make_user, login_as) -> None:
    ensure_national_competencies()
    login_as(make_user(roles=[Role.ADMIN]))
    index = client.get("/admin/")
    assert index.status_code == 200
    for label in ("Kompetensi", "Standar kompetensi jabatan", "Penilaian kompetensi"):
        assert label in index.text
    listing = client.get("/admin/competencies/")
    assert listing.status_code == 200 and "Perekat Bangsa" in listing.text
    page = client.get("/admin/competencies/new")
    data = {"csrf_token": csrf_from(page.text), "code": "tek-siber", "name": "Keamanan Siber", "group": "teknis",
            "parent_code": "", "active": "y", "level_1_id": "Memahami ancaman siber.",
            "level_1_en": "Understands cyber threats."}
    response = client.post("/admin/competencies/new", data=data)
    assert response.status_code == 302
    row = db.session.get(Competency, "tek-siber")
    assert row.name == "Keamanan Siber" and row.levels == {"1": {"id": "Memahami ancaman siber.",
                                                                "en": "Understands cyber threats."}}
    again = client.post("/admin/competencies/new", data=data)
    assert again.status_code == 422 and "sudah dipakai" in again.text
    edit = client.get("/admin/competencies/tek-siber/edit")
    assert "Memahami ancaman siber." in edit.text
    response = client.post("/admin/competencies/tek-siber/edit", data={
        "csrf_token": csrf_from(edit.text), "name": "Keamanan Informasi", "group": "teknis", "parent_code": "",
        "level_2_id": "Menerapkan kontrol keamanan."})
    assert response.status_code == 302
    db.session.expire_all()
    row = db.session.get(Competency, "tek-siber")
    assert row.name == "Keamanan Informasi" and row.active is False  # unchecked box
    assert set(row.levels) == {"2"}


def test_national_competency_page_is_read_only(client, db, make_user, login_as) -> None:
    ensure_national_competencies()
    login_as(make_user(roles=[Role.ADMIN]))
    page = client.get("/admin/competencies/integritas/edit")
    assert page.status_code == 200
    assert "tidak dapat diubah" in page.text and "<form" not in page.text.split("<main", 1)[1].split("</main>")[0]
    assert NATIONAL_LEVELS["integritas"]["5"]["en"].split(" ")[0] in page.text


@pytest.mark.parametrize("path", ["/admin/", "/admin/competencies/", "/admin/competencies/new",
                                  "/admin/positions/", "/admin/assessments/"])
def test_admin_pages_are_for_admins_only(client, db, make_user, login_as, path: str) -> None:
    login_as(make_user(roles=[Role.SUPERVISOR, Role.TRAINER]))
    assert client.get(path).status_code == 403
