"""``lms competencies import FILE.yml``: technical competencies, every bad entry reported with
its line, nothing imported when anything is wrong, codes stable across renames."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from lms.core.diagnostics import InputError
from lms.core.models import Competency, CompetencyGroup
from lms.core.services.competency_import import import_competencies

GOOD = """\
competencies:
  - code: tek-ti
    name: Teknologi Informasi
    group: teknis
  - code: tek-siber
    name: Keamanan Siber
    parent: tek-ti
    levels:
      1: Memahami ancaman siber yang umum.
      2: {id: Menerapkan kontrol keamanan dasar., en: Applies basic security controls.}
      3:
        id: Mengelola keamanan sistem unit kerja.
        en: Manages the unit's system security.
"""


def _errors(text: str) -> list[str]:
    with pytest.raises(InputError) as info:
        import_competencies(text.encode(), "kamus.yml")
    return [str(d) for d in info.value.diagnostics]


def _count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Competency))


def test_import_creates_then_updates_keeping_the_code(db) -> None:
    result = import_competencies(GOOD.encode(), "kamus.yml")
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    siber = db.session.get(Competency, "tek-siber")
    assert siber.group == CompetencyGroup.TEKNIS and siber.parent_code == "tek-ti"
    assert siber.levels == {"1": {"id": "Memahami ancaman siber yang umum."},
                            "2": {"id": "Menerapkan kontrol keamanan dasar.", "en": "Applies basic security controls."},
                            "3": {"id": "Mengelola keamanan sistem unit kerja.", "en": "Manages the unit's system security."}}
    again = import_competencies(GOOD.encode(), "kamus.yml")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    renamed = import_competencies(b"- code: tek-siber\n  name: Keamanan Informasi\n", "ganti.yml")
    assert (renamed.created, renamed.updated) == (0, 1)
    db.session.expire_all()
    siber = db.session.get(Competency, "tek-siber")
    # the code, its parent and its levels stay: keys not written are left as they were
    assert siber.name == "Keamanan Informasi" and siber.parent_code == "tek-ti" and "3" in siber.levels


def test_a_top_level_list_and_a_parent_later_in_the_file(db) -> None:
    text = "- code: anak\n  name: Anak\n  parent: induk\n- code: induk\n  name: Induk\n  group: manajerial\n"
    assert import_competencies(text.encode(), "k.yml").created == 2
    assert db.session.get(Competency, "anak").parent_code == "induk"
    assert db.session.get(Competency, "induk").group == CompetencyGroup.MANAJERIAL


def test_every_bad_entry_is_reported_with_its_line_and_nothing_is_imported(db) -> None:
    before = _count(db)
    text = """\
competencies:
  - code: tek-baik
    name: Baik
  - code: "kode salah"
    name: Salah
  - code: tek-tanpa-nama
  - code: tek-grup
    name: Grup
    group: teknik
  - code: tek-level
    name: Level
    levels:
      0: Nol
      2: {id: Dua, fr: Deux}
      3: ""
  - code: tek-baik
    name: Dobel
  - code: integritas
    name: Integritas Lokal
  - code: tek-anak
    name: Anak
    parent: tidak-ada
  - code: tek-x
    name: X
    warna: merah
  - just a string
"""
    errors = _errors(text)
    assert _count(db) == before
    expected = [
        ("kamus.yml:4:", "kode hanya huruf"),
        ("kamus.yml:6:", "name wajib"),
        ("kamus.yml:9:", "group harus"),
        ("kamus.yml:13:", "level harus 1 sampai 5"),
        ("kamus.yml:14:", "uraian level berisi id"),
        ("kamus.yml:15:", "uraian level harus berupa teks"),
        ("kamus.yml:16:", "sudah ada di baris 2"),
        ("kamus.yml:18:", "kompetensi nasional"),
        ("kamus.yml:22:", "parent tidak-ada tidak ada"),
        ("kamus.yml:25:", "kunci tidak dikenal: warna"),
        ("kamus.yml:26:", "setiap kompetensi berupa pemetaan"),
    ]
    for prefix, words in expected:
        assert any(e.startswith(prefix) and words in e for e in errors), (prefix, words, errors)
    assert len(errors) == len(expected), errors


def test_parent_loops_are_refused(db) -> None:
    text = "- code: a\n  name: A\n  parent: b\n- code: b\n  name: B\n  parent: a\n"
    errors = _errors(text)
    assert any(e.startswith("kamus.yml:3:") and "berputar" in e for e in errors), errors


@pytest.mark.parametrize(("text", "line", "words"), [
    ("competencies:\n  - code: a\n    name: [tidak ditutup\n", 4, "YAML tidak valid"),
    ("- code: a\n  name: A\n  name: B\n", 3, "disebut dua kali"),
    ("competencies: []\n", 1, "tidak kosong"),
    ("lain: 1\ncompetencies:\n  - code: a\n    name: A\n", 1, "kunci tidak dikenal: lain"),
])
def test_file_level_problems_have_lines(db, text: str, line: int, words: str) -> None:
    errors = _errors(text)
    assert any(e.startswith(f"kamus.yml:{line}:") and words in e for e in errors), errors


def test_not_utf8_is_refused(db) -> None:
    with pytest.raises(InputError) as info:
        import_competencies("- code: a\n  name: Kompeténsi\n".encode("latin-1"), "k.yml")
    assert "UTF-8" in str(info.value)


def test_cli_imports_and_fails_with_every_error(runner, tmp_path: Path) -> None:
    good = tmp_path / "kamus.yml"
    good.write_text(GOOD, encoding="utf-8")
    result = runner.invoke(args=["competencies", "import", str(good)])
    assert result.exit_code == 0, result.output
    assert "2 kompetensi baru" in result.output
    bad = tmp_path / "salah.yml"
    bad.write_text("- code: a b\n  name: A\n- code: c\n", encoding="utf-8")
    result = runner.invoke(args=["competencies", "import", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:1:" in result.output and f"{bad}:3:" in result.output
    assert "tidak ada yang diimpor" in result.output
