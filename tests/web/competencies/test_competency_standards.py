"""Position standards: the required level per (position, competency), from the admin page or
``lms competencies import-standards FILE.csv`` (positions must exist, by exact name)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from lms.core.competency_framework import ensure_national_competencies
from lms.core.diagnostics import InputError
from lms.core.models import Role
from lms.core.models.competency import PositionStandard
from lms.core.queries.competencies import standards_of
from lms.core.services.competencies import CompetencyError, set_position_standards
from lms.core.services.competency_import import import_standards
from lms.testing.helpers import csrf_from


@pytest.fixture
def positions(db, make_position):
    ensure_national_competencies()
    return make_position("Pranata Komputer Ahli Pertama"), make_position("Analis Kebijakan Ahli Muda")


def _count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(PositionStandard))


def test_csv_with_bom_and_semicolons(db, positions) -> None:
    pranata, analis = positions
    data = ("\ufeffposition;competency;level\n"
            "Pranata Komputer Ahli Pertama;integritas;2\n"
            "Pranata Komputer Ahli Pertama;komunikasi;2\n"
            "\n"
            "Analis Kebijakan Ahli Muda;pengambilan-keputusan;3\n").encode()
    result = import_standards(data, "standar.csv")
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    assert standards_of(pranata.id) == {"integritas": 2, "komunikasi": 2}
    again = import_standards(b"position,competency,level\nPranata Komputer Ahli Pertama,integritas,3\n", "s.csv")
    assert (again.created, again.updated) == (0, 1)
    assert standards_of(pranata.id) == {"integritas": 3, "komunikasi": 2}


def test_every_bad_row_is_reported_and_nothing_is_imported(db, positions) -> None:
    data = (b"position,competency,level\n"
            b"Pranata Komputer Ahli Pertama,integritas,2\n"
            b"Jabatan Tidak Ada,integritas,2\n"
            b"Pranata Komputer Ahli Pertama,tidak-dikenal,2\n"
            b"Pranata Komputer Ahli Pertama,komunikasi,6\n"
            b"Pranata Komputer Ahli Pertama,integritas,3\n"
            b"pranata komputer ahli pertama,kerja-sama,1\n"
            b"Pranata Komputer Ahli Pertama,kerja-sama\n")
    with pytest.raises(InputError) as info:
        import_standards(data, "standar.csv")
    errors = [str(d) for d in info.value.diagnostics]
    expected = [("standar.csv:3:", "Jabatan Tidak Ada tidak ada"), ("standar.csv:4:", "tidak-dikenal"),
                ("standar.csv:5:", "harus 1 sampai 5"), ("standar.csv:6:", "sudah ada di baris 2"),
                ("standar.csv:7:", "tidak ada"), ("standar.csv:8:", "punya 2 kolom")]
    for prefix, words in expected:
        assert any(e.startswith(prefix) and words in e for e in errors), (prefix, words, errors)
    assert len(errors) == len(expected), errors
    assert _count(db) == 0


@pytest.mark.parametrize(("data", "words"), [
    (b"", "berkas kosong"),
    (b"jabatan,kompetensi,level\n", "kolom harus tepat"),
    (b"position,competency,level\n", "tidak ada baris data"),
    ("position,competency,level\nJabatan é,integritas,1\n".encode("latin-1"), "bukan UTF-8"),
])
def test_file_problems(db, positions, data: bytes, words: str) -> None:
    with pytest.raises(InputError) as info:
        import_standards(data, "s.csv")
    assert words in str(info.value)


def test_cli(runner, positions, tmp_path: Path) -> None:
    good = tmp_path / "standar.csv"
    good.write_text("position,competency,level\nAnalis Kebijakan Ahli Muda,integritas,3\n", encoding="utf-8")
    result = runner.invoke(args=["competencies", "import-standards", str(good)])
    assert result.exit_code == 0, result.output
    assert "1 standar baru" in result.output
    bad = tmp_path / "salah.csv"
    bad.write_text("position,competency,level\nTidak Ada,integritas,3\n", encoding="utf-8")
    result = runner.invoke(args=["competencies", "import-standards", str(bad)])
    assert result.exit_code == 1 and f"{bad}:2:" in result.output


def test_service_sets_changes_and_removes(db, positions) -> None:
    pranata, _analis = positions
    assert set_position_standards(pranata, {"integritas": 2, "komunikasi": 1}) == 2
    assert set_position_standards(pranata, {"integritas": 3, "komunikasi": None, "kerja-sama": None}) == 2
    assert standards_of(pranata.id) == {"integritas": 3}
    with pytest.raises(CompetencyError):
        set_position_standards(pranata, {"integritas": 6})
    with pytest.raises(CompetencyError):
        set_position_standards(pranata, {"tidak-ada": 1})


def test_admin_page_sets_required_levels(client, db, make_user, login_as, positions) -> None:
    pranata, _analis = positions
    login_as(make_user(roles=[Role.ADMIN]))
    listing = client.get("/admin/positions/?q=pranata")
    assert listing.status_code == 200
    assert "Pranata Komputer Ahli Pertama" in listing.text and "Analis Kebijakan" not in listing.text
    url = f"/admin/positions/{pranata.id}/standards"
    page = client.get(url)
    assert page.status_code == 200 and 'name="level-integritas"' in page.text
    response = client.post(url, data={"csrf_token": csrf_from(page.text), "level-integritas": "3",
                                      "level-perekat-bangsa": "2", "level-komunikasi": ""})
    assert response.status_code == 302
    assert standards_of(pranata.id) == {"integritas": 3, "perekat-bangsa": 2}
    page = client.get(url)
    assert '<option value="3" selected>' in page.text
    bad = client.post(url, data={"csrf_token": csrf_from(page.text), "level-integritas": "9"})
    assert bad.status_code == 422 and 'aria-invalid="true"' in bad.text
    assert standards_of(pranata.id) == {"integritas": 3, "perekat-bangsa": 2}
    assert client.get("/admin/positions/999999/standards").status_code == 404
